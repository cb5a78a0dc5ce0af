"""Construction permits and land registration."""

from __future__ import annotations

from congso.procedures.demo_data.base import (
    HUYEN,
    SO_XAY_DUNG,
    ProcedureSpec,
    area,
    case,
    cccd,
    choice,
    d,
    fee,
    form,
    form_template,
    number,
    paper,
    phone,
    text,
)

XAY_DUNG = (
    "Luật Xây dựng 2014 (sửa đổi, bổ sung bởi Luật số 62/2020/QH14); Nghị định 15/2021/NĐ-CP "
    "quy định chi tiết một số nội dung về quản lý dự án đầu tư xây dựng"
)
DAT_DAI = "Luật Đất đai 2024; Nghị định 101/2024/NĐ-CP; Nghị định 102/2024/NĐ-CP"
MOI, DIEU_CHINH, GIA_HAN, CAP_LAI = (
    "Cấp mới",
    "Điều chỉnh giấy phép xây dựng",
    "Gia hạn giấy phép xây dựng",
    "Cấp lại giấy phép xây dựng (bị rách, nát hoặc bị mất)",
)
GPXD_FORM = form_template(
    "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG",
    "Tên chủ đầu tư (chủ hộ); người đại diện; địa chỉ liên hệ; số điện thoại",
    "Địa điểm xây dựng: lô đất số, diện tích, tại số nhà, đường, phường (xã)",
    "Loại công trình; cấp công trình",
    "Diện tích xây dựng tầng 1; tổng diện tích sàn; chiều cao công trình; số tầng",
    "Đơn vị hoặc người chủ nhiệm thiết kế",
    "Dự kiến thời gian hoàn thành công trình",
    to="Ủy ban nhân dân huyện (thành phố) ..........",
)
GPXD_CASES = (case(MOI), case(DIEU_CHINH), case(GIA_HAN, 5), case(CAP_LAI, 5))
LAND_FORM = form_template(
    "ĐƠN ĐĂNG KÝ BIẾN ĐỘNG ĐẤT ĐAI, TÀI SẢN GẮN LIỀN VỚI ĐẤT",
    "Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất",
    "Giấy chứng nhận đã cấp: số vào sổ cấp giấy, số phát hành, ngày cấp",
    "Thửa đất số; tờ bản đồ số; địa chỉ thửa đất",
    "Nội dung biến động và lý do biến động",
    "Giấy tờ liên quan đến nội dung biến động nộp kèm theo",
    to="Chi nhánh Văn phòng đăng ký đất đai huyện (thành phố) ..........",
)

