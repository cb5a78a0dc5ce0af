"""Reads behind the API, shaped so that a page of results costs a fixed number of queries."""

from __future__ import annotations

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Left

from congso.accounts import selectors as account_selectors
from congso.accounts.models import OrgUnit
from congso.accounts.validators import ORG_CODE_RE


def with_api_fields(qs: QuerySet[OrgUnit]) -> QuerySet[OrgUnit]:
    """Annotate `parent_code` and `successor_code` in the same query as the units.

    In treebeard's materialised path the parent's path is the unit's path minus its last
    step, so the parent is found by an indexed lookup on `path` inside a subquery.
    """
    parent_path = Left(OuterRef("path"), (OuterRef("depth") - 1) * OrgUnit.steplen)
    parent_code = OrgUnit.objects.filter(path=parent_path).order_by().values("code")[:1]
    return qs.annotate(parent_code=Subquery(parent_code), successor_code=F("successor__code"))


def org_unit_api_list(
    *, kind: str | None = None, parent_code: str | None = None, query: str = "", active: bool = True
) -> QuerySet[OrgUnit]:
    qs = account_selectors.org_unit_list(
        kind=kind, parent_code=parent_code, query=query, active=active
    )
    return with_api_fields(qs).order_by("path")


def org_unit_api_get(*, code: str) -> OrgUnit | None:
    """The unit with this electronic identifier code, or None (also for a malformed code)."""
    if not ORG_CODE_RE.fullmatch(code or ""):
        return None
    return with_api_fields(OrgUnit.objects.filter(code=code)).first()


def org_unit_child_codes(unit: OrgUnit) -> list[str]:
    return list(
        OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
        .order_by("path")
        .values_list("code", flat=True)
    )
