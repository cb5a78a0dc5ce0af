from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from congso.core.exceptions import InvalidTransition, NotPermitted, ValidationFailed
from congso.core.models import AuditLog
from congso.dossiers import services
from congso.dossiers.models import Dossier, DossierEvent, DossierFile, DossierSequence
from congso.dossiers.tests.conftest import (
    VALID_VALUES,
    fill_ready,
    jpeg_upload,
    pdf_upload,
    process_to_desk,
)
from congso.procedures.models import Procedure, ProcedureCase

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def start(citizen, procedure, **kwargs):
    return services.dossier_start(applicant=citizen, procedure=procedure, **kwargs)


def submit(dossier, actor, capture):
    with capture(execute=True):
        return services.dossier_submit(actor=actor, dossier=dossier)


# --- start -------------------------------------------------------------------------------------


def test_start_fills_the_applicant_from_the_profile(citizen, procedure, agency):
    dossier = start(citizen, procedure)

    assert dossier.status == Dossier.Status.DRAFT
    assert dossier.code is None
    assert dossier.agency == agency
    assert (dossier.applicant_name, dossier.phone, dossier.email) == (
        "Trần Văn Dân",
        "0912345678",
        "dan@example.vn",
    )
    assert DossierEvent.objects.filter(dossier=dossier, action="start").count() == 1


def test_start_twice_with_the_same_token_gives_one_dossier(citizen, procedure):
    first = start(citizen, procedure, client_token="tab-1")
    again = start(citizen, procedure, client_token="tab-1")
    other = start(citizen, procedure, client_token="tab-2")

    assert again.pk == first.pk
    assert other.pk != first.pk
    assert Dossier.objects.count() == 2


def test_start_refuses_an_offline_procedure(citizen, procedure):
    procedure.online_level = Procedure.OnlineLevel.OFFLINE
    procedure.save()

    with pytest.raises(ValidationFailed):
        start(citizen, procedure)
    assert Dossier.objects.count() == 0


def test_start_asks_for_the_agency_when_there_are_several(citizen, procedure, province):
    procedure.agencies.add(province.donghung)

    with pytest.raises(ValidationFailed) as error:
        start(citizen, procedure)
    assert "agency" in error.value.extra["errors"]

    with pytest.raises(ValidationFailed):  # an agency that does not do this procedure
        start(citizen, procedure, agency=province.soyte)
    dossier = start(citizen, procedure, agency=province.donghung)
    assert dossier.agency == province.donghung


def test_start_asks_for_the_case_when_the_procedure_has_cases(citizen, procedure):
    late = ProcedureCase.objects.create(
        procedure=procedure, name="Đăng ký khai sinh quá hạn", processing_days=Decimal("3")
    )
    with pytest.raises(ValidationFailed):
        start(citizen, procedure)

    dossier = start(citizen, procedure, case=late)
    assert dossier.case == late


def test_start_needs_a_signed_in_person(procedure):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotPermitted):
        services.dossier_start(applicant=AnonymousUser(), procedure=procedure)


# --- drafts ------------------------------------------------------------------------------------


def test_a_draft_keeps_what_was_typed_even_when_invalid(citizen, procedure):
    dossier = start(citizen, procedure)

    services.dossier_save_draft(
        actor=citizen,
        dossier=dossier,
        values={"ten_tre": "Hoa", "so_ban_sao": "nhiều", "unknown": "dropped"},
        applicant={"address": "Thôn 3, xã Đông Hợp", "phone": "09"},
    )

    dossier.refresh_from_db()
    assert dossier.form_data == {"ten_tre": "Hoa", "so_ban_sao": "nhiều"}
    assert dossier.address == "Thôn 3, xã Đông Hợp"
    assert dossier.phone == "09"


def test_only_the_applicant_may_change_a_draft(citizen, other_citizen, procedure):
    dossier = start(citizen, procedure)

    with pytest.raises(NotPermitted):
        services.dossier_save_draft(actor=other_citizen, dossier=dossier, values={"ten_tre": "X"})
    with pytest.raises(NotPermitted):
        services.dossier_attach_file(
            actor=other_citizen, dossier=dossier, paper_id=None, upload=pdf_upload()
        )
    dossier.refresh_from_db()
    assert dossier.form_data == {}
    assert dossier.files.count() == 0


