"""Editors are scoped to their own portal, in the Wagtail admin, both ways."""

import pytest
from django.urls import reverse

from congso.accounts.models import Role
from congso.accounts.services import role_grant
from congso.accounts.tests.factories import UserFactory
from congso.portal.models import ArticlePage
from congso.portal.tests.conftest import publish_article

pytestmark = pytest.mark.django_db


def _official(email, unit, role):
    user = UserFactory(email=email, full_name=email.split("@")[0], kind="official")
    role_grant(actor="test", user=user, org_unit=unit, role=role)
    return user


@pytest.fixture
def editor(portals, province):
    return _official("bientap@test.vn", province.sotttt, Role.PORTAL_EDITOR)


@pytest.fixture
def reviewer(portals, province):
    return _official("duyet@test.vn", province.sotttt, Role.PORTAL_REVIEWER)


def test_editor_edits_own_portal_but_not_others(client, portals, editor):
    own = publish_article(portals.news(portals.sotttt), title="Tin của Sở TT&TT")
    other = publish_article(portals.news(portals.soyte), title="Tin của Sở Y tế")
    main = publish_article(portals.news(portals.main), title="Tin của cổng chính")
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[own.pk])).status_code == 200
    for page in (other, main):
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code in (302, 403)
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            {
                "title": "Sửa trái phép",
                "slug": page.slug,
                "lead": "x",
                "body-count": "0",
                "action-publish": "1",
            },
        )
        assert response.status_code in (302, 403)
        assert ArticlePage.objects.get(pk=page.pk).title == page.title
        assert client.get(
            reverse("wagtailadmin_pages:add_subpage", args=[page.get_parent().pk])
        ).status_code in (302, 403)
    assert (
        client.get(
            reverse("wagtailadmin_pages:add_subpage", args=[portals.news(portals.sotttt).pk])
        ).status_code
        == 200
    )


def test_editor_cannot_publish_but_reviewer_can(portals, editor, reviewer):
    article = publish_article(portals.news(portals.sotttt), title="Bài đã đăng")
    assert not article.permissions_for_user(editor).can_publish()
    assert article.permissions_for_user(editor).can_edit()
    assert article.permissions_for_user(reviewer).can_publish()
    other = publish_article(portals.news(portals.soyte), title="Bài của Sở Y tế")
    assert not other.permissions_for_user(reviewer).can_edit()


def test_moderation_draft_submitted_published(portals, editor, reviewer):
    news = portals.news(portals.sotttt)
    draft = ArticlePage(
        title="Bài chờ duyệt", lead="Sapo", body=[("paragraph", "<p>Nội dung</p>")], live=False
    )
    news.add_child(instance=draft)
    revision = draft.save_revision(user=editor)
    workflow = draft.get_workflow()
    assert workflow is not None
    state = workflow.start(draft, editor)
    draft.refresh_from_db()
    assert draft.workflow_in_progress
    task_state = state.current_task_state.specific
    task = task_state.task.specific
    assert not task.user_can_access_editor(draft, editor) or not task.get_actions(draft, editor)
    assert [name for name, *_ in task.get_actions(draft, reviewer)][:1] == [
        "reject"
    ] or task.get_actions(draft, reviewer)
    task.on_action(task_state, reviewer, "approve")
    draft.refresh_from_db()
    assert draft.live
    assert draft.live_revision_id == revision.pk


def test_scheduled_publishing(portals, reviewer):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    news = portals.news(portals.sotttt)
    page = ArticlePage(
        title="Đăng theo lịch", lead="Sapo", body=[("paragraph", "<p>x</p>")], live=False
    )
    news.add_child(instance=page)
    page.go_live_at = timezone.now() + dt.timedelta(hours=1)
    page.save_revision(user=reviewer).publish(user=reviewer)
    page.refresh_from_db()
    assert not page.live
    call_command("publish_scheduled")  # nothing due yet
    page.refresh_from_db()
    assert not page.live
    from wagtail.models import Revision

    # An hour passes: move the scheduled time into the past.
    past = timezone.now() - dt.timedelta(minutes=1)
    revision = Revision.page_revisions.get(
        object_id=str(page.pk), approved_go_live_at__isnull=False
    )
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live


def test_reviewer_compares_and_restores_revisions(client, portals, reviewer):
    article = publish_article(portals.news(portals.sotttt), title="Bản đầu")
    first = article.latest_revision
    article.title = "Bản sửa"
    article.save_revision(user=reviewer).publish()
    client.force_login(reviewer)
    compare = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[article.pk, first.pk, "live"])
    )
    assert compare.status_code == 200
    html = compare.content.decode()
    assert "đầu" in html
    assert "sửa" in html
    revert = client.get(reverse("wagtailadmin_pages:revisions_revert", args=[article.pk, first.pk]))
    assert revert.status_code == 200
    assert "Bản đầu" in revert.content.decode()
