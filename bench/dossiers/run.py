"""Dossiers at province scale: a handler's inbox, the public lookup, a year of statistics and
counter reception throughput, on 1,000,000 dossiers with their histories in PostgreSQL.

Run from the project root (on demand; never part of the tests):

    .venv/bin/python bench/dossiers/run.py              # new DB, seed (~2.5 min), measure: ~6 min
    .venv/bin/python bench/dossiers/run.py --reuse-db   # keep the seeded database: ~4 min

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust). It drops and recreates the database
`congso_bench_dossiers` (nothing else), migrates it, seeds the demo province
(`congso demo --no-portals`: 55 agencies, 36 procedures), then the dossiers in SQL
(`INSERT … SELECT … FROM generate_series`), and measures each query next to a plain indexed
SELECT on the same data run through the same connection (the baseline): the figures to read are
the ratios and the PASS/FAIL against the issue's targets. See bench/dossiers/README.md.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DB_NAME = "congso_bench_dossiers"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
TZ_NAME = "Asia/Ho_Chi_Minh"
YEARS = 3
STEP_CAL_FACTOR = 1.4  # working days -> calendar days, the bench's approximation (7/5)

TARGETS_MS = {  # p99, from the issue
    "inbox": 50.0,
    "lookup": 50.0,
    "stats_agency": 500.0,
}

SCAN = (  # a one-page PDF: what a clerk's scanner uploads, minus the pixels
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)

CLERK, HANDLER, LEADER = "one_stop_clerk", "handler", "leader"

FAMILY = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
    "Lý", "Đinh", "Mai", "Trịnh"
]  # fmt: skip
MIDDLE = [
    "Văn", "Thị", "Minh", "Đức", "Ngọc", "Thu", "Quang", "Hữu", "Thanh", "Xuân", "Hồng", "Đình"
]  # fmt: skip
GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hạnh", "Hải", "Hiếu", "Hòa", "Hùng", "Hương",
    "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Ngân", "Nhung", "Phong", "Phương", "Quân",
    "Quyên", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trung", "Tuấn", "Tùng", "Uyên", "Vân",
    "Việt", "Yến"
]  # fmt: skip


def sql_text_array(words: list[str]) -> str:
    return "ARRAY[" + ",".join("'" + w.replace("'", "''") + "'" for w in words) + "]"


# --------------------------------------------------------------------------- environment


def configure(data_dir: Path) -> None:
    """The environment the script runs Django with (set before Django is imported)."""
    for key in [k for k in os.environ if k.startswith("CONGSO_")]:
        del os.environ[key]
    os.environ.update(
        CONGSO_DATABASE_URL=DATABASE_URL,
        CONGSO_DEBUG="true",
        CONGSO_DEMO_MODE="true",
        CONGSO_DATA_DIR=str(data_dir),
        CONGSO_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="congso.settings",
    )
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def admin_connect():
    import psycopg

    return psycopg.connect(PG_ADMIN_URL, autocommit=True)


def bench_connect():
    import psycopg

    return psycopg.connect(DATABASE_URL)


def seeded_count() -> int | None:
    """How many dossiers a complete earlier seed left, None when there is none."""
    import psycopg

    with admin_connect() as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,)).fetchone():
            return None
    with bench_connect() as conn:
        if not conn.execute("SELECT to_regclass('bench_meta')").fetchone()[0]:
            return None
        try:
            row = conn.execute("SELECT value FROM bench_meta WHERE key = 'dossiers'").fetchone()
        except psycopg.Error:
            return None
    return int(row[0]) if row else None


def recreate_database() -> None:
    with admin_connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def phase(label: str):
    """Times a block and prints it: `with phase("x"): ...`."""

    class _Phase:
        def __enter__(self):
            self.began = time.monotonic()
            print(f"  {label} …", end="", flush=True)
            return self

        def __exit__(self, *exc):
            self.seconds = time.monotonic() - self.began
            print(f" {self.seconds:.1f}s", flush=True)
            return False

    return _Phase()


# --------------------------------------------------------------------------- seeding


def process_plans() -> list[dict]:
    """Per procedure, the steps a dossier passes through (variant 0), and the same with one
    rejection by the leader sent back to the step before (variant 1, when it stays ≤ 6 steps).

    As the code records them: the desk's reception (a step of the template when its first step is
    the one-stop clerk's, else added), the template's steps, and the desk's "Trả kết quả" step
    when the template does not end at the desk. `lo`/`hi` place each step on the dossier's
    timeline (shares of its working days; the reception takes no time).
    """
    from congso.procedures.models import Procedure, ProcessStep

    templates: dict[int, list] = {}
    for step in ProcessStep.objects.order_by("procedure_id", "order", "id"):
        templates.setdefault(step.procedure_id, []).append(step)
    rows = []
    for procedure in Procedure.objects.filter(is_active=True).order_by("id"):
        steps: list[dict] = []

        def add(template, order, name, role, days, org_unit_id, action, outcome, note, weight,
                steps=steps):  # fmt: skip
            steps.append(
                {
                    "template_id": template,
                    "ord": order,
                    "name": name,
                    "role": role,
                    "days": float(days),
                    "org_unit_id": org_unit_id,
                    "action": action,
                    "outcome": outcome,
                    "note": note,
                    "weight": float(weight),
                }
            )

        ts = templates.get(procedure.id, [])
        if not ts:
            ts_rows = [(None, 1, "Xử lý hồ sơ", HANDLER, procedure.processing_days, None)]
        else:
            ts_rows = [(t.id, t.order, t.name, t.role, t.days, t.org_unit_id) for t in ts]
        if ts_rows[0][3] != CLERK:
            add(None, 0, "Tiếp nhận hồ sơ", CLERK, 0.5, None, "receive", "forwarded", "", 0)
        last = len(ts_rows) - 1
        for i, (tid, order, name, role, days, unit) in enumerate(ts_rows):
            if i == 0 and role == CLERK:
                add(tid, order, name, role, days, unit, "receive", "forwarded", "", 0)
            elif i == last and role == CLERK:
                add(tid, order, name, role, days, unit, "issue_result", "finished", "", days)
            elif role == LEADER:
                add(tid, order, name, role, days, unit, "approve", "approved", "Đồng ý.", days)
            else:
                note = "Hồ sơ đủ điều kiện, đề nghị lãnh đạo xem xét."
                add(tid, order, name, role, days, unit, "forward", "forwarded", note, days)
        if ts_rows[last][3] != CLERK:
            order = ts_rows[last][1] + 1
            add(None, order, "Trả kết quả", CLERK, 0.5, None, "issue_result", "finished", "", 0.5)
        variants = [steps]
        leader = next((i for i, s in enumerate(steps) if s["role"] == LEADER), None)
        if leader is not None and steps[leader - 1]["action"] == "forward" and len(steps) <= 4:
            rejected = {
                **steps[leader],
                "action": "reject",
                "outcome": "rejected",
                "note": "Đề nghị thẩm định lại thành phần hồ sơ.",
                "weight": steps[leader]["weight"] / 2,
            }
            variants.append([*steps[:leader], rejected, dict(steps[leader - 1]), *steps[leader:]])
        for variant, plan in enumerate(variants):
            total = sum(s["weight"] for s in plan) or 1.0
            acc = 0.0
            for seq, s in enumerate(plan, start=1):
                lo = acc / total
                acc += s["weight"]
                hi = acc / total
                rows.append(
                    {**s, "procedure_id": procedure.id, "variant": variant, "seq": seq,
                     "lo": lo, "hi": hi, "n_variants": len(variants)}
                )  # fmt: skip
    return rows


def working_days(today: date) -> list[date]:
    """Working days of the last YEARS years up to yesterday (the province's calendar)."""
    from congso.core.workdays import is_working_day

    day, days = today - timedelta(days=365 * YEARS), []
    while day < today:
        if is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def create_officials() -> None:
    """Per agency: a one-stop clerk, two handlers and a leader (no usable password)."""
    from django.contrib.auth.hashers import make_password

    from congso.accounts.models import OrgUnit, RoleAssignment, User

    rng = random.Random(7)
    unusable = make_password(None)
    users, roles = [], []
    for unit in OrgUnit.objects.order_by("id"):
        for role, k in ((CLERK, 0), (HANDLER, 0), (HANDLER, 1), (LEADER, 0)):
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            user = User(
                email=f"bench-{role}-{unit.id}-{k}@bench.congso.vn",
                full_name=name,
                kind=User.Kind.OFFICIAL,
                password=unusable,
            )
            users.append(user)
            roles.append((user, unit, role))
    User.objects.bulk_create(users)
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, org_unit=unit, role=role) for user, unit, role in roles
    )