def test_a_rejected_upload_stores_nothing_and_keeps_the_rest(citizen, procedure):
    from django.core.files.uploadedfile import SimpleUploadedFile

    dossier = start(citizen, procedure)
    paper = dossier.required_papers().first()
    services.dossier_attach_file(
        actor=citizen, dossier=dossier, paper_id=paper.pk, upload=pdf_upload()
    )

    fake = SimpleUploadedFile(
        "to-khai.pdf", b"just text, not a PDF", content_type="application/pdf"
    )
    with pytest.raises(ValidationFailed) as error:
        services.dossier_attach_file(actor=citizen, dossier=dossier, paper_id=paper.pk, upload=fake)

    assert "PDF" in error.value.message
    assert dossier.files.count() == 1


def test_photos_are_stored_as_jpeg_and_removal_keeps_the_row(citizen, procedure):
    dossier = start(citizen, procedure)
    paper = dossier.required_papers().first()
    item = services.dossier_attach_file(
        actor=citizen, dossier=dossier, paper_id=paper.pk, upload=jpeg_upload("IMG_0001.JPG")
    )
    assert item.content_type == "image/jpeg"
    assert item.original_name == "IMG_0001.JPG"

    services.dossier_remove_file(actor=citizen, dossier=dossier, file_id=item.pk)

    item.refresh_from_db()
    assert item.removed_at is not None
    assert services.current_files(dossier).count() == 0


def test_a_paper_of_another_procedure_is_refused(citizen, procedure):
    from congso.procedures.models import RequiredPaper

    stranger = Procedure.objects.create(
        code="9.999",
        name="Thủ tục khác",
        field=procedure.field,
        level="commune",
        processing_days=1,
        result="-",
        legal_basis="-",
    )
    paper = RequiredPaper.objects.create(procedure=stranger, name="Giấy khác")
    dossier = start(citizen, procedure)

    with pytest.raises(ValidationFailed):
        services.dossier_attach_file(
            actor=citizen, dossier=dossier, paper_id=paper.pk, upload=pdf_upload()
        )


# --- submit ------------------------------------------------------------------------------------


def test_submit_lists_every_problem_at_once_and_changes_nothing(
    citizen, procedure, django_capture_on_commit_callbacks, mailoutbox
):
    dossier = start(citizen, procedure)
    services.dossier_save_draft(
        actor=citizen, dossier=dossier, values={"ten_tre": "Hoa", "ngay_sinh": "31/02/2026"}
    )

    with pytest.raises(ValidationFailed) as error:
        submit(dossier, citizen, django_capture_on_commit_callbacks)

    errors = error.value.extra["errors"]
    papers = list(dossier.required_papers().filter(is_required=True))
    assert set(errors) == {
        "f-ngay_sinh",
        "f-gioi_tinh",
        "f-cam_doan",
        *(f"paper-{p.pk}" for p in papers),
    }
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.DRAFT
    assert dossier.code is None
    assert mailoutbox == []
    assert not DossierSequence.objects.exists()


def test_submit_gives_a_code_a_secret_and_mails_a_confirmation(
    citizen, procedure, agency, django_capture_on_commit_callbacks, mailoutbox
):
    dossier = fill_ready(start(citizen, procedure), citizen)

    dossier, first = submit(dossier, citizen, django_capture_on_commit_callbacks)

    today = timezone.localdate()
    assert first is True
    assert dossier.code == f"{agency.code}-{today:%y%m%d}-0001"
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{6}", dossier.lookup_secret)
    assert dossier.status == Dossier.Status.SUBMITTED
    assert dossier.national_status == 1
    assert dossier.processing_days == Decimal("1")
    # the typed strings were stored as typed values
    assert dossier.form_data == {**VALID_VALUES, "so_ban_sao": 2}
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["dan@example.vn"]
    assert dossier.code in mail.subject
    assert dossier.lookup_secret in mail.body
    assert f"bi-mat={dossier.lookup_secret}" in mail.body
    assert AuditLog.objects.filter(action="dossier.submit", object_id=str(dossier.pk)).count() == 1


