from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from congso.accounts.models import User
from congso.dossiers.models import Dossier
from congso.dossiers.permissions import desk_agencies

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo_mode(settings, tmp_path):
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path / "media"


def run_demo() -> str:
    out = StringIO()
    call_command("demo", "--no-portals", stdout=out)
    return out.getvalue()


def test_the_demo_citizen_has_dossiers_in_each_first_state_and_no_mail_goes_out(mailoutbox):
    summary = run_demo()

    citizen = User.objects.get(email="congdan@demo.congso.vn")
    dossiers = Dossier.objects.filter(applicant=citizen)
    assert sorted(dossiers.values_list("status", flat=True)) == sorted(
        ["draft", "submitted", "received", "supplement", "result_ready"]
    )
    assert "5 hồ sơ mẫu" in summary
    assert mailoutbox == []
    clerk = User.objects.get(email="motcua@demo.congso.vn")
    # the demo clerk (at the service centre) can work on every submitted one
    desks = desk_agencies(clerk)
    assert all(desks.filter(pk=d.agency_id).exists() for d in dossiers.exclude(status="draft"))
    received = dossiers.get(status="received")
    assert received.due_at > received.received_at


def test_a_second_run_adds_no_dossier():
    run_demo()
    before = Dossier.objects.count()

    summary = run_demo()

    assert Dossier.objects.count() == before
    assert "hồ sơ mẫu" not in summary