def seed(n: int) -> dict[str, float]:
    """The dossiers, their steps and events, in SQL; returns the seconds of each phase."""
    from django.core.management import call_command
    from django.utils import timezone

    timings: dict[str, float] = {}
    with phase("migrate") as p:
        call_command("migrate", verbosity=0, interactive=False)
    timings["migrate"] = p.seconds
    with phase("congso demo --no-portals") as p:
        call_command("demo", "--no-portals", "--quiet")
        create_officials()
        plans = process_plans()
        today = timezone.localdate()
        days = working_days(today)
    timings["demo"] = p.seconds

    began = time.monotonic()
    conn = bench_connect()
    try:
        _seed_sql(conn, n, plans, days)
    finally:
        conn.close()
    timings["seed"] = time.monotonic() - began
    return timings


def _seed_sql(conn, n: int, plans: list[dict], days: list[date]) -> None:
    cur = conn.cursor()
    run = cur.execute
    run("SET synchronous_commit = off")
    run("SET work_mem = '256MB'")
    run("SET maintenance_work_mem = '1GB'")
    # The rows are consistent by construction: no foreign-key trigger per row while loading
    # (superuser only; the constraints stay declared and are checked for every later write).
    run("SET session_replication_role = replica")
    tables = ("dossiers_dossier", "dossiers_dossierstep", "dossiers_dossierevent")

    # Columns this seed does not fill must be nullable or have a database default.
    run(
        """SELECT table_name, column_name FROM information_schema.columns
           WHERE table_name = ANY(%s) AND is_nullable = 'NO' AND column_default IS NULL
             AND is_identity = 'NO'""",
        (list(tables),),
    )
    filled = {
        "dossiers_dossier": DOSSIER_COLUMNS,
        "dossiers_dossierstep": STEP_COLUMNS,
        "dossiers_dossierevent": EVENT_COLUMNS,
    }
    missing = [f"{t}.{c}" for t, c in cur.fetchall() if c not in filled[t]]
    if missing:
        raise SystemExit(f"the seed does not fill these NOT NULL columns: {', '.join(missing)}")

    with phase("helper tables"):
        # The demo's own dossiers (and their day counters) would clash with the seeded codes.
        for table in ("dossiers_dossierfile", "dossiers_supplementrequest", *reversed(tables)):
            run(f"DELETE FROM {table}")
        run("DELETE FROM dossiers_dossiersequence")
        run(
            "CREATE TABLE bench_plan (procedure_id bigint, variant int, seq int, template_id bigint,"
            " ord int, name text, role text, days numeric, org_unit_id bigint, action text,"
            " outcome text, note text, lo float8, hi float8, n_variants int)"
        )
        cur.executemany(
            "INSERT INTO bench_plan VALUES (%(procedure_id)s, %(variant)s, %(seq)s,"
            " %(template_id)s, %(ord)s, %(name)s, %(role)s, %(days)s, %(org_unit_id)s,"
            " %(action)s, %(outcome)s, %(note)s, %(lo)s, %(hi)s, %(n_variants)s)",
            plans,
        )
        run("CREATE TABLE bench_day (i int PRIMARY KEY, day date)")
        cur.executemany("INSERT INTO bench_day VALUES (%s, %s)", list(enumerate(days)))
        # (procedure, agency) pairs with a weight: commune procedures are the bulk of the
        # volume, the towns and wards busier than the villages, some agencies busier than others.
        run(
            """
            CREATE TABLE bench_pair AS
            WITH p AS (
              SELECT pr.id AS procedure_id, o.id AS agency_id, o.code AS agency_code,
                     o.name AS agency_name, pr.processing_days AS days,
                     (CASE pr.level WHEN 'commune' THEN 6 WHEN 'district' THEN 3 ELSE 10 END)
                     * (1 + ((o.id * 37) % 10) / 5.0)
                     * (CASE WHEN o.kind IN ('ward', 'township', 'city') THEN 1.5 ELSE 1 END)
                       AS w,
                     COALESCE((SELECT array_agg(c.id ORDER BY c."order", c.id)
                               FROM procedures_procedurecase c WHERE c.procedure_id = pr.id),
                              '{}') AS case_ids,
                     COALESCE((SELECT array_agg(COALESCE(c.processing_days, pr.processing_days)
                                                ORDER BY c."order", c.id)
                               FROM procedures_procedurecase c WHERE c.procedure_id = pr.id),
                              '{}') AS case_days,
                     (SELECT max(n_variants) FROM bench_plan b WHERE b.procedure_id = pr.id)
                       AS n_variants
              FROM procedures_procedure pr
              JOIN procedures_procedure_agencies pa ON pa.procedure_id = pr.id
              JOIN accounts_orgunit o ON o.id = pa.orgunit_id
              WHERE pr.is_active
            )
            SELECT row_number() OVER (ORDER BY procedure_id, agency_id) AS pair, p.*,
                   w / sum(w) OVER () AS share
            FROM p"""
        )
        run(
            """CREATE TABLE bench_slot AS
               SELECT (row_number() OVER () - 1)::int AS slot, pair
               FROM bench_pair, generate_series(1, greatest(1, round(share * 100000)::int))"""
        )
        run("ALTER TABLE bench_slot ADD PRIMARY KEY (slot)")
        run(
            """CREATE TABLE bench_official AS
               SELECT r.org_unit_id AS agency_id, r.role,
                      CASE WHEN u.email LIKE '%-1@bench.congso.vn' THEN 1 ELSE 0 END AS k,
                      u.id AS user_id, u.full_name
               FROM accounts_roleassignment r JOIN accounts_user u ON u.id = r.user_id
               WHERE u.email LIKE 'bench-%'"""
        )
        # clerks and leaders are one person per agency: the same for k = 0 and k = 1
        run(
            """INSERT INTO bench_official SELECT agency_id, role, 1, user_id, full_name
               FROM bench_official WHERE role <> 'handler'"""
        )
        run("SELECT count(*) FROM bench_slot")
        slots = cur.fetchone()[0]
        # bench_at(day, r): a moment of the working hours (07:30–11:30, 13:30–17:00) of `day`
        run(
            f"""CREATE FUNCTION bench_at(d date, r float8) RETURNS timestamptz
                LANGUAGE sql STABLE AS $$
                  SELECT (d + make_interval(mins => CASE WHEN floor(r * 450) < 240
                                                    THEN 450 + floor(r * 450)::int
                                                    ELSE 570 + floor(r * 450)::int END))
                         AT TIME ZONE '{TZ_NAME}' $$"""
        )
        conn.commit()

    with phase(f"generate {n:,} dossiers (bench_d)"):
        _generate_dossiers(run, n, slots, len(days))
        conn.commit()

    # Secondary indexes are dropped while loading and rebuilt after (the same definitions);
    # the primary keys and the unique code stay.
    run(
        """SELECT indexname, indexdef FROM pg_indexes
           WHERE tablename = ANY(%s)
             AND indexname NOT IN (SELECT conname FROM pg_constraint)""",
        (list(tables),),
    )
    indexes = cur.fetchall()
    for name, _definition in indexes:
        run(f'DROP INDEX "{name}"')
    conn.commit()

    with phase("insert dossiers"):
        run(
            f"INSERT INTO dossiers_dossier ({', '.join(DOSSIER_COLUMNS)}, id) "
            f"SELECT {', '.join(DOSSIER_COLUMNS)}, id FROM bench_d ORDER BY id"
        )
        run(
            "SELECT setval(pg_get_serial_sequence('dossiers_dossier', 'id'), "
            "(SELECT max(id) FROM dossiers_dossier))"
        )
        run(
            """INSERT INTO dossiers_dossiersequence (agency_id, day, last)
               SELECT agency_id, code_day, max(num) FROM bench_d
               WHERE code IS NOT NULL GROUP BY agency_id, code_day"""
        )
        conn.commit()
    with phase("insert steps"):
        run(STEPS_SQL)
        conn.commit()
    with phase("insert events"):
        run(EVENTS_SQL)
        conn.commit()
    with phase(f"rebuild {len(indexes)} indexes"):
        for _name, definition in indexes:
            run(definition)
        conn.commit()
    with phase("drop helper tables"):
        for table in ("bench_d", "bench_plan", "bench_day", "bench_pair", "bench_slot"):
            run(f"DROP TABLE {table}")
        run("DROP TABLE bench_official")
        run("DROP FUNCTION bench_at")
        conn.commit()
    conn.autocommit = True
    with phase("VACUUM ANALYZE, then ANALYZE the database"):
        for table in (*tables, "dossiers_dossiersequence"):
            run(f"VACUUM ANALYZE {table}")
        # the small tables too (agencies, procedures, users): autovacuum may not have reached
        # them yet, and without their statistics the planner takes every agency subtree for a
        # single row (a year of the province: 1.2 s instead of 0.4 s in a trial run)
        run("ANALYZE")
    run("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)")
    run(
        "INSERT INTO bench_meta VALUES ('dossiers', %s), ('seeded_at', now()::text)"
        " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        (str(n),),
    )


