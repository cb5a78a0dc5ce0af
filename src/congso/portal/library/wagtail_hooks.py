"""Editors manage documents in the CMS (/cms/): one viewset for documents, one for fields.

Permissions come from portal roles, not from Django model permissions: anyone who may edit a
portal (`congso.portal.permissions.portal_sites`) sees and manages that portal's documents and
no other's; a document of another portal is a 404 on its edit and delete URLs. Reaching /cms/
at all still needs Wagtail's `wagtailadmin.access_admin` permission (the portal's editor group).
Every create, edit and delete goes through `congso.portal.library.services` (audit rows).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from congso.accounts.models import Role
from congso.core.exceptions import NotPermitted, ValidationFailed
from congso.core.text import fold
from congso.portal.library import services
from congso.portal.library.forms import LegalDocumentAdminForm
from congso.portal.library.models import DocumentField, LegalDocument
from congso.portal.permissions import PORTAL_ROLES, portal_sites


class PortalRolePermissionPolicy(BasePermissionPolicy):
    """Every action for holders of a portal role, on the documents of their portals."""

    permission_cache_name = "_portal_library_site_ids"

    def get_all_permissions_for_user(self, user):
        return frozenset(portal_sites(user).values_list("pk", flat=True))

    def _site_ids(self, user) -> frozenset[int]:
        return self.get_cached_permissions_for_user(user)

    def user_has_permission(self, user, action) -> bool:
        return bool(self._site_ids(user))

    def user_has_any_permission(self, user, actions) -> bool:
        return bool(self._site_ids(user))

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        site_id = getattr(instance, "site_id", None)
        if site_id is None:
            return self.user_has_permission(user, action)
        return site_id in self._site_ids(user)

    def instances_user_has_any_permission_for(self, user, actions):
        manager = self.model._default_manager
        if not self._site_ids(user):
            return manager.none()
        if hasattr(self.model, "site_id"):
            return manager.filter(site_id__in=self._site_ids(user))
        return manager.all()

    def users_with_any_permission(self, actions):
        roles = (*PORTAL_ROLES, Role.ADMINISTRATOR)
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(role_assignments__role__in=roles))
            .distinct()
        )


register_permission_policy(LegalDocument, PortalRolePermissionPolicy(LegalDocument))
register_permission_policy(DocumentField, PortalRolePermissionPolicy(DocumentField))


def _form_error(view, form, error: ValidationFailed):
    for name, messages_ in error.extra.get("fields", {}).items():
        target = name if name in form.fields else None
        for message in messages_:
            form.add_error(target, message)
    if not error.extra.get("fields"):
        form.add_error(None, error.message)
    return view.form_invalid(form)


class ServiceFormMixin:
    """Save through a service; its ValidationFailed becomes form errors, NotPermitted a 403."""

    def form_valid(self, form):
        self.form = form
        try:
            self.object = self.save_instance()
        except ValidationFailed as error:
            return _form_error(self, form, error)
        except NotPermitted:
            raise PermissionDenied from None
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response


class PortalScopedMixin:
    """Only documents of the user's portals exist here (others: 404)."""

    def get_queryset(self):
        return LegalDocument.objects.filter(site__in=portal_sites(self.request.user))


FORM_FIELDS = services.DOCUMENT_FIELDS


def _attachments(view, document) -> None:
    data = view.form.cleaned_data
    for attachment in data.get("remove_files") or []:
        services.legal_document_file_remove(actor=view.request.user, attachment=attachment)
    if data.get("new_file"):
        services.legal_document_file_attach(
            actor=view.request.user,
            document=document,
            file=data["new_file"],
            title=data.get("new_file_title", ""),
        )


class LegalDocumentIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            LegalDocument.objects.filter(site__in=portal_sites(self.request.user))
            .with_status()
            .select_related("site", "field")
        )

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        for word in fold(self.search_query).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset


