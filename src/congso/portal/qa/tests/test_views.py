from __future__ import annotations

import re
import time
from datetime import datetime

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from congso.portal.qa import views
from congso.portal.qa.forms import SIGNING_SALT, started_token
from congso.portal.qa.models import Question
from congso.portal.qa.tests.conftest import OTHER_HOST, form_data, published, submit

pytestmark = pytest.mark.django_db

ASK = "/hoi-dap/gui-cau-hoi/"
GENERIC_SPAM = "Không gửi được câu hỏi. Vui lòng kiểm tra lại và gửi lại sau ít phút."


def test_urls():
    assert reverse("portal_qa:list") == "/hoi-dap/"
    assert reverse("portal_qa:ask") == ASK
    assert reverse("portal_qa:lookup") == "/hoi-dap/tra-cuu/"
    assert reverse("portal_qa:detail", args=[7]) == "/hoi-dap/7/"


def test_ask_form_has_a_hidden_honeypot_and_a_signed_start_time(client_host, portal):
    response = client_host.get(ASK)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<input[^>]*name="website"[^>]*>', html)
    honeypot = re.search(r'<input[^>]*name="website"[^>]*>', html).group(0)
    assert 'autocomplete="off"' in honeypot
    assert 'tabindex="-1"' in honeypot
    assert 'class="qa-hp" aria-hidden="true"' in html
    assert 'type="hidden" name="started"' in html
    assert "congso/qa.css" in html
    assert "Gửi câu hỏi" in html


