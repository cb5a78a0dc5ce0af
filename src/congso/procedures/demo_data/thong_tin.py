"""Licences of the Department of Information and Communications, and game rooms at the districts."""

from __future__ import annotations

from congso.procedures.demo_data.base import (
    HUYEN,
    SO_TTTT,
    ProcedureSpec,
    area,
    case,
    choice,
    d,
    date,
    email,
    fee,
    form,
    form_template,
    number,
    paper,
    phone,
    text,
)

XUAT_BAN = "Luật Xuất bản 2012; Nghị định 195/2013/NĐ-CP; Thông tư 01/2020/TT-BTTTT"
IN = (
    "Nghị định 60/2014/NĐ-CP quy định về hoạt động in; Nghị định 25/2018/NĐ-CP; "
    "Nghị định 72/2022/NĐ-CP; Thông tư 03/2015/TT-BTTTT"
)
INTERNET = (
    "Nghị định 72/2013/NĐ-CP về quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên "
    "mạng; Nghị định 27/2018/NĐ-CP; Nghị định 147/2024/NĐ-CP (thay thế hai nghị định trên)"
)
TO_SO = "Sở Thông tin và Truyền thông tỉnh Thái Bình"
DON_VI = text("ten_to_chuc", "Tên cơ quan, tổ chức đề nghị", max_length=255)
GPIN_MOI, GPIN_LAI = "Cấp giấy phép lần đầu", "Cấp lại do bị mất hoặc hư hỏng"
GAME_MOI, GAME_SUA, GAME_HAN = "Cấp mới", "Sửa đổi, bổ sung giấy phép", "Gia hạn giấy phép"

