from __future__ import annotations

import pytest

from congso.api.tests.test_admin import sign_in_with_otp
from congso.dossiers import services
from congso.dossiers.tests.conftest import fill_ready

pytestmark = pytest.mark.django_db
CHANGELIST = "/quan-tri/dossiers/dossier/"


@pytest.fixture
def submitted(citizen, procedure, django_capture_on_commit_callbacks):
    draft = fill_ready(services.dossier_start(applicant=citizen, procedure=procedure), citizen)
    with django_capture_on_commit_callbacks(execute=True):
        dossier, _ = services.dossier_submit(actor=citizen, dossier=draft)
    return dossier


def test_administrators_read_dossiers_but_change_nothing(client, administrator, submitted):
    sign_in_with_otp(client, administrator)

    listing = client.get(CHANGELIST, {"q": submitted.code})
    page = client.get(f"{CHANGELIST}{submitted.pk}/change/")
    post = client.post(f"{CHANGELIST}{submitted.pk}/change/", {"status": "returned"})

    assert listing.status_code == 200
    assert submitted.code in listing.content.decode()
    assert page.status_code == 200
    assert submitted.applicant_name in page.content.decode()
    assert post.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    assert client.get(f"{CHANGELIST}add/").status_code == 403


def test_a_desk_clerk_has_no_admin_access_to_dossiers(client, clerk, submitted):
    sign_in_with_otp(client, clerk)

    response = client.get(CHANGELIST)

    assert response.status_code == 302  # not staff: sent to the sign-in page
    assert "/dang-nhap/" in response["Location"] or "login" in response["Location"]
