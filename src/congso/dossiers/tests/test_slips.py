"""The printed slips (Mẫu 01–05): real PDFs read back with poppler's pdfinfo and pdftotext, the
views that serve them to officials and applicants, and the mail that carries them."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import segno
from django.urls import NoReverseMatch, include, path, reverse

from congso.accounts.models import OrgUnit, Role
from congso.accounts.tests.factories import make_official
from congso.conftest import mail_text
from congso.core.exceptions import InvalidTransition, NotFound
from congso.dossiers import services, slips
from congso.dossiers.models import Dossier, DossierStep
from congso.dossiers.tasks import lookup_url, send_dossier_mail
from congso.dossiers.tests.conftest import fill_ready

pytestmark = pytest.mark.django_db

PDFINFO = shutil.which("pdfinfo") or "/usr/bin/pdfinfo"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
VN_TIME = re.compile(r"\d{2} giờ \d{2} phút, ngày \d{2} tháng \d{2} năm \d{4}")


# --- helpers -----------------------------------------------------------------------------------


def pdf_info(pdf: bytes) -> dict[str, str]:
    out = subprocess.run(  # noqa: S603 - a fixed poppler tool on bytes we made
        [PDFINFO, "-"], input=pdf, capture_output=True, check=True, timeout=30
    ).stdout.decode()
    return {
        k.strip(): v.strip() for k, _sep, v in (line.partition(":") for line in out.splitlines())
    }


def page_size(pdf: bytes) -> tuple[float, float]:
    match = re.match(r"([\d.]+) x ([\d.]+) pts", pdf_info(pdf)["Page size"])
    assert match
    return float(match[1]), float(match[2])


def pdf_text(pdf: bytes) -> str:
    """The text of the PDF on one line, spaces collapsed (a phrase may wrap anywhere)."""
    out = subprocess.run(  # noqa: S603 - a fixed poppler tool on bytes we made
        [PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True,
        timeout=30,
    ).stdout.decode()  # fmt: skip
    return " ".join(unicodedata.normalize("NFC", out).split())


def assert_one_a4_page(pdf: bytes, *, landscape: bool = False) -> None:
    assert pdf.startswith(b"%PDF-")
    assert pdf_info(pdf)["Pages"] == "1"
    width, height = page_size(pdf)
    if landscape:
        width, height = height, width
    assert abs(width - 595.3) < 1
    assert abs(height - 841.9) < 1


def img_sources(page: str) -> list[str]:
    return [html.unescape(src) for src in re.findall(r'<img[^>]* src="([^"]+)"', page)]


# The views' URL lines live in dossiers/urls.py; until they are there, the tests serve them from
# this module (the project's URLs, the dossier namespace with the two slip routes added).
urlpatterns: list = []


def _urlpatterns():
    from congso import urls as root
    from congso.dossiers import slip_views
    from congso.dossiers import urls as dossier_urls

    slip_routes = [
        path("mot-cua/ho-so/<int:pk>/phieu/<slug:kind>.pdf", slip_views.desk_slip,
             name="desk-slip"),
        path("dich-vu-cong/ho-so/<int:pk>/phieu-tiep-nhan.pdf", slip_views.applicant_receipt,
             name="receipt"),
    ]  # fmt: skip
    others = [p for p in root.urlpatterns if getattr(p, "namespace", None) != "dossiers"]
    return [path("", include((dossier_urls.urlpatterns + slip_routes, "dossiers"))), *others]


@pytest.fixture
def slip_urls(settings):
    try:
        reverse("dossiers:receipt", args=[1])
    except NoReverseMatch:
        urlpatterns[:] = _urlpatterns()
        settings.ROOT_URLCONF = __name__


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def submitted(citizen, procedure, django_capture_on_commit_callbacks):
    draft = fill_ready(services.dossier_start(applicant=citizen, procedure=procedure), citizen)
    Dossier.objects.filter(pk=draft.pk).update(
        address="Thôn Đông, xã Đông Hợp, tỉnh Thái Bình", applicant_id_number="034201001234"
    )
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        dossier, _ = services.dossier_submit(actor=citizen, dossier=draft)
    return dossier


@pytest.fixture
def received(submitted, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.dossier_receive(actor=clerk, dossier=submitted)


@pytest.fixture
def district_handler(province):
    """A handler at the district: may act on steps of its communes' units."""
    return make_official(
        email="xuly@example.vn", full_name="Hoàng Văn Xử", unit=province.donghung, role=Role.HANDLER
    )


