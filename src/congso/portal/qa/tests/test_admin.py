from __future__ import annotations

import pytest
from django.test import Client

from congso.core.models import AuditLog
from congso.portal.qa import services
from congso.portal.qa.models import Question
from congso.portal.qa.tests.conftest import submit

pytestmark = pytest.mark.django_db

CMS = "/cms/hoi-dap/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def state(question):
    question.refresh_from_db()
    count = AuditLog.objects.filter(object_id=str(question.pk), action__startswith="question.")
    return (question.status, question.assigned_to_id, question.answer, count.count())


def test_editor_lists_own_portals_questions_only(portal, other_portal, editor, other_editor):
    mine = submit(portal, title="Câu hỏi gửi Sở TT&TT")
    submit(other_portal, title="Câu hỏi gửi Sở Y tế", asker_email="b@test.vn")
    response = signed_in(editor).get(CMS)
    assert response.status_code == 200
    assert [q.pk for q in response.context["page"].object_list] == [mine.pk]
    html = response.content.decode()
    assert "Câu hỏi gửi Sở TT&amp;TT" in html
    assert "Sở Y tế" not in html


def test_menu_shows_qa_to_editors(portal, editor):
    response = signed_in(editor).get("/cms/")
    assert response.status_code == 200
    assert CMS in response.content.decode()


def test_assigned_official_sees_only_questions_given_to_them(portal, editor, official):
    given = submit(portal, title="Được giao")
    submit(portal, title="Không được giao", asker_email="b@test.vn")
    services.question_assign(actor=editor, question=given, official=official)
    client = signed_in(official)
    response = client.get(CMS)
    assert [q.pk for q in response.context["page"].object_list] == [given.pk]
    detail = client.get(f"{CMS}{given.pk}/")
    assert detail.status_code == 200
    assert detail.context["answer_form"] is not None
    assert detail.context["assign_form"] is None
    assert detail.context["can_publish"] is False


def test_assign_answer_publish_through_the_cms(portal, editor, official):
    question = submit(portal)
    editor_client, official_client = signed_in(editor), signed_in(official)
    page = editor_client.get(f"{CMS}{question.pk}/")
    assert "Lê Thị Chuyên" in page.content.decode()  # eligible official offered
    response = editor_client.post(
        f"{CMS}{question.pk}/giao/", {"official": official.pk, "note": "Nhờ chị trả lời"}
    )
    assert response.status_code == 302
    assert state(question)[:2] == ("assigned", official.pk)
    response = official_client.post(f"{CMS}{question.pk}/tra-loi/", {"answer": "Hồ sơ gồm…"})
    assert response.status_code == 302
    assert state(question)[:3] == ("answered", official.pk, "Hồ sơ gồm…")
    response = editor_client.post(f"{CMS}{question.pk}/cong-khai/")
    assert response.status_code == 302
    assert state(question)[0] == "published"
    history = editor_client.get(f"{CMS}{question.pk}/").content.decode()
    for label in ["Gửi câu hỏi", "Giao trả lời", "Nhờ chị trả lời", "Công khai"]:
        assert label in history


def test_another_portals_editor_gets_404_and_nothing_changes(
    portal, editor, official, other_editor
):
    question = submit(portal)
    services.question_assign(actor=editor, question=question, official=official)
    services.question_answer(actor=official, question=question, answer="Trả lời")
    before = state(question)
    client = signed_in(other_editor)
    assert client.get(f"{CMS}{question.pk}/").status_code == 404
    for url, data in [
        ("giao/", {"official": official.pk}),
        ("tra-loi/", {"answer": "Sửa"}),
        ("cong-khai/", {}),
        ("tu-choi/", {"reason": "Thư rác"}),
    ]:
        response = client.post(f"{CMS}{question.pk}/{url}", data)
        assert response.status_code == 404, url
    assert state(question) == before


def test_assigned_official_may_not_publish_or_reject_403(portal, editor, official):
    question = submit(portal)
    services.question_assign(actor=editor, question=question, official=official)
    services.question_answer(actor=official, question=question, answer="Trả lời")
    before = state(question)
    client = signed_in(official)
    response = client.post(f"{CMS}{question.pk}/cong-khai/")
    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này." in response.content.decode()
    assert client.post(f"{CMS}{question.pk}/tu-choi/", {"reason": "x"}).status_code == 403
    assert state(question) == before


def test_citizen_without_cms_access_is_sent_to_sign_in(portal, citizen):
    question = submit(portal)
    response = signed_in(citizen).get(f"{CMS}{question.pk}/")
    assert response.status_code in {302, 403}
    assert Client().get(CMS).status_code == 302


def test_invalid_transition_through_the_cms_is_409(portal, editor):
    question = submit(portal)
    before = state(question)
    response = signed_in(editor).post(f"{CMS}{question.pk}/cong-khai/")
    assert response.status_code == 409
    assert "Không thể công khai câu hỏi đang ở trạng thái “Mới tiếp nhận”." in (
        response.content.decode()
    )
    assert state(question) == before


def test_reject_without_reason_is_400_and_with_reason_works(portal, editor):
    question = submit(portal)
    client = signed_in(editor)
    response = client.post(f"{CMS}{question.pk}/tu-choi/", {"reason": ""})
    assert response.status_code == 400
    assert "Vui lòng nêu lý do không tiếp nhận câu hỏi." in response.content.decode()
    assert state(question)[0] == "new"
    assert client.post(f"{CMS}{question.pk}/tu-choi/", {"reason": "Thư rác"}).status_code == 302
    question.refresh_from_db()
    assert (question.status, question.rejected_reason) == ("rejected", "Thư rác")


def test_assigning_someone_outside_the_agency_is_refused(portal, editor, other_editor):
    question = submit(portal)
    response = signed_in(editor).post(f"{CMS}{question.pk}/giao/", {"official": other_editor.pk})
    assert response.status_code == 400
    assert "Cán bộ đã chọn không thuộc cơ quan quản lý cổng." in response.content.decode()
    assert Question.objects.get(pk=question.pk).assigned_to is None


def test_filters_and_bad_parameters_do_not_fail(portal, editor):
    submit(portal, title="Thủ tục đăng ký")
    client = signed_in(editor)
    for params in [{"status": "new"}, {"status": "khong-ro"}, {"q": "thu tuc"}, {"page": "x"},
                   {"mine": "1"}]:  # fmt: skip
        assert client.get(CMS, params).status_code == 200
    assert client.get(CMS, {"q": "thu tuc"}).context["page"].paginator.count == 1
    assert client.get(CMS, {"mine": "1"}).context["page"].paginator.count == 0
