from __future__ import annotations

import pytest

from congso.core.exceptions import (
    InvalidTransition,
    NotPermitted,
    RateLimited,
    ValidationFailed,
)
from congso.core.models import AuditLog
from congso.portal.qa import services
from congso.portal.qa.models import LOOKUP_ALPHABET, Question
from congso.portal.qa.tests.conftest import submit

pytestmark = pytest.mark.django_db


def audit_rows(question):
    return list(
        AuditLog.objects.filter(object_id=str(question.pk), action__startswith="question.")
        .order_by("id")
        .values_list("action", "actor_repr", "reason")
    )


def test_submit_records_question_with_lookup_code_and_folded_search_text(portal):
    question = submit(portal, asker_email=" Hoi@Test.VN ", ip_address="10.0.0.1")
    assert question.status == Question.Status.NEW
    assert question.asker_email == "hoi@test.vn"
    assert len(question.lookup_code) == 8
    assert set(question.lookup_code) <= set(LOOKUP_ALPHABET)
    assert "thu tuc cap giay phep buu chinh" in question.search_text
    assert audit_rows(question) == [
        ("question.submit", "Nguyễn Thị Hỏi <hoi@test.vn>", ""),
    ]


def test_assign_answer_publish_each_leave_an_audit_row(portal, editor, official):
    question = submit(portal)
    question = services.question_assign(
        actor=editor, question=question, official=official, note="Thuộc lĩnh vực bưu chính"
    )
    assert (question.status, question.assigned_to, question.assigned_by) == (
        "assigned", official, editor,
    )  # fmt: skip
    question = services.question_answer(actor=official, question=question, answer="  Cần có…  ")
    assert (question.status, question.answer, question.answered_by) == (
        "answered",
        "Cần có…",
        official,
    )
    assert question.answered_at is not None
    question = services.question_publish(actor=editor, question=question)
    assert question.status == "published"
    assert question.published_at is not None
    assert audit_rows(question)[1:] == [
        ("question.assign", str(editor), "Thuộc lĩnh vực bưu chính"),
        ("question.answer", str(official), ""),
        ("question.publish", str(editor), ""),
    ]
    row = AuditLog.objects.get(action="question.assign", object_id=str(question.pk))
    assert row.changes == {"status": ["new", "assigned"], "assigned_to": [None, official.pk]}


def test_reject_needs_a_reason_and_records_it(portal, editor):
    question = submit(portal)
    with pytest.raises(ValidationFailed, match="lý do"):
        services.question_reject(actor=editor, question=question, reason="  ")
    question.refresh_from_db()
    assert question.status == "new"
    question = services.question_reject(actor=editor, question=question, reason="Thư rác")
    assert (question.status, question.rejected_reason) == ("rejected", "Thư rác")
    assert audit_rows(question)[-1] == ("question.reject", str(editor), "Thư rác")


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("new", "publish"),
        ("assigned", "publish"),
        ("published", "answer"),
        ("published", "assign"),
        ("published", "reject"),
        ("rejected", "answer"),
        ("rejected", "publish"),
    ],
)
def test_invalid_transitions_raise_409_and_change_nothing(portal, editor, official, status, action):
    question = submit(portal)
    Question.objects.filter(pk=question.pk).update(status=status)
    question.refresh_from_db()
    before = audit_rows(question)
    call = {
        "publish": lambda: services.question_publish(actor=editor, question=question),
        "answer": lambda: services.question_answer(actor=editor, question=question, answer="x"),
        "assign": lambda: services.question_assign(
            actor=editor, question=question, official=official
        ),
        "reject": lambda: services.question_reject(actor=editor, question=question, reason="x"),
    }[action]
    with pytest.raises(InvalidTransition) as caught:
        call()
    assert caught.value.status == 409
    assert "Không thể" in caught.value.message
    assert "trạng thái" in caught.value.message
    question.refresh_from_db()
    assert question.status == status
    assert audit_rows(question) == before


def test_other_portals_editor_is_refused_and_nothing_changes(
    portal, editor, official, other_editor
):
    question = submit(portal)
    for call in [
        lambda: services.question_assign(actor=other_editor, question=question, official=official),
        lambda: services.question_answer(actor=other_editor, question=question, answer="x"),
        lambda: services.question_reject(actor=other_editor, question=question, reason="x"),
    ]:
        with pytest.raises(NotPermitted):
            call()
    question.refresh_from_db()
    assert (question.status, question.assigned_to, question.answer) == ("new", None, "")
    assert len(audit_rows(question)) == 1


def test_assigned_official_may_answer_but_not_publish_or_reassign(portal, editor, official):
    question = submit(portal)
    services.question_assign(actor=editor, question=question, official=official)
    question = services.question_answer(actor=official, question=question, answer="Trả lời")
    with pytest.raises(NotPermitted):
        services.question_publish(actor=official, question=question)
    with pytest.raises(NotPermitted):
        services.question_reject(actor=official, question=question, reason="x")
    question.refresh_from_db()
    assert question.status == "answered"


def test_an_official_not_assigned_may_not_answer(portal, editor, official):
    question = submit(portal)
    with pytest.raises(NotPermitted):
        services.question_answer(actor=official, question=question, answer="Trả lời")
    question.refresh_from_db()
    assert question.status == "new"


def test_assign_only_to_officials_of_the_portals_agency(portal, editor, other_editor):
    question = submit(portal)
    with pytest.raises(ValidationFailed, match="cán bộ của cơ quan"):
        services.question_assign(actor=editor, question=question, official=other_editor)
    question.refresh_from_db()
    assert (question.status, question.assigned_to) == ("new", None)


def test_rate_limit_per_ip_five_an_hour(portal):
    for n in range(5):
        submit(portal, asker_email=f"nguoi{n}@test.vn", ip_address="10.0.0.9")
    with pytest.raises(RateLimited) as caught:
        submit(portal, asker_email="nguoi9@test.vn", ip_address="10.0.0.9")
    assert caught.value.status == 429
    assert "Vui lòng thử lại sau 60 phút" in caught.value.message
    assert Question.objects.count() == 5
    submit(portal, asker_email="nguoi9@test.vn", ip_address="10.0.0.10")  # another address


def test_rate_limit_per_email_three_a_day(portal):
    for n in range(3):
        submit(portal, ip_address=f"10.0.1.{n}")
    with pytest.raises(RateLimited, match="Bạn đã gửi quá nhiều câu hỏi"):
        submit(portal, asker_email="HOI@test.vn", ip_address="10.0.1.9")
    assert Question.objects.count() == 3