DOSSIER_COLUMNS = (
    "created_at", "updated_at", "code", "lookup_secret", "status", "channel", "applicant_name",
    "applicant_id_number", "organization_name", "tax_code", "address", "phone", "email",
    "result_delivery", "form_data", "client_token", "submitted_at", "received_at", "due_at",
    "finished_at", "returned_at", "processing_days", "rating", "rating_comment", "rated_at",
    "agency_id", "case_id", "procedure_id", "extended_days",
)  # fmt: skip
STEP_COLUMNS = (
    "dossier_id", "template_id", "order", "name", "org_unit_id", "role", "days", "started_at",
    "due_at", "handler_id", "claimed_at", "finished_at", "outcome", "note",
)  # fmt: skip
EVENT_COLUMNS = (
    "dossier_id", "at", "actor_id", "actor_name", "action", "from_status", "to_status", "note",
)  # fmt: skip

SECRET_CHAR = "substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + floor(random() * 31)::int, 1)"


def _generate_dossiers(run, n: int, slots: int, n_days: int) -> None:
    """bench_d: one row per dossier with everything its rows are made of.

    Fates (of 100): 1 draft and 0.8 withdrawn (online only), 2 refused (half before reception),
    0.3 cancelled, the rest processed: 88 % of those within their time (finishing at 15–100 % of
    it), 11.7 % late (100–180 %), 0.3 % stuck (never finished: the old overdue ones). A processed
    dossier whose finishing moment is still ahead is open: received (20 %), in process (68 %),
    waiting for a supplement (9 %) or for the fee (3 %). Of the finished, 97 % were collected
    (returned) and half were rated.
    """
    day = f"interval '{STEP_CAL_FACTOR} day'"
    run(
        f"""
        CREATE UNLOGGED TABLE bench_d AS
        WITH base AS (
          SELECT g, random() AS r_slot, random() AS r_day, random() AS r_min, random() AS r_chan,
                 random() AS r_fate, random() AS r_speed, random() AS r_f, random() AS r_st,
                 random() AS r_ret, random() AS r_rate, random() AS r_case, random() AS r_var,
                 random() AS r_sub
          FROM generate_series(1, {int(n)}) g
        ), picked AS (
          SELECT b.*, p.procedure_id, p.agency_id, p.agency_code, p.agency_name, p.n_variants,
                 CASE WHEN cardinality(p.case_ids) > 0
                      THEN 1 + floor(b.r_case * cardinality(p.case_ids))::int END AS case_idx,
                 p.case_ids, p.case_days, p.days AS proc_days,
                 bench_at(d.day, b.r_min) AS t0,
                 CASE WHEN b.r_chan < 0.70 THEN 'online'
                      WHEN b.r_chan < 0.97 THEN 'counter' ELSE 'post' END AS channel
          FROM base b
          JOIN bench_slot s ON s.slot = floor(b.r_slot * {slots})::int
          JOIN bench_pair p ON p.pair = s.pair
          JOIN bench_day d ON d.i = floor(b.r_day * {n_days})::int
        ), fated AS (
          SELECT x.*, x.case_ids[x.case_idx] AS case_id,
                 COALESCE(x.case_days[x.case_idx], x.proc_days) AS pd,
                 CASE WHEN x.channel = 'online' AND x.r_fate < 0.010 THEN 'draft'
                      WHEN x.channel = 'online' AND x.r_fate < 0.018 THEN 'withdrawn'
                      WHEN x.r_fate >= 0.018 AND x.r_fate < 0.038 THEN
                        CASE WHEN x.channel = 'online' AND x.r_st < 0.5 THEN 'refused_early'
                             ELSE 'refused' END
                      WHEN x.r_fate >= 0.038 AND x.r_fate < 0.041 THEN 'cancelled'
                      ELSE 'processed' END AS fate
          FROM picked x
        ), timed AS (
          SELECT f.*,
                 CASE WHEN f.fate IN ('draft', 'withdrawn', 'refused_early') THEN NULL
                      ELSE f.t0 END AS r_at,
                 CASE WHEN f.fate = 'draft' THEN NULL
                      WHEN f.channel = 'online'
                           AND f.fate NOT IN ('withdrawn', 'refused_early')
                        THEN f.t0 - f.r_sub * interval '2 day'
                      ELSE f.t0 END AS s_at,
                 -- the moment the processing ends (virtual for the open ones)
                 CASE WHEN f.fate <> 'processed' THEN NULL
                      WHEN f.r_speed < 0.003 THEN f.t0 + interval '3650 day'
                      WHEN f.r_speed < 0.12
                        THEN f.t0 + f.pd * (1.0 + f.r_f * 0.8) * {day}
                      ELSE f.t0 + f.pd * (0.15 + f.r_f * 0.85) * {day} END AS v_at
          FROM fated f
        ), stated AS (
          SELECT t.*,
                 CASE t.fate
                   WHEN 'draft' THEN 'draft'
                   WHEN 'withdrawn' THEN 'withdrawn'
                   WHEN 'refused_early' THEN 'refused'
                   WHEN 'refused' THEN 'refused'
                   WHEN 'cancelled' THEN 'cancelled'
                   ELSE CASE
                     WHEN t.v_at <= now() THEN
                       CASE WHEN t.r_ret < 0.97
                                 AND t.v_at + t.r_sub * interval '3 day' <= now()
                            THEN 'returned' ELSE 'result_ready' END
                     WHEN t.r_st < 0.20 THEN 'received'
                     WHEN t.r_st < 0.88 THEN 'in_process'
                     WHEN t.r_st < 0.97 THEN 'supplement'
                     ELSE 'payment' END
                 END AS status
          FROM timed t
        ), final AS (
          SELECT s.*,
                 CASE WHEN s.r_at IS NOT NULL THEN s.r_at + s.pd * {day} END AS due,
                 CASE WHEN s.status IN ('returned', 'result_ready') THEN s.v_at
                      WHEN s.fate = 'refused_early'
                        THEN least(s.t0 + s.r_f * interval '1 day', now())
                      WHEN s.fate IN ('refused', 'cancelled')
                        THEN least(s.t0 + s.r_f * s.pd * interval '1 day', now())
                 END AS fin,
                 CASE WHEN s.status = 'returned' THEN s.v_at + s.r_sub * interval '3 day'
                 END AS ret,
                 CASE WHEN s.status IN ('returned', 'result_ready') AND s.r_rate < 0.5 THEN
                   CASE WHEN s.r_rate < 0.30 THEN 4 WHEN s.r_rate < 0.45 THEN 3
                        WHEN s.r_rate < 0.485 THEN 2 ELSE 1 END
                 END AS rating,
                 CASE WHEN s.fate = 'draft' THEN NULL
                      ELSE (s.s_at AT TIME ZONE '{TZ_NAME}')::date END AS code_day,
                 CASE WHEN s.fate = 'draft' OR s.channel <> 'online' THEN s.t0
                      ELSE s.s_at - (5 + s.r_min * 60) * interval '1 minute' END AS created
          FROM stated s
        ), numbered AS (
          SELECT f.*,
                 row_number() OVER (ORDER BY f.created, f.g) AS id,
                 row_number() OVER (PARTITION BY f.agency_id, f.code_day
                                    ORDER BY f.s_at, f.g) AS num
          FROM final f
        )
        SELECT
          n.id, n.g, n.agency_id, n.procedure_id, n.case_id, n.status, n.fate, n.channel,
          n.pd AS processing_days,
          CASE WHEN n.n_variants > 1 AND n.r_var < 0.12 THEN 1 ELSE 0 END AS variant,
          n.created AS created_at,
          GREATEST(n.created, n.s_at, n.r_at, n.fin, n.ret) AS updated_at,
          CASE WHEN n.code_day IS NOT NULL
               THEN n.agency_code || '-' || to_char(n.code_day, 'YYMMDD') || '-'
                    || lpad(n.num::text, 4, '0') END AS code,
          n.code_day, n.num,
          {" || ".join([SECRET_CHAR] * 6)} AS lookup_secret,
          ({sql_text_array(FAMILY)})[1 + floor(random() * {len(FAMILY)})::int] || ' ' ||
          ({sql_text_array(MIDDLE)})[1 + floor(random() * {len(MIDDLE)})::int] || ' ' ||
          ({sql_text_array(GIVEN)})[1 + floor(random() * {len(GIVEN)})::int]
            AS applicant_name,
          '0' || lpad(floor(random() * 100000000000)::bigint::text, 11, '0')
            AS applicant_id_number,
          '' AS organization_name, '' AS tax_code,
          'Số ' || (1 + floor(random() * 300))::int || ', thôn '
            || (1 + floor(random() * 12))::int || ', ' || n.agency_name AS address,
          '09' || lpad(floor(random() * 100000000)::bigint::text, 8, '0') AS phone,
          CASE WHEN n.channel = 'online' THEN 'nguoidan' || n.g || '@example.vn' ELSE '' END
            AS email,
          CASE WHEN n.channel = 'online' AND n.r_sub < 0.3 THEN 'online'
               WHEN n.channel = 'post' THEN 'post' ELSE 'counter' END AS result_delivery,
          jsonb_build_object(
            'noi_dung', 'Đề nghị cơ quan xem xét, giải quyết thủ tục theo quy định.',
            'so_ban', 1 + floor(n.r_min * 3)::int,
            'ngay_cap', to_char(n.t0 - (n.r_f * 3000) * interval '1 day', 'YYYY-MM-DD'),
            'noi_cap', 'Cục Cảnh sát quản lý hành chính về trật tự xã hội'
          ) AS form_data,
          '' AS client_token,
          n.s_at AS submitted_at, n.r_at AS received_at, n.due AS due_at,
          n.fin AS finished_at, n.ret AS returned_at,
          n.rating::smallint AS rating,
          CASE WHEN n.rating = 1 THEN 'Thời gian chờ lâu.' ELSE '' END AS rating_comment,
          CASE WHEN n.rating IS NOT NULL
               THEN least(COALESCE(n.ret, n.fin) + n.r_sub * interval '2 day', now()) END
            AS rated_at,
          0 AS extended_days,
          n.r_at AS r_at, n.v_at AS v_at,
          CASE WHEN n.r_at IS NULL THEN 'none'
               WHEN n.status IN ('returned', 'result_ready') THEN 'done'
               WHEN n.fate IN ('refused', 'cancelled') THEN 'stopped'
               ELSE 'open' END AS kind,
          CASE WHEN n.status = 'received' THEN 0.0
               WHEN n.status IN ('returned', 'result_ready') THEN 1.0
               WHEN n.v_at IS NOT NULL
                 THEN extract(epoch FROM now() - n.r_at) / extract(epoch FROM n.v_at - n.r_at)
          END AS p_eff
        FROM numbered n
        """
    )
    run("ALTER TABLE bench_d ADD PRIMARY KEY (id)")
    run("ANALYZE bench_d")


