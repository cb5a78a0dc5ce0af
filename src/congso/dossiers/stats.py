"""One-stop statistics (thống kê hồ sơ một cửa): the figures of the leaders' dashboard, the Excel
export and the public pages, each computed by the database in one query.

Definitions (docs/user-guide/thong-ke.md says the same to its readers; dates and days are those of
Asia/Ho_Chi_Minh, a period is from `start` to `end`, both days included):

- received (tiếp nhận): a dossier counts in a period by its `received_at`, the moment the desk
  received it. Dossiers never received — drafts, submitted and waiting, returned for supplement
  before reception, refused before reception, withdrawn — have no `received_at` and never count.
  Every other figure is taken among the dossiers received in the period (a cohort): "resolved in
  March" means "received in March and resolved since".
- resolved (đã giải quyết): `finished_at` set and status result_ready or returned.
- early (trước hạn): resolved, and finished on a calendar day before the due date's day.
- on time (đúng hạn): resolved, finished on the due date's day and no later than `due_at`.
- late (trễ hạn): resolved, and finished after `due_at` (an apology slip with a new date does not
  change that). Early + on time + late = resolved.
- on-time rate (tỷ lệ đúng hạn) = (early + on time) / resolved.
- in progress (đang giải quyết): received and not finished: status received, in_process,
  supplement or payment.
- overdue now (quá hạn): in progress and `due_at` < now — except while waiting for the applicant's
  supplement (status supplement): the clock is paused then, and the due date is moved on when the
  supplement arrives.
- stopped (dừng xử lý): received, then refused, withdrawn or cancelled without a result.
  Received = resolved + in progress + stopped.
- online share (tỷ lệ trực tuyến) = received with channel online / received.
- satisfaction: the count of each rating level (1–4) among the received dossiers that were rated,
  and the share "hài lòng trở lên" = rated 3 (hài lòng) or 4 (rất hài lòng) / rated.

Each dossier counts once, under its own agency: the figures of a unit "and its subtree" add up the
dossiers whose agency is the unit or a unit below it. An inter-agency child dossier (liên thông)
is a dossier of the agency that handles it, counted there only.

No function loops over dossiers: each issues one aggregate query (`Count(..., filter=Q(...))`,
grouped where rows are asked for); the local days of `finished_at` and `due_at` are compared with
`TruncDate(..., tzinfo=Asia/Ho_Chi_Minh)` in SQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate, TruncMonth
from django.db.models.lookups import Exact, LessThan
from django.utils import timezone

from congso.accounts.models import OrgUnit, Role, RoleAssignment
from congso.dossiers.models import Dossier

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
S = Dossier.Status

RESOLVED_STATUSES = (S.RESULT_READY, S.RETURNED)
OPEN_STATUSES = (S.RECEIVED, S.IN_PROCESS, S.SUPPLEMENT, S.PAYMENT)
STOPPED_STATUSES = (S.REFUSED, S.WITHDRAWN, S.CANCELLED)
RATING_LEVELS = (4, 3, 2, 1)  # Dossier.Rating, best first
SATISFIED_MIN = 3

# Roles that open the dashboard; an administrator sees the whole province.
DASHBOARD_ROLES = (Role.LEADER, Role.ONE_STOP_CLERK, Role.ADMINISTRATOR)

Agencies = QuerySet[OrgUnit] | OrgUnit

COUNT_KEYS = (
    "received",
    "resolved",
    "early",
    "on_time",
    "late",
    "in_progress",
    "overdue",
    "stopped",
    "online",
    "rated",
    *(f"rating_{level}" for level in RATING_LEVELS),
)


# --- who sees what ------------------------------------------------------------------------------


def visible_agencies(user) -> QuerySet[OrgUnit]:
    """The units whose figures `user` may see on the dashboard: every unit for an administrator,
    else the units where the user is a leader or a one-stop clerk and the units below them.
    Always closed under "the units below". One query to decide, none for nobody."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return OrgUnit.objects.none()
    if user.is_superuser:
        return OrgUnit.objects.all()
    assignments = list(
        RoleAssignment.objects.filter(user=user, role__in=DASHBOARD_ROLES).values_list(
            "role", "org_unit__path"
        )
    )
    if any(role == Role.ADMINISTRATOR for role, _path in assignments):
        return OrgUnit.objects.all()
    if not assignments:
        return OrgUnit.objects.none()
    condition = Q()
    for _role, path in assignments:
        condition |= Q(path__startswith=path)
    return OrgUnit.objects.filter(condition)


# --- the figures --------------------------------------------------------------------------------


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in Vietnam's time."""
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=TZ),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=TZ),
    )


def received_dossiers(*, agencies: Agencies, start: dt.date, end: dt.date) -> QuerySet[Dossier]:
    """Dossiers of `agencies` received from `start` to `end` (both days included)."""
    since, until = period_bounds(start, end)
    # An inter-agency child is part of its parent's request: each request counts once.
    qs = Dossier.objects.filter(received_at__gte=since, received_at__lt=until, parent__isnull=True)
    if isinstance(agencies, OrgUnit):
        return qs.filter(agency__path__startswith=agencies.path)
    return qs.filter(agency__in=agencies.values("pk"))


