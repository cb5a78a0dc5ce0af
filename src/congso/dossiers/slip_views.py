"""The printed slips as PDFs (see `slips`): every slip for the officials who work on the dossier,
the receipt (Mẫu 01) for the applicant once the desk has received the dossier.

Anyone else gets "not found"; a slip that does not apply yet gets a Vietnamese 4xx from
`slips.slip` (rendered by ApplicationErrorMiddleware), never a 500.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from congso.core.exceptions import NotFound
from congso.dossiers import permissions, processing, slips
from congso.dossiers.models import Dossier


def _pdf(slip: slips.Slip) -> HttpResponse:
    response = HttpResponse(slip.content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, slip.filename) or ""
    return response


def official_dossier(user, pk: int) -> Dossier:
    """A dossier the official may print slips of: the desk of its agency, or an official whose
    unit has a step of it (`processing.can_see`); anyone else gets "not found"."""
    dossier = (
        Dossier.objects.select_related("procedure", "case", "agency")
        .filter(pk=pk)
        .exclude(status=Dossier.Status.DRAFT)
        .first()
    )
    if dossier is None or not (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and processing.can_see(user, dossier)
    ):
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return dossier


@login_required
@require_GET
@never_cache
def desk_slip(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in slips.KINDS:
        raise NotFound(_("Không có mẫu phiếu này."))
    dossier = official_dossier(request.user, pk)
    return _pdf(slips.slip(dossier, kind))


@login_required
@require_GET
@never_cache
def applicant_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = permissions.access_own_dossier(user=request.user, dossier_id=pk)
    return _pdf(slips.slip(dossier, "tiep-nhan"))
