"""Justice: certification (chứng thực) at the communes, judicial records at the department."""

from __future__ import annotations

from congso.procedures.demo_data.base import (
    ID_PAPER,
    SO_TU_PHAP,
    XA,
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
    text,
)

CHUNG_THUC = "Nghị định 23/2015/NĐ-CP; Thông tư 01/2020/TT-BTP; Thông tư 226/2016/TT-BTC"
COPY_FORM = form_template(
    "PHIẾU YÊU CẦU CHỨNG THỰC",
    "Họ, chữ đệm, tên người yêu cầu chứng thực",
    "Tên giấy tờ, văn bản yêu cầu chứng thực",
    "Số bản chính xuất trình; số bản sao đề nghị chứng thực",
    "Số trang của mỗi bản",
)

PROCEDURES = [
    ProcedureSpec(
        code="2.000815", name="Chứng thực bản sao từ bản chính giấy tờ, văn bản", field="CT",
        level="commune", agencies=XA, days=d("0.5"), online="partial",
        note="Trong ngày làm việc; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo",
        todo="Người thực hiện chứng thực đối chiếu bản sao với bản chính, ghi lời chứng, ký, đóng "
        "dấu và ghi vào sổ chứng thực.",
        requirements="Bản chính không bị tẩy xóa, sửa chữa, thêm, bớt nội dung; không thuộc loại "
        "giấy tờ có đóng dấu mật hoặc bị cấm phổ biến.",
        result="Bản sao được chứng thực từ bản chính.", legal=CHUNG_THUC,
        fee_note="Trang thứ ba trở đi 1.000 đồng/trang; tối đa 200.000 đồng/bản.",
        papers=(paper("Phiếu yêu cầu chứng thực", optional=True, template=COPY_FORM),
                paper("Bản chính giấy tờ, văn bản cần chứng thực", note="Xuất trình để đối chiếu"),
                paper("Bản sao cần chứng thực", 0, 1, note="Cơ quan có thể chụp từ bản chính")),
        fees=(fee("Phí chứng thực bản sao từ bản chính", 2_000, "đồng/trang cho trang thứ nhất "
                  "và thứ hai"),),
        form=form(
            text("ten_giay_to", "Tên giấy tờ, văn bản cần chứng thực"),
            text("co_quan_cap", "Cơ quan cấp bản chính"),
            number("so_trang", "Số trang của bản chính", minimum=1, maximum=500),
            number("so_ban", "Số bản sao cần chứng thực", minimum=1, maximum=50),
        ),
    ),
    ProcedureSpec(
        code="2.000884", name="Chứng thực chữ ký trong giấy tờ, văn bản", field="CT",
        level="commune", agencies=XA, days=d("0.5"), applicant="citizen", online="offline",
        note="Trong ngày làm việc",
        todo="Người yêu cầu ký trước mặt người thực hiện chứng thực; người thực hiện chứng thực "
        "ghi lời chứng, ký, đóng dấu và ghi vào sổ chứng thực.",
        requirements="Người yêu cầu chứng thực phải có mặt và ký trước mặt người thực hiện chứng "
        "thực.", result="Giấy tờ, văn bản được chứng thực chữ ký.", legal=CHUNG_THUC,
        papers=(ID_PAPER, paper("Giấy tờ, văn bản sẽ ký")),
        fees=(fee("Phí chứng thực chữ ký", 10_000, "đồng/trường hợp"),),
    ),
    ProcedureSpec(
        code="2.001035", name="Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
        field="CT", level="commune", agencies=XA, days=d(2), online="offline",
        note="Có thể kéo dài theo thỏa thuận bằng văn bản với người yêu cầu chứng thực",
        todo="Người thực hiện chứng thực kiểm tra hồ sơ, năng lực hành vi dân sự và sự tự nguyện "
        "của các bên; các bên ký trước mặt người thực hiện chứng thực.",
        requirements="Các bên có năng lực hành vi dân sự, tự nguyện giao kết; nội dung không trái "
        "pháp luật, đạo đức xã hội.", result="Hợp đồng, giao dịch được chứng thực.",
        legal=CHUNG_THUC,
        papers=(paper("Dự thảo hợp đồng, giao dịch", 3), ID_PAPER,
                paper("Giấy tờ chứng minh quyền sở hữu tài sản", 0, 1,
                      note="Ví dụ: giấy đăng ký xe")),
        fees=(fee("Phí chứng thực hợp đồng, giao dịch", 50_000, "đồng/hợp đồng"),
              fee("Phí sửa đổi, bổ sung hợp đồng đã chứng thực", 30_000, "nếu có")),
    ),
    ProcedureSpec(
        code="2.000488", name="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", field="LLTP",
        level="department", agencies=(SO_TU_PHAP,), days=d(10), applicant="citizen",
        todo="Sở Tư pháp tra cứu, xác minh thông tin lý lịch tư pháp tại cơ quan công an và các cơ "
        "quan liên quan, lập và ký Phiếu lý lịch tư pháp.",
        check="Tra cứu, xác minh thông tin lý lịch tư pháp",
        result="Phiếu lý lịch tư pháp số 1 hoặc số 2.",
        legal="Luật Lý lịch tư pháp 2009; Nghị định 111/2010/NĐ-CP; Thông tư 244/2016/TT-BTC",
        fee_note="Từ phiếu thứ 3 trở đi: 5.000 đồng/phiếu. Miễn phí cho trẻ em, người cao tuổi, "
        "người khuyết tật, người có công với cách mạng và các đối tượng khác theo quy định.",
        cases=(case("Người đề nghị chỉ cư trú tại một tỉnh, thành phố"),
               case("Người đề nghị đã cư trú ở nhiều nơi hoặc có thời gian cư trú ở nước "
                    "ngoài", 15)),
        papers=(
            paper("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
                  template=form_template(
                      "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP",
                      "Họ và tên; giới tính; ngày, tháng, năm sinh",
                      "Số định danh cá nhân", "Nơi thường trú; nơi tạm trú",
                      "Quá trình cư trú (từ đủ 14 tuổi)", "Loại phiếu và số lượng phiếu yêu cầu",
                      "Mục đích sử dụng phiếu", to="Sở Tư pháp tỉnh Thái Bình")),
            paper("Giấy tờ chứng minh thuộc đối tượng được giảm, miễn phí", 0, 1, optional=True),
        ),
        fees=(fee("Phí cung cấp thông tin lý lịch tư pháp", 200_000, "đồng/lần/người"),
              fee("Phí cung cấp thông tin lý lịch tư pháp cho sinh viên, người có công", 100_000,
                  "xuất trình thẻ sinh viên hoặc giấy tờ chứng minh")),
        form=form(
            cccd(),
            choice("loai_phieu", "Loại phiếu yêu cầu", "Phiếu số 1", "Phiếu số 2"),
            number("so_luong", "Số lượng phiếu", minimum=1, maximum=10),
            area("qua_trinh_cu_tru", "Quá trình cư trú từ đủ 14 tuổi"),
            text("muc_dich", "Mục đích sử dụng phiếu"),
            choice("nhan_ket_qua", "Hình thức nhận kết quả", "Tại Trung tâm Phục vụ hành chính "
                   "công", "Qua dịch vụ bưu chính", "Bản điện tử trên VNeID"),
        ),
    ),
]  # fmt: skip