def test_a_second_submit_changes_nothing_and_sends_nothing(
    citizen, procedure, django_capture_on_commit_callbacks, mailoutbox
):
    dossier = fill_ready(start(citizen, procedure), citizen)
    dossier, _ = submit(dossier, citizen, django_capture_on_commit_callbacks)

    again, first = submit(dossier, citizen, django_capture_on_commit_callbacks)

    assert first is False
    assert again.code == dossier.code
    assert len(mailoutbox) == 1
    assert DossierEvent.objects.filter(dossier=dossier, action="submit").count() == 1


def test_codes_follow_a_daily_sequence_per_agency(citizen, procedure, province, agency):
    procedure.agencies.add(province.donghung)
    day = timezone.localdate()

    codes = [services.next_dossier_code(agency=agency, day=day) for _ in range(3)]
    other = services.next_dossier_code(agency=province.donghung, day=day)
    tomorrow = services.next_dossier_code(agency=agency, day=day.replace(year=day.year + 1))

    assert [c[-4:] for c in codes] == ["0001", "0002", "0003"]
    assert other.endswith("-0001")
    assert tomorrow.endswith("-0001")


def test_a_failed_submission_gives_its_number_back(citizen, procedure, agency):
    from django.db import transaction

    day = timezone.localdate()

    def submission_that_fails() -> None:
        with transaction.atomic():
            services.next_dossier_code(agency=agency, day=day)
            raise RuntimeError("the submission failed after numbering")

    with pytest.raises(RuntimeError):
        submission_that_fails()

    assert services.next_dossier_code(agency=agency, day=day).endswith("-0001")


def test_a_submitted_dossier_cannot_be_edited(
    citizen, procedure, django_capture_on_commit_callbacks
):
    dossier = fill_ready(start(citizen, procedure), citizen)
    submit(dossier, citizen, django_capture_on_commit_callbacks)

    with pytest.raises(InvalidTransition):
        services.dossier_save_draft(actor=citizen, dossier=dossier, values={"ten_tre": "Khác"})
    with pytest.raises(InvalidTransition):
        services.dossier_attach_file(
            actor=citizen, dossier=dossier, paper_id=None, upload=pdf_upload()
        )
    dossier.refresh_from_db()
    assert dossier.form_data["ten_tre"] == "Nguyễn Thị Hoa"


# --- after submission ------------------------------------------------------------------------


@pytest.fixture
def submitted(citizen, procedure, django_capture_on_commit_callbacks):
    dossier = fill_ready(start(citizen, procedure), citizen)
    dossier, _ = submit(dossier, citizen, django_capture_on_commit_callbacks)
    return dossier


def test_withdraw_before_reception_needs_a_reason(submitted, citizen):
    with pytest.raises(ValidationFailed):
        services.dossier_withdraw(actor=citizen, dossier=submitted, reason="  ")

    dossier = services.dossier_withdraw(actor=citizen, dossier=submitted, reason="Nộp nhầm")

    assert dossier.status == Dossier.Status.WITHDRAWN
    event = dossier.events.last()
    assert (event.from_status, event.to_status, event.note) == (
        "submitted",
        "withdrawn",
        "Nộp nhầm",
    )


