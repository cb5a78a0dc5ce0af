"""Reads of the public catalogue: the searchable list, its browse lists and one procedure.

Agency scopes are subtrees: "procedures of Huyện Đông Hưng" are those that the district or
any unit under it (its communes) implements. A component portal's catalogue defaults to its
agency's subtree; the main portal (the province People's Committee) shows everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Concat, Length, Lower, Substr
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from congso.accounts.models import OrgUnit
from congso.core.exceptions import NotFound
from congso.core.text import fold
from congso.procedures.models import Fee, Field, Procedure, ProcedureCase, RequiredPaper

AgencyLink = Procedure.agencies.through
LISTED_AGENCIES = 2  # agencies named in a list row; the rest are counted
STEPLEN = OrgUnit.steplen
PROCEDURE_NOT_FOUND = _(
    "Không tìm thấy thủ tục hành chính này. Thủ tục có thể đã được bãi bỏ hoặc thay thế; "
    "hãy tra cứu lại trong danh mục thủ tục hành chính."
)

# Browse groups of the catalogue ("Tìm theo cơ quan"), by OrgUnit.Kind.
DEPARTMENTS = "departments"
DISTRICTS = "districts"
COMMUNES = "communes"
AGENCY_GROUPS = {
    "department": DEPARTMENTS,
    "center": DEPARTMENTS,
    "division": DEPARTMENTS,
    "other": DEPARTMENTS,
    "city": DISTRICTS,
    "district": DISTRICTS,
    "town": DISTRICTS,
    "commune": COMMUNES,
    "ward": COMMUNES,
    "township": COMMUNES,
}


@dataclass(frozen=True)
class AgencyOption:
    """An agency the catalogue can be scoped to (it or a unit under it implements something)."""

    code: str
    name: str
    kind: str
    path: str
    group: str
    parent_name: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} — {self.parent_name}" if self.parent_name else self.name


@dataclass(frozen=True)
class FieldOption:
    slug: str
    name: str
    count: int  # active procedures in the current agency scope


@dataclass
class CaseDetail:
    case: ProcedureCase
    days: Decimal
    papers: list[RequiredPaper]
    fees: list[Fee]


@dataclass
class ProcedureDetail:
    procedure: Procedure
    agencies: list[OrgUnit]
    papers: list[RequiredPaper]  # for every case
    fees: list[Fee]  # for every case
    cases: list[CaseDetail] = field(default_factory=list)

    @property
    def is_free(self) -> bool:
        return not self.fees and not any(case.fees for case in self.cases)


def _in_subtree(path: str) -> Exists:
    """The procedure is implemented by the unit at `path` or a unit under it."""
    return Exists(
        AgencyLink.objects.filter(procedure_id=OuterRef("pk"), orgunit__path__startswith=path)
    )


def portal_agency(*, site: Site | None) -> OrgUnit | None:
    """The agency a component portal's catalogue defaults to; None on the main portal (1 query)."""
    if site is None:
        return None
    return OrgUnit.objects.filter(
        portal_settings__site=site,
        portal_settings__is_main=False,
        is_active=True,
        depth__gt=1,  # a portal of the province itself shows the whole catalogue
    ).first()


def agency_options(*, include: OrgUnit | None = None) -> list[AgencyOption]:
    """Active agencies below the province that (or whose units) implement an active procedure.

    `include` (a portal's agency) is listed even without procedures. Ordered by group
    (departments, districts, communes), then by name (1 query).
    """
    rows = list(
        OrgUnit.objects.filter(is_active=True, depth__gt=1)
        .annotate(
            implements=Exists(
                AgencyLink.objects.filter(orgunit_id=OuterRef("pk"), procedure__is_active=True)
            )
        )
        .order_by("path")
        .values("code", "name", "kind", "path", "implements")
    )
    with_procedures: set[str] = set()
    for row in rows:
        if row["implements"]:
            path = row["path"]
            with_procedures.update(path[:end] for end in range(STEPLEN, len(path) + 1, STEPLEN))
    if include is not None:
        with_procedures.add(include.path)
    by_path = {row["path"]: row for row in rows}
    options = []
    for row in rows:
        if row["path"] not in with_procedures:
            continue
        group = AGENCY_GROUPS.get(row["kind"], DEPARTMENTS)
        parent = by_path.get(row["path"][:-STEPLEN])
        parent_name = parent["name"] if group == COMMUNES and parent else ""
        options.append(
            AgencyOption(
                code=row["code"], name=row["name"], kind=row["kind"], path=row["path"],
                group=group, parent_name=parent_name,
            )
        )  # fmt: skip
    order = {DEPARTMENTS: 0, DISTRICTS: 1, COMMUNES: 2}
    options.sort(key=lambda a: (order[a.group], fold(a.name), fold(a.parent_name)))
    return options