def add_steps(dossier: Dossier, clerk, handler) -> list[DossierStep]:
    """The desk's step done early, the handler's step done late, a leader's step still open."""
    dossier.steps.all().delete()
    start = dossier.received_at
    leader_unit = OrgUnit.objects.get(code="000.00.27.H56")
    desk = DossierStep.objects.create(
        dossier=dossier, order=1, name="Tiếp nhận hồ sơ", org_unit=dossier.agency,
        role=Role.ONE_STOP_CLERK, days=Decimal("0.5"), sent_by=clerk, started_at=start,
        due_at=start + timedelta(days=1), handler=clerk, claimed_at=start,
        finished_at=start, outcome=DossierStep.Outcome.FORWARDED,
    )  # fmt: skip
    work = DossierStep.objects.create(
        dossier=dossier, order=2, name="Thẩm định hồ sơ", org_unit=dossier.agency,
        role=Role.HANDLER, days=Decimal("1"), sent_by=clerk, started_at=start + timedelta(hours=1),
        due_at=start + timedelta(hours=2), handler=handler, claimed_at=start + timedelta(hours=1),
        finished_at=start + timedelta(hours=3), outcome=DossierStep.Outcome.FORWARDED,
        note="Đủ điều kiện, trình lãnh đạo ký duyệt",
    )  # fmt: skip
    sign = DossierStep.objects.create(
        dossier=dossier, order=3, name="Phê duyệt kết quả", org_unit=leader_unit,
        role=Role.LEADER, days=Decimal("0.5"), sent_by=handler,
        started_at=start + timedelta(hours=3), due_at=start + timedelta(days=1),
    )  # fmt: skip
    return [desk, work, sign]


# --- dates -------------------------------------------------------------------------------------


def test_vietnamese_date_and_time_in_local_time(settings):
    moment = datetime(2026, 11, 27, 1, 5, tzinfo=UTC)  # 08:05 in Hà Nội

    assert slips.vn_datetime(moment) == "08 giờ 05 phút, ngày 27 tháng 11 năm 2026"
    assert slips.vn_date_line(moment) == "Thái Bình, ngày 27 tháng 11 năm 2026"
    assert slips.vn_date_line(moment, "Hưng Yên") == "Hưng Yên, ngày 27 tháng 11 năm 2026"
    assert slips.vn_datetime(datetime(2026, 12, 31, 17, 30, tzinfo=UTC)) == (
        "00 giờ 30 phút, ngày 01 tháng 01 năm 2027"
    )
    assert slips.vn_datetime(None) == ""


# --- Mẫu 01 ------------------------------------------------------------------------------------


def test_receipt_is_one_a4_page_with_everything_the_applicant_needs(received):
    pdf = slips.receipt_pdf(received)

    assert_one_a4_page(pdf)
    text = pdf_text(pdf)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"Thái Bình, {slips.vn_date(received.received_at)}",
        "XÃ ĐÔNG HỢP",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {received.code}",
        f"Mã tra cứu: {received.lookup_secret}",
        "Ông/Bà: Trần Văn Dân; số định danh cá nhân/CCCD: 034201001234",
        "Địa chỉ: Thôn Đông, xã Đông Hợp, tỉnh Thái Bình",
        "Số điện thoại: 0912345678; thư điện tử: dan@example.vn",
        "Đăng ký khai sinh (mã thủ tục 1.001193)",
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
        "giay-chung-sinh.pdf",
        "Hình thức nộp: Trực tuyến",
        "Thời gian giải quyết hồ sơ theo quy định: 1 ngày làm việc",
        f"Thời gian nhận hồ sơ: {slips.vn_datetime(received.received_at)}",
        f"Thời gian trả kết quả giải quyết hồ sơ: {slips.vn_datetime(received.due_at)}",
        "Nơi nhận kết quả: Nhận trực tiếp tại bộ phận một cửa",
        "http://localhost:8000/tra-cuu-ho-so/",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Phạm Thu Một",
    ]:
        assert expected in text, expected
    assert "Văn bản ủy quyền" not in text  # optional and not given: not received
    assert len(VN_TIME.findall(text)) == 2