# A dossier's steps: its plan's steps up to where it is now. Times are placed on the dossier's
# timeline [received, end of processing] by the steps' shares of its working days.
STEPS_SQL = f"""
INSERT INTO dossiers_dossierstep ({", ".join(f'"{c}"' for c in STEP_COLUMNS)})
SELECT x.id, x.template_id, x.ord, x.name, x.unit, x.role, x.days, x.started,
       x.started + x.days * interval '{STEP_CAL_FACTOR} day',
       CASE WHEN x.closed OR x.status <> 'received' THEN o.user_id END,
       CASE WHEN x.closed OR x.status <> 'received'
            THEN x.started + least(interval '2 hour', COALESCE(x.finished, now()) - x.started)
                             * random() END,
       x.finished,
       CASE WHEN NOT x.closed THEN ''
            WHEN x.kind = 'stopped' AND x.seq = 2 THEN 'finished' ELSE x.outcome END,
       CASE WHEN x.closed THEN x.note ELSE '' END
FROM (
  SELECT d.id, d.status, d.kind, p.seq, p.template_id, p.ord, p.name, p.role, p.days,
         p.outcome, p.note, COALESCE(p.org_unit_id, d.agency_id) AS unit,
         d.r_at + (COALESCE(d.v_at, d.finished_at) - d.r_at) * p.lo AS started,
         (d.kind IN ('done', 'stopped') OR p.hi <= d.p_eff) AS closed,
         CASE WHEN d.kind = 'stopped' AND p.seq = 2 THEN d.finished_at
              WHEN d.kind IN ('done', 'stopped') OR p.hi <= d.p_eff
                THEN d.r_at + (COALESCE(d.v_at, d.finished_at) - d.r_at) * p.hi END AS finished,
         d.id % 2 AS k
  FROM bench_d d
  JOIN bench_plan p ON p.procedure_id = d.procedure_id AND p.variant = d.variant
  WHERE d.kind = 'done' OR (d.kind = 'open' AND p.lo <= d.p_eff)
        OR (d.kind = 'stopped' AND p.seq <= 2)
) x
LEFT JOIN bench_official o ON o.agency_id = x.unit AND o.role = x.role AND o.k = x.k
ORDER BY x.started, x.id, x.seq
"""