PROCEDURES = [
    ProcedureSpec(
        code="1.004467", name="Cấp giấy phép xuất bản bản tin", field="BC", level="department",
        agencies=(SO_TTTT,), days=d(10), applicant="business",
        todo="Phòng Thông tin - Báo chí - Xuất bản thẩm định tôn chỉ, mục đích, đối tượng phục vụ, "
        "mẫu trình bày và trình Giám đốc Sở cấp giấy phép.",
        requirements="Có tôn chỉ, mục đích phù hợp chức năng, nhiệm vụ của cơ quan, tổ chức; có "
        "người chịu trách nhiệm xuất bản bản tin; có địa điểm, điều kiện tài chính, kỹ thuật.",
        result="Giấy phép xuất bản bản tin.",
        legal="Luật Báo chí 2016; Thông tư 48/2016/TT-BTTTT",
        fee_note="Không thu phí, lệ phí.",
        papers=(
            paper("Tờ khai đề nghị cấp giấy phép xuất bản bản tin", template=form_template(
                "TỜ KHAI ĐỀ NGHỊ CẤP GIẤY PHÉP XUẤT BẢN BẢN TIN", "Tên cơ quan, tổ chức đề nghị",
                "Tên bản tin; tôn chỉ, mục đích; đối tượng phục vụ", "Ngôn ngữ thể hiện; khuôn "
                "khổ; số trang; kỳ hạn xuất bản", "Số lượng in mỗi kỳ; nơi in; phương thức phát "
                "hành", "Người chịu trách nhiệm xuất bản bản tin", to=TO_SO)),
            paper("Bản sao quyết định thành lập hoặc giấy chứng nhận đăng ký của tổ chức", 0, 1),
            paper("Mẫu trình bày tên gọi và trang bìa của bản tin", 1),
        ),
        form=form(
            DON_VI,
            text("ten_ban_tin", "Tên bản tin", max_length=150),
            area("ton_chi", "Tôn chỉ, mục đích"),
            choice("ky_han", "Kỳ hạn xuất bản", "Hằng tháng", "Hằng quý", "Nửa năm một kỳ"),
            number("so_trang", "Số trang mỗi kỳ", minimum=4, maximum=200),
            number("so_luong", "Số lượng in mỗi kỳ (bản)", minimum=1, maximum=100_000),
            text("nguoi_chiu_trach_nhiem", "Người chịu trách nhiệm xuất bản", max_length=100),
        ),
    ),
    ProcedureSpec(
        code="1.004474", name="Văn bản chấp thuận thay đổi nội dung ghi trong giấy phép xuất bản "
        "bản tin", field="BC", level="department", agencies=(SO_TTTT,), days=d(7),
        applicant="business",
        todo="Phòng Thông tin - Báo chí - Xuất bản xem xét nội dung đề nghị thay đổi và trình Giám "
        "đốc Sở ký văn bản chấp thuận.",
        result="Văn bản chấp thuận thay đổi nội dung giấy phép.",
        legal="Luật Báo chí 2016; Thông tư 48/2016/TT-BTTTT", fee_note="Không thu phí, lệ phí.",
        papers=(paper("Văn bản đề nghị nêu rõ nội dung và lý do thay đổi"),
                paper("Bản sao giấy phép xuất bản bản tin đã cấp", 0, 1)),
        form=form(
            DON_VI,
            text("so_giay_phep", "Số giấy phép xuất bản bản tin", max_length=30),
            choice("noi_dung", "Nội dung thay đổi", "Tên bản tin", "Kỳ hạn, khuôn khổ, số trang",
                   "Nơi in", "Người chịu trách nhiệm"),
            area("ly_do", "Nội dung và lý do thay đổi"),
        ),
    ),
    ProcedureSpec(
        code="1.004520", name="Cấp giấy phép xuất bản tài liệu không kinh doanh", field="XB",
        level="department", agencies=(SO_TTTT,), days=d(10), applicant="business",
        todo="Phòng Thông tin - Báo chí - Xuất bản đọc, thẩm định nội dung tài liệu và trình Giám "
        "đốc Sở cấp giấy phép; không cấp phép thì trả lời bằng văn bản, nêu rõ lý do.",
        check="Đọc, thẩm định nội dung tài liệu",
        requirements="Nội dung tài liệu không vi phạm Điều 10 Luật Xuất bản; tài liệu không được "
        "bán, cho thuê.",
        result="Giấy phép xuất bản tài liệu không kinh doanh; bản thảo có đóng dấu của Sở.",
        legal=XUAT_BAN, fee_note="Phí thẩm định nội dung tính theo số trang quy chuẩn.",
        cases=(case("Tài liệu in"), case("Tài liệu điện tử")),
        papers=(
            paper("Đơn đề nghị cấp giấy phép xuất bản tài liệu không kinh doanh",
                  template=form_template(
                      "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XUẤT BẢN TÀI LIỆU KHÔNG KINH DOANH",
                      "Tên cơ quan, tổ chức đề nghị; địa chỉ; điện thoại",
                      "Tên tài liệu; tác giả hoặc người biên soạn", "Số trang; khuôn khổ; số "
                      "lượng in", "Tên, địa chỉ cơ sở in", "Mục đích xuất bản; phạm vi phát hành",
                      to=TO_SO)),
            paper("Bản thảo tài liệu in", 2, case="Tài liệu in"),
            paper("Tệp điện tử của tài liệu (định dạng PDF)", case="Tài liệu điện tử"),
        ),
        fees=(fee("Phí thẩm định nội dung tài liệu", 15_000, "đồng/trang quy chuẩn"),),
        form=form(
            DON_VI,
            text("ten_tai_lieu", "Tên tài liệu", max_length=255),
            text("tac_gia", "Tác giả hoặc người biên soạn", max_length=200),
            number("so_trang", "Số trang", minimum=1, maximum=2000),
            number("so_luong", "Số lượng bản in", minimum=1, maximum=100_000, required=False),
            text("co_so_in", "Cơ sở in", required=False, max_length=255),
            area("muc_dich", "Mục đích xuất bản, phạm vi phát hành"),
        ),
    ),
    ProcedureSpec(
        code="1.004589", name="Cấp giấy phép hoạt động in", field="XB", level="department",
        agencies=(SO_TTTT,), days=d(7), applicant="business", online="partial",
        todo="Phòng Thông tin - Báo chí - Xuất bản thẩm định hồ sơ, kiểm tra thực tế điều kiện "
        "hoạt động của cơ sở in và trình Giám đốc Sở cấp giấy phép.",
        check="Kiểm tra thực tế cơ sở in",
        requirements="Có thiết bị in phù hợp; mặt bằng sản xuất hợp pháp, bảo đảm an ninh trật "
        "tự, phòng cháy chữa cháy và môi trường; người đứng đầu có trình độ theo quy định.",
        result="Giấy phép hoạt động in.", legal=IN, fee_note="Không thu phí, lệ phí.",
        cases=(case(GPIN_MOI), case(GPIN_LAI, 3)),
        papers=(
            paper("Đơn đề nghị cấp giấy phép hoạt động in", template=form_template(
                "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP HOẠT ĐỘNG IN", "Tên cơ sở in; địa chỉ trụ sở; điện "
                "thoại", "Địa chỉ xưởng sản xuất", "Nội dung hoạt động in đề nghị cấp phép",
                "Danh mục thiết bị in chính", "Họ tên, trình độ của người đứng đầu cơ sở in",
                to=TO_SO)),
            paper("Bản sao giấy tờ chứng minh mặt bằng sản xuất hợp pháp", 0, 1, case=GPIN_MOI),
            paper("Bản sao giấy tờ chứng minh sở hữu hợp pháp thiết bị in", 0, 1, case=GPIN_MOI),
            paper("Sơ yếu lý lịch của người đứng đầu cơ sở in", case=GPIN_MOI),
            paper("Giấy phép đã cấp (khi bị hư hỏng)", optional=True, case=GPIN_LAI),
        ),
        form=form(
            DON_VI,
            text("dia_chi_xuong", "Địa chỉ xưởng sản xuất"),
            area("noi_dung_in", "Nội dung hoạt động in", description="Ví dụ: in báo, tạp chí, "
                 "tem chống giả, sản phẩm bao bì"),
            area("thiet_bi", "Thiết bị in chính"),
            text("nguoi_dung_dau", "Người đứng đầu cơ sở in", max_length=100),
            phone(),
        ),
    ),
    ProcedureSpec(
        code="1.004602", name="Đăng ký hoạt động cơ sở in", field="XB", level="department",
        agencies=(SO_TTTT,), days=d(5), applicant="business",
        todo="Phòng Thông tin - Báo chí - Xuất bản kiểm tra tờ khai, vào sổ đăng ký và cấp giấy "
        "xác nhận đăng ký hoạt động cơ sở in.",
        result="Giấy xác nhận đăng ký hoạt động cơ sở in.", legal=IN,
        fee_note="Không thu phí, lệ phí.",
        papers=(paper("Tờ khai đăng ký hoạt động cơ sở in"),
                paper("Bản sao giấy tờ chứng minh việc thành lập cơ sở in", 0, 1)),
        form=form(
            DON_VI,
            text("dia_chi_xuong", "Địa chỉ cơ sở in"),
            area("san_pham", "Sản phẩm in (không thuộc diện cấp giấy phép)"),
            number("so_thiet_bi", "Số thiết bị in", minimum=1, maximum=500),
            phone(),
        ),
    ),
    ProcedureSpec(
        code="1.004611", name="Cấp giấy xác nhận đăng ký hoạt động phát hành xuất bản phẩm",
        field="XB", level="department", agencies=(SO_TTTT,), days=d(10), applicant="business",
        todo="Phòng Thông tin - Báo chí - Xuất bản kiểm tra điều kiện hoạt động phát hành và trình "
        "Giám đốc Sở cấp giấy xác nhận.",
        result="Giấy xác nhận đăng ký hoạt động phát hành xuất bản phẩm.", legal=XUAT_BAN,
        fee_note="Không thu phí, lệ phí.",
        papers=(paper("Đơn đề nghị xác nhận đăng ký hoạt động phát hành xuất bản phẩm"),
                paper("Bản sao giấy chứng nhận đăng ký doanh nghiệp hoặc hộ kinh doanh", 0, 1)),
        form=form(
            DON_VI,
            text("dia_diem", "Địa điểm kinh doanh phát hành"),
            text("nguoi_dung_dau", "Người đứng đầu cơ sở phát hành", max_length=100),
            email(required=True),
        ),
    ),
    ProcedureSpec(
        code="1.004640", name="Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp",
        field="PTTH", level="department", agencies=(SO_TTTT,), days=d(10),
        applicant="business",
        todo="Phòng Bưu chính, Viễn thông và Công nghệ thông tin thẩm định hồ sơ, kiểm tra trang "
        "thông tin trên môi trường mạng và trình Giám đốc Sở cấp giấy phép.",
        check="Kiểm tra trang thông tin trên môi trường mạng",
        requirements="Tổ chức, doanh nghiệp được thành lập theo pháp luật Việt Nam; có tên miền "
        "\".vn\" đang sử dụng hợp pháp; có nhân sự quản lý nội dung và biện pháp bảo đảm an toàn "
        "thông tin.", result="Giấy phép thiết lập trang thông tin điện tử tổng hợp.",
        legal=INTERNET, fee_note="Không thu phí, lệ phí.",
        papers=(
            paper("Đơn đề nghị cấp giấy phép thiết lập trang thông tin điện tử tổng hợp",
                  template=form_template(
                      "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP THIẾT LẬP TRANG THÔNG TIN ĐIỆN TỬ TỔNG HỢP",
                      "Tên tổ chức, doanh nghiệp; địa chỉ trụ sở; điện thoại", "Tên miền; địa "
                      "chỉ IP và nơi đặt máy chủ", "Mục đích cung cấp thông tin; nội dung, các "
                      "chuyên mục dự kiến", "Nguồn tin khai thác hợp pháp", "Người chịu trách "
                      "nhiệm quản lý nội dung", to=TO_SO)),
            paper("Bản sao quyết định thành lập hoặc giấy chứng nhận đăng ký doanh nghiệp", 0, 1),
            paper("Đề án hoạt động", note="Nêu rõ nhân sự, quy trình quản lý thông tin"),
            paper("Văn bản chấp thuận của các nguồn tin", 0, 1),
        ),
        form=form(
            DON_VI,
            text("ten_mien", "Tên miền", max_length=100, description="Ví dụ: tintuc.example.vn"),
            text("may_chu", "Nơi đặt máy chủ tại Việt Nam"),
            area("chuyen_muc", "Các chuyên mục dự kiến"),
            area("nguon_tin", "Nguồn tin khai thác"),
            text("nguoi_chiu_trach_nhiem", "Người chịu trách nhiệm quản lý nội dung",
                 max_length=100),
            email(required=True),
        ),
    ),
    ProcedureSpec(
        code="1.004651", name="Cấp giấy phép hoạt động kinh doanh dịch vụ trò chơi điện tử "
        "công cộng", field="PTTH", level="district", agencies=HUYEN, days=d(5),
        applicant="both", online="partial",
        todo="Phòng Văn hóa và Thông tin thẩm định hồ sơ, kiểm tra thực tế điểm cung cấp dịch vụ "
        "và trình Chủ tịch Ủy ban nhân dân cấp huyện cấp giấy phép.",
        check="Kiểm tra thực tế điểm cung cấp dịch vụ",
        requirements="Có đăng ký kinh doanh dịch vụ trò chơi điện tử công cộng; cách cổng trường "
        "tiểu học, trung học từ 200 m trở lên; tổng diện tích các phòng máy từ 50 m² trở lên; bảo "
        "đảm phòng cháy, chữa cháy.",
        result="Giấy phép hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng.",
        legal=INTERNET + "; Thông tư 85/2019/TT-BTC",
        fee_note="Mức thu theo Nghị quyết của Hội đồng nhân dân tỉnh.",
        cases=(case(GAME_MOI), case(GAME_SUA), case(GAME_HAN, 3)),
        papers=(
            paper("Đơn đề nghị cấp giấy phép hoạt động điểm cung cấp dịch vụ trò chơi điện tử "
                  "công cộng", template=form_template(
                      "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP HOẠT ĐỘNG ĐIỂM CUNG CẤP DỊCH VỤ TRÒ CHƠI ĐIỆN "
                      "TỬ CÔNG CỘNG", "Tên tổ chức, cá nhân; số giấy chứng nhận đăng ký kinh "
                      "doanh", "Địa chỉ điểm cung cấp dịch vụ", "Tổng diện tích phòng máy; số "
                      "lượng máy tính", "Khoảng cách tới cổng trường học gần nhất", "Họ tên, số "
                      "điện thoại của người quản lý", to="Ủy ban nhân dân huyện (thành phố) ....")),
            paper("Bản sao giấy chứng nhận đăng ký kinh doanh", 0, 1, case=GAME_MOI),
            paper("Văn bản nêu nội dung sửa đổi, bổ sung", case=GAME_SUA),
            paper("Bản sao giấy phép đang còn hiệu lực", 0, 1, case=GAME_HAN),
        ),
        fees=(fee("Phí thẩm định cấp giấy phép", 200_000, case=GAME_MOI),
              fee("Phí thẩm định sửa đổi, bổ sung giấy phép", 100_000, case=GAME_SUA),
              fee("Phí gia hạn giấy phép", 100_000, case=GAME_HAN)),
        form=form(
            text("ten_diem", "Tên điểm cung cấp dịch vụ", max_length=150),
            text("dia_chi", "Địa chỉ điểm cung cấp dịch vụ"),
            number("dien_tich", "Tổng diện tích phòng máy (m²)", minimum=50, kind="number"),
            number("so_may", "Số máy tính", minimum=1, maximum=500),
            number("khoang_cach", "Khoảng cách tới cổng trường gần nhất (m)", minimum=0),
            date("ngay_hoat_dong", "Ngày dự kiến hoạt động", required=False),
            phone(),
        ),
    ),
]  # fmt: skip