def test_the_receipt_qr_opens_the_lookup_with_code_and_secret(received):
    context = slips.receipt_context(received)
    page = slips.render_html("receipt.html", context)

    url = lookup_url(received)
    assert context["qr_url"] == url
    assert f"ma={received.code}" in url
    assert f"bi-mat={received.lookup_secret}" in url
    assert url.startswith("http://localhost:8000/tra-cuu-ho-so/?")
    assert segno.make(url, error="m").svg_data_uri(scale=slips.QR_SCALE) in img_sources(page)
    assert slips.barcode_data_uri(received.code) in img_sources(page)


def test_no_receipt_before_reception(submitted):
    with pytest.raises(InvalidTransition, match="chưa được tiếp nhận"):
        slips.slip(submitted, "tiep-nhan")


# --- Mẫu 02 ------------------------------------------------------------------------------------


def test_supplement_slip_lists_every_item_with_its_reason(submitted, clerk):
    paper = submitted.required_papers().get(name="Giấy chứng sinh")
    request = services.dossier_request_supplement(
        actor=clerk,
        dossier=submitted,
        items=[
            {"paper": paper.pk, "reason": "Bản chụp bị mờ, không đọc được số hiệu"},
            {"field": "ngay_sinh", "reason": "Ngày sinh không khớp với giấy chứng sinh"},
            {"paper": None, "field": "", "reason": "Bổ sung bản sao sổ hộ khẩu của người mẹ"},
        ],
        message="Đề nghị nộp lại trước ngày 30/11.",
    )

    result = slips.slip(submitted, "bo-sung")

    assert result.filename == f"phieu-yeu-cau-bo-sung-{submitted.code}.pdf"
    assert_one_a4_page(result.content)
    text = pdf_text(result.content)
    for expected in [
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        f"Mã hồ sơ: {submitted.code}",
        "Hồ sơ của: Trần Văn Dân",
        "1 Giấy chứng sinh Bản chụp bị mờ, không đọc được số hiệu",
        "2 Tờ khai, mục “Ngày sinh” Ngày sinh không khớp với giấy chứng sinh",
        "3 Hồ sơ Bổ sung bản sao sổ hộ khẩu của người mẹ",
        "Hướng dẫn thêm: Đề nghị nộp lại trước ngày 30/11.",
        f"Thái Bình, {slips.vn_date(request.created_at)}",
        "NGƯỜI HƯỚNG DẪN",
        "Phạm Thu Một",
    ]:
        assert expected in text, expected


def test_no_supplement_slip_without_a_request(received):
    with pytest.raises(NotFound):
        slips.slip(received, "bo-sung")


# --- Mẫu 03 ------------------------------------------------------------------------------------


def test_refusal_slip_gives_the_reason(submitted, clerk):
    reason = "Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã"
    with pytest.raises(InvalidTransition):
        slips.slip(submitted, "tu-choi")
    services.dossier_refuse(actor=clerk, dossier=submitted, reason=reason)
    submitted.refresh_from_db()

    result = slips.slip(submitted, "tu-choi")

    assert result.filename == f"phieu-tu-choi-{submitted.code}.pdf"
    assert_one_a4_page(result.content)
    text = pdf_text(result.content)
    for expected in [
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        f"Mã hồ sơ: {submitted.code}",
        "Ông/Bà: Trần Văn Dân",
        reason,
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Phạm Thu Một",
    ]:
        assert expected in text, expected


# --- Mẫu 04 ------------------------------------------------------------------------------------