# A dossier's events: submission, one per step done (reception, forward, approve, reject, the
# result), and withdrawal, refusal, supplement request, collection and rating.
EVENTS_SQL = f"""
INSERT INTO dossiers_dossierevent ({", ".join(EVENT_COLUMNS)})
SELECT * FROM (
  SELECT id, created_at, NULL::bigint, applicant_name, 'start', '', '', ''
  FROM bench_d WHERE status = 'draft'
  UNION ALL
  SELECT id, submitted_at, NULL, applicant_name, 'submit', 'draft', 'submitted', ''
  FROM bench_d WHERE channel = 'online' AND submitted_at IS NOT NULL
  UNION ALL
  SELECT x.id, x.finished, o.user_id, COALESCE(o.full_name, ''), x.action,
         CASE x.action WHEN 'receive' THEN CASE WHEN x.channel = 'online' THEN 'submitted'
                                                ELSE 'draft' END
                       WHEN 'issue_result' THEN 'in_process' ELSE '' END,
         CASE x.action WHEN 'receive' THEN 'received'
                       WHEN 'issue_result' THEN 'result_ready' ELSE '' END,
         CASE WHEN x.action = 'receive' THEN '' ELSE x.note END
  FROM (
    SELECT d.id, d.channel, p.action, p.note, p.role, COALESCE(p.org_unit_id, d.agency_id) AS unit,
           d.id % 2 AS k,
           d.r_at + (COALESCE(d.v_at, d.finished_at) - d.r_at) * p.hi AS finished
    FROM bench_d d
    JOIN bench_plan p ON p.procedure_id = d.procedure_id AND p.variant = d.variant
    WHERE d.kind = 'done' OR (d.kind = 'open' AND p.hi <= d.p_eff)
          OR (d.kind = 'stopped' AND p.seq = 1)
  ) x
  LEFT JOIN bench_official o ON o.agency_id = x.unit AND o.role = x.role AND o.k = x.k
  UNION ALL
  SELECT id, submitted_at + interval '26 hour', NULL, applicant_name, 'withdraw', 'submitted', 'withdrawn',
         'Tôi không có nhu cầu giải quyết nữa.'
  FROM bench_d WHERE status = 'withdrawn'
  UNION ALL
  SELECT d.id, d.finished_at, o.user_id, COALESCE(o.full_name, ''),
         CASE WHEN d.status = 'refused' THEN 'refuse' ELSE 'cancel' END,
         CASE WHEN d.received_at IS NULL THEN 'submitted' ELSE 'in_process' END, d.status,
         'Hồ sơ không đủ điều kiện giải quyết theo quy định.'
  FROM bench_d d
  LEFT JOIN bench_official o ON o.agency_id = d.agency_id AND o.role = 'one_stop_clerk'
                              AND o.k = 0
  WHERE d.status IN ('refused', 'cancelled')
  UNION ALL
  SELECT d.id, d.r_at + (now() - d.r_at) * 0.5, o.user_id, COALESCE(o.full_name, ''),
         'request_supplement',
         'in_process', 'supplement', 'Đề nghị bổ sung bản sao giấy tờ tùy thân.'
  FROM bench_d d
  LEFT JOIN bench_official o ON o.agency_id = d.agency_id AND o.role = 'one_stop_clerk'
                              AND o.k = 0
  WHERE d.status = 'supplement'
  UNION ALL
  SELECT d.id, d.returned_at, o.user_id, COALESCE(o.full_name, ''), 'return_result',
         'result_ready',
         'returned', ''
  FROM bench_d d
  LEFT JOIN bench_official o ON o.agency_id = d.agency_id AND o.role = 'one_stop_clerk'
                              AND o.k = 0
  WHERE d.status = 'returned'
  UNION ALL
  SELECT id, rated_at, NULL, applicant_name, 'rate', '', '', rating_comment
  FROM bench_d WHERE rating IS NOT NULL
) e (dossier_id, at, actor_id, actor_name, action, from_status, to_status, note)
ORDER BY at, dossier_id
"""


def data_summary() -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            """SELECT (SELECT count(*) FROM dossiers_dossier),
                      (SELECT count(*) FROM dossiers_dossierstep),
                      (SELECT count(*) FROM dossiers_dossierevent),
                      (SELECT count(*) FROM dossiers_dossierstep WHERE finished_at IS NULL),
                      pg_size_pretty(pg_total_relation_size('dossiers_dossier')),
                      pg_size_pretty(pg_total_relation_size('dossiers_dossierstep')),
                      pg_size_pretty(pg_total_relation_size('dossiers_dossierevent'))"""
        )
        counts = cur.fetchone()
        cur.execute("SELECT status, count(*) FROM dossiers_dossier GROUP BY 1 ORDER BY 2 DESC")
        statuses = cur.fetchall()
        cur.execute(
            """SELECT count(*) FROM dossiers_dossier
               WHERE status IN ('received', 'in_process', 'payment') AND due_at < now()"""
        )
        overdue = cur.fetchone()[0]
    return [counts, statuses, overdue]


# --------------------------------------------------------------------------- measuring


def ms_percentiles(samples: list[float]) -> tuple[float, float]:
    """(p50, p99) in ms; p99 by nearest rank."""
    ordered = sorted(samples)
    p99 = ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p99 * 1000


class Row:
    """One read measurement: `call` runs it once more (for EXPLAIN)."""

    def __init__(self, label, n, value, base, target, queries, call):
        self.label, self.n, self.value, self.base = label, n, value, base
        self.target, self.queries, self.call = target, queries, call

    @property
    def passed(self) -> bool | None:
        return None if self.target is None else self.value[1] < self.target