PROCEDURES = [
    ProcedureSpec(
        code="1.009994", name="Cấp giấy phép xây dựng nhà ở riêng lẻ", field="XD",
        level="district", agencies=HUYEN, days=d(15), applicant="citizen", online="partial",
        todo="Phòng Quản lý đô thị (Phòng Kinh tế và Hạ tầng) thẩm định hồ sơ, kiểm tra thực địa, "
        "đối chiếu với quy hoạch và trình Chủ tịch Ủy ban nhân dân cấp huyện cấp giấy phép.",
        check="Kiểm tra thực địa, đối chiếu quy hoạch",
        requirements="Phù hợp với mục đích sử dụng đất theo quy hoạch; bảo đảm an toàn cho công "
        "trình và công trình lân cận; thiết kế đáp ứng quy chuẩn kỹ thuật.",
        result="Giấy phép xây dựng kèm bản vẽ thiết kế có đóng dấu thẩm định.",
        legal=XAY_DUNG + "; Thông tư 85/2019/TT-BTC",
        fee_note="Lệ phí theo Nghị quyết của Hội đồng nhân dân tỉnh; gia hạn, cấp lại cùng mức.",
        cases=GPXD_CASES,
        papers=(
            paper("Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01 Phụ lục II Nghị định "
                  "15/2021/NĐ-CP)", template=GPXD_FORM, case=MOI),
            paper("Bản sao giấy tờ chứng minh quyền sử dụng đất", 0, 1, case=MOI),
            paper("Bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng, móng)", 2, case=MOI),
            paper("Bản cam kết bảo đảm an toàn cho công trình liền kề", optional=True, case=MOI,
                  note="Khi công trình xây chen có tầng hầm"),
            paper("Đơn đề nghị điều chỉnh giấy phép xây dựng", case=DIEU_CHINH),
            paper("Bản vẽ thiết kế điều chỉnh", 2, case=DIEU_CHINH),
            paper("Đơn đề nghị gia hạn giấy phép xây dựng", case=GIA_HAN),
            paper("Bản chính giấy phép xây dựng đã được cấp", case=GIA_HAN),
            paper("Đơn đề nghị cấp lại giấy phép xây dựng, nêu rõ lý do", case=CAP_LAI),
            paper("Bản chính giấy phép đã cấp (trường hợp bị rách, nát)", optional=True,
                  case=CAP_LAI),
        ),
        fees=(fee("Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ", 75_000, case=MOI),
              fee("Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ", 75_000, case=DIEU_CHINH),
              fee("Lệ phí gia hạn giấy phép xây dựng", 15_000, case=GIA_HAN),
              fee("Lệ phí cấp lại giấy phép xây dựng", 15_000, case=CAP_LAI)),
        form=form(
            text("dia_diem", "Địa điểm xây dựng", description="Số thửa, tờ bản đồ, thôn (tổ dân "
                 "phố), xã (phường)"),
            number("dien_tich_dat", "Diện tích lô đất (m²)", minimum=1, kind="number"),
            number("dien_tich_san", "Tổng diện tích sàn xây dựng (m²)", minimum=1, kind="number"),
            number("so_tang", "Số tầng", minimum=1, maximum=10),
            number("chieu_cao", "Chiều cao công trình (m)", minimum=1, maximum=60, kind="number"),
            text("so_giay_phep_cu", "Số giấy phép đã cấp (khi điều chỉnh, gia hạn, cấp lại)",
                 required=False, max_length=50),
            phone(),
        ),
    ),
    ProcedureSpec(
        code="1.009972", name="Cấp giấy phép xây dựng mới đối với công trình cấp II, cấp III",
        field="XD", level="department", agencies=(SO_XAY_DUNG,), days=d(20),
        applicant="business", online="partial",
        todo="Phòng Quản lý xây dựng thẩm định hồ sơ, kiểm tra thực địa, lấy ý kiến các cơ quan "
        "quản lý nhà nước có liên quan khi cần và trình Giám đốc Sở cấp giấy phép.",
        check="Kiểm tra thực địa, lấy ý kiến cơ quan liên quan",
        requirements="Công trình phù hợp quy hoạch xây dựng; thiết kế đã được thẩm định theo quy "
        "định; có phương án bảo đảm an toàn, phòng cháy chữa cháy, bảo vệ môi trường.",
        result="Giấy phép xây dựng.", legal=XAY_DUNG,
        papers=(
            paper("Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01 Phụ lục II Nghị định "
                  "15/2021/NĐ-CP)"),
            paper("Bản sao giấy tờ về quyền sử dụng đất", 0, 1),
            paper("Quyết định phê duyệt dự án và văn bản thông báo kết quả thẩm định thiết kế", 0,
                  1),
            paper("Bộ bản vẽ thiết kế xây dựng", 2),
        ),
        fees=(fee("Lệ phí cấp giấy phép xây dựng công trình", 150_000),),
        form=form(
            text("ten_cong_trinh", "Tên công trình", max_length=255),
            text("dia_diem", "Địa điểm xây dựng"),
            choice("cap_cong_trinh", "Cấp công trình", "Cấp II", "Cấp III"),
            number("tong_dien_tich_san", "Tổng diện tích sàn (m²)", minimum=1, kind="number"),
            text("don_vi_thiet_ke", "Đơn vị thiết kế", max_length=255),
            phone(),
        ),
    ),
    ProcedureSpec(
        code="1.009948", name="Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III",
        field="XD", level="department", agencies=(SO_XAY_DUNG,), days=d(20),
        applicant="citizen",
        todo="Sở Xây dựng kiểm tra hồ sơ, tổ chức sát hạch (hoặc xét miễn sát hạch), Hội đồng xét "
        "cấp chứng chỉ đánh giá và Giám đốc Sở ký cấp chứng chỉ.",
        check="Tổ chức sát hạch, Hội đồng xét cấp chứng chỉ đánh giá",
        requirements="Có trình độ chuyên môn và kinh nghiệm phù hợp với lĩnh vực, hạng đề nghị "
        "cấp; đạt yêu cầu sát hạch.",
        result="Chứng chỉ hành nghề hoạt động xây dựng (bản điện tử có mã QR).",
        legal=XAY_DUNG + "; Thông tư 38/2022/TT-BTC",
        papers=(paper("Đơn đề nghị cấp chứng chỉ hành nghề kèm ảnh màu 4x6 cm"),
                paper("Văn bằng do cơ sở đào tạo hợp pháp cấp", 0, 1),
                paper("Bản khai kinh nghiệm công việc chuyên môn")),
        fees=(fee("Lệ phí cấp chứng chỉ hành nghề hoạt động xây dựng", 150_000, "đồng/chứng chỉ"),
              fee("Phí sát hạch cấp chứng chỉ hành nghề", 300_000, "khi phải sát hạch")),
        form=form(
            cccd(),
            choice("linh_vuc", "Lĩnh vực đề nghị cấp", "Khảo sát xây dựng", "Thiết kế xây dựng",
                   "Giám sát thi công xây dựng", "Định giá xây dựng", "Quản lý dự án"),
            choice("hang", "Hạng đề nghị cấp", "Hạng II", "Hạng III"),
            text("trinh_do", "Trình độ chuyên môn, chuyên ngành đào tạo"),
            number("so_nam_kinh_nghiem", "Số năm kinh nghiệm", minimum=0, maximum=50),
        ),
    ),
    ProcedureSpec(
        code="1.012793", name="Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài "
        "sản gắn liền với đất lần đầu", field="DD", level="district", agencies=HUYEN,
        days=d(20), applicant="citizen", online="partial",
        note="Không tính thời gian xác định nghĩa vụ tài chính và thời gian niêm yết công khai",
        todo="Chi nhánh Văn phòng đăng ký đất đai kiểm tra hồ sơ, đo đạc, lấy ý kiến Ủy ban nhân "
        "dân cấp xã về nguồn gốc, hiện trạng sử dụng đất; Phòng Tài nguyên và Môi trường trình "
        "cấp Giấy chứng nhận.",
        check="Xác minh nguồn gốc, hiện trạng sử dụng đất; niêm yết công khai",
        result="Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất.",
        legal=DAT_DAI,
        fee_note="Lệ phí theo Nghị quyết của Hội đồng nhân dân tỉnh; nghĩa vụ tài chính (tiền sử "
        "dụng đất, lệ phí trước bạ) nộp theo thông báo của cơ quan thuế.",
        papers=(paper("Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 04/ĐK)"),
                paper("Giấy tờ về quyền sử dụng đất (nếu có)", 0, 1, optional=True),
                paper("Mảnh trích đo bản đồ địa chính thửa đất", optional=True)),
        fees=(fee("Lệ phí cấp Giấy chứng nhận", 100_000),
              fee("Phí thẩm định hồ sơ cấp Giấy chứng nhận", 500_000)),
        form=form(
            text("thua_dat", "Thửa đất số, tờ bản đồ số", max_length=100),
            text("dia_chi_thua_dat", "Địa chỉ thửa đất"),
            number("dien_tich", "Diện tích (m²)", minimum=1, kind="number"),
            choice("muc_dich", "Mục đích sử dụng", "Đất ở", "Đất trồng cây lâu năm",
                   "Đất nông nghiệp khác", "Đất thương mại, dịch vụ"),
            area("nguon_goc", "Nguồn gốc sử dụng đất"),
            phone(),
        ),
    ),
    ProcedureSpec(
        code="1.012796", name="Đăng ký biến động quyền sử dụng đất do chuyển nhượng, tặng cho, "
        "thừa kế", field="DD", level="district", agencies=HUYEN, days=d(10), online="partial",
        note="Không tính thời gian thực hiện nghĩa vụ tài chính",
        todo="Chi nhánh Văn phòng đăng ký đất đai kiểm tra hồ sơ, gửi thông tin xác định nghĩa vụ "
        "tài chính, chỉnh lý hồ sơ địa chính và cấp Giấy chứng nhận mới hoặc xác nhận biến động.",
        result="Giấy chứng nhận mới hoặc Giấy chứng nhận đã cấp được xác nhận nội dung biến động.",
        legal=DAT_DAI + "; Bộ luật Dân sự 2015",
        cases=(case("Chuyển nhượng"), case("Tặng cho"), case("Thừa kế")),
        papers=(
            paper("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất", template=LAND_FORM),
            paper("Bản gốc Giấy chứng nhận đã cấp"),
            paper("Hợp đồng chuyển nhượng đã công chứng hoặc chứng thực", case="Chuyển nhượng"),
            paper("Hợp đồng tặng cho đã công chứng hoặc chứng thực", case="Tặng cho"),
            paper("Văn bản khai nhận hoặc phân chia di sản thừa kế", case="Thừa kế"),
            paper("Tờ khai lệ phí trước bạ, tờ khai thuế thu nhập cá nhân", 2),
        ),
        fees=(fee("Lệ phí chỉnh lý biến động", 30_000),
              fee("Lệ phí cấp Giấy chứng nhận mới", 100_000, "khi cấp Giấy chứng nhận mới"),
              fee("Phí thẩm định hồ sơ", 500_000)),
        form=form(
            text("so_giay_chung_nhan", "Số phát hành Giấy chứng nhận đã cấp", max_length=30),
            text("thua_dat", "Thửa đất số, tờ bản đồ số", max_length=100),
            choice("loai_bien_dong", "Loại biến động", "Chuyển nhượng", "Tặng cho", "Thừa kế"),
            text("ben_nhan", "Họ, tên người nhận quyền sử dụng đất", max_length=100),
            cccd("dinh_danh_ben_nhan", "Số định danh cá nhân của người nhận"),
            choice("cap_giay_moi", "Đề nghị cấp Giấy chứng nhận mới", "Có", "Không"),
        ),
    ),
]  # fmt: skip