def test_apology_slip_gives_the_reason_and_the_new_date(received):
    new_due = received.due_at + timedelta(days=3)
    reason = "Cần xác minh thêm thông tin tại nơi cư trú của người mẹ"

    pdf = slips.apology_pdf(received, new_due=new_due, reason=reason)

    assert_one_a4_page(pdf)
    text = pdf_text(pdf)
    for expected in [
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "Kính gửi: Ông/Bà Trần Văn Dân",
        f"Thời gian hẹn trả kết quả giải quyết hồ sơ: {slips.vn_datetime(received.due_at)}",
        reason,
        f"trả kết quả giải quyết hồ sơ cho Ông/Bà vào {slips.vn_datetime(new_due)}",
        "THỦ TRƯỞNG CƠ QUAN",
    ]:
        assert expected in text, expected


def test_apology_slip_needs_the_new_date(received):
    with pytest.raises(InvalidTransition, match="ngày hẹn lại"):
        slips.slip(received, "xin-loi")
    new_due = received.due_at + timedelta(days=2)
    Dossier.objects.filter(pk=received.pk).update(apology_due_at=new_due)
    received.refresh_from_db()

    result = slips.slip(received, "xin-loi")

    assert result.filename == f"phieu-xin-loi-{received.code}.pdf"
    assert slips.vn_datetime(new_due) in pdf_text(result.content)


# --- Mẫu 05 ------------------------------------------------------------------------------------


def test_control_sheet_has_one_row_per_hand_off(received, clerk, district_handler):
    add_steps(received, clerk, district_handler)

    rows = slips.control_rows(received)
    pdf = slips.control_sheet_pdf(received)

    assert [(r["from_unit"], r["to_unit"], r["timing"]) for r in rows] == [
        ("Xã Đông Hợp", "Xã Đông Hợp", "Trước hạn"),
        ("Xã Đông Hợp", "Xã Đông Hợp", "Quá hạn"),
        ("Xã Đông Hợp", "Huyện Đông Hưng", ""),
    ]
    assert [(r["sender"], r["receiver"]) for r in rows] == [
        ("Phạm Thu Một", "Phạm Thu Một"),
        ("Phạm Thu Một", "Hoàng Văn Xử"),
        ("Hoàng Văn Xử", ""),
    ]
    assert pdf.startswith(b"%PDF-")
    width, height = page_size(pdf)
    assert (round(width), round(height)) == (842, 595)  # landscape A4
    text = pdf_text(pdf)
    for expected in [
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        f"Mã hồ sơ: {received.code}",
        "Trần Văn Dân",
        "Tiếp nhận hồ sơ",
        "Thẩm định hồ sơ",
        "Phê duyệt kết quả",
        "Nhận: Huyện Đông Hưng",
        "Hoàng Văn Xử",
        "Đủ điều kiện, trình lãnh đạo ký duyệt",
        slips.vn_datetime(received.received_at + timedelta(hours=3)),
    ]:
        assert expected in text, expected
    assert text.count("Trước hạn") == 1
    assert text.count("Quá hạn") == 1
    assert "Đúng hạn" not in text


def test_no_control_sheet_before_reception(submitted):
    with pytest.raises(InvalidTransition, match="chưa được tiếp nhận"):
        slips.slip(submitted, "kiem-soat")


# --- views -------------------------------------------------------------------------------------