class LegalDocumentCreateView(ServiceFormMixin, generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        document = services.legal_document_create(
            actor=self.request.user, **{name: data.get(name) for name in FORM_FIELDS}
        )
        _attachments(self, document)
        return document


class LegalDocumentEditView(PortalScopedMixin, ServiceFormMixin, generic.EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        document = services.legal_document_update(
            actor=self.request.user,
            document=LegalDocument.objects.get(pk=self.object.pk),
            **{name: data.get(name) for name in FORM_FIELDS},
        )
        _attachments(self, document)
        return document


class ReasonDeleteMixin:
    """The delete form asks for a reason; the service deletes and writes the audit row."""

    template_name = "portal_library/admin/confirm_delete.html"
    service = None

    def form_valid(self, form):
        reason = self.request.POST.get("reason", "").strip()
        if not reason:
            context = self.get_context_data(reason_error=_("Cần ghi rõ lý do khi xoá."))
            return self.render_to_response(context, status=422)
        success_url = self.get_success_url()
        try:
            self.delete_with_reason(reason)
        except NotPermitted:
            raise PermissionDenied from None
        except ValidationFailed as error:
            messages.error(self.request, error.message)
            return redirect(self.get_delete_url())
        messages.success(self.request, self.get_success_message())
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else redirect(success_url)


class LegalDocumentDeleteView(PortalScopedMixin, ReasonDeleteMixin, generic.DeleteView):
    def delete_with_reason(self, reason: str) -> None:
        services.legal_document_delete(actor=self.request.user, document=self.object, reason=reason)


class LegalDocumentViewSet(ModelViewSet):
    model = LegalDocument
    icon = "doc-full"
    menu_label = gettext_lazy("Văn bản")
    url_prefix = "van-ban"
    url_namespace = "portal_library_documents"
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = LegalDocumentIndexView
    add_view_class = LegalDocumentCreateView
    edit_view_class = LegalDocumentEditView
    delete_view_class = LegalDocumentDeleteView
    list_display = ["__str__", "issued_on", "issuing_body", "site", "status_label"]
    list_filter = ["doc_type", "site", "field"]
    search_fields = ["search_text"]
    ordering = ["-issued_on", "-id"]
    edit_handler = ObjectList(
        [
            FieldPanel("site"),
            FieldRowPanel([FieldPanel("doc_type"), FieldPanel("number_symbol")]),
            FieldPanel("issuing_body"),
            FieldPanel("abstract"),
            FieldRowPanel([FieldPanel("signer"), FieldPanel("field")]),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("issued_on"),
                            FieldPanel("effective_from"),
                            FieldPanel("expires_on"),
                        ]
                    ),
                    FieldPanel("status_override"),
                ],
                heading=gettext_lazy("Ngày tháng và hiệu lực"),
            ),
            MultiFieldPanel(
                [FieldPanel("new_file"), FieldPanel("new_file_title"), FieldPanel("remove_files")],
                heading=gettext_lazy("Tệp đính kèm"),
            ),
        ],
        base_form_class=LegalDocumentAdminForm,
    )


class DocumentFieldCreateView(ServiceFormMixin, generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.document_field_create(
            actor=self.request.user, name=data["name"], slug=data.get("slug", "")
        )


class DocumentFieldEditView(ServiceFormMixin, generic.EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.document_field_update(
            actor=self.request.user,
            field=DocumentField.objects.get(pk=self.object.pk),
            name=data["name"],
            slug=data.get("slug", ""),
        )


class DocumentFieldDeleteView(ReasonDeleteMixin, generic.DeleteView):
    def delete_with_reason(self, reason: str) -> None:
        services.document_field_delete(actor=self.request.user, field=self.object, reason=reason)


class DocumentFieldViewSet(ModelViewSet):
    model = DocumentField
    icon = "tag"
    menu_label = gettext_lazy("Lĩnh vực văn bản")
    url_prefix = "linh-vuc-van-ban"
    url_namespace = "portal_library_fields"
    copy_view_enabled = False
    add_view_class = DocumentFieldCreateView
    edit_view_class = DocumentFieldEditView
    delete_view_class = DocumentFieldDeleteView
    form_fields = ["name", "slug"]
    list_display = ["name", "slug"]
    search_fields = ["name"]


class LibraryViewSetGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Văn bản")
    menu_icon = "doc-full"
    items = (LegalDocumentViewSet, DocumentFieldViewSet)


@hooks.register("register_admin_viewset")
def register_library_viewsets():
    return LibraryViewSetGroup()
