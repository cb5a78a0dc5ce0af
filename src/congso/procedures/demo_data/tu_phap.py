"""Justice: civil status (hộ tịch) at the communes and the districts."""

from __future__ import annotations

from congso.procedures.demo_data.base import (
    HUYEN,
    ID_PAPER,
    XA,
    ProcedureSpec,
    area,
    case,
    cccd,
    choice,
    d,
    date,
    fee,
    form,
    form_template,
    paper,
    so_ban,
    text,
)

HO_TICH = "Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP; Thông tư 04/2020/TT-BTP"
NGUOI_THAN = ("Cha", "Mẹ", "Ông, bà", "Người thân thích khác", "Người được ủy quyền")

BIRTH_FORM = form_template(
    "TỜ KHAI ĐĂNG KÝ KHAI SINH",
    "Họ, chữ đệm, tên người yêu cầu",
    "Số định danh cá nhân của người yêu cầu",
    "Quan hệ với người được khai sinh",
    "Họ, chữ đệm, tên người được khai sinh",
    "Ngày, tháng, năm sinh; giới tính",
    "Nơi sinh; quê quán; dân tộc; quốc tịch",
    "Họ, chữ đệm, tên, năm sinh, nơi cư trú của người mẹ",
    "Họ, chữ đệm, tên, năm sinh, nơi cư trú của người cha",
    to="Ủy ban nhân dân xã (phường, thị trấn) ..........",
)
MARRIAGE_FORM = form_template(
    "TỜ KHAI ĐĂNG KÝ KẾT HÔN",
    "Họ, chữ đệm, tên của bên nữ; ngày sinh; số định danh cá nhân",
    "Họ, chữ đệm, tên của bên nam; ngày sinh; số định danh cá nhân",
    "Nơi cư trú của mỗi bên",
    "Kết hôn lần thứ mấy (của mỗi bên)",
    to="Ủy ban nhân dân xã (phường, thị trấn) ..........",
)
PROCEDURES = [
    ProcedureSpec(
        code="1.001193", name="Đăng ký khai sinh", field="HT", level="commune", agencies=XA,
        days=d(1), applicant="citizen",
        note="Giải quyết ngay trong ngày; nhận hồ sơ sau 15 giờ thì trả trong ngày làm việc "
        "tiếp theo",
        todo="Công chức tư pháp - hộ tịch kiểm tra thông tin khai sinh, ghi vào Sổ hộ tịch, cập "
        "nhật Cơ sở dữ liệu hộ tịch điện tử và trình Chủ tịch Ủy ban nhân dân cấp xã ký Giấy khai "
        "sinh.",
        requirements="Cha, mẹ có trách nhiệm đăng ký khai sinh cho con trong thời hạn 60 ngày kể "
        "từ ngày sinh; không có cha, mẹ thì ông, bà hoặc người thân thích khác đi đăng ký.",
        result="Giấy khai sinh (bản chính); bản sao Giấy khai sinh nếu có yêu cầu; trẻ được cấp số "
        "định danh cá nhân.",
        legal=HO_TICH + "; Thông tư 85/2019/TT-BTC về phí, lệ phí thuộc thẩm quyền của Hội đồng "
        "nhân dân tỉnh",
        fee_note="Miễn lệ phí đăng ký khai sinh đúng hạn (khoản 1 Điều 11 Luật Hộ tịch). Bản sao "
        "Giấy khai sinh: 8.000 đồng/bản.",
        cases=(case("Có giấy chứng sinh"),
               case("Không có giấy chứng sinh (cần xác minh việc sinh)", 3)),
        papers=(
            paper("Tờ khai đăng ký khai sinh", template=BIRTH_FORM),
            ID_PAPER,
            paper("Giấy chứng sinh do cơ sở y tế cấp", case="Có giấy chứng sinh"),
            paper("Văn bản của người làm chứng xác nhận về việc sinh hoặc giấy cam đoan về việc "
                  "sinh", case="Không có giấy chứng sinh (cần xác minh việc sinh)"),
            paper("Giấy chứng nhận kết hôn của cha, mẹ", 0, 1, optional=True,
                  note="Chỉ xuất trình khi cha, mẹ đã đăng ký kết hôn"),
        ),
        fees=(fee("Phí cấp bản sao Giấy khai sinh", 8_000, "đồng/bản, khi đề nghị cấp bản sao"),),
        form=form(
            choice("quan_he", "Quan hệ với người được khai sinh", *NGUOI_THAN),
            text("ho_ten_tre", "Họ, chữ đệm, tên người được khai sinh", max_length=100),
            date("ngay_sinh", "Ngày sinh"),
            choice("gioi_tinh", "Giới tính", "Nam", "Nữ"),
            text("noi_sinh", "Nơi sinh", description="Tên cơ sở y tế hoặc địa chỉ nơi sinh"),
            text("ho_ten_me", "Họ, chữ đệm, tên người mẹ", max_length=100),
            text("ho_ten_cha", "Họ, chữ đệm, tên người cha", required=False, max_length=100),
            so_ban("Số bản sao Giấy khai sinh đề nghị cấp"),
        ),
    ),
    ProcedureSpec(
        code="1.000894", name="Đăng ký kết hôn", field="HT", level="commune", agencies=XA,
        days=d(5), applicant="citizen", online="partial",
        note="Hồ sơ đầy đủ thì giải quyết ngay trong ngày; cần xác minh điều kiện kết hôn thì "
        "không quá 05 ngày làm việc",
        todo="Công chức tư pháp - hộ tịch kiểm tra điều kiện kết hôn; hai bên có mặt, ký vào Giấy "
        "chứng nhận kết hôn và Sổ hộ tịch; Chủ tịch Ủy ban nhân dân cấp xã trao giấy chứng nhận.",
        requirements="Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi; việc kết hôn do hai bên tự nguyện quyết "
        "định; không thuộc trường hợp cấm kết hôn theo Luật Hôn nhân và gia đình 2014. Hai bên "
        "phải có mặt khi đăng ký.",
        result="Giấy chứng nhận kết hôn (mỗi bên một bản chính).",
        legal=HO_TICH + "; Luật Hôn nhân và gia đình 2014",
        fee_note="Miễn lệ phí đối với công dân Việt Nam cư trú ở trong nước.",
        papers=(
            paper("Tờ khai đăng ký kết hôn (hai bên có thể dùng chung một tờ khai)",
                  template=MARRIAGE_FORM),
            ID_PAPER,
            paper("Giấy xác nhận tình trạng hôn nhân", note="Chỉ khi người yêu cầu đăng ký thường "
                  "trú ở xã khác nơi đăng ký kết hôn"),
        ),
        form=form(
            text("ho_ten_nu", "Họ, chữ đệm, tên bên nữ", max_length=100),
            cccd("dinh_danh_nu", "Số định danh cá nhân của bên nữ"),
            text("ho_ten_nam", "Họ, chữ đệm, tên bên nam", max_length=100),
            cccd("dinh_danh_nam", "Số định danh cá nhân của bên nam"),
            choice("lan_ket_hon", "Kết hôn lần thứ", "Thứ nhất", "Thứ hai trở lên"),
            date("ngay_hen", "Ngày hai bên dự kiến đến nhận giấy chứng nhận", required=False),
        ),
    ),
    ProcedureSpec(
        code="1.000656", name="Đăng ký khai tử", field="HT", level="commune", agencies=XA,
        days=d(1), applicant="citizen",
        note="Giải quyết ngay trong ngày; cần xác minh thì không quá 03 ngày làm việc",
        todo="Công chức tư pháp - hộ tịch ghi vào Sổ hộ tịch, cập nhật Cơ sở dữ liệu hộ tịch và "
        "trình Chủ tịch Ủy ban nhân dân cấp xã cấp trích lục khai tử.",
        requirements="Người thân thích có trách nhiệm đi đăng ký khai tử trong 15 ngày kể từ ngày "
        "có người chết.",
        result="Trích lục khai tử (bản chính).", legal=HO_TICH,
        fee_note="Miễn lệ phí đăng ký khai tử đúng hạn.",
        papers=(paper("Tờ khai đăng ký khai tử"), ID_PAPER,
                paper("Giấy báo tử hoặc giấy tờ thay thế giấy báo tử", 1, 0)),
        form=form(
            text("ho_ten_nguoi_chet", "Họ, chữ đệm, tên người đã chết", max_length=100),
            cccd("dinh_danh_nguoi_chet", "Số định danh cá nhân của người đã chết", required=False),
            date("ngay_chet", "Ngày chết"),
            text("noi_chet", "Nơi chết"),
            text("nguyen_nhan", "Nguyên nhân chết", required=False),
            choice("quan_he", "Quan hệ với người đã chết", "Vợ, chồng", "Con", "Cha, mẹ",
                   "Người thân thích khác"),
        ),
    ),
    ProcedureSpec(
        code="2.000635", name="Cấp bản sao trích lục hộ tịch", field="HT", level="commune",
        agencies=XA, days=d("0.5"), applicant="citizen",
        note="Trong ngày làm việc; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo",
        todo="Công chức tư pháp - hộ tịch tra cứu Sổ hộ tịch hoặc Cơ sở dữ liệu hộ tịch và cấp bản "
        "sao trích lục.",
        result="Bản sao trích lục hộ tịch (khai sinh, kết hôn, khai tử...).",
        legal=HO_TICH + "; Thông tư 281/2016/TT-BTC",
        papers=(paper("Tờ khai cấp bản sao trích lục hộ tịch"), ID_PAPER,
                paper("Văn bản ủy quyền có chứng thực", optional=True,
                      note="Khi người yêu cầu là người được ủy quyền")),
        fees=(fee("Phí cấp bản sao trích lục hộ tịch", 8_000, "đồng/bản"),),
        form=form(
            choice("loai_su_kien", "Loại việc hộ tịch", "Khai sinh", "Kết hôn", "Khai tử",
                   "Nhận cha, mẹ, con", "Thay đổi, cải chính hộ tịch"),
            text("ho_ten", "Họ, chữ đệm, tên người được cấp trích lục", max_length=100),
            date("ngay_dang_ky", "Ngày đăng ký (nếu biết)", required=False),
            text("so_dang_ky", "Số đăng ký trong Sổ hộ tịch (nếu biết)", required=False,
                 max_length=30),
            so_ban(maximum=20),
        ),
    ),
    ProcedureSpec(
        code="1.004859", name="Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
        field="HT", level="commune", agencies=XA, days=d(3), applicant="citizen",
        online="partial", note="Cần xác minh thì kéo dài không quá 03 ngày làm việc",
        todo="Công chức tư pháp - hộ tịch kiểm tra căn cứ thay đổi, cải chính; trình Chủ tịch Ủy "
        "ban nhân dân cấp xã ký trích lục và ghi chú vào Sổ hộ tịch.",
        requirements="Việc thay đổi, cải chính phải có cơ sở theo Bộ luật Dân sự 2015; người từ đủ "
        "09 tuổi trở lên phải đồng ý khi thay đổi họ, tên.",
        result="Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch.", legal=HO_TICH,
        fee_note="Mức thu theo Nghị quyết của Hội đồng nhân dân tỉnh.",
        papers=(paper("Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch"), ID_PAPER,
                paper("Giấy khai sinh hoặc giấy tờ hộ tịch cần thay đổi, cải chính", 1, 0),
                paper("Giấy tờ làm căn cứ cho việc cải chính", 0, 1)),
        fees=(fee("Lệ phí thay đổi, cải chính, bổ sung thông tin hộ tịch", 15_000),),
        form=form(
            choice("loai_yeu_cau", "Nội dung yêu cầu", "Thay đổi", "Cải chính", "Bổ sung"),
            text("giay_to", "Giấy tờ hộ tịch cần sửa", description="Ví dụ: Giấy khai sinh số ..."),
            area("noi_dung_cu", "Thông tin đang ghi"),
            area("noi_dung_moi", "Thông tin đề nghị ghi lại"),
            area("ly_do", "Lý do"),
        ),
    ),
    ProcedureSpec(
        code="1.004873", name="Cấp giấy xác nhận tình trạng hôn nhân", field="HT",
        level="commune", agencies=XA, days=d(3), applicant="citizen",
        note="Cần xác minh thì không quá 23 ngày",
        todo="Công chức tư pháp - hộ tịch kiểm tra, xác minh tình trạng hôn nhân và trình Chủ tịch "
        "Ủy ban nhân dân cấp xã ký giấy xác nhận.",
        result="Giấy xác nhận tình trạng hôn nhân, có giá trị 06 tháng kể từ ngày cấp.",
        legal=HO_TICH, fee_note="Mức thu theo Nghị quyết của Hội đồng nhân dân tỉnh.",
        papers=(paper("Tờ khai cấp giấy xác nhận tình trạng hôn nhân"), ID_PAPER,
                paper("Bản án, quyết định ly hôn hoặc trích lục khai tử của vợ, chồng", 0, 1,
                      optional=True, note="Với người đã từng kết hôn")),
        fees=(fee("Lệ phí cấp giấy xác nhận tình trạng hôn nhân", 15_000),),
        form=form(
            choice("tinh_trang", "Tình trạng hôn nhân hiện tại", "Chưa kết hôn", "Đã ly hôn",
                   "Vợ hoặc chồng đã chết", "Đang có vợ hoặc chồng"),
            choice("muc_dich", "Mục đích sử dụng", "Kết hôn", "Mua bán, giao dịch tài sản",
                   "Mục đích khác"),
            text("muc_dich_khac", "Ghi rõ mục đích khác", required=False),
            text("noi_cu_tru_truoc", "Nơi cư trú trước đây (nếu đã thay đổi)", required=False),
        ),
    ),
    ProcedureSpec(
        code="1.000782", name="Đăng ký kết hôn có yếu tố nước ngoài", field="HT",
        level="district", agencies=HUYEN, days=d(15), applicant="citizen", online="partial",
        todo="Phòng Tư pháp nghiên cứu, thẩm tra hồ sơ, xác minh khi cần và báo cáo Chủ tịch Ủy "
        "ban nhân dân cấp huyện; hai bên có mặt để nhận Giấy chứng nhận kết hôn.",
        check="Xác minh điều kiện kết hôn",
        requirements="Hai bên đáp ứng điều kiện kết hôn theo pháp luật của mỗi nước; có mặt khi "
        "trao Giấy chứng nhận kết hôn.", result="Giấy chứng nhận kết hôn.",
        legal=HO_TICH + "; Luật Hôn nhân và gia đình 2014",
        fee_note="Mức thu theo Nghị quyết của Hội đồng nhân dân tỉnh.",
        papers=(
            paper("Tờ khai đăng ký kết hôn", template=MARRIAGE_FORM),
            paper("Giấy tờ chứng minh tình trạng hôn nhân của người nước ngoài", note="Được hợp "
                  "pháp hóa lãnh sự, dịch sang tiếng Việt có chứng thực"),
            paper("Giấy xác nhận của tổ chức y tế về việc không mắc bệnh tâm thần", note="Cấp "
                  "trong 06 tháng trước ngày nộp hồ sơ"),
            paper("Bản sao hộ chiếu hoặc giấy tờ thay thế của người nước ngoài", 0, 1),
        ),
        fees=(fee("Lệ phí đăng ký kết hôn có yếu tố nước ngoài", 1_000_000),),
        form=form(
            text("ho_ten_viet_nam", "Họ, chữ đệm, tên bên là công dân Việt Nam", max_length=100),
            cccd("dinh_danh", "Số định danh cá nhân của công dân Việt Nam"),
            text("ho_ten_nuoc_ngoai", "Họ, tên bên là người nước ngoài", max_length=100),
            text("quoc_tich", "Quốc tịch của người nước ngoài", max_length=60),
            text("ho_chieu", "Số hộ chiếu của người nước ngoài", max_length=30),
        ),
    ),
]  # fmt: skip
