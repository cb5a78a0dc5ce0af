from __future__ import annotations

import pytest
from django.test import Client

from congso.core.models import AuditLog
from congso.portal.qa.demo import seed_demo_questions
from congso.portal.qa.models import Question
from congso.portal.qa.tests.conftest import HOST

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_fits_the_agency(province, portal, editor):
    created = seed_demo_questions(portal, province.sotttt, editor)
    assert created == Question.objects.filter(site=portal).count()
    published = Question.objects.filter(site=portal, status="published")
    assert 4 <= published.count() <= 6
    assert 1 <= Question.objects.filter(site=portal, status="new").count() <= 2
    assert any("viễn thông" in q.title.lower() for q in published)
    assert seed_demo_questions(portal, province.sotttt, editor) == 0
    assert AuditLog.objects.filter(action="question.seed").count() == created
    response = Client(HTTP_HOST=HOST).get("/hoi-dap/", {"q": "chu ky so"})
    assert response.context["page"].paginator.count == 1


@pytest.mark.parametrize(("unit", "word"), [("soyte", "y tế"), ("xa", "khai sinh"),
                                            ("root", "hồ sơ")])  # fmt: skip
def test_seed_topics_follow_the_agency(province, unit, word):
    from congso.accounts.tests.factories import make_official
    from congso.portal.tests.factories import make_portal

    org_unit = getattr(province, unit)
    site = make_portal(org_unit=org_unit, hostname=f"{unit}.localhost")
    answerer = make_official(
        email=f"{unit}@test.vn", full_name="Cán Bộ", unit=org_unit, role="portal_editor"
    )
    assert seed_demo_questions(site, org_unit, answerer) >= 5
    bodies = " ".join(Question.objects.filter(site=site).values_list("body", flat=True))
    assert word in bodies.lower()