def _counts(now: dt.datetime) -> dict[str, Count]:
    resolved = Q(finished_at__isnull=False, status__in=RESOLVED_STATUSES)
    finished_day = TruncDate("finished_at", tzinfo=TZ)
    due_day = TruncDate("due_at", tzinfo=TZ)
    in_progress = Q(status__in=OPEN_STATUSES)
    counts = {
        "received": Count("pk"),
        "resolved": Count("pk", filter=resolved),
        "early": Count("pk", filter=resolved & Q(LessThan(finished_day, due_day))),
        "on_time": Count(
            "pk",
            filter=resolved & Q(finished_at__lte=F("due_at")) & Q(Exact(finished_day, due_day)),
        ),
        "late": Count("pk", filter=resolved & Q(finished_at__gt=F("due_at"))),
        "in_progress": Count("pk", filter=in_progress),
        "overdue": Count("pk", filter=in_progress & ~Q(status=S.SUPPLEMENT) & Q(due_at__lt=now)),
        "stopped": Count("pk", filter=Q(status__in=STOPPED_STATUSES)),
        "online": Count("pk", filter=Q(channel=Dossier.Channel.ONLINE)),
        "rated": Count("pk", filter=Q(rating__isnull=False)),
    }
    for level in RATING_LEVELS:
        counts[f"rating_{level}"] = Count("pk", filter=Q(rating=level))
    return counts


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def with_rates(row: dict[str, Any]) -> dict[str, Any]:
    """Adds the shares (0–1, None when there is nothing to divide by) to a row of counts."""
    row["on_time_total"] = row["early"] + row["on_time"]
    row["satisfied"] = sum(row[f"rating_{level}"] for level in RATING_LEVELS if level >= 3)
    row["on_time_rate"] = share(row["on_time_total"], row["resolved"])
    row["online_share"] = share(row["online"], row["received"])
    row["satisfied_share"] = share(row["satisfied"], row["rated"])
    row["resolved_share"] = share(row["resolved"], row["received"])
    return row


def agency_stats(
    *, agencies: Agencies, start: dt.date, end: dt.date, now: dt.datetime | None = None
) -> dict[str, Any]:
    """The totals of the period (one query)."""
    now = now or timezone.now()
    totals = received_dossiers(agencies=agencies, start=start, end=end).aggregate(**_counts(now))
    return with_rates({key: totals[key] or 0 for key in COUNT_KEYS})


def stats_by_procedure(
    *, agencies: Agencies, start: dt.date, end: dt.date, now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """One row per procedure with received dossiers, most received first (one query)."""
    now = now or timezone.now()
    rows = (
        received_dossiers(agencies=agencies, start=start, end=end)
        .values("procedure_id", "procedure__code", "procedure__name")
        .annotate(**_counts(now))
        .order_by("-received", "procedure__code", "procedure_id")
    )
    return [
        with_rates(
            {
                "id": row["procedure_id"],
                "code": row["procedure__code"],
                "name": row["procedure__name"],
                **{key: row[key] for key in COUNT_KEYS},
            }
        )
        for row in rows
    ]


def stats_by_agency(
    *, agencies: Agencies, start: dt.date, end: dt.date, now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """One row per agency with received dossiers, each agency's own dossiers only (a dossier
    counts under its agency, never again under the units above), in tree order (one query)."""
    now = now or timezone.now()
    rows = (
        received_dossiers(agencies=agencies, start=start, end=end)
        .values("agency_id", "agency__code", "agency__name", "agency__path", "agency__depth")
        .annotate(**_counts(now))
        .order_by("agency__path")
    )
    return [
        with_rates(
            {
                "id": row["agency_id"],
                "code": row["agency__code"],
                "name": row["agency__name"],
                "depth": row["agency__depth"],
                **{key: row[key] for key in COUNT_KEYS},
            }
        )
        for row in rows
    ]


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every month from `start`'s to `end`'s."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def monthly_series(
    *, agencies: Agencies, start: dt.date, end: dt.date, now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """One row per month of the period (months without dossiers included, as zeros), by the month
    of reception: received, resolved, early, on time, late, ... (one query)."""
    now = now or timezone.now()
    rows = (
        received_dossiers(agencies=agencies, start=start, end=end)
        .annotate(month=TruncMonth("received_at", tzinfo=TZ))
        .values("month")
        .annotate(**_counts(now))
        .order_by("month")
    )
    found = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, dt.datetime):
            month = (
                timezone.localtime(month, TZ).date() if timezone.is_aware(month) else month.date()
            )
        found[month] = row
    series = []
    for month in months_between(start, end):
        row = found.get(month, {})
        series.append(with_rates({"month": month, **{key: row.get(key, 0) for key in COUNT_KEYS}}))
    return series


def public_ranking(*, start: dt.date, end: dt.date, now: dt.datetime | None = None) -> list[dict]:
    """Every agency with at least one resolved dossier received in the period, best on-time rate
    first (ties: more resolved first, then by name), with its rank (equal rates share a rank)."""
    rows = [
        row
        for row in stats_by_agency(agencies=OrgUnit.objects.all(), start=start, end=end, now=now)
        if row["resolved"]
    ]
    rows.sort(key=lambda row: (-row["on_time_rate"], -row["resolved"], row["name"], row["id"]))
    previous = None
    for position, row in enumerate(rows, start=1):
        if previous is None or row["on_time_rate"] != previous["on_time_rate"]:
            row["rank"] = position
        else:
            row["rank"] = previous["rank"]
        previous = row
    return rows


def dashboard_figures(
    *, agencies: Agencies, start: dt.date, end: dt.date, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Everything the dashboard and its Excel file show (four queries)."""
    now = now or timezone.now()
    kwargs = {"agencies": agencies, "start": start, "end": end, "now": now}
    return {
        "totals": agency_stats(**kwargs),
        "monthly": monthly_series(**kwargs),
        "procedures": stats_by_procedure(**kwargs),
        "agencies": stats_by_agency(**kwargs),
    }
