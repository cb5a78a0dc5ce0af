from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congso.core.exceptions import NotPermitted, ValidationFailed
from congso.dossiers import services
from congso.dossiers.models import Dossier
from congso.dossiers.tests.conftest import VALID_VALUES, pdf_upload

pytestmark = pytest.mark.django_db

APPLICANT = {
    "applicant_name": "Vũ Thị Nộp",
    "applicant_id_number": "034190001234",
    "address": "Thôn 2, xã Đông Hợp",
    "phone": "0987654321",
    "email": "",
}


def papers(procedure):
    return list(procedure.papers.filter(is_required=True).order_by("order"))


def test_a_dossier_brought_in_person_is_received_at_once(clerk, procedure, agency, mailoutbox):
    uploads = [(p.pk, pdf_upload(f"scan-{p.pk}.pdf")) for p in papers(procedure)]

    dossier = services.dossier_register_at_counter(
        clerk=clerk, procedure=procedure, agency=agency, applicant=APPLICANT,
        values=VALID_VALUES, uploads=uploads,
    )  # fmt: skip

    assert dossier.status == Dossier.Status.RECEIVED
    assert dossier.channel == Dossier.Channel.COUNTER
    assert dossier.applicant is None
    assert dossier.code.startswith(f"{agency.code}-")
    assert dossier.due_at > dossier.received_at
    assert dossier.files.count() == len(uploads)
    assert dossier.steps.filter(finished_at__isnull=True).count() == 1
    assert mailoutbox == []  # no email given


def test_nothing_is_saved_when_anything_is_missing(clerk, procedure, agency):
    bad = SimpleUploadedFile("scan.pdf", b"not a pdf")
    first = papers(procedure)[0]

    with pytest.raises(ValidationFailed) as error:
        services.dossier_register_at_counter(
            clerk=clerk, procedure=procedure, agency=agency,
            applicant={**APPLICANT, "applicant_name": ""},
            values={**VALID_VALUES, "gioi_tinh": ""}, uploads=[(first.pk, bad)],
        )  # fmt: skip

    problems = error.value.extra["errors"]
    assert {"applicant_name", "f-gioi_tinh", f"paper-{first.pk}"} <= set(problems)
    assert not Dossier.objects.exists()


def test_only_the_agencys_desk_registers(citizen, procedure, agency, handler):
    for actor in (citizen, handler):
        with pytest.raises(NotPermitted):
            services.dossier_register_at_counter(
                clerk=actor, procedure=procedure, agency=agency, applicant=APPLICANT,
                values=VALID_VALUES, uploads=[],
            )  # fmt: skip
    assert not Dossier.objects.exists()


def test_register_from_the_desk_pages(client, clerk, procedure):
    client.force_login(clerk)
    choose = client.get(reverse("dossiers:counter-choose"), {"q": "khai sinh"})
    assert procedure.name in choose.content.decode()
    url = reverse("dossiers:counter-register", args=[procedure.code])
    data = {f"a-{k}": v for k, v in APPLICANT.items()}
    data |= {f"f-{k}": ("on" if v is True else v) for k, v in VALID_VALUES.items()}

    missing = client.post(url, data)
    for paper in papers(procedure):
        data[f"paper-{paper.pk}"] = pdf_upload(f"scan-{paper.pk}.pdf")
    done = client.post(url, data)

    assert missing.status_code == 422
    assert "Chưa tải lên" in missing.content.decode()
    assert 'value="Vũ Thị Nộp"' in missing.content.decode()  # what was typed is kept
    assert done.status_code == 302
    dossier = Dossier.objects.get()
    assert done["Location"] == reverse("dossiers:desk-dossier", args=[dossier.pk])
    assert dossier.applicant_name == "Vũ Thị Nộp"


def test_the_counter_pages_are_for_desk_clerks(client, citizen, procedure):
    client.force_login(citizen)

    assert client.get(reverse("dossiers:counter-choose")).status_code == 403
    assert (
        client.get(reverse("dossiers:counter-register", args=[procedure.code])).status_code == 403
    )


def test_the_log_book_lists_the_desks_dossiers_and_exports_them(client, clerk, procedure, agency):
    from io import BytesIO

    from django.utils import timezone
    from openpyxl import load_workbook

    uploads = [(p.pk, pdf_upload(f"scan-{p.pk}.pdf")) for p in papers(procedure)]
    dossier = services.dossier_register_at_counter(
        clerk=clerk, procedure=procedure, agency=agency, applicant=APPLICANT,
        values=VALID_VALUES, uploads=uploads,
    )  # fmt: skip
    client.force_login(clerk)
    url = reverse("dossiers:log-book")
    today = f"{timezone.localdate():%d/%m/%Y}"

    page = client.get(url, {"tu": today, "den": today})
    excel = client.get(url, {"tu": today, "den": today, "xuat": "excel"})
    bad = client.get(url, {"tu": "31/02/2026", "den": today})

    assert dossier.code in page.content.decode()
    assert bad.status_code == 422
    sheet = load_workbook(BytesIO(excel.content)).active
    assert [c.value for c in sheet[3]][:4] == [1, dossier.code, procedure.name, "Vũ Thị Nộp"]