def field_options(*, agency_path: str = "") -> list[FieldOption]:
    """Fields with an active procedure, with their count in the agency scope (1 query).

    Every such field is returned (the filter offers them all); `count` may be 0.
    """
    active = Q(procedures__is_active=True)
    in_scope = active
    if agency_path:
        in_scope &= Q(
            procedures__in=AgencyLink.objects.filter(orgunit__path__startswith=agency_path).values(
                "procedure_id"
            )
        )
    rows = (
        Field.objects.annotate(
            total=Count("procedures", filter=active), in_scope=Count("procedures", filter=in_scope)
        )
        .filter(total__gt=0)
        .values_list("slug", "name", "in_scope")
    )
    options = [FieldOption(slug=slug, name=name, count=count) for slug, name, count in rows]
    return sorted(options, key=lambda option: (fold(option.name), option.slug))


def procedure_list(
    *,
    query: str = "",
    agency_path: str = "",
    field_slug: str = "",
    level: str = "",
    online_level: str = "",
) -> QuerySet[Procedure]:
    """Active procedures matching every word of `query` (accents ignored, name or code).

    With a query: the exact code first, then names starting with the query, then names (or
    codes) containing it, then the rest; each group, and the whole list without a query, by
    name (accents ignored). Each row carries
    `agency_count` and `listed_agencies` (the first few, those in the scope first).
    """
    qs = Procedure.objects.filter(is_active=True)
    if agency_path:
        qs = qs.filter(_in_subtree(agency_path))
    if field_slug:
        qs = qs.filter(field__slug=field_slug)
    if level:
        qs = qs.filter(level=level)
    if online_level:
        qs = qs.filter(online_level=online_level)
    folded = fold(query)
    for word in folded.split():
        qs = qs.filter(search_text__contains=word)

    listed = OrgUnit.objects.order_by("path")
    if agency_path:
        listed = listed.annotate(
            outside=Case(When(path__startswith=agency_path, then=0), default=1)
        ).order_by("outside", "path")
    qs = (
        qs.select_related("field")
        .annotate(agency_count=Count("agencies"))
        .prefetch_related(
            Prefetch("agencies", queryset=listed[:LISTED_AGENCIES], to_attr="listed_agencies")
        )
    )
    # search_text is folded "code name": what follows the code sorts names accent-blind
    # ("Đăng ký" with the D's, not after Z as Đ does in binary collations).
    qs = qs.annotate(name_key=Substr("search_text", Length("code") + 2))
    if not folded:
        return qs.order_by("name_key", "code")
    rank = Case(
        When(code__iexact=folded, then=0),
        When(search_text__startswith=Concat(Lower("code"), Value(f" {folded}")), then=1),
        When(search_text__contains=folded, then=2),
        default=3,
        output_field=IntegerField(),
    )
    return qs.annotate(rank=rank).order_by("rank", "name_key", "code")


def procedure_get(*, code: str, agency_path: str = "") -> ProcedureDetail:
    """An active procedure with everything its public page shows (5 queries).

    NotFound (404) for an unknown or no longer applied procedure. Agencies in the scope of
    `agency_path` (the portal's agency) come first.
    """
    procedure = (
        Procedure.objects.filter(code=code, is_active=True)
        .select_related("field")
        .prefetch_related(
            Prefetch("agencies", queryset=OrgUnit.objects.order_by("path")),
            Prefetch("cases", queryset=ProcedureCase.objects.order_by("order", "id")),
            Prefetch("papers", queryset=RequiredPaper.objects.order_by("order", "id")),
            Prefetch("fees", queryset=Fee.objects.order_by("order", "id")),
        )
        .first()
    )
    if procedure is None:
        raise NotFound(PROCEDURE_NOT_FOUND)
    agencies = list(procedure.agencies.all())
    if agency_path:
        agencies.sort(key=lambda unit: not unit.path.startswith(agency_path))
    papers = list(procedure.papers.all())
    fees = list(procedure.fees.all())
    cases = [
        CaseDetail(
            case=case,
            days=case.processing_days or procedure.processing_days,
            papers=[p for p in papers if p.case_id == case.pk],
            fees=[f for f in fees if f.case_id == case.pk],
        )
        for case in procedure.cases.all()
    ]
    return ProcedureDetail(
        procedure=procedure,
        agencies=agencies,
        papers=[p for p in papers if p.case_id is None],
        fees=[f for f in fees if f.case_id is None],
        cases=cases,
    )


def portal_section(*, site: Site | None, mount: str):
    """The live "administrative procedures" section of `site` at `mount` (its URL), if any.

    The standard section's slug equals the catalogue's path, so the catalogue is what that URL
    shows; the section's intro and body are shown on top of it (1 query).
    """
    if site is None:
        return None
    from congso.portal.models import SectionPage

    return (
        SectionPage.objects.live()
        .filter(
            kind=SectionPage.Kind.PROCEDURES,
            url_path=site.root_page.url_path + mount.lstrip("/"),
        )
        .first()
    )
