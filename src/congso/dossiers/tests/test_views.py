from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congso.dossiers import services
from congso.dossiers.models import Dossier, DossierFile
from congso.dossiers.tests.conftest import fill_ready, pdf_upload, process_to_desk

pytestmark = pytest.mark.django_db


def _draft_post(dossier, **extra) -> dict:
    data = {
        "a-applicant_name": "Trần Văn Dân",
        "a-phone": "0912345678",
        "a-email": "dan@example.vn",
        "a-address": "Thôn 3, xã Đông Hợp",
        "a-result_delivery": "counter",
        "f-ten_tre": "Nguyễn Thị Hoa",
        "f-ngay_sinh": "20/11/2026",
        "f-gioi_tinh": "Nữ",
        "f-so_ban_sao": "2",
        "f-cam_doan": "on",
    }
    data.update(extra)
    return data


@pytest.fixture
def draft(citizen, procedure):
    return services.dossier_start(applicant=citizen, procedure=procedure)


def test_starting_needs_a_sign_in(client, procedure):
    response = client.get(reverse("dossiers:start", args=[procedure.code]))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_start_page_creates_one_draft_for_a_double_click(client, citizen, procedure):
    client.force_login(citizen)
    url = reverse("dossiers:start", args=[procedure.code])
    page = client.get(url)
    assert page.status_code == 200
    token = page.context["form"]["token"].value()

    first = client.post(url, {"token": token})
    second = client.post(url, {"token": token})

    dossier = Dossier.objects.get()
    assert first["Location"] == second["Location"] == reverse("dossiers:detail", args=[dossier.pk])


def test_start_page_for_an_unknown_procedure_is_a_vietnamese_404(client, citizen):
    client.force_login(citizen)

    response = client.get(reverse("dossiers:start", args=["0.000000"]))

    assert response.status_code == 404
    assert "Không tìm thấy thủ tục hành chính" in response.content.decode()


