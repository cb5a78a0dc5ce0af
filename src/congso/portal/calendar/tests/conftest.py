from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission

from congso.accounts.tests.factories import make_official
from congso.portal.calendar.models import CalendarEntry
from congso.portal.calendar.weeks import VN_TZ
from congso.portal.tests.factories import make_portal

SOTTTT_HOST = "sotttt.localhost"
SOYTE_HOST = "soyte.localhost"


def vn(year, month, day, hour=8, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


@pytest.fixture(autouse=True)
def _hosts(settings):
    settings.ALLOWED_HOSTS = [".localhost", "testserver"]


@pytest.fixture
def portal(province):
    return make_portal(org_unit=province.sotttt, hostname=SOTTTT_HOST)


@pytest.fixture
def other_portal(province):
    return make_portal(org_unit=province.soyte, hostname=SOYTE_HOST)


def _with_cms_access(user):
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def editor(province, portal):
    user = make_official(
        email="bientap@sotttt.vn", full_name="Trần Thị Biên Tập", unit=province.sotttt,
        role="portal_editor",
    )  # fmt: skip
    return _with_cms_access(user)


@pytest.fixture
def other_editor(province, other_portal):
    user = make_official(
        email="bientap@soyte.vn", full_name="Lê Văn Y Tế", unit=province.soyte,
        role="portal_editor",
    )  # fmt: skip
    return _with_cms_access(user)


def make_entry(site, starts_at, *, content="Giao ban đầu tuần", is_published=True, **fields):
    defaults = {
        "leaders": "Đồng chí Nguyễn Văn A - Giám đốc Sở",
        "location": "Phòng họp số 1",
        "participants": "Lãnh đạo Sở; Trưởng các phòng",
    }
    return CalendarEntry.objects.create(
        site=site, starts_at=starts_at, content=content, is_published=is_published,
        **{**defaults, **fields},
    )  # fmt: skip