def measure(
    fn: Callable[[int], object],
    baseline: Callable[[int], object],
    *,
    runs: int,
    budget: float,
    warmup: int = 5,
) -> tuple[int, tuple[float, float], tuple[float, float]]:
    """Alternates fn and baseline `runs` times (fewer if `budget` seconds run out, at least 20),
    after `warmup` calls of each; returns (n, fn's p50/p99, baseline's p50/p99) in ms."""
    for i in range(warmup):
        fn(i)
        baseline(i)
    times, base_times = [], []
    deadline = time.monotonic() + budget
    for i in range(runs):
        t0 = time.perf_counter()
        baseline(i)
        t1 = time.perf_counter()
        fn(i)
        t2 = time.perf_counter()
        base_times.append(t1 - t0)
        times.append(t2 - t1)
        if i >= 19 and time.monotonic() > deadline:
            break
    return len(times), ms_percentiles(times), ms_percentiles(base_times)


def count_queries(fn: Callable[[], object]) -> tuple[int, list[dict]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries), ctx.captured_queries


def raw(sql: str, params) -> list:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(line for (line,) in cur.fetchall())


def pick_inbox_handler():
    """The first bench handler of the agency with the most open handler steps in its inbox."""
    from congso.accounts.models import User

    (agency_id, open_steps), = raw(
        """SELECT s.org_unit_id, count(*) FROM dossiers_dossierstep s
           JOIN dossiers_dossier d ON d.id = s.dossier_id
           WHERE s.finished_at IS NULL AND s.role = 'handler'
             AND d.status IN ('received', 'in_process')
           GROUP BY 1 ORDER BY 2 DESC LIMIT 1""",
        [],
    )  # fmt: skip
    user = User.objects.get(email=f"bench-handler-{agency_id}-0@bench.congso.vn")
    return user, agency_id, open_steps


def measure_reads(opts) -> list[Row]:
    from django.core.paginator import Paginator
    from django.utils import timezone

    from congso.accounts.models import OrgUnit
    from congso.dossiers import processing, selectors

    rows: list[Row] = []
    kw = {"runs": opts.runs, "budget": opts.budget}

    # --- a handler's inbox
    handler, agency_id, open_steps = pick_inbox_handler()
    agency = OrgUnit.objects.get(pk=agency_id)
    print(f"  inbox: handler of {agency.name} (id {agency_id}), {open_steps:,} open steps")

    def inbox_page(_i):
        page = Paginator(processing.inbox(user=handler), 30).get_page(1)
        return list(page.object_list)

    def inbox_rows(_i):
        return list(processing.inbox(user=handler)[:30])

    base_sql = """SELECT id, dossier_id, name, role, due_at, handler_id FROM dossiers_dossierstep
                  WHERE org_unit_id = %s AND role = 'handler' AND finished_at IS NULL
                  ORDER BY due_at LIMIT 30"""

    def inbox_base(_i):
        return raw(base_sql, [agency_id])

    if len(inbox_rows(0)) < 30:
        print("  (fewer than 30 open steps: seed more dossiers for a meaningful inbox)")
    nq, _ = count_queries(lambda: inbox_page(0))
    n, value, base = measure(inbox_page, inbox_base, **kw)
    rows.append(Row("inbox, first page (Paginator: count + 30 rows)", n, value, base,
                    TARGETS_MS["inbox"], nq, lambda: inbox_page(0)))  # fmt: skip
    nq, _ = count_queries(lambda: inbox_rows(0))
    n, value, base = measure(inbox_rows, inbox_base, **kw)
    rows.append(Row("inbox, 30 rows only (`inbox(user)[:30]`)", n, value, base, None, nq,
                    lambda: inbox_rows(0)))  # fmt: skip

    # --- public lookup by code and secret: a different dossier each run
    sample = raw(
        """SELECT code, lookup_secret FROM dossiers_dossier
           WHERE id IN (SELECT (1 + floor(random() * (SELECT max(id) FROM dossiers_dossier)))::int
                        FROM generate_series(1, %s))
             AND code IS NOT NULL""",
        [opts.runs * 2],
    )
    random.Random(1).shuffle(sample)

    def lookup(i):
        code, secret = sample[i % len(sample)]
        found = selectors.lookup(code=code, secret=secret)
        assert found is not None
        assert found.code == code
        return list(found.events.all())

    def lookup_base(i):
        return raw(
            "SELECT id, lookup_secret, status FROM dossiers_dossier WHERE code = %s",
            [sample[(i + 1) % len(sample)][0]],
        )

    nq, _ = count_queries(lambda: lookup(0))
    n, value, base = measure(lookup, lookup_base, **kw)
    rows.append(Row("public lookup `lookup(code=, secret=)`", n, value, base,
                    TARGETS_MS["lookup"], nq, lambda: lookup(0)))  # fmt: skip

    # --- a year of statistics
    today = timezone.localdate()
    start, end = today - timedelta(days=364), today
    (busiest_id, received), = raw(
        """SELECT agency_id, count(*) FROM dossiers_dossier
           WHERE received_at >= %s AND received_at < %s GROUP BY 1 ORDER BY 2 DESC LIMIT 1""",
        [start, end + timedelta(days=1)],
    )  # fmt: skip
    busiest = OrgUnit.objects.get(pk=busiest_id)
    province = OrgUnit.objects.get(depth=1)
    stats_fn, stats_note = stats_selector()
    print(f"  statistics {start}–{end}: {busiest.name} ({received:,} received), and the province")
    base_sql = """SELECT count(*) FROM dossiers_dossier
                  WHERE agency_id = %s AND received_at >= %s AND received_at < %s"""
    since, until = f"{start} 00:00+07", f"{end + timedelta(days=1)} 00:00+07"
    for label, unit, target, base_query, params in (
        ("agency", busiest, TARGETS_MS["stats_agency"], base_sql, [busiest_id, since, until]),
        ("province", province, None,
         "SELECT count(*) FROM dossiers_dossier WHERE received_at >= %s AND received_at < %s",
         [since, until]),
    ):  # fmt: skip

        def stats(_i, unit=unit):
            return stats_fn(unit, start, end)

        def stats_base(_i, base_query=base_query, params=params):
            return raw(base_query, params)

        nq, _ = count_queries(lambda stats=stats: stats(0))
        n, value, base = measure(stats, stats_base, runs=opts.runs, budget=opts.budget, warmup=2)
        rows.append(Row(f"a year of statistics, {label} ({stats_note})", n, value, base,
                        target, nq, lambda stats=stats: stats(0)))  # fmt: skip
    if opts.dashboard:
        from congso.dossiers import stats as stats_module

        if hasattr(stats_module, "dashboard_figures"):
            for label, unit, base_query, params in (
                ("agency", busiest, base_sql, [busiest_id, since, until]),
            ):

                def dash(_i, unit=unit):
                    return stats_module.dashboard_figures(agencies=unit, start=start, end=end)

                def dash_base(_i, base_query=base_query, params=params):
                    return raw(base_query, params)

                nq, _ = count_queries(lambda dash=dash: dash(0))
                n, value, base = measure(dash, dash_base, runs=opts.runs, budget=opts.budget,
                                         warmup=2)  # fmt: skip
                rows.append(Row(f"dashboard, a year, {label} (`dashboard_figures`)", n, value,
                                base, None, nq, lambda dash=dash: dash(0)))  # fmt: skip
    return rows