def test_no_withdrawal_after_reception(
    submitted, citizen, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_receive(actor=clerk, dossier=submitted)

    with pytest.raises(InvalidTransition):
        services.dossier_withdraw(actor=citizen, dossier=submitted, reason="Đổi ý")
    submitted.refresh_from_db()
    assert submitted.status == Dossier.Status.RECEIVED


def test_receive_fixes_the_appointment_in_working_days(
    submitted, clerk, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    monday_ten = datetime(2026, 11, 30, 10, 0, tzinfo=VN)  # a Monday
    monkeypatch.setattr(timezone, "now", lambda: monday_ten)

    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.dossier_receive(actor=clerk, dossier=submitted)

    assert dossier.received_at == monday_ten
    assert timezone.localtime(dossier.due_at) == datetime(2026, 12, 1, 10, 0, tzinfo=VN)
    assert mailoutbox[-1].subject.endswith("đã được tiếp nhận")
    assert "10:00 01/12/2026" in mailoutbox[-1].body


def test_only_the_agency_desk_may_receive(submitted, province, citizen):
    from congso.accounts.models import Role
    from congso.accounts.tests.factories import make_official

    elsewhere = make_official(
        email="khac@soyte.vn", full_name="Cán bộ Sở Y tế", unit=province.soyte,
        role=Role.ONE_STOP_CLERK,
    )  # fmt: skip
    for actor in (elsewhere, citizen):
        with pytest.raises(NotPermitted):
            services.dossier_receive(actor=actor, dossier=submitted)
    submitted.refresh_from_db()
    assert submitted.status == Dossier.Status.SUBMITTED


def test_supplement_after_reception_moves_the_appointment_by_the_time_waited(
    submitted,
    citizen,
    clerk,
    procedure,
    django_capture_on_commit_callbacks,
    mailoutbox,
    monkeypatch,
):
    clock = {"now": datetime(2031, 3, 3, 10, 0, tzinfo=VN)}  # Monday, after the uploads
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.dossier_receive(actor=clerk, dossier=submitted)
        dossier = services.dossier_start_processing(actor=clerk, dossier=dossier)
    due = dossier.due_at
    paper = dossier.required_papers().get(name="Giấy chứng sinh")

    clock["now"] = datetime(2031, 3, 3, 14, 0, tzinfo=VN)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_request_supplement(
            actor=clerk,
            dossier=dossier,
            items=[
                {"paper": paper.pk, "reason": "Bản chụp bị mờ, không đọc được số"},
                {"field": "ngay_sinh", "reason": "Ngày sinh không khớp giấy chứng sinh"},
            ],
        )
    mail = mailoutbox[-1]
    assert "Giấy chứng sinh: Bản chụp bị mờ" in mail.body
    assert "Ngày sinh không khớp" in mail.body

    with pytest.raises(ValidationFailed):  # nothing uploaded, nothing said
        services.dossier_answer_supplement(actor=citizen, dossier=dossier)
    clock["now"] = datetime(2031, 3, 4, 8, 30, tzinfo=VN)  # 3 h of Monday + 1 h of Tuesday
    services.dossier_attach_file(
        actor=citizen, dossier=dossier, paper_id=paper.pk, upload=pdf_upload("ro-net.pdf")
    )
    dossier = services.dossier_answer_supplement(actor=citizen, dossier=dossier, note="Đã chụp lại")

    assert dossier.status == Dossier.Status.IN_PROCESS
    assert timezone.localtime(due) == datetime(2031, 3, 4, 10, 0, tzinfo=VN)
    # 4 working hours waited: Tuesday 10:00 + 1 h 30 to lunch, + 2 h 30 from 13:30 = 16:00
    assert timezone.localtime(dossier.due_at) == datetime(2031, 3, 4, 16, 0, tzinfo=VN)
    assert dossier.supplements.get().answered_at == clock["now"]


def test_supplement_before_reception_goes_back_to_the_queue(
    submitted, citizen, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_request_supplement(
            actor=clerk, dossier=submitted, items=[{"paper": None, "reason": "Thiếu ảnh"}]
        )
    paper = submitted.required_papers().first()
    services.dossier_attach_file(
        actor=citizen, dossier=submitted, paper_id=paper.pk, upload=pdf_upload()
    )

    dossier = services.dossier_answer_supplement(actor=citizen, dossier=submitted)

    assert dossier.status == Dossier.Status.SUBMITTED
    assert dossier.due_at is None


def test_a_supplement_request_needs_a_reason_for_each_item(submitted, clerk):
    with pytest.raises(ValidationFailed):
        services.dossier_request_supplement(actor=clerk, dossier=submitted, items=[])
    with pytest.raises(ValidationFailed):
        services.dossier_request_supplement(
            actor=clerk, dossier=submitted, items=[{"field": "ten_tre", "reason": ""}]
        )
    with pytest.raises(ValidationFailed):
        services.dossier_request_supplement(
            actor=clerk, dossier=submitted, items=[{"field": "khong_co", "reason": "?"}]
        )
    submitted.refresh_from_db()
    assert submitted.status == Dossier.Status.SUBMITTED


def test_rating_only_after_the_result_and_only_once(
    submitted, citizen, other_citizen, clerk, handler, django_capture_on_commit_callbacks
):
    with pytest.raises(InvalidTransition):
        services.dossier_rate(actor=citizen, dossier=submitted, rating=4)

    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_receive(actor=clerk, dossier=submitted)
        process_to_desk(submitted, handler)
        services.dossier_issue_result(
            actor=clerk, dossier=submitted, file=pdf_upload("giay-khai-sinh.pdf")
        )
    with pytest.raises(NotPermitted):
        services.dossier_rate(actor=other_citizen, dossier=submitted, rating=1)

    dossier = services.dossier_rate(actor=citizen, dossier=submitted, rating=4, comment="Nhanh")

    assert (dossier.rating, dossier.rating_comment) == (4, "Nhanh")
    assert dossier.files.filter(kind=DossierFile.Kind.RESULT).count() == 1
    with pytest.raises(InvalidTransition):
        services.dossier_rate(actor=citizen, dossier=submitted, rating=1)
    dossier.refresh_from_db()
    assert dossier.rating == 4


def test_refusal_is_final_and_mailed(
    submitted, clerk, django_capture_on_commit_callbacks, mailoutbox
):
    with pytest.raises(ValidationFailed):
        services.dossier_refuse(actor=clerk, dossier=submitted, reason="")

    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.dossier_refuse(
            actor=clerk, dossier=submitted, reason="Không thuộc thẩm quyền của xã"
        )

    assert dossier.status == Dossier.Status.REFUSED
    assert "Không thuộc thẩm quyền của xã" in mailoutbox[-1].body
    with pytest.raises(InvalidTransition):
        services.dossier_receive(actor=clerk, dossier=dossier)


def test_a_token_used_for_another_procedure_is_a_conflict(citizen, procedure):
    from congso.core.exceptions import Conflict

    start(citizen, procedure, client_token="tab-1")
    other = Procedure.objects.create(
        code="2.000001", name="Chứng thực bản sao", field=procedure.field, level="commune",
        online_level="full", processing_days=Decimal("0.5"), result="-", legal_basis="-",
    )  # fmt: skip
    other.agencies.set(procedure.agencies.all())

    with pytest.raises(Conflict):
        start(citizen, other, client_token="tab-1")
    assert Dossier.objects.count() == 1


def test_a_malformed_contact_blocks_the_submission(
    citizen, procedure, django_capture_on_commit_callbacks
):
    dossier = fill_ready(start(citizen, procedure), citizen)
    services.dossier_save_draft(
        actor=citizen,
        dossier=dossier,
        applicant={"email": "dan@@example", "phone": "12", "result_delivery": "by-drone"},
    )

    with pytest.raises(ValidationFailed) as error:
        submit(dossier, citizen, django_capture_on_commit_callbacks)

    assert set(error.value.extra["errors"]) == {"email", "phone"}
    dossier.refresh_from_db()
    assert dossier.result_delivery == "counter"  # an unknown choice is not stored
    assert dossier.status == Dossier.Status.DRAFT


def test_the_service_centre_receives_for_the_departments(
    citizen, procedure, province, django_capture_on_commit_callbacks
):
    from congso.accounts.models import OrgUnit, Role
    from congso.accounts.tests.factories import make_official
    from congso.dossiers import permissions

    root = OrgUnit.objects.get(pk=province.root.pk)
    centre = root.add_child(
        name="Trung tâm Phục vụ hành chính công tỉnh", code="000.00.99.H56", kind="center"
    )
    clerk = make_official(
        email="ttphvhcc@test.vn", full_name="Cán bộ Trung tâm", unit=centre,
        role=Role.ONE_STOP_CLERK,
    )  # fmt: skip

    desks = set(permissions.desk_agencies(clerk).values_list("code", flat=True))

    assert {province.sotttt.code, province.soyte.code, centre.code} <= desks
    assert province.xa.code not in desks  # communes have their own desks
    assert province.donghung.code not in desks
