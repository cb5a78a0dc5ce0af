"""Demo questions and answers for a portal, written for the agency's field. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from congso.core.audit import audit_log
from congso.core.text import fold
from congso.portal.qa.models import Question

ACTOR = "congso demo"

# (field, title, question, answer or "" for a question still waiting)
ICT = [
    (
        "Viễn thông",
        "Thủ tục cấp giấy phép thiết lập mạng viễn thông dùng riêng",
        "Doanh nghiệp tôi muốn thiết lập mạng viễn thông dùng riêng giữa hai nhà xưởng trong khu "
        "công nghiệp. Xin hỏi thủ tục và thời gian giải quyết như thế nào?",
        "Doanh nghiệp nộp hồ sơ đề nghị cấp giấy phép thiết lập mạng viễn thông dùng riêng theo "
        "Nghị định 163/2024/NĐ-CP qua Cổng dịch vụ công trực tuyến hoặc tại Trung tâm Phục vụ hành "
        "chính công tỉnh. Thời hạn giải quyết là 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
    ),
    (
        "Chuyển đổi số",
        "Cài đặt và sử dụng chữ ký số cá nhân",
        "Tôi là viên chức trường học, được cấp chứng thư chữ ký số cá nhân. Xin hỏi cài đặt trên "
        "máy tính và ký văn bản điện tử như thế nào?",
        "Viên chức được cấp chữ ký số chuyên dùng Chính phủ liên hệ bộ phận công nghệ thông tin của "
        "đơn vị để cài đặt phần mềm ký số. Hướng dẫn chi tiết và phần mềm được đăng tại mục Chuyển "
        "đổi số của Cổng thông tin Sở; mọi vướng mắc xin gọi đường dây hỗ trợ 0227 3 888 999.",
    ),
    (
        "Báo chí, xuất bản",
        "Thủ tục cấp giấy phép xuất bản bản tin",
        "Hội doanh nghiệp huyện muốn phát hành bản tin hằng quý. Xin hỏi cần giấy phép gì?",
        "Cơ quan, tổ chức đề nghị cấp giấy phép xuất bản bản tin gửi hồ sơ gồm tờ khai, mẫu trình "
        "bày và quyết định thành lập đến Sở. Thời hạn giải quyết là 10 ngày làm việc.",
    ),
    (
        "Bưu chính",
        "Đăng ký cung ứng dịch vụ bưu chính trong phạm vi tỉnh",
        "Công ty giao nhận của tôi hoạt động trong tỉnh thì có phải xin giấy phép bưu chính không?",
        "Doanh nghiệp cung ứng dịch vụ thư có khối lượng đơn chiếc đến 2 kg trong phạm vi tỉnh phải "
        "có giấy phép bưu chính do Sở cấp; các dịch vụ khác chỉ cần văn bản xác nhận thông báo hoạt "
        "động bưu chính.",
    ),
    (
        "An toàn thông tin",
        "Báo cáo sự cố mất an toàn thông tin",
        "Trang thông tin điện tử của xã bị chèn nội dung lạ. Chúng tôi cần báo cho ai?",
        "Đơn vị ngắt kết nối trang bị tấn công, giữ nguyên hiện trạng và báo ngay cho Đội ứng cứu sự "
        "cố an toàn thông tin mạng của tỉnh qua thư điện tử hoặc đường dây nóng trên Cổng thông tin "
        "Sở để được hỗ trợ khắc phục.",
    ),
    (
        "Viễn thông",
        "Sóng di động yếu tại thôn Đông",
        "Khu vực thôn Đông, xã Đông Hợp sóng điện thoại rất yếu. Đề nghị Sở kiến nghị nhà mạng "
        "lắp thêm trạm phát sóng.",
        "",
    ),
]
HEALTH = [
    (
        "Bảo hiểm y tế",
        "Khám chữa bệnh bảo hiểm y tế trái tuyến",
        "Tôi có thẻ bảo hiểm y tế đăng ký ở trạm y tế xã, nếu lên bệnh viện tỉnh khám thì được "
        "hưởng bao nhiêu phần trăm?",
        "Theo Luật Bảo hiểm y tế sửa đổi, người bệnh tự đi khám chữa bệnh nội trú tại bệnh viện tuyến "
        "tỉnh được quỹ bảo hiểm y tế thanh toán theo mức hưởng ghi trên thẻ; khám ngoại trú trái "
        "tuyến thanh toán theo tỷ lệ quy định. Đề nghị mang thẻ và giấy tờ tùy thân khi đi khám.",
    ),
    (
        "Hành nghề y",
        "Thủ tục cấp giấy phép hành nghề khám bệnh, chữa bệnh",
        "Tôi tốt nghiệp bác sĩ đa khoa, đã thực hành 12 tháng. Xin hỏi hồ sơ đề nghị cấp giấy phép "
        "hành nghề gồm những gì?",
        "Hồ sơ gồm đơn đề nghị, bản sao văn bằng, giấy xác nhận hoàn thành thực hành và giấy chứng "
        "nhận đủ sức khỏe. Hồ sơ nộp trực tuyến trên Cổng dịch vụ công; thời hạn giải quyết theo "
        "quy định của Luật Khám bệnh, chữa bệnh năm 2023.",
    ),
    (
        "Y tế dự phòng",
        "Lịch tiêm chủng mở rộng cho trẻ em",
        "Con tôi 2 tháng tuổi, xin hỏi lịch tiêm chủng tại trạm y tế xã?",
        "Trạm y tế xã tổ chức tiêm chủng mở rộng định kỳ hằng tháng. Trẻ 2 tháng tuổi được tiêm "
        "vắc xin 5 trong 1 và uống vắc xin bại liệt. Gia đình mang sổ tiêm chủng và liên hệ trạm để "
        "biết ngày tiêm cụ thể.",
    ),
    (
        "An toàn thực phẩm",
        "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        "Tôi mở bếp ăn cung cấp suất ăn cho công nhân thì cần giấy chứng nhận gì?",
        "Cơ sở dịch vụ ăn uống cung cấp suất ăn sẵn phải có giấy chứng nhận cơ sở đủ điều kiện an "
        "toàn thực phẩm. Hồ sơ nộp tại Trung tâm Phục vụ hành chính công tỉnh; đoàn thẩm định sẽ "
        "kiểm tra thực tế cơ sở trước khi cấp.",
    ),
    (
        "Dược",
        "Điều kiện mở quầy thuốc tại xã",
        "Tôi có bằng trung cấp dược, muốn mở quầy thuốc tại xã thì cần điều kiện gì?",
        "Người phụ trách chuyên môn quầy thuốc cần có văn bằng trung cấp dược trở lên và thời gian "
        "thực hành 18 tháng tại cơ sở dược hợp pháp, đồng thời được cấp chứng chỉ hành nghề dược.",
    ),
    (
        "Bảo hiểm y tế",
        "Cấp lại thẻ bảo hiểm y tế bị mất",
        "Tôi làm mất thẻ bảo hiểm y tế, có thể dùng căn cước để đi khám không?",
        "",
    ),
]
LOCAL = [
    (
        "Hộ tịch",
        "Đăng ký khai sinh trực tuyến cho con",
        "Tôi có thể đăng ký khai sinh cho con qua mạng không, có phải đến xã không?",
        "Công dân đăng ký khai sinh trực tuyến qua Cổng dịch vụ công quốc gia (liên thông khai sinh, "
        "thường trú, cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi). Kết quả bản điện tử được gửi về tài "
        "khoản; bản giấy nhận tại bộ phận một cửa hoặc qua bưu chính.",
    ),
    (
        "Đất đai",
        "Thủ tục tách thửa đất ở",
        "Gia đình tôi muốn tách thửa đất ở để tặng cho con. Diện tích tối thiểu được tách là bao "
        "nhiêu?",
        "Diện tích tối thiểu được tách thửa đối với đất ở thực hiện theo quyết định của UBND tỉnh. "
        "Hồ sơ tách thửa nộp tại bộ phận một cửa; đề nghị mang theo giấy chứng nhận quyền sử dụng "
        "đất và căn cước của các thành viên có tên trên giấy.",
    ),
    (
        "Chứng thực",
        "Chứng thực bản sao từ bản chính",
        "Chứng thực bản sao giấy tờ ở xã mất phí bao nhiêu?",
        "Phí chứng thực bản sao từ bản chính là 2.000 đồng/trang; từ trang thứ ba trở đi thu 1.000 "
        "đồng/trang, tối đa 200.000 đồng/bản. Thời hạn giải quyết trong ngày làm việc.",
    ),
    (
        "Xây dựng",
        "Xây nhà ở nông thôn có cần giấy phép xây dựng không?",
        "Tôi xây nhà 2 tầng trên đất ở tại thôn thì có phải xin giấy phép xây dựng không?",
        "Nhà ở riêng lẻ ở nông thôn không thuộc khu vực có quy hoạch chi tiết, khu bảo tồn hoặc di "
        "tích được miễn giấy phép xây dựng. Đề nghị liên hệ công chức địa chính - xây dựng của xã để "
        "được hướng dẫn cụ thể theo vị trí thửa đất.",
    ),
    (
        "Chính sách xã hội",
        "Hồ sơ hưởng trợ cấp xã hội hằng tháng cho người cao tuổi",
        "Mẹ tôi 80 tuổi, không có lương hưu. Xin hỏi thủ tục hưởng trợ cấp?",
        "Người từ đủ 80 tuổi không có lương hưu, trợ cấp bảo hiểm xã hội hằng tháng được hưởng trợ "
        "cấp xã hội. Gia đình nộp tờ khai tại bộ phận một cửa xã; mức trợ cấp theo quy định hiện "
        "hành của Chính phủ.",
    ),
    (
        "Hạ tầng",
        "Đường liên thôn bị xuống cấp",
        "Đoạn đường từ thôn Nam ra quốc lộ bị ổ gà nhiều, đề nghị xã sửa chữa.",
        "",
    ),
]
GENERAL = [
    (
        "Dịch vụ công",
        "Tra cứu tình trạng hồ sơ thủ tục hành chính",
        "Tôi đã nộp hồ sơ trực tuyến, làm sao biết hồ sơ đang được xử lý đến đâu?",
        "Công dân tra cứu tình trạng hồ sơ bằng mã hồ sơ trên Cổng dịch vụ công của tỉnh hoặc quét "
        "mã QR trên giấy tiếp nhận. Hệ thống cũng gửi thư điện tử khi hồ sơ có kết quả.",
    ),
    (
        "Dịch vụ công",
        "Thanh toán phí, lệ phí trực tuyến",
        "Khi nộp hồ sơ trực tuyến tôi có thể nộp lệ phí qua ngân hàng không?",
        "Có. Cổng dịch vụ công hỗ trợ thanh toán trực tuyến qua ngân hàng và ví điện tử; biên lai "
        "điện tử được gửi kèm kết quả giải quyết.",
    ),
    (
        "Phản ánh, kiến nghị",
        "Gửi phản ánh về quy định hành chính",
        "Tôi thấy một thủ tục yêu cầu giấy tờ trùng lặp, có thể phản ánh ở đâu?",
        "Người dân, doanh nghiệp gửi phản ánh, kiến nghị về quy định hành chính qua Cổng dịch vụ "
        "công quốc gia hoặc trực tiếp tại Văn phòng UBND tỉnh. Phản ánh được xử lý trong thời hạn "
        "quy định và công khai kết quả.",
    ),
    (
        "Đầu tư",
        "Hỗ trợ doanh nghiệp nhỏ và vừa",
        "Doanh nghiệp nhỏ mới thành lập được tỉnh hỗ trợ những gì?",
        "Doanh nghiệp nhỏ và vừa được hỗ trợ tư vấn pháp lý, đào tạo, chuyển đổi số theo Luật Hỗ trợ "
        "doanh nghiệp nhỏ và vừa và chương trình của tỉnh. Thông tin chi tiết đăng tại chuyên mục "
        "Doanh nghiệp trên Cổng thông tin.",
    ),
    (
        "Dịch vụ công",
        "Nhận kết quả qua dịch vụ bưu chính công ích",
        "Tôi ở xa, có thể nhận kết quả giải quyết thủ tục qua bưu điện không?",
        "",
    ),
]


def _topic(org_unit) -> list[tuple[str, str, str, str]]:
    name = fold(org_unit.name) if org_unit is not None else ""
    kind = getattr(org_unit, "kind", "")
    if "thong tin" in name or "truyen thong" in name or "khoa hoc" in name:
        return ICT
    if "y te" in name:
        return HEALTH
    if kind in {"city", "district", "town", "commune", "ward", "township"}:
        return LOCAL
    return GENERAL


@transaction.atomic
def seed_demo_questions(site, org_unit, answerer) -> int:
    """Create the demo questions of `site` that do not exist yet; return how many were made."""
    now = timezone.now()
    existing = set(Question.objects.filter(site=site).values_list("title", flat=True))
    askers = [
        ("Nguyễn Văn Hùng", "hung.nv@example.vn"), ("Trần Thị Mai", "mai.tt@example.vn"),
        ("Phạm Minh Tuấn", "tuan.pm@example.vn"), ("Lê Thị Hoa", "hoa.lt@example.vn"),
        ("Vũ Đức Thắng", "thang.vd@example.vn"), ("Đặng Thu Trang", "trang.dt@example.vn"),
    ]  # fmt: skip
    created = 0
    for index, (field, title, body, answer) in enumerate(_topic(org_unit)):
        if title in existing:
            continue
        name, email = askers[index % len(askers)]
        asked = now - timedelta(days=60 - index * 9, hours=index)
        question = Question(
            site=site, asker_name=name, asker_email=email, title=title, body=body, field=field,
        )  # fmt: skip
        if answer:
            question.status = Question.Status.PUBLISHED
            question.answer = answer
            question.answered_by = answerer
            question.assigned_to = answerer
            question.answered_at = asked + timedelta(days=4)
            question.published_at = asked + timedelta(days=5)
            question.confirmation_sent_at = question.published_notice_sent_at = asked
        else:
            question.confirmation_sent_at = asked
        question.save()
        Question.objects.filter(pk=question.pk).update(created_at=asked)
        audit_log(
            actor=ACTOR,
            action="question.seed",
            obj=question,
            changes={"status": question.status},
            reason="Dữ liệu minh họa",
        )
        created += 1
    return created