EQUIVALENT_STATS = """
SELECT count(*),
       count(*) FILTER (WHERE d.finished_at IS NOT NULL AND d.status IN ('result_ready', 'returned')),
       count(*) FILTER (WHERE d.finished_at IS NOT NULL AND d.status IN ('result_ready', 'returned')
                          AND d.finished_at > d.due_at),
       count(*) FILTER (WHERE d.status IN ('received', 'in_process', 'supplement', 'payment')),
       count(*) FILTER (WHERE d.status IN ('received', 'in_process', 'payment') AND d.due_at < now()),
       count(*) FILTER (WHERE d.status IN ('refused', 'withdrawn', 'cancelled')),
       count(*) FILTER (WHERE d.channel = 'online'),
       count(*) FILTER (WHERE d.rating IS NOT NULL),
       count(*) FILTER (WHERE d.rating >= 3)
FROM dossiers_dossier d JOIN accounts_orgunit o ON o.id = d.agency_id
WHERE o.path LIKE %s AND d.received_at >= %s AND d.received_at < %s
"""


def stats_selector():
    """`stats.agency_stats` when the statistics selectors exist, else an equivalent query."""
    try:
        from congso.dossiers.stats import agency_stats
    except ImportError:

        def equivalent(unit, start, end):
            since, until = f"{start} 00:00+07", f"{end + timedelta(days=1)} 00:00+07"
            return raw(EQUIVALENT_STATS, [unit.path + "%", since, until])

        return equivalent, "the bench's conditional aggregation"

    def selector(unit, start, end):
        return agency_stats(agencies=unit, start=start, end=end)

    return selector, "`agency_stats`"


# --------------------------------------------------------------------------- reception


def reception_setup(clerks: int):
    """A commune-level procedure the busiest ward takes, the form values and the papers a clerk
    scans, and `clerks` agencies carrying it (with their bench clerks); checked by one call."""
    from django.db import transaction

    from congso.accounts.models import User
    from congso.dossiers import services
    from congso.dossiers.demo import _sample_value
    from congso.procedures.models import Procedure, RequiredPaper
    from congso.procedures.schema import fields_of

    for procedure in Procedure.objects.filter(is_active=True, level="commune").order_by("code"):
        agencies = list(services.agencies_for(procedure)[:clerks])
        if len(agencies) < clerks:
            continue
        case = procedure.cases.order_by("order", "id").first()
        values = {name: _sample_value(spec) for name, spec, _r in fields_of(procedure.form_schema)}
        papers = RequiredPaper.objects.filter(procedure=procedure, is_required=True)
        papers = papers.filter(case__isnull=True) | papers.filter(case=case) if case else papers
        setup = {
            "procedure_id": procedure.pk,
            "case_id": case.pk if case else None,
            "values": values,
            "papers": sorted({p.pk for p in papers}),
            "agencies": [(a.pk, User.objects.get(email=f"bench-one_stop_clerk-{a.pk}-0"
                                                        "@bench.congso.vn").pk)
                         for a in agencies],
        }  # fmt: skip
        try:
            with transaction.atomic():
                register_one(setup, setup["agencies"][0], 0)
                transaction.set_rollback(True)
        except Exception as error:
            print(f"  ({procedure.code} not usable at the counter: {error})")
            continue
        return setup, procedure
    raise SystemExit("no commune-level procedure could be registered at the counter")


_cache = threading.local()


def register_one(setup: dict, agency_clerk: tuple[int, int], i: int):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from congso.accounts.models import OrgUnit, User
    from congso.dossiers import services
    from congso.procedures.models import Procedure, ProcedureCase

    key = agency_clerk
    objs = getattr(_cache, "objs", {}).get(key)
    if objs is None:
        objs = (
            User.objects.get(pk=agency_clerk[1]),
            OrgUnit.objects.get(pk=agency_clerk[0]),
            Procedure.objects.get(pk=setup["procedure_id"]),
            ProcedureCase.objects.get(pk=setup["case_id"]) if setup["case_id"] else None,
        )
        _cache.objs = {**getattr(_cache, "objs", {}), key: objs}
    clerk, agency, procedure, case = objs
    return services.dossier_register_at_counter(
        clerk=clerk,
        procedure=procedure,
        agency=agency,
        case=case,
        applicant={"applicant_name": f"Người nộp thử {i}", "phone": "0912345678",
                   "address": "Số 1, thôn 2"},
        values=setup["values"],
        uploads=[(pid, SimpleUploadedFile("ban-chup.pdf", SCAN, "application/pdf"))
                 for pid in setup["papers"]],
    )  # fmt: skip


def clerk_loop(setup: dict, agency_clerk: tuple[int, int], start_at: float, seconds: float):
    """Registers dossiers back to back from `start_at` for `seconds`; (latencies, errors, end)."""
    from django.db import connections

    latencies, errors = [], 0
    while time.monotonic() < start_at:
        time.sleep(0.005)
    deadline = start_at + seconds
    i = 0
    try:
        while time.monotonic() < deadline:
            t0 = time.perf_counter()
            try:
                register_one(setup, agency_clerk, i)
            except Exception as error:
                errors += 1
                if errors == 1:
                    print(f"    error: {type(error).__name__}: {error}", flush=True)
            else:
                latencies.append(time.perf_counter() - t0)
            i += 1
    finally:
        connections.close_all()
    return latencies, errors, time.monotonic()


def _process_worker(args):
    return clerk_loop(*args)


