from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from congso.accounts.tests.factories import make_official
from congso.portal.qa import services
from congso.portal.qa.forms import started_token
from congso.portal.qa.models import Question
from congso.portal.tests.factories import make_portal

HOST = "sotttt.localhost"
OTHER_HOST = "soyte.localhost"


def cms_access(user):
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


@pytest.fixture(autouse=True)
def _hosts(settings):
    settings.ALLOWED_HOSTS = [".localhost", "testserver"]


@pytest.fixture
def portal(province):
    return make_portal(org_unit=province.sotttt, hostname=HOST)


@pytest.fixture
def other_portal(province):
    return make_portal(org_unit=province.soyte, hostname=OTHER_HOST)


@pytest.fixture
def editor(province, portal):
    return cms_access(
        make_official(
            email="bientap@test.vn", full_name="Trần Văn Biên", unit=province.sotttt,
            role="portal_editor",
        )
    )  # fmt: skip


@pytest.fixture
def official(province, portal):
    return cms_access(
        make_official(
            email="chuyenvien@test.vn", full_name="Lê Thị Chuyên", unit=province.sotttt,
            role="handler", title="Chuyên viên phòng Bưu chính, Viễn thông",
        )
    )  # fmt: skip


@pytest.fixture
def other_editor(province, other_portal):
    return cms_access(
        make_official(
            email="bientap.yte@test.vn", full_name="Đỗ Thị Y", unit=province.soyte,
            role="portal_editor",
        )
    )  # fmt: skip


@pytest.fixture
def client_host():
    return Client(HTTP_HOST=HOST)


def form_data(**overrides) -> dict:
    data = {
        "asker_name": "Nguyễn Thị Hỏi",
        "asker_email": "hoi@test.vn",
        "asker_phone": "0912 345 678",
        "title": "Thủ tục cấp giấy phép bưu chính",
        "field": "Bưu chính",
        "body": "Xin hỏi thủ tục cấp giấy phép bưu chính cần những giấy tờ gì?",
        "website": "",
        "started": started_token(time.time() - 30),
    }
    return data | overrides


def submit(site, **overrides) -> Question:
    data = {
        "asker_name": "Nguyễn Thị Hỏi",
        "asker_email": "hoi@test.vn",
        "title": "Thủ tục cấp giấy phép bưu chính",
        "body": "Xin hỏi thủ tục cấp giấy phép bưu chính cần những giấy tờ gì?",
    } | overrides
    return services.question_submit(site=site, **data)


def published(site, answerer, **overrides) -> Question:
    question = submit(site, **overrides)
    question = services.question_answer(actor=answerer, question=question, answer="Trả lời mẫu.")
    return services.question_publish(actor=answerer, question=question)
