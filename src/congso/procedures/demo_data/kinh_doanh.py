"""Business registration: household businesses at the districts, enterprises at the department."""

from __future__ import annotations

from congso.procedures.demo_data.base import (
    HUYEN,
    ID_PAPER,
    SO_KHDT,
    ProcedureSpec,
    area,
    case,
    cccd,
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

DOANH_NGHIEP = (
    "Luật Doanh nghiệp 2020; Nghị định 01/2021/NĐ-CP về đăng ký doanh nghiệp; "
    "Thông tư 01/2021/TT-BKHĐT (sửa đổi bởi Thông tư 02/2023/TT-BKHĐT); Thông tư 47/2019/TT-BTC"
)
HO_KINH_DOANH = (
    "Luật Doanh nghiệp 2020; Nghị định 01/2021/NĐ-CP (Chương VIII về hộ kinh doanh); "
    "Thông tư 01/2021/TT-BKHĐT; Thông tư 85/2019/TT-BTC"
)
TRUC_TUYEN, GIAY = "Nộp hồ sơ trực tuyến", "Nộp hồ sơ bằng bản giấy"
HKD_FORM = form_template(
    "GIẤY ĐỀ NGHỊ ĐĂNG KÝ HỘ KINH DOANH",
    "Tên hộ kinh doanh",
    "Địa chỉ trụ sở hộ kinh doanh; điện thoại; thư điện tử",
    "Ngành, nghề kinh doanh",
    "Vốn kinh doanh (bằng số và bằng chữ)",
    "Số lượng lao động dự kiến",
    "Họ, chữ đệm, tên, số định danh cá nhân, nơi cư trú của chủ hộ kinh doanh",
    to="Phòng Tài chính - Kế hoạch huyện (thành phố) ..........",
)
DN_FORM = form_template(
    "GIẤY ĐỀ NGHỊ ĐĂNG KÝ DOANH NGHIỆP",
    "Loại hình doanh nghiệp",
    "Tên doanh nghiệp viết bằng tiếng Việt, tiếng nước ngoài, tên viết tắt",
    "Địa chỉ trụ sở chính",
    "Ngành, nghề kinh doanh (mã ngành cấp 4)",
    "Vốn điều lệ hoặc vốn đầu tư của chủ doanh nghiệp tư nhân",
    "Thông tin người đại diện theo pháp luật",
    "Thông tin đăng ký thuế",
    to="Phòng Đăng ký kinh doanh - Sở Kế hoạch và Đầu tư tỉnh Thái Bình",
)
DN_FEES = (
    fee("Lệ phí đăng ký doanh nghiệp", 50_000, case=GIAY),
    fee("Lệ phí đăng ký doanh nghiệp", 0, "Miễn lệ phí khi nộp trực tuyến", case=TRUC_TUYEN),
    fee("Phí công bố nội dung đăng ký doanh nghiệp", 100_000),
)
DN_CASES = (case(TRUC_TUYEN), case(GIAY))
DN_REQUIREMENTS = (
    "Ngành, nghề đăng ký không bị cấm đầu tư kinh doanh; tên doanh nghiệp đặt đúng quy định; hồ sơ "
    "hợp lệ; nộp đủ lệ phí, phí theo quy định."
)


def _dn_form(*extra):
    return form(
        text("ten_doanh_nghiep", "Tên doanh nghiệp dự kiến", max_length=255),
        text("dia_chi", "Địa chỉ trụ sở chính"),
        area("nganh_nghe", "Ngành, nghề kinh doanh", description="Ghi mã ngành cấp 4 theo Hệ thống "
             "ngành kinh tế Việt Nam"),
        number("von", "Vốn đăng ký (đồng)", minimum=1),
        *extra,
        phone(),
        email(required=True),
    )  # fmt: skip


PROCEDURES = [
    ProcedureSpec(
        code="2.000720", name="Đăng ký thành lập hộ kinh doanh", field="DKKD", level="district",
        agencies=HUYEN, days=d(3), applicant="citizen",
        todo="Phòng Tài chính - Kế hoạch kiểm tra tính hợp lệ của hồ sơ, tên hộ kinh doanh và cấp "
        "Giấy chứng nhận đăng ký hộ kinh doanh; hồ sơ chưa hợp lệ thì thông báo bằng văn bản.",
        requirements="Ngành, nghề không bị cấm kinh doanh; tên hộ kinh doanh không trùng với hộ "
        "kinh doanh đã đăng ký trong huyện; nộp đủ lệ phí.",
        result="Giấy chứng nhận đăng ký hộ kinh doanh.", legal=HO_KINH_DOANH,
        fee_note="Mức thu theo Nghị quyết của Hội đồng nhân dân tỉnh; miễn khi nộp trực tuyến.",
        cases=(case("Cá nhân đăng ký hộ kinh doanh"),
               case("Các thành viên hộ gia đình cùng đăng ký hộ kinh doanh")),
        papers=(
            paper("Giấy đề nghị đăng ký hộ kinh doanh", template=HKD_FORM),
            paper("Bản sao giấy tờ pháp lý của cá nhân là chủ hộ kinh doanh", 0, 1),
            paper("Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh",
                  case="Các thành viên hộ gia đình cùng đăng ký hộ kinh doanh"),
            paper("Văn bản ủy quyền của thành viên hộ gia đình cho một thành viên làm chủ hộ",
                  case="Các thành viên hộ gia đình cùng đăng ký hộ kinh doanh",
                  note="Được công chứng hoặc chứng thực"),
        ),
        fees=(fee("Lệ phí đăng ký hộ kinh doanh", 100_000, "nộp hồ sơ bằng bản giấy"),),
        form=form(
            text("ten_ho_kinh_doanh", "Tên hộ kinh doanh", max_length=150),
            text("dia_diem", "Địa điểm kinh doanh"),
            area("nganh_nghe", "Ngành, nghề kinh doanh"),
            number("von", "Vốn kinh doanh (đồng)", minimum=1),
            number("so_lao_dong", "Số lao động dự kiến", minimum=0, maximum=1000),
            cccd("dinh_danh_chu_ho", "Số định danh cá nhân của chủ hộ"),
            phone(),
        ),
    ),
    ProcedureSpec(
        code="2.000575", name="Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", field="DKKD",
        level="district", agencies=HUYEN, days=d(3), applicant="citizen",
        todo="Phòng Tài chính - Kế hoạch kiểm tra hồ sơ và cấp lại Giấy chứng nhận đăng ký hộ kinh "
        "doanh với nội dung đã thay đổi.",
        result="Giấy chứng nhận đăng ký hộ kinh doanh (cấp lại theo nội dung thay đổi).",
        legal=HO_KINH_DOANH, fee_note="Mức thu theo Nghị quyết của Hội đồng nhân dân tỉnh.",
        papers=(paper("Thông báo thay đổi nội dung đăng ký hộ kinh doanh"),
                paper("Giấy chứng nhận đăng ký hộ kinh doanh đã được cấp", 1, 0)),
        fees=(fee("Lệ phí đăng ký thay đổi", 50_000, "miễn khi nộp trực tuyến"),),
        form=form(
            text("so_giay_chung_nhan", "Số Giấy chứng nhận đăng ký hộ kinh doanh", max_length=30),
            choice("noi_dung_thay_doi", "Nội dung thay đổi", "Tên hộ kinh doanh",
                   "Địa chỉ kinh doanh", "Ngành, nghề kinh doanh", "Vốn kinh doanh",
                   "Chủ hộ kinh doanh"),
            area("chi_tiet", "Nội dung sau khi thay đổi"),
            date("ngay_thay_doi", "Ngày bắt đầu áp dụng thay đổi"),
        ),
    ),
    ProcedureSpec(
        code="1.001612", name="Đăng ký thành lập doanh nghiệp tư nhân", field="DKKD",
        level="department", agencies=(SO_KHDT,), days=d(3), applicant="citizen",
        todo="Phòng Đăng ký kinh doanh xem xét tính hợp lệ của hồ sơ, tên doanh nghiệp, cấp Giấy "
        "chứng nhận đăng ký doanh nghiệp và đăng tải thông tin lên Cổng thông tin quốc gia về "
        "đăng ký doanh nghiệp.",
        requirements=DN_REQUIREMENTS + " Mỗi cá nhân chỉ được quyền thành lập một doanh nghiệp tư "
        "nhân và không đồng thời là chủ hộ kinh doanh, thành viên hợp danh.",
        result="Giấy chứng nhận đăng ký doanh nghiệp; mã số doanh nghiệp đồng thời là mã số thuế.",
        legal=DOANH_NGHIEP, cases=DN_CASES, fees=DN_FEES,
        papers=(paper("Giấy đề nghị đăng ký doanh nghiệp", template=DN_FORM),
                paper("Bản sao giấy tờ pháp lý của cá nhân là chủ doanh nghiệp tư nhân", 0, 1)),
        form=_dn_form(cccd("dinh_danh_chu_dn", "Số định danh cá nhân của chủ doanh nghiệp")),
    ),
    ProcedureSpec(
        code="2.002040", name="Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên",
        field="DKKD", level="department", agencies=(SO_KHDT,), days=d(3),
        applicant="business",
        todo="Phòng Đăng ký kinh doanh xem xét tính hợp lệ của hồ sơ và cấp Giấy chứng nhận đăng "
        "ký doanh nghiệp.", requirements=DN_REQUIREMENTS,
        result="Giấy chứng nhận đăng ký doanh nghiệp.", legal=DOANH_NGHIEP,
        cases=DN_CASES, fees=DN_FEES,
        papers=(
            paper("Giấy đề nghị đăng ký doanh nghiệp", template=DN_FORM),
            paper("Điều lệ công ty"),
            paper("Bản sao giấy tờ pháp lý của người đại diện theo pháp luật", 0, 1),
            paper("Bản sao giấy tờ pháp lý của chủ sở hữu công ty", 0, 1),
            paper("Văn bản cử người đại diện theo ủy quyền", optional=True,
                  note="Khi chủ sở hữu là tổ chức"),
        ),
        form=_dn_form(choice("chu_so_huu", "Chủ sở hữu công ty", "Cá nhân", "Tổ chức")),
    ),
    ProcedureSpec(
        code="1.005064", name="Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn "
        "đã thông báo", field="DKKD", level="department", agencies=(SO_KHDT,), days=d(3),
        applicant="business",
        todo="Phòng Đăng ký kinh doanh tiếp nhận thông báo, cập nhật tình trạng pháp lý của doanh "
        "nghiệp trên Hệ thống thông tin quốc gia về đăng ký doanh nghiệp.",
        requirements="Doanh nghiệp thông báo chậm nhất 03 ngày làm việc trước ngày tạm ngừng hoặc "
        "tiếp tục kinh doanh.",
        result="Giấy xác nhận về việc doanh nghiệp đăng ký tạm ngừng hoặc tiếp tục kinh doanh.",
        legal=DOANH_NGHIEP, fee_note="Không thu phí, lệ phí.",
        papers=(paper("Thông báo tạm ngừng kinh doanh hoặc tiếp tục kinh doanh"),
                paper("Nghị quyết, quyết định của chủ sở hữu, hội đồng thành viên hoặc đại hội "
                      "đồng cổ đông", optional=True), ID_PAPER),
        form=form(
            text("ma_so_doanh_nghiep", "Mã số doanh nghiệp", max_length=14),
            choice("loai", "Nội dung thông báo", "Tạm ngừng kinh doanh",
                   "Tiếp tục kinh doanh trước thời hạn"),
            date("tu_ngay", "Từ ngày"),
            date("den_ngay", "Đến ngày", required=False),
            area("ly_do", "Lý do", required=False),
        ),
    ),
]  # fmt: skip