def test_ask_saves_the_question_and_shows_the_lookup_code(client_host, portal):
    response = client_host.post(ASK, form_data(), REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 302
    question = Question.objects.get()
    assert (question.site, question.status, question.asker_phone) == (portal, "new", "0912345678")
    assert question.ip_address == "10.1.1.1"
    page = client_host.get(response["Location"])
    assert page.status_code == 200
    assert question.lookup_code in page.content.decode()
    assert "Cảm ơn bạn đã gửi câu hỏi" in page.content.decode()


def test_signed_in_asker_is_linked(client_host, portal, citizen):
    client_host.force_login(citizen)
    assert "Nguyễn Thị Dân" in client_host.get(ASK).content.decode()
    client_host.post(ASK, form_data(asker_email="dan@test.vn"))
    assert Question.objects.get().asker == citizen


def test_thanks_page_with_a_forged_token_is_404(client_host, portal):
    response = client_host.get("/hoi-dap/gui-cau-hoi/da-gui/abc:def/")
    assert response.status_code == 404
    assert "Liên kết đã hết hạn hoặc không hợp lệ." in response.content.decode()


@pytest.mark.parametrize(
    "overrides",
    [
        {"website": "http://spam.example"},
        {"started": "NOW"},  # sent at once
        {"started": "gia-mao"},
        {"started": ""},
    ],
    ids=["honeypot", "too-fast", "forged-time", "no-time"],
)
def test_spam_is_refused_with_a_generic_message_and_nothing_saved(client_host, portal, overrides):
    if overrides.get("started") == "NOW":
        overrides = {"started": started_token()}
    response = client_host.post(ASK, form_data(**overrides))
    assert response.status_code == 400
    assert GENERIC_SPAM in response.content.decode()
    assert Question.objects.count() == 0


def test_form_opened_long_ago_asks_to_send_again(client_host, portal):
    response = client_host.post(ASK, form_data(started=started_token(time.time() - 3 * 86400)))
    assert response.status_code == 400
    assert "Biểu mẫu đã mở quá lâu" in response.content.decode()
    assert Question.objects.count() == 0
    fresh = re.search(r'name="started" value="([^"]+)"', response.content.decode()).group(1)
    assert fresh != form_data()["started"]
    assert time.time() - float(signing.loads(fresh, salt=SIGNING_SALT)) < 60


def test_bad_input_shows_vietnamese_errors_and_saves_nothing(client_host, portal):
    response = client_host.post(
        ASK,
        form_data(
            asker_name="", asker_email="khong-hop-le", title="", body="ngắn", asker_phone="12"
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    for message in [
        "Vui lòng nhập họ và tên.", "Thư điện tử không hợp lệ.", "Vui lòng nhập tiêu đề câu hỏi.",
        "Nội dung câu hỏi quá ngắn.", "Số điện thoại không hợp lệ",
    ]:  # fmt: skip
        assert message in html
    assert Question.objects.count() == 0


def test_too_many_questions_from_one_address_get_429_in_vietnamese(client_host, portal):
    for n in range(5):
        response = client_host.post(
            ASK, form_data(asker_email=f"nguoi{n}@test.vn"), REMOTE_ADDR="10.2.2.2"
        )
        assert response.status_code == 302
    response = client_host.post(ASK, form_data(asker_email="khac@test.vn"), REMOTE_ADDR="10.2.2.2")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Bạn đã gửi quá nhiều câu hỏi. Vui lòng thử lại sau 60 phút" in html
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Question.objects.count() == 5


def test_too_many_questions_from_one_email_get_429(client_host, portal):
    for n in range(3):
        client_host.post(ASK, form_data(), REMOTE_ADDR=f"10.3.3.{n}")
    response = client_host.post(ASK, form_data(), REMOTE_ADDR="10.3.3.9")
    assert response.status_code == 429
    assert "Vui lòng thử lại sau" in response.content.decode()
    assert Question.objects.count() == 3


def test_list_shows_only_this_portals_published_questions(
    client_host, portal, other_portal, editor, other_editor
):
    shown = published(portal, editor, title="Thủ tục cấp phép bưu chính")
    submit(portal, title="Câu hỏi chưa trả lời", asker_email="a@test.vn")
    published(other_portal, other_editor, title="Câu hỏi của cổng Sở Y tế", asker_email="b@test.vn")
    response = client_host.get("/hoi-dap/")
    assert response.status_code == 200
    assert [q.pk for q in response.context["page"].object_list] == [shown.pk]
    html = response.content.decode()
    assert "Câu hỏi chưa trả lời" not in html
    assert "Câu hỏi của cổng Sở Y tế" not in html
    assert timezone.localtime(shown.published_at).strftime("%d/%m/%Y") in html


def test_search_ignores_accents(client_host, portal, editor):
    wanted = published(portal, editor, title="Hỏi về thủ tục đăng ký", asker_email="a@test.vn")
    published(portal, editor, title="Sóng di động yếu", asker_email="b@test.vn",
              body="Đề nghị lắp thêm trạm phát sóng.")  # fmt: skip
    for query in ["thu tuc", "THỦ TỤC", "dang ky thu"]:
        response = client_host.get("/hoi-dap/", {"q": query})
        assert [q.pk for q in response.context["page"].object_list] == [wanted.pk], query
    response = client_host.get("/hoi-dap/", {"q": "không có từ này"})
    assert list(response.context["page"].object_list) == []
    assert "Không tìm thấy câu hỏi nào phù hợp" in response.content.decode()


def test_list_is_paginated_and_bad_page_numbers_do_not_fail(client_host, portal, editor):
    for n in range(views.PER_PAGE + 2):
        published(portal, editor, title=f"Câu hỏi số {n}", asker_email=f"n{n}@test.vn")
    first = client_host.get("/hoi-dap/")
    assert len(first.context["page"].object_list) == views.PER_PAGE
    assert "Trang 1/2" in first.content.decode()
    second = client_host.get("/hoi-dap/", {"page": "2"})
    assert len(second.context["page"].object_list) == 2
    for bad in ["abc", "999", "-1"]:
        assert client_host.get("/hoi-dap/", {"page": bad}).status_code == 200


def _list_queries(client, django_assert_max_num_queries, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/hoi-dap/")
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == count
    return len(ctx.captured_queries)


def test_list_page_query_count_does_not_grow_with_questions(
    client_host, portal, editor, django_assert_max_num_queries
):
    published(portal, editor, title="Câu hỏi đầu tiên", asker_email="a@test.vn")
    client_host.get("/hoi-dap/")  # warm the portal chrome cache
    one = _list_queries(client_host, django_assert_max_num_queries, 1)
    for n in range(6):
        published(portal, editor, title=f"Câu hỏi thêm {n}", asker_email=f"n{n}@test.vn")
    client_host.get("/hoi-dap/")
    assert _list_queries(client_host, django_assert_max_num_queries, 7) == one
    with django_assert_max_num_queries(6):
        client_host.get("/hoi-dap/")


def test_detail_shows_question_answer_who_and_dates(client_host, portal, editor):
    question = published(portal, editor)
    response = client_host.get(f"/hoi-dap/{question.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert question.title in html
    assert "Trả lời mẫu." in html
    assert "Trần Văn Biên" in html
    assert re.search(r"\d{2}/\d{2}/\d{4}", html)
    assert datetime.strftime(timezone.localtime(question.created_at), "%d/%m/%Y") in html
    assert "hoi@test.vn" not in html  # the asker's email stays private


def test_unpublished_or_other_portals_questions_are_404(
    client_host, portal, other_portal, editor, other_editor
):
    waiting = submit(portal)
    elsewhere = published(other_portal, other_editor, asker_email="b@test.vn")
    for pk in [waiting.pk, elsewhere.pk, 999999]:
        response = client_host.get(f"/hoi-dap/{pk}/")
        assert response.status_code == 404
        assert "Không tìm thấy câu hỏi này" in response.content.decode()
    assert Client(HTTP_HOST=OTHER_HOST).get(f"/hoi-dap/{elsewhere.pk}/").status_code == 200


def test_lookup_by_code_and_email(client_host, portal, editor):
    question = submit(portal)
    response = client_host.post(
        "/hoi-dap/tra-cuu/", {"code": question.lookup_code.lower(), "email": "HOI@test.vn"}
    )
    assert response.status_code == 200
    assert "Mới tiếp nhận" in response.content.decode()
    wrong = client_host.post(
        "/hoi-dap/tra-cuu/", {"code": question.lookup_code, "email": "x@test.vn"}
    )
    assert wrong.status_code == 404
    assert "Không tìm thấy câu hỏi với mã tra cứu" in wrong.content.decode()
    empty = client_host.post("/hoi-dap/tra-cuu/", {"code": "", "email": ""})
    assert empty.status_code == 400
    assert "Vui lòng nhập mã tra cứu." in empty.content.decode()


def test_lookup_of_a_published_question_links_to_the_answer(client_host, portal, editor):
    question = published(portal, editor)
    response = client_host.post(
        "/hoi-dap/tra-cuu/", {"code": question.lookup_code, "email": "hoi@test.vn"}
    )
    assert f'href="/hoi-dap/{question.pk}/"' in response.content.decode()


def test_lookup_is_throttled_per_address(client_host, portal):
    for _n in range(views.LOOKUPS_PER_IP[0]):
        client_host.post("/hoi-dap/tra-cuu/", {"code": "AAAA", "email": "x@test.vn"})
    response = client_host.post("/hoi-dap/tra-cuu/", {"code": "AAAA", "email": "x@test.vn"})
    assert response.status_code == 429
    assert "Bạn tra cứu quá nhiều lần" in response.content.decode()


def test_unknown_host_is_404(portal, settings):
    settings.ALLOWED_HOSTS = ["*"]
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    response = Client(HTTP_HOST="khong-co.example").get("/hoi-dap/")
    assert response.status_code == 404
