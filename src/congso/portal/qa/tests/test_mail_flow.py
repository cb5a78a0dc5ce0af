"""The whole journey with a real SMTP server: ask, confirmation mail, answer, published notice."""

from __future__ import annotations

import pytest
from django.test import Client

from congso.conftest import mail_text
from congso.portal.qa.models import Question
from congso.portal.qa.tests.conftest import HOST, form_data

pytestmark = pytest.mark.django_db


def test_asker_gets_confirmation_then_published_notice(
    smtp_inbox, portal, editor, official, django_capture_on_commit_callbacks
):
    public = Client(HTTP_HOST=HOST)
    with django_capture_on_commit_callbacks(execute=True):
        response = public.post("/hoi-dap/gui-cau-hoi/", form_data())
    assert response.status_code == 302
    question = Question.objects.get()

    [received] = smtp_inbox.wait_for(1)
    assert received["To"] == "hoi@test.vn"
    subject = str(received["Subject"])
    from email.header import decode_header, make_header

    subject = str(make_header(decode_header(subject)))
    assert subject == f"Đã nhận câu hỏi của bạn (mã tra cứu {question.lookup_code})"
    body = mail_text(received)
    assert "Kính gửi Nguyễn Thị Hỏi," in body
    assert question.lookup_code in body
    assert "http://sotttt.localhost/hoi-dap/tra-cuu/" in body
    assert "“Thủ tục cấp giấy phép bưu chính”" in body

    cms_editor, cms_official = Client(), Client()
    cms_editor.force_login(editor)
    cms_official.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        cms_editor.post(f"/cms/hoi-dap/{question.pk}/giao/", {"official": official.pk})
        cms_official.post(f"/cms/hoi-dap/{question.pk}/tra-loi/", {"answer": "Hồ sơ gồm tờ khai."})
    assert len(smtp_inbox.messages) == 1  # nothing more until it is published
    with django_capture_on_commit_callbacks(execute=True):
        response = cms_editor.post(f"/cms/hoi-dap/{question.pk}/cong-khai/")
    assert response.status_code == 302

    notice = smtp_inbox.wait_for(2)[1]
    subject = str(make_header(decode_header(str(notice["Subject"]))))
    assert subject == f"Câu hỏi của bạn đã được trả lời (mã tra cứu {question.lookup_code})"
    body = mail_text(notice)
    assert f"http://sotttt.localhost/hoi-dap/{question.pk}/" in body
    assert "đã được công khai trên Sở Thông tin và Truyền thông" in body
    question.refresh_from_db()
    assert question.confirmation_sent_at is not None
    assert question.published_notice_sent_at is not None

    page = public.get(f"/hoi-dap/{question.pk}/")
    assert page.status_code == 200
    assert "Hồ sơ gồm tờ khai." in page.content.decode()


def test_mail_task_is_safe_to_run_twice(smtp_inbox, portal, django_capture_on_commit_callbacks):
    from congso.portal.qa.tasks import send_question_mail
    from congso.portal.qa.tests.conftest import submit

    with django_capture_on_commit_callbacks(execute=True):
        question = submit(portal)
    smtp_inbox.wait_for(1)
    assert send_question_mail.call(question_id=question.pk, kind="received") is False
    assert len(smtp_inbox.messages) == 1


def test_portal_on_another_port_links_with_the_port(
    smtp_inbox, portal, editor, django_capture_on_commit_callbacks
):
    from congso.portal.qa import services
    from congso.portal.qa.tests.conftest import submit

    portal.port = 8000
    portal.save()
    question = submit(portal)
    services.question_answer(actor=editor, question=question, answer="Trả lời")
    with django_capture_on_commit_callbacks(execute=True):
        services.question_publish(actor=editor, question=question)
    notice = smtp_inbox.wait_for(1)[0]
    assert f"http://sotttt.localhost:8000/hoi-dap/{question.pk}/" in mail_text(notice)