def test_the_draft_page_shows_the_form_and_the_papers(client, citizen, draft):
    client.force_login(citizen)

    response = client.get(reverse("dossiers:detail", args=[draft.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="f-ten_tre"' in html
    assert 'placeholder="dd/mm/yyyy"' in html
    assert "Giấy chứng sinh" in html
    assert 'name="action" value="submit"' in html


def test_a_wrong_upload_keeps_what_was_typed_and_the_good_files(client, citizen, draft):
    client.force_login(citizen)
    papers = list(draft.required_papers().order_by("order"))
    fake = SimpleUploadedFile("giay-chung-sinh.pdf", b"MZ\x90\x00 not a pdf at all")

    response = client.post(
        reverse("dossiers:detail", args=[draft.pk]),
        _draft_post(
            draft,
            action="save",
            **{f"paper-{papers[0].pk}": pdf_upload("to-khai.pdf"), f"paper-{papers[1].pk}": fake},
        ),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "giay-chung-sinh.pdf: Chỉ nhận" in html or "giay-chung-sinh.pdf:" in html
    draft.refresh_from_db()
    assert draft.form_data["ten_tre"] == "Nguyễn Thị Hoa"
    assert draft.address == "Thôn 3, xã Đông Hợp"
    assert [f.original_name for f in draft.files.all()] == ["to-khai.pdf"]
    assert 'value="Nguyễn Thị Hoa"' in html  # the page shows it back


def test_submitting_an_incomplete_draft_lists_all_problems_and_saves_the_typing(
    client, citizen, draft
):
    client.force_login(citizen)

    response = client.post(
        reverse("dossiers:detail", args=[draft.pk]),
        _draft_post(draft, action="submit", **{"f-gioi_tinh": "", "f-so_ban_sao": "ba"}),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Chưa tải lên “Tờ khai đăng ký khai sinh”" in html
    assert "Chưa tải lên “Giấy chứng sinh”" in html
    assert "Giới tính" in html
    draft.refresh_from_db()
    assert draft.status == Dossier.Status.DRAFT
    assert draft.form_data["so_ban_sao"] == "ba"


def test_submitting_twice_makes_one_dossier_and_one_mail(
    client, citizen, draft, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(citizen)
    fill_ready(draft, citizen)
    url = reverse("dossiers:detail", args=[draft.pk])

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, _draft_post(draft, action="submit"))
        second = client.post(url, _draft_post(draft, action="submit"))

    assert first.status_code == second.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Dossier.Status.SUBMITTED
    assert len(mailoutbox) == 1
    page = client.get(url).content.decode()
    assert draft.code in page
    assert draft.lookup_secret in page
    assert "data:image/svg+xml" in page  # the QR code of the receipt


def test_autosave_answers_json_and_keeps_the_values(client, citizen, draft):
    client.force_login(citizen)

    response = client.post(
        reverse("dossiers:detail", args=[draft.pk]),
        {"action": "autosave", "f-ten_tre": "Hoa", "a-address": "Thôn 5"},
        headers={"X-Requested-With": "fetch"},
    )

    assert response.status_code == 200
    assert "Đã tự động lưu" in response.json()["message"]
    draft.refresh_from_db()
    assert draft.form_data["ten_tre"] == "Hoa"
    assert draft.address == "Thôn 5"


def test_one_by_one_upload_answers_json(client, citizen, draft):
    client.force_login(citizen)
    paper = draft.required_papers().first()
    url = reverse("dossiers:detail", args=[draft.pk])

    ok = client.post(
        url,
        {"action": "save", f"paper-{paper.pk}": pdf_upload()},
        headers={"X-Requested-With": "fetch"},
    )
    bad = client.post(
        url,
        {"action": "save", f"paper-{paper.pk}": SimpleUploadedFile("x.pdf", b"")},
        headers={"X-Requested-With": "fetch"},
    )

    assert ok.status_code == 200
    assert ok.json()["stored"] == 1
    assert bad.status_code == 400
    assert bad.json()["errors"]
    assert draft.files.count() == 1


def test_someone_elses_dossier_is_not_found(client, other_citizen, draft):
    client.force_login(other_citizen)

    page = client.get(reverse("dossiers:detail", args=[draft.pk]))
    post = client.post(reverse("dossiers:detail", args=[draft.pk]), {"action": "save"})

    assert page.status_code == post.status_code == 404
    draft.refresh_from_db()
    assert draft.form_data == {}


def test_files_are_served_to_the_applicant_and_the_desk_only(
    client, citizen, other_citizen, clerk, draft
):
    paper = draft.required_papers().first()
    item = services.dossier_attach_file(
        actor=citizen, dossier=draft, paper_id=paper.pk, upload=pdf_upload()
    )
    url = reverse("dossiers:file", args=[draft.pk, item.pk])

    assert client.get(url).status_code == 302  # sign in first
    client.force_login(other_citizen)
    assert client.get(url).status_code == 404
    client.force_login(clerk)
    assert client.get(url).status_code == 200
    client.force_login(citizen)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"


def test_my_dossiers_lists_only_mine(client, citizen, other_citizen, draft, procedure):
    services.dossier_start(applicant=other_citizen, procedure=procedure)
    client.force_login(citizen)

    response = client.get(reverse("dossiers:list"))

    assert [d.pk for d in response.context["page"].object_list] == [draft.pk]
    assert (
        client.get(reverse("dossiers:list"), {"trang": "abc", "trang-thai": "?"}).status_code == 200
    )


@pytest.fixture
def submitted(citizen, draft, django_capture_on_commit_callbacks):
    fill_ready(draft, citizen)
    with django_capture_on_commit_callbacks(execute=True):
        dossier, _ = services.dossier_submit(actor=citizen, dossier=draft)
    return dossier


def test_lookup_by_code_and_secret_without_signing_in(client, submitted):
    url = reverse("dossiers:lookup")

    found = client.get(url, {"ma": submitted.code.lower(), "bi-mat": submitted.lookup_secret})
    wrong = client.get(url, {"ma": submitted.code, "bi-mat": "AAAAAA"})
    empty = client.get(url, {"ma": "", "bi-mat": ""})

    assert found.status_code == 200
    html = found.content.decode()
    assert "Mới nộp, chờ tiếp nhận" in html
    assert submitted.procedure.name in html
    assert submitted.applicant_name not in html  # no personal data on the public page
    assert wrong.status_code == 404
    assert "Không tìm thấy hồ sơ" in wrong.content.decode()
    assert empty.status_code == 400
    assert "Vui lòng nhập mã hồ sơ" in empty.content.decode()


def test_lookup_is_rate_limited_per_ip(client, submitted, settings):
    from congso.dossiers import views

    limit, _seconds = views.LOOKUPS_PER_IP
    url = reverse("dossiers:lookup")
    for _ in range(limit):
        client.get(url, {"ma": submitted.code, "bi-mat": "AAAAAA"})

    response = client.get(url, {"ma": submitted.code, "bi-mat": submitted.lookup_secret})

    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()


def test_withdraw_from_the_page(client, citizen, submitted):
    client.force_login(citizen)
    url = reverse("dossiers:detail", args=[submitted.pk])

    refused = client.post(url, {"action": "withdraw", "reason": ""})
    done = client.post(url, {"action": "withdraw", "reason": "Nộp nhầm thủ tục"})

    assert refused.status_code == 400
    assert "Vui lòng cho biết lý do rút hồ sơ" in refused.content.decode()
    assert done.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Dossier.Status.WITHDRAWN


def test_answer_a_supplement_request_by_uploading(
    client, citizen, clerk, submitted, django_capture_on_commit_callbacks
):
    paper = submitted.required_papers().get(name="Giấy chứng sinh")
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_request_supplement(
            actor=clerk, dossier=submitted, items=[{"paper": paper.pk, "reason": "Ảnh mờ"}]
        )
    client.force_login(citizen)
    url = reverse("dossiers:detail", args=[submitted.pk])
    page = client.get(url).content.decode()
    assert "Giấy chứng sinh</strong>: Ảnh mờ" in page

    response = client.post(
        url,
        {"action": "answer_supplement", f"paper-{paper.pk}": pdf_upload("ro.pdf"), "note": "Ok"},
    )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Dossier.Status.SUBMITTED
    assert submitted.files.filter(original_name="ro.pdf", kind=DossierFile.Kind.PAPER).exists()


def test_rating_from_the_page(
    client, citizen, clerk, handler, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_receive(actor=clerk, dossier=submitted)
        process_to_desk(submitted, handler)
        services.dossier_issue_result(actor=clerk, dossier=submitted, file=pdf_upload("kq.pdf"))
    client.force_login(citizen)
    url = reverse("dossiers:detail", args=[submitted.pk])

    bad = client.post(url, {"action": "rate", "rating": "9"})
    good = client.post(url, {"action": "rate", "rating": "4", "comment": "Rất nhanh"})

    assert bad.status_code == 400
    assert good.status_code == 302
    submitted.refresh_from_db()
    assert submitted.rating == 4
    assert "Rất hài lòng" in client.get(url).content.decode()


def test_an_unknown_action_is_a_clear_400(client, citizen, submitted):
    client.force_login(citizen)

    response = client.post(reverse("dossiers:detail", args=[submitted.pk]), {"action": "hack"})

    assert response.status_code == 422
    assert "Thao tác không hợp lệ" in response.content.decode()