def reception_run(setup: dict, clerks: int, mode: str, same_agency: bool, seconds: float):
    from django.db import connections

    pairs = setup["agencies"]
    assigned = [pairs[0] if same_agency else pairs[i % len(pairs)] for i in range(clerks)]
    if mode == "thread":
        start_at = time.monotonic() + 0.5
        results: list = [None] * clerks

        def work(k):
            results[k] = clerk_loop(setup, assigned[k], start_at, seconds)

        threads = [threading.Thread(target=work, args=(k,)) for k in range(clerks)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        connections.close_all()  # nothing open crosses the fork
        start_at = time.monotonic() + 2.0
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(clerks) as pool:
            results = pool.map(
                _process_worker, [(setup, a, start_at, seconds) for a in assigned], chunksize=1
            )
    latencies = [x for lat, _e, _end in results for x in lat]
    errors = sum(e for _l, e, _end in results)
    elapsed = max(end for _l, _e, end in results) - start_at
    p50, p99 = ms_percentiles(latencies) if latencies else (float("nan"), float("nan"))
    return len(latencies) / elapsed, p50, p99, len(latencies), errors


def measure_reception(opts) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT max(id) FROM dossiers_dossier")
        (max_id,) = cur.fetchone()
    counts = sorted({int(c) for c in opts.clerks.split(",")})
    setup, procedure = reception_setup(max(counts))
    print(f"  procedure {procedure.code} «{procedure.name[:60]}», {len(setup['papers'])} scanned "
          f"papers each, agencies {[a for a, _c in setup['agencies']]}")  # fmt: skip
    results = []
    try:
        clerk_loop(setup, setup["agencies"][0], time.monotonic(), 2.0)  # warm-up
        configs = [(1, "thread", True)]
        configs += [(c, "thread", True) for c in counts if c > 1]
        configs += [(c, "process", True) for c in counts if c > 1]
        if opts.distinct:
            configs += [(max(counts), "process", False)]
        # Interleaved rounds, as bench/portal: other load on the machine falls on every set-up
        # alike, and each keeps its round with the most dossiers/s (the least disturbed).
        best: dict[tuple, tuple] = {}
        for round_no in range(1, opts.rounds + 1):
            print(f"  round {round_no}/{opts.rounds}", flush=True)
            for config in configs:
                clerks, mode, same = config
                rate, p50, p99, done, errors = reception_run(setup, *config, opts.seconds)
                where = "one agency" if same else f"{clerks} agencies"
                print(f"    {clerks} clerk(s) in {mode}s, {where}: {rate:6.1f} dossiers/s  "
                      f"p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  ({done} done, {errors} errors)",
                      flush=True)  # fmt: skip
                if config not in best or rate > best[config][3]:
                    best[config] = (clerks, mode, where, rate, p50, p99, done, errors)
        results = [best[config] for config in configs]
    finally:
        remove_new_dossiers(max_id)
    return results


def remove_new_dossiers(max_id: int) -> None:
    """The reception test's dossiers go: the database stays as seeded for --reuse-db."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from congso.dossiers.models import Dossier

    ct = ContentType.objects.get_for_model(Dossier).pk
    with transaction.atomic(), connection.cursor() as cur:
        for table in ("dossiers_dossierfile", "dossiers_dossierstep", "dossiers_dossierevent",
                      "dossiers_supplementrequest"):  # fmt: skip
            cur.execute(f"DELETE FROM {table} WHERE dossier_id > %s", [max_id])
        cur.execute(
            "DELETE FROM core_auditlog WHERE content_type_id = %s AND object_id ~ '^[0-9]+$' "
            "AND object_id::bigint > %s",
            [ct, max_id],
        )
        cur.execute("DELETE FROM dossiers_dossier WHERE id > %s", [max_id])


# --------------------------------------------------------------------------- report


def report(rows: list[Row], reception: list[tuple], opts, info: dict) -> None:
    print()
    print(
        f"## {datetime.now().astimezone():%Y-%m-%d %H:%M %z}, {os.cpu_count()} CPUs, "
        f"PostgreSQL {info['pg']}, {info['dossiers']:,} dossiers, {info['steps']:,} steps, "
        f"{info['events']:,} events"
    )
    print(f"\ncommand: .venv/bin/python bench/dossiers/run.py {' '.join(sys.argv[1:])}".rstrip())
    load = info["load"]
    print(f"\nload average before: {load[0][0]:.2f}, after: {load[1][0]:.2f}")
    if info.get("seed"):
        print(f"seeding: {info['seed']}")
    print()
    print("| measurement | runs | queries | p50 ms | p99 ms | baseline p50 ms | baseline p99 ms "
          "| ratio p50 | ratio p99 | target p99 | result |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        target = f"< {r.target:.0f} ms" if r.target else "—"
        result = {None: "—", True: "PASS", False: "FAIL"}[r.passed]
        print(
            f"| {r.label} | {r.n} | {r.queries} | {r.value[0]:.2f} | {r.value[1]:.2f} "
            f"| {r.base[0]:.2f} | {r.base[1]:.2f} | {r.value[0] / r.base[0]:.1f}× "
            f"| {r.value[1] / r.base[1]:.1f}× | {target} | {result} |"
        )
    if reception:
        print()
        base_rate = reception[0][3]
        print("| reception at the counter | dossiers/s | p50 ms | p99 ms | vs 1 thread | errors |")
        print("|---|---:|---:|---:|---:|---|")
        for clerks, mode, where, rate, p50, p99, _done, errors in reception:
            print(
                f"| {clerks} {'clerk' if clerks == 1 else 'clerks'} ({mode} each), {where} | {rate:.1f} "
                f"| {p50:.0f} | {p99:.0f} | {rate / base_rate:.2f}× | {errors} |"
            )
    print(f"\n(total {time.monotonic() - info['began']:.0f}s)")


def explain_slowest(row: Row) -> None:
    label = row.label
    _n, captured = count_queries(row.call)
    slowest = max(captured, key=lambda q: float(q["time"]))
    print(f"\nEXPLAIN ANALYZE of the slowest query of {label} ({slowest['time']} s):")
    print(slowest["sql"])
    print(explain(slowest["sql"]))


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse-db", action="store_true", help="keep a complete earlier seed")
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200, help="runs per read measurement")
    parser.add_argument(
        "--budget",
        type=float,
        default=30.0,
        help="at most this many seconds per read measurement (≥ 20 runs)",
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="per reception set-up")
    parser.add_argument("--clerks", default="4,8", help="concurrent clerks, comma-separated")
    parser.add_argument("--rounds", type=int, default=2, help="reception rounds (best kept)")
    parser.add_argument(
        "--no-distinct",
        dest="distinct",
        action="store_false",
        help="skip the clerks-at-different-agencies run",
    )
    parser.add_argument("--no-reception", dest="reception", action="store_false")
    parser.add_argument("--no-dashboard", dest="dashboard", action="store_false")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE every target")
    opts = parser.parse_args()

    began = time.monotonic()
    data_dir = Path(tempfile.mkdtemp(prefix="congso-bench-dossiers-"))
    try:
        reuse = opts.reuse_db and seeded_count() == opts.dossiers
        if not reuse:
            print(f"Seeding {DB_NAME} with {opts.dossiers:,} dossiers", flush=True)
            recreate_database()
        configure(data_dir)
        seed_info = ""
        if reuse:
            print(f"Reusing {DB_NAME} ({opts.dossiers:,} dossiers)", flush=True)
        else:
            timings = seed(opts.dossiers)
            seed_info = (
                f"{timings['seed']:.0f} s for the dossiers, steps and events in SQL (after "
                f"migrate {timings['migrate']:.0f} s and the demo province {timings['demo']:.0f} s)"
            )
            print(f"  seeded in {timings['seed']:.0f}s ({seed_info})", flush=True)
        (counts, statuses, overdue) = data_summary()
        print(f"  {counts[0]:,} dossiers ({counts[4]}), {counts[1]:,} steps ({counts[5]}), "
              f"{counts[2]:,} events ({counts[6]}); {counts[3]:,} open steps; "
              f"{overdue:,} dossiers overdue now")  # fmt: skip
        print("  " + ", ".join(f"{s} {c:,}" for s, c in statuses), flush=True)

        load_before = os.getloadavg()
        print("\nReads", flush=True)
        rows = measure_reads(opts)
        for r in rows:
            print(f"    {r.label}: p50 {r.value[0]:.2f} ms, p99 {r.value[1]:.2f} ms "
                  f"(baseline {r.base[0]:.2f} / {r.base[1]:.2f} ms, {r.n} runs)",
                  flush=True)  # fmt: skip
        reception = []
        if opts.reception:
            print("\nReception at the counter", flush=True)
            reception = measure_reception(opts)
        from django.db import connection

        pg = raw("SHOW server_version", [])[0][0]
        info = {
            "pg": pg, "dossiers": counts[0], "steps": counts[1], "events": counts[2],
            "load": (load_before, os.getloadavg()), "seed": seed_info, "began": began,
        }  # fmt: skip
        report(rows, reception, opts, info)
        for r in rows:
            if opts.explain or r.passed is False:
                explain_slowest(r)
        connection.close()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        sys.exit(130)
