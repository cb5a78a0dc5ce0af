from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "congso.portal"
    label = "portal"
    verbose_name = _("Cổng thông tin điện tử")

    def ready(self) -> None:
        from congso.accounts.hooks import on_roles_changed
        from congso.portal.services import portal_sync_user_groups

        on_roles_changed(portal_sync_user_groups)

        # Cache invalidation (not business logic): every publish or unpublish, from the admin,
        # a service, the scheduler (publish_scheduled) or a script, starts a new cache generation.
        from django.db import transaction
        from wagtail.signals import page_published, page_unpublished

        from congso.portal import cache as portal_cache

        def bump_after_commit(**kwargs):
            transaction.on_commit(portal_cache.bump)

        page_published.connect(
            bump_after_commit, weak=False, dispatch_uid="congso-portal-cache-published"
        )
        page_unpublished.connect(
            bump_after_commit, weak=False, dispatch_uid="congso-portal-cache-unpublished"
        )
        # Sites are remembered per generation in each process (portal.sites): any change to
        # a site (host, port, root page, default) starts a new one.
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site

        post_save.connect(
            bump_after_commit, sender=Site, weak=False, dispatch_uid="congso-portal-site-saved"
        )
        post_delete.connect(
            bump_after_commit, sender=Site, weak=False, dispatch_uid="congso-portal-site-deleted"
        )
        # Likewise whether any page has a view restriction (portal.routing).
        from wagtail.models import PageViewRestriction

        for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(
                bump_after_commit,
                sender=PageViewRestriction,
                weak=False,
                dispatch_uid=f"congso-portal-restriction-{uid}",
            )
