"""Education, health, labour, employment, social protection and culture."""

from __future__ import annotations

from congso.procedures.demo_data.base import (
    HUYEN,
    ID_PAPER,
    SO_GDDT,
    SO_LDTBXH,
    SO_Y_TE,
    ProcedureSpec,
    area,
    case,
    cccd,
    choice,
    d,
    date,
    fee,
    form,
    number,
    paper,
    phone,
    text,
)

KARAOKE_TP, KARAOKE_HUYEN = (
    "Cơ sở kinh doanh tại thành phố Thái Bình",
    "Cơ sở kinh doanh tại các huyện",
)

PROCEDURES = [
    ProcedureSpec(
        code="1.005092", name="Chỉnh sửa nội dung văn bằng, chứng chỉ", field="GD",
        level="department", agencies=(SO_GDDT,), days=d(5), applicant="citizen",
        todo="Phòng Khảo thí và Kiểm định chất lượng giáo dục đối chiếu hồ sơ gốc, trình Giám đốc "
        "Sở quyết định chỉnh sửa và ghi nội dung chỉnh sửa vào sổ gốc.",
        requirements="Nội dung trên văn bằng bị ghi sai do lỗi của cơ quan cấp hoặc người được cấp "
        "đã được thay đổi, cải chính hộ tịch theo quy định.",
        result="Quyết định chỉnh sửa văn bằng, chứng chỉ; văn bằng đã chỉnh sửa.",
        legal="Luật Giáo dục 2019; Thông tư 21/2019/TT-BGDĐT ban hành Quy chế quản lý bằng tốt "
        "nghiệp trung học cơ sở, bằng tốt nghiệp trung học phổ thông, văn bằng giáo dục đại học "
        "và chứng chỉ của hệ thống giáo dục quốc dân", fee_note="Không thu phí.",
        papers=(paper("Đơn đề nghị chỉnh sửa văn bằng, chứng chỉ"),
                paper("Văn bằng, chứng chỉ đề nghị chỉnh sửa"),
                paper("Trích lục hoặc quyết định thay đổi, cải chính hộ tịch", 0, 1, optional=True),
                paper("Giấy khai sinh", 0, 1)),
        form=form(
            choice("loai_van_bang", "Loại văn bằng", "Bằng tốt nghiệp trung học cơ sở",
                   "Bằng tốt nghiệp trung học phổ thông", "Chứng chỉ"),
            text("so_hieu", "Số hiệu văn bằng", max_length=30),
            number("nam_tot_nghiep", "Năm tốt nghiệp", minimum=1960, maximum=2030),
            area("noi_dung_sai", "Nội dung đang ghi sai"),
            area("noi_dung_dung", "Nội dung đề nghị sửa lại"),
        ),
    ),
    ProcedureSpec(
        code="1.004616", name="Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược đối với nhà thuốc",
        field="YT", level="department", agencies=(SO_Y_TE,), days=d(20), online="partial",
        applicant="both",
        todo="Phòng Nghiệp vụ Dược thẩm định hồ sơ, tổ chức đánh giá thực tế việc đáp ứng Thực "
        "hành tốt cơ sở bán lẻ thuốc (GPP) và trình Giám đốc Sở cấp giấy chứng nhận.",
        check="Đánh giá thực tế cơ sở (GPP)",
        requirements="Người chịu trách nhiệm chuyên môn có chứng chỉ hành nghề dược; cơ sở đáp "
        "ứng Thực hành tốt cơ sở bán lẻ thuốc.",
        result="Giấy chứng nhận đủ điều kiện kinh doanh dược; giấy chứng nhận đạt GPP.",
        legal="Luật Dược 2016; Nghị định 54/2017/NĐ-CP; Nghị định 155/2018/NĐ-CP; "
        "Thông tư 277/2016/TT-BTC",
        cases=(case("Cấp lần đầu"), case("Cấp lại do bị mất, hư hỏng", 7)),
        papers=(
            paper("Đơn đề nghị cấp Giấy chứng nhận đủ điều kiện kinh doanh dược"),
            paper("Tài liệu kỹ thuật về địa điểm, trang thiết bị, nhân sự", case="Cấp lần đầu"),
            paper("Bản sao chứng chỉ hành nghề dược của người chịu trách nhiệm chuyên môn", 0, 1,
                  case="Cấp lần đầu"),
            paper("Bản sao giấy chứng nhận đăng ký doanh nghiệp hoặc hộ kinh doanh", 0, 1,
                  case="Cấp lần đầu"),
        ),
        fees=(fee("Phí thẩm định điều kiện kinh doanh thuốc", 1_000_000, case="Cấp lần đầu"),),
        form=form(
            text("ten_nha_thuoc", "Tên nhà thuốc", max_length=150),
            text("dia_chi", "Địa chỉ nhà thuốc"),
            text("nguoi_phu_trach", "Người chịu trách nhiệm chuyên môn về dược", max_length=100),
            text("so_chung_chi", "Số chứng chỉ hành nghề dược", max_length=30),
            phone(),
        ),
    ),
    ProcedureSpec(
        code="1.001618", name="Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với "
        "cơ sở sản xuất thực phẩm", field="YT", level="department", agencies=(SO_Y_TE,),
        days=d(20), online="offline", applicant="business",
        todo="Chi cục An toàn vệ sinh thực phẩm thẩm định hồ sơ, thành lập đoàn thẩm định thực tế "
        "tại cơ sở và trình cấp giấy chứng nhận.",
        check="Thẩm định thực tế tại cơ sở",
        requirements="Cơ sở bảo đảm điều kiện về cơ sở vật chất, trang thiết bị, con người theo "
        "Luật An toàn thực phẩm.",
        result="Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (hiệu lực 03 năm).",
        legal="Luật An toàn thực phẩm 2010; Nghị định 15/2018/NĐ-CP; Nghị định 155/2018/NĐ-CP",
        papers=(paper("Đơn đề nghị cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"),
                paper("Bản thuyết minh về cơ sở vật chất, trang thiết bị, dụng cụ"),
                paper("Giấy xác nhận đủ sức khỏe của chủ cơ sở và người trực tiếp sản xuất", 0, 1),
                paper("Giấy xác nhận đã được tập huấn kiến thức an toàn thực phẩm", 0, 1)),
        fees=(fee("Phí thẩm định cơ sở sản xuất thực phẩm", 3_000_000, "đồng/lần/cơ sở"),),
    ),
    ProcedureSpec(
        code="1.000105", name="Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại "
        "Việt Nam", field="LD", level="department", agencies=(SO_LDTBXH,), days=d(5),
        applicant="business", online="partial",
        todo="Phòng Lao động - Việc làm kiểm tra hồ sơ, đối chiếu văn bản chấp thuận nhu cầu sử "
        "dụng người lao động nước ngoài và trình Giám đốc Sở cấp giấy phép.",
        requirements="Người lao động nước ngoài từ đủ 18 tuổi, có năng lực hành vi dân sự đầy đủ, "
        "có trình độ chuyên môn, kinh nghiệm phù hợp và đủ sức khỏe; người sử dụng lao động đã "
        "được chấp thuận nhu cầu sử dụng người lao động nước ngoài.",
        result="Giấy phép lao động (thời hạn tối đa 02 năm).",
        legal="Bộ luật Lao động 2019; Nghị định 152/2020/NĐ-CP; Nghị định 70/2023/NĐ-CP",
        fee_note="Mức thu theo Nghị quyết của Hội đồng nhân dân tỉnh.",
        papers=(
            paper("Văn bản đề nghị cấp giấy phép lao động của người sử dụng lao động"),
            paper("Giấy chứng nhận sức khỏe (cấp trong 12 tháng)", 1),
            paper("Phiếu lý lịch tư pháp hoặc văn bản xác nhận không phải người phạm tội", 1),
            paper("Văn bằng hoặc giấy tờ chứng minh trình độ, kinh nghiệm", 0, 1,
                  note="Được hợp pháp hóa lãnh sự, dịch sang tiếng Việt"),
            paper("02 ảnh màu 4x6 cm, phông nền trắng", 2),
            paper("Bản sao hộ chiếu còn giá trị", 0, 1),
        ),
        fees=(fee("Lệ phí cấp giấy phép lao động", 600_000, "đồng/giấy phép"),),
        form=form(
            text("ten_doanh_nghiep", "Tên người sử dụng lao động", max_length=255),
            text("ho_ten_nld", "Họ và tên người lao động nước ngoài", max_length=100),
            text("quoc_tich", "Quốc tịch", max_length=60),
            text("ho_chieu", "Số hộ chiếu", max_length=30),
            choice("vi_tri", "Vị trí công việc", "Nhà quản lý", "Giám đốc điều hành", "Chuyên gia",
                   "Lao động kỹ thuật"),
            date("tu_ngay", "Làm việc từ ngày"),
            date("den_ngay", "Đến ngày"),
        ),
    ),
    ProcedureSpec(
        code="1.000401", name="Giải quyết hưởng trợ cấp thất nghiệp", field="VL",
        level="department", agencies=(SO_LDTBXH,), days=d(20), applicant="citizen",
        online="partial",
        todo="Trung tâm Dịch vụ việc làm tiếp nhận, xác định thời gian đóng bảo hiểm thất nghiệp "
        "và trình Giám đốc Sở quyết định hưởng trợ cấp thất nghiệp.",
        check="Xác nhận thời gian đóng bảo hiểm thất nghiệp với cơ quan bảo hiểm xã hội",
        requirements="Đã chấm dứt hợp đồng lao động; đã đóng bảo hiểm thất nghiệp từ đủ 12 tháng "
        "trong 24 tháng trước đó; nộp hồ sơ trong 03 tháng kể từ ngày chấm dứt hợp đồng.",
        result="Quyết định về việc hưởng trợ cấp thất nghiệp.",
        legal="Luật Việc làm 2013; Nghị định 28/2015/NĐ-CP; Nghị định 61/2020/NĐ-CP",
        fee_note="Không thu phí.",
        papers=(paper("Đề nghị hưởng trợ cấp thất nghiệp"),
                paper("Quyết định thôi việc hoặc giấy tờ xác nhận chấm dứt hợp đồng lao động",
                      0, 1),
                paper("Sổ bảo hiểm xã hội", note="Có thể thay bằng dữ liệu tra cứu điện tử")),
        form=form(
            cccd(),
            text("so_bhxh", "Mã số bảo hiểm xã hội", max_length=10),
            text("don_vi_cu", "Đơn vị làm việc trước khi thất nghiệp", max_length=255),
            date("ngay_nghi_viec", "Ngày chấm dứt hợp đồng lao động"),
            choice("nhan_tien", "Hình thức nhận trợ cấp", "Qua tài khoản ngân hàng",
                   "Tiền mặt tại bưu điện"),
            text("so_tai_khoan", "Số tài khoản, tên ngân hàng", required=False),
        ),
    ),
    ProcedureSpec(
        code="1.001776", name="Thực hiện trợ cấp xã hội hằng tháng đối với đối tượng bảo trợ xã "
        "hội", field="BTXH", level="district", agencies=HUYEN, days=d(22), applicant="citizen",
        online="partial",
        note="Gồm 15 ngày xét duyệt và niêm yết tại cấp xã, 07 ngày thẩm định tại cấp huyện",
        todo="Hội đồng xét duyệt cấp xã họp, niêm yết công khai; Phòng Lao động - Thương binh và "
        "Xã hội thẩm định và trình Chủ tịch Ủy ban nhân dân cấp huyện quyết định trợ cấp.",
        check="Xét duyệt, niêm yết công khai tại Ủy ban nhân dân cấp xã",
        result="Quyết định trợ cấp xã hội hằng tháng.",
        legal="Luật Người cao tuổi 2009; Luật Người khuyết tật 2010; Nghị định 20/2021/NĐ-CP",
        fee_note="Không thu phí.",
        papers=(paper("Tờ khai đề nghị trợ giúp xã hội (theo mẫu Nghị định 20/2021/NĐ-CP)"),
                paper("Giấy xác nhận khuyết tật", 0, 1, optional=True,
                      note="Với người khuyết tật"),
                ID_PAPER),
        form=form(
            text("ho_ten_doi_tuong", "Họ, tên người đề nghị trợ cấp", max_length=100),
            date("ngay_sinh", "Ngày sinh"),
            choice("doi_tuong", "Đối tượng", "Người cao tuổi", "Người khuyết tật",
                   "Trẻ em không có nguồn nuôi dưỡng", "Người đơn thân nghèo nuôi con"),
            text("noi_cu_tru", "Nơi cư trú"),
            area("hoan_canh", "Hoàn cảnh gia đình", required=False),
        ),
    ),
    ProcedureSpec(
        code="1.001029", name="Cấp giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
        field="VH", level="district", agencies=HUYEN, days=d(5), online="partial",
        todo="Phòng Văn hóa và Thông tin thẩm định hồ sơ, kiểm tra thực tế phòng hát và trình Chủ "
        "tịch Ủy ban nhân dân cấp huyện cấp giấy phép.",
        check="Kiểm tra thực tế phòng hát",
        requirements="Là doanh nghiệp hoặc hộ kinh doanh đã đăng ký; bảo đảm điều kiện phòng cháy "
        "chữa cháy; phòng hát có diện tích sử dụng từ 20 m² trở lên.",
        result="Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke.",
        legal="Nghị định 54/2019/NĐ-CP; Thông tư 01/2021/TT-BTC",
        cases=(case(KARAOKE_TP), case(KARAOKE_HUYEN)),
        papers=(paper("Đơn đề nghị cấp giấy phép đủ điều kiện kinh doanh dịch vụ karaoke"),
                paper("Bản sao giấy chứng nhận đủ điều kiện về an ninh, trật tự", 0, 1)),
        fees=(fee("Phí thẩm định cấp giấy phép (từ 01 đến 03 phòng)", 4_000_000, case=KARAOKE_TP),
              fee("Phí thẩm định cấp giấy phép (từ 01 đến 03 phòng)", 2_000_000,
                  case=KARAOKE_HUYEN),
              fee("Phí thẩm định cho mỗi phòng từ phòng thứ tư", 1_000_000, "đồng/phòng",
                  case=KARAOKE_TP),
              fee("Phí thẩm định cho mỗi phòng từ phòng thứ tư", 500_000, "đồng/phòng",
                  case=KARAOKE_HUYEN)),
        form=form(
            text("ten_co_so", "Tên cơ sở kinh doanh", max_length=150),
            text("dia_chi", "Địa chỉ kinh doanh"),
            number("so_phong", "Số phòng hát", minimum=1, maximum=100),
            number("dien_tich_nho_nhat", "Diện tích phòng hát nhỏ nhất (m²)", minimum=20,
                   kind="number"),
            phone(),
        ),
    ),
]  # fmt: skip