def test_the_applicant_downloads_their_receipt(client, slip_urls, citizen, received):
    client.force_login(citizen)

    response = client.get(reverse("dossiers:receipt", args=[received.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="phieu-tiep-nhan-{received.code}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")


def test_nobody_else_gets_the_applicants_receipt(client, slip_urls, other_citizen, clerk, received):
    url = reverse("dossiers:receipt", args=[received.pk])

    assert client.get(url).status_code == 302  # to the login page
    client.force_login(other_citizen)
    assert client.get(url).status_code == 404
    client.force_login(clerk)  # the desk prints it from its own address
    assert client.get(url).status_code == 404


def test_no_receipt_to_download_before_reception(client, slip_urls, citizen, submitted):
    client.force_login(citizen)

    response = client.get(reverse("dossiers:receipt", args=[submitted.pk]))

    assert response.status_code == 409
    assert "Hồ sơ chưa được tiếp nhận" in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "filename"),
    [("tiep-nhan", "phieu-tiep-nhan"), ("kiem-soat", "phieu-kiem-soat")],
)
def test_the_desk_prints_the_slips(client, slip_urls, clerk, received, kind, filename):
    client.force_login(clerk)

    response = client.get(reverse("dossiers:desk-slip", args=[received.pk, kind]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="{filename}-{received.code}.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_slips_that_do_not_apply_are_a_clear_4xx(client, slip_urls, clerk, received):
    client.force_login(clerk)

    def get(kind):
        return client.get(reverse("dossiers:desk-slip", args=[received.pk, kind]))

    assert get("xin-loi").status_code == 409
    assert "ngày hẹn lại" in get("xin-loi").content.decode()
    assert get("tu-choi").status_code == 409
    assert get("bo-sung").status_code == 404
    assert "chưa có yêu cầu bổ sung" in get("bo-sung").content.decode()
    assert get("mau-khac").status_code == 404


def test_desk_slips_for_the_agency_and_the_step_handlers_only(
    client, slip_urls, province, citizen, clerk, district_handler, received
):
    add_steps(received, clerk, district_handler)
    url = reverse("dossiers:desk-slip", args=[received.pk, "kiem-soat"])

    def official(email, unit, role):
        return make_official(email=email, full_name=email, unit=unit, role=role)

    allowed = [
        clerk,  # the receiving agency's desk
        district_handler,  # a handler above the unit of the handlers' step
        official("lanhdao@donghung.vn", province.donghung, Role.LEADER),  # the leader's step
        official("lanhdao@xa.vn", province.xa, Role.LEADER),  # an official of a unit with a step
    ]
    refused = [
        citizen,
        official("motcua@soyte.vn", province.soyte, Role.ONE_STOP_CLERK),
        official("xuly@soyte.vn", province.soyte, Role.HANDLER),
    ]
    for user in allowed:
        client.force_login(user)
        assert client.get(url).status_code == 200, user.email
    for user in refused:
        client.force_login(user)
        assert client.get(url).status_code == 404, user.email


# --- mail --------------------------------------------------------------------------------------


def test_the_reception_mail_carries_the_receipt(
    smtp_inbox, submitted, clerk, django_capture_on_commit_callbacks
):
    before = len(smtp_inbox.messages)
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.dossier_receive(actor=clerk, dossier=submitted)

    message = smtp_inbox.wait_for(before + 1)[-1]

    assert dossier.code in mail_text(message)
    pdfs = [p for p in message.walk() if p.get_content_type() == "application/pdf"]
    assert [p.get_filename() for p in pdfs] == [f"phieu-tiep-nhan-{dossier.code}.pdf"]
    content = pdfs[0].get_payload(decode=True)
    assert content.startswith(b"%PDF-")
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in pdf_text(content)


def test_supplement_and_refusal_mails_carry_their_slips(
    mailoutbox, submitted, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_request_supplement(
            actor=clerk, dossier=submitted, items=[{"paper": None, "reason": "Thiếu chữ ký"}]
        )
    [(name, content, mimetype)] = mailoutbox[-1].attachments
    assert (name, mimetype) == (f"phieu-yeu-cau-bo-sung-{submitted.code}.pdf", "application/pdf")
    assert "Thiếu chữ ký" in pdf_text(content)

    Dossier.objects.filter(pk=submitted.pk).update(status=Dossier.Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_refuse(actor=clerk, dossier=submitted, reason="Sai cơ quan tiếp nhận")
    [(name, content, _mimetype)] = mailoutbox[-1].attachments
    assert name == f"phieu-tu-choi-{submitted.code}.pdf"
    assert "Sai cơ quan tiếp nhận" in pdf_text(content)


def test_other_mails_carry_no_slip_and_the_confirmation_is_sent_once(mailoutbox, submitted):
    sent = len(mailoutbox)
    assert mailoutbox[-1].attachments == []  # the submission confirmation

    assert send_dossier_mail.call(dossier_id=submitted.pk, kind="submitted") is False
    assert len(mailoutbox) == sent
