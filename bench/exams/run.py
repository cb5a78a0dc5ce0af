"""Online exams under load on loopback: a start spike of 5,000 candidates and their sustained
autosave, next to bare endpoints under the same gunicorn — all in one run.

Run from the project root (on demand; never part of the tests):

    .venv/bin/python bench/exams/run.py             # ~7 minutes on 2 cores
    .venv/bin/python bench/exams/run.py --reuse-db  # keep the seeded congso_bench_exams

Needs PostgreSQL (user postgres, trust, on 127.0.0.1:5432), Redis on 127.0.0.1:6379, wrk and
gunicorn — see bench/exams/README.md. It drops and recreates the database `congso_bench_exams`,
flushes Redis db 12, and touches nothing else; every process it starts is stopped at the end,
also on Ctrl-C or an error.

Measurements, in this order:
  (1) start spike: 5,000 signed-in candidates press "Bắt đầu" within --spike-seconds, most of
      them at the opening (a Python asyncio client, as browsers: POST the start, wait on the
      waiting room page as long as it says, then load the attempt page), with the app's
      waiting room at its configured rate;
  (2) start throughput: the same 5,000 starts as fast as gunicorn takes them (wrk, the waiting
      room's rate set out of the way);
  (3) autosave: POST /thi/lam-bai/<id>/luu/ with each candidate's token, round-robin over the
      5,000 (wrk): at the most the server does, and paced at --rate;
  (4) the floor: a bare Django view and a plain WSGI callable returning the same JSON under the
      same gunicorn (floor_app.py), for the ratios.
Then it checks in the database that every start and every save landed.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from benchlib import Processes, free_port, run, wait_for_port  # noqa: E402

VENV_BIN = Path(sys.executable).parent

DB_NAME = "congso_bench_exams"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
CACHE_URL = "redis://127.0.0.1:6379/12"
SECRET_KEY = "bench-exams-not-a-real-secret-" + "k" * 40
CSRF_TOKEN = "BenchCsrfToken0123456789abcdefgh"  # 32 letters and digits: a valid csrftoken
CONTEST_SLUG = "bench-cuoc-thi"
EXAM_SLUG = "bench-vong-1"
TICKET_COOKIE = "congso_exam_queue"  # congso.exams.admission.TICKET_COOKIE
SINGLE_SLOTS = 19  # + the prediction question: 20-question papers
SEED_VERSION = "1"
HOST = "localhost"

TARGET_SAVES_PER_SECOND = 1000
TARGET_P99_MS = 200.0


# --------------------------------------------------------------------------- processes


# --------------------------------------------------------------------------- CPU accounting


CLK_TCK = os.sysconf("SC_CLK_TCK")


def _proc_stats() -> list[tuple[int, int, float, str]]:
    """(pid, ppid, cpu seconds, cmdline) of every process we can read."""
    rows = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        rest = stat[stat.rfind(")") + 2 :].split()
        cpu = (int(rest[11]) + int(rest[12])) / CLK_TCK
        rows.append((int(entry.name), int(rest[1]), cpu, cmdline.decode(errors="replace")))
    return rows


def _machine_busy() -> tuple[float, float]:
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    total = sum(fields[:8])
    return (total - idle) / CLK_TCK, total / CLK_TCK


@dataclass
class Cpu:
    """CPU seconds over a measurement, per party, as a share of one core (100 % = one core)."""

    wall: float
    server: float  # gunicorn master and workers
    database: float  # the PostgreSQL backends connected to the bench database
    generator: float  # wrk, or this script's asyncio client
    machine: float  # everything, as a share of all cores (100 % = all busy)

    def describe(self) -> str:
        return (
            f"CPU (% of one core): gunicorn {self.server:.0f}, PostgreSQL {self.database:.0f}, "
            f"load generator {self.generator:.0f}; machine {self.machine:.0f} % busy"
        )


class CpuMeter:
    """CPU seconds over a measurement, process by process, sampled every half second (Django
    closes and reopens its database connections every CONN_MAX_AGE: a backend's CPU counts up to
    its last sample). The sampling's own CPU is left out of the generator's."""

    INTERVAL = 0.5

    def __init__(self, server_pids: list[int]) -> None:
        self.server_pids = set(server_pids)
        self.first: dict[int, float] = {}
        self.last: dict[int, tuple[str, float]] = {}
        self.sampler_cpu = 0.0
        self.stop = threading.Event()

    def _sample(self) -> None:
        for pid, ppid, cpu, cmdline in _proc_stats():
            if pid in self.server_pids or ppid in self.server_pids:
                kind = "server"
            elif cmdline.startswith("postgres:") and f" {DB_NAME} " in cmdline:
                kind = "database"
            else:
                continue
            self.last[pid] = (kind, cpu)

    def _run(self) -> None:
        while not self.stop.wait(self.INTERVAL):
            began = time.thread_time()
            self._sample()
            self.sampler_cpu += time.thread_time() - began

    @staticmethod
    def _generator() -> float:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return children.ru_utime + children.ru_stime + time.process_time()

    def __enter__(self):
        self._sample()
        self.first = {pid: cpu for pid, (_kind, cpu) in self.last.items()}
        self.t0, self.generator0, self.machine0 = (
            time.monotonic(),
            self._generator(),
            _machine_busy(),
        )
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        self._sample()
        self.t1, self.generator1, self.machine1 = (
            time.monotonic(),
            self._generator(),
            _machine_busy(),
        )

    def result(self) -> Cpu:
        wall = max(1e-9, self.t1 - self.t0)
        spent = {"server": 0.0, "database": 0.0}
        for pid, (kind, cpu) in self.last.items():
            spent[kind] += cpu - self.first.get(pid, 0.0)
        busy = (self.machine1[0] - self.machine0[0]) / max(
            1e-9, self.machine1[1] - self.machine0[1]
        )
        generator = self.generator1 - self.generator0 - self.sampler_cpu
        return Cpu(
            wall=wall,
            server=100 * spent["server"] / wall,
            database=100 * spent["database"] / wall,
            generator=100 * generator / wall,
            machine=100 * busy,
        )


# --------------------------------------------------------------------------- wrk


UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    bench: dict[str, str]
    cpu: Cpu | None = None
    errors: list[str] = field(default_factory=list)


def _latency(out: str, pct: str) -> float:
    m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
    return float(m.group(1)) * UNIT_MS[m.group(2)] if m else float("nan")


def wrk(
    url: str,
    *,
    script: Path,
    env: dict,
    seconds: int,
    connections: int,
    meter_pids: list[int],
    done_file: Path | None = None,
) -> WrkResult:
    """One wrk run; with `done_file`, ended (SIGINT: it still reports) once the script writes it."""
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency"]
    args += ["-H", f"Host: {HOST}", "-s", str(script), url]
    env = {**os.environ, **env}
    if done_file is not None:
        done_file.unlink(missing_ok=True)
        env["BENCH_DONE_FILE"] = str(done_file)
    with CpuMeter(meter_pids) as meter:
        proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        try:
            if done_file is not None:
                while proc.poll() is None and not done_file.exists():
                    time.sleep(0.05)
                if proc.poll() is None:
                    proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=seconds + 60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    if proc.returncode != 0 or "Requests/sec" not in out:
        raise SystemExit(f"wrk failed ({proc.returncode}):\n{out}\n{err}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bench = {}
    if m := re.search(r"^BENCH (.*)$", out, re.M):
        for key, value in re.findall(r"(\w+)=(\S*(?: (?!\w+=)\S*)*)", m.group(1)):
            bench[key] = value
    errors = []
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors.append(f"{m.group(1)} non-2xx/3xx")
    if m := re.search(r"Socket errors: (.*)", out):
        errors.append("socket errors: " + m.group(1).strip())
    return WrkResult(rps, _latency(out, "50"), _latency(out, "99"), bench, meter.result(), errors)


# --------------------------------------------------------------------------- set-up


def app_env(data_dir: Path, *, starts_per_second: int | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONGSO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="congso.settings",
        CONGSO_DEBUG="false",
        CONGSO_SECRET_KEY=SECRET_KEY,
        CONGSO_ALLOWED_HOSTS=".localhost,localhost,127.0.0.1",
        CONGSO_DEMO_MODE="false",
        CONGSO_DATABASE_URL=DATABASE_URL,
        CONGSO_CACHE_URL=CACHE_URL,
        CONGSO_DATA_DIR=str(data_dir),
        CONGSO_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT / "src"),
    )
    if starts_per_second is not None:
        env["CONGSO_EXAM_STARTS_PER_SECOND"] = str(starts_per_second)
    return env


def configure_django(env: dict) -> None:
    for key in [k for k in os.environ if k.startswith("CONGSO_")]:
        del os.environ[key]
    os.environ.update({k: v for k, v in env.items() if k.startswith(("CONGSO_", "DJANGO_"))})
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def static_fresh(data_dir: Path) -> bool:
    """Whether the collected static files are newer than every file of the project's own."""
    manifest = data_dir / "static" / "staticfiles.json"
    if not manifest.exists():
        return False
    collected = manifest.stat().st_mtime
    sources = (ROOT / "src" / "congso").glob("**/static/**/*")
    return all(f.stat().st_mtime < collected for f in sources if f.is_file())


def export_revision(rev: str, target: Path) -> Path:
    """src/ at `rev`, without touching the working tree or the repository's metadata."""
    target.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "src"], cwd=ROOT, capture_output=True
    )
    if archive.returncode != 0:
        raise SystemExit(f"git archive {rev} failed: {archive.stderr.decode()}")
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    print(f"  sources of {rev} in {target}", flush=True)
    return target / "src"


def pg_admin():
    import psycopg

    return psycopg.connect(PG_ADMIN_URL, autocommit=True)


def seeded_meta() -> dict[str, str]:
    import psycopg

    with pg_admin() as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,)).fetchone():
            return {}
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        if not conn.execute("SELECT to_regclass('bench_meta')").fetchone()[0]:
            return {}
        return dict(conn.execute("SELECT key, value FROM bench_meta").fetchall())


def recreate_database() -> None:
    with pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def flush_bench_redis() -> None:
    import redis

    redis.Redis.from_url(CACHE_URL).flushdb()


def seed(*, candidates: int, questions: int) -> None:
    """The organising agency, a bank of single-choice questions in four topics, a published
    contest with one round of 19 questions + the prediction, and registered candidates."""
    from django.db import connection, transaction
    from django.utils import timezone

    from congso.accounts.models import OrgUnit
    from congso.exams import questions as question_services
    from congso.exams.models import Candidate, Contest, Exam, PaperRule, QuestionType, Registration

    started = time.monotonic()
    with transaction.atomic():
        unit = OrgUnit.add_root(
            name="Sở Tư pháp tỉnh Thái Bình", short_name="Sở Tư pháp", code="000.00.15.H56",
            kind="department",
        )  # fmt: skip
        bank = question_services.bank_create(
            actor=None, org_unit=unit, name="Tìm hiểu pháp luật (bench)"
        )
        topics = ["Hiến pháp", "Luật Giao thông", "Luật An ninh mạng", "Luật Đất đai"]
        root = question_services.category_get_or_create(actor=None, bank=bank, path="Pháp luật")
        leaves = [
            question_services.category_get_or_create(
                actor=None, bank=bank, path=["Pháp luật", topic]
            )
            for topic in topics
        ]
        for n in range(1, questions + 1):
            question_services.question_create(
                actor=None,
                bank=bank,
                category=leaves[n % len(leaves)],
                qtype=QuestionType.SINGLE,
                text=f"Câu hỏi số {n}: theo quy định hiện hành, phương án nào sau đây là đúng?",
                data={
                    "choices": [
                        {"id": "a", "text": f"Phương án đúng của câu {n}", "fraction": 1},
                        {"id": "b", "text": f"Phương án sai thứ nhất của câu {n}", "fraction": 0},
                        {"id": "c", "text": f"Phương án sai thứ hai của câu {n}", "fraction": 0},
                        {"id": "d", "text": f"Phương án sai thứ ba của câu {n}", "fraction": 0},
                    ]
                },
                difficulty=["easy", "medium", "hard"][n % 3],
            )
        prediction = question_services.question_create(
            actor=None, bank=bank, category=root, qtype=QuestionType.PREDICTION,
            text="Theo bạn, có bao nhiêu người dự thi vòng này?", data={},
        )  # fmt: skip
        now = timezone.now()
        contest = Contest.objects.create(
            org_unit=unit,
            title="Cuộc thi tìm hiểu pháp luật trực tuyến (bench)",
            slug=CONTEST_SLUG,
            rules="Mỗi vòng 20 câu hỏi.",
            status=Contest.Status.PUBLISHED,
        )
        exam = Exam.objects.create(
            org_unit=unit, contest=contest, title="Vòng 1 (bench)", slug=EXAM_SLUG, bank=bank,
            opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=1),
            time_limit_minutes=180, attempts_allowed=1, prediction_question=prediction,
            status=Exam.Status.PUBLISHED,
        )  # fmt: skip
        PaperRule.objects.create(exam=exam, category=root, include_subcategories=True, count=19)
        people = Candidate.objects.bulk_create(
            [
                Candidate(
                    full_name=f"Thí Sinh Số {k:05d}",
                    email=f"thisinh{k:05d}@bench.test",
                    verified_at=now,
                    workplace="Trường THPT Bắc Duyên Hà",
                )
                for k in range(candidates)
            ],
            batch_size=1000,
        )
        Registration.objects.bulk_create(
            [Registration(contest=contest, candidate=c) for c in people], batch_size=1000
        )
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_meta (key text PRIMARY KEY, value text)")
            cursor.execute(
                "INSERT INTO bench_meta VALUES ('version', %s), ('candidates', %s), "
                "('questions', %s), ('seeded_at', now()::text)",
                [SEED_VERSION, str(candidates), str(questions)],
            )
    print(
        f"  seed: {questions} questions, 1 round, {candidates:,} candidates "
        f"{time.monotonic() - started:.1f}s",
        flush=True,
    )


def bench_exam():
    from congso.exams.models import Exam

    return Exam.objects.get(slug=EXAM_SLUG)


def reset_round(candidates: int) -> None:
    """No attempt yet, every paper back in the pool (topped up to the candidates + 10 %), the
    round open from an hour ago, an empty waiting room."""
    from django.db import connection
    from django.utils import timezone

    from congso.exams.models import Attempt, Exam, Paper, Result
    from congso.exams.papers import free_papers, papers_prepare

    started = time.monotonic()
    exam = bench_exam()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Result._meta.db_table} WHERE exam_id = %s", [exam.pk])
        cursor.execute(f"DELETE FROM {Attempt._meta.db_table} WHERE exam_id = %s", [exam.pk])
        cursor.execute(
            f"UPDATE {Paper._meta.db_table} SET taken = false WHERE exam_id = %s AND taken",
            [exam.pk],
        )
    now = timezone.now()
    Exam.objects.filter(pk=exam.pk).update(
        opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=1)
    )
    wanted = candidates + candidates // 10
    drawn = papers_prepare(exam=exam, count=wanted - free_papers(exam))
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Attempt._meta.db_table}")
        cursor.execute(f"VACUUM ANALYZE {Paper._meta.db_table}")
    flush_bench_redis()
    connection.close()
    print(
        f"  reset: no attempts, {free_papers(exam):,} papers in the pool"
        f"{f' ({drawn:,} drawn now)' if drawn else ''}, {time.monotonic() - started:.1f}s",
        flush=True,
    )
    connection.close()


def make_sessions(candidates: int) -> list[tuple[int, str]]:
    """A signed-in session per candidate, written straight into the session store."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from congso.exams.candidates import SESSION_KEY
    from congso.exams.models import Candidate

    store = SessionStore()
    expire = timezone.now() + timedelta(days=14)
    ids = list(Candidate.objects.order_by("pk").values_list("pk", flat=True)[:candidates])
    rows = []
    for pk in ids:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        rows.append(Session(session_key=key, session_data=store.encode({SESSION_KEY: pk}),
                            expire_date=expire))  # fmt: skip
    Session.objects.all().delete()
    Session.objects.bulk_create(rows, batch_size=1000)
    connection.close()
    return [(pk, row.session_key) for pk, row in zip(ids, rows, strict=True)]


def expected_choice(k: int, order: list[str], slot: int) -> str:
    return order[(k + slot) % len(order)]


def write_saves_file(path: Path) -> list[tuple[int, list[str]]]:
    """One line per open attempt: id, token, the choice the bench sends for slots 0-18."""
    from django.db import connection

    from congso.exams.attempts import attempt_token
    from congso.exams.models import Attempt

    lines, expected = [], []
    attempts = Attempt.objects.filter(exam__slug=EXAM_SLUG, status="open").select_related("exam")
    for k, attempt in enumerate(attempts.order_by("pk")):
        singles = [s for s in attempt.slots if s["t"] == "single"]
        if len(singles) != SINGLE_SLOTS or attempt.slots[SINGLE_SLOTS]["t"] != "prediction":
            raise SystemExit(f"attempt {attempt.pk}: unexpected paper {attempt.slots}")
        choices = [expected_choice(k, attempt.slots[i]["order"], i) for i in range(SINGLE_SLOTS)]
        lines.append(f"{attempt.pk} {attempt_token(attempt)} {' '.join(choices)}")
        expected.append((attempt.pk, choices))
    path.write_text("\n".join(lines) + "\n")
    connection.close()
    return expected


# --------------------------------------------------------------------------- the start spike


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)  # nearest rank
    return ordered[min(len(ordered), max(1, math.ceil(pct / 100 * len(ordered)))) - 1]


@dataclass
class Spike:
    candidates: int
    spread_seconds: float
    shape: float
    limit: int
    admitted_at_once: int = 0
    queued: int = 0
    polls: int = 0
    max_polls: int = 0
    refused: int = 0  # connection refused, reset or no answer in time: pressed again later
    refused_candidates: int = 0
    gave_up: int = 0  # candidates still refused after RETRIES presses
    errors: list[str] = field(default_factory=list)  # answers the app should never give
    all_in_seconds: float = 0.0  # first press to the last candidate's attempt
    wait: list[float] = field(default_factory=list)  # press → attempt, per candidate (s)
    post_ms: list[float] = field(default_factory=list)
    poll_ms: list[float] = field(default_factory=list)
    page_ms: list[float] = field(default_factory=list)
    first_second: int = 0
    cpu: Cpu | None = None

    @property
    def started(self) -> int:
        return len(self.wait)


REFRESH = re.compile(rb'http-equiv="refresh" content="(\d+);')
TOKEN = re.compile(rb'data-token="([^"]+)"')
BROWSER_TIMEOUT = 60  # seconds a browser (or nginx before gunicorn) waits for an answer
RETRY_SECONDS = 5  # a candidate whose page failed presses again after this
RETRIES = 20


async def _spike(port: int, sessions: list[tuple[int, str]], result: Spike) -> None:
    import aiohttp

    n = len(sessions)
    # Press times: 60 s * u^shape for evenly spread u — with shape 2, 645 of 5,000 press in the
    # first second and half in the first quarter of the spread.
    offsets = [result.spread_seconds * ((k + 0.5) / n) ** result.shape for k in range(n)]
    result.first_second = sum(1 for o in offsets if o < 1.0)
    loop = asyncio.get_running_loop()
    base = f"http://127.0.0.1:{port}"
    start_path, queue_path = f"/thi/{EXAM_SLUG}/bat-dau/", f"/thi/{EXAM_SLUG}/hang-doi/"
    presses, attempts_at = [], []

    class GaveUp(Exception):
        pass

    async def fetch(http, method, path, headers, refused: list[int]):
        """One page as a browser gets it: a failed connection is pressed again a bit later."""
        for _try in range(RETRIES):
            began = loop.time()
            try:
                async with http.request(
                    method, base + path, headers=headers, allow_redirects=False
                ) as r:
                    body = await r.read()
                    # The waiting room's ticket, kept as a browser keeps a cookie.
                    ticket = r.cookies.get(TICKET_COOKIE)
                    if ticket is not None:
                        cookies = headers["Cookie"].split("; ")
                        cookies = [c for c in cookies if not c.startswith(TICKET_COOKIE + "=")]
                        if ticket.value:
                            cookies.append(f"{TICKET_COOKIE}={ticket.value}")
                        headers["Cookie"] = "; ".join(cookies)
                    return (
                        r.status,
                        r.headers.get("Location", ""),
                        body,
                        (loop.time() - began) * 1000,
                    )
            except (aiohttp.ClientConnectionError, TimeoutError):
                result.refused += 1
                refused[0] += 1
                await asyncio.sleep(RETRY_SECONDS)
        raise GaveUp

    async def candidate(http, k: int, session_key: str, t0: float) -> None:
        await asyncio.sleep(max(0.0, t0 + offsets[k] - loop.time()))
        pressed = loop.time()
        presses.append(pressed)
        headers = {
            "Host": HOST,
            "Cookie": f"sessionid={session_key}; csrftoken={CSRF_TOKEN}",
            "X-CSRFToken": CSRF_TOKEN,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        refused = [0]
        try:
            status, location, body, ms = await fetch(http, "POST", start_path, headers, refused)
            result.post_ms.append(ms)
            polls = 0
            while status == 202:
                wait = REFRESH.search(body)
                await asyncio.sleep(int(wait.group(1)) if wait else 1)
                polls += 1
                status, location, body, ms = await fetch(http, "GET", queue_path, headers, refused)
                result.poll_ms.append(ms)
            if polls:
                result.queued += 1
                result.polls += polls
                result.max_polls = max(result.max_polls, polls)
            else:
                result.admitted_at_once += status == 302
            if status != 302 or "/thi/lam-bai/" not in location:
                result.errors.append(f"start → {status} {location} {body[:200]!r}")
                return
            got = loop.time()
            attempts_at.append(got)
            result.wait.append(got - pressed)
            status, _location, body, ms = await fetch(http, "GET", location, headers, refused)
            result.page_ms.append(ms)
            if status != 200 or not TOKEN.search(body):
                result.errors.append(f"attempt page → {status} {body[:200]!r}")
        except GaveUp:
            result.gave_up += 1
        finally:
            result.refused_candidates += refused[0] > 0

    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=BROWSER_TIMEOUT)
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        t0 = loop.time() + 0.5
        await asyncio.gather(
            *(candidate(http, k, key, t0) for k, (_pk, key) in enumerate(sessions))
        )
    if presses and attempts_at:
        result.all_in_seconds = max(attempts_at) - min(presses)


def start_spike(port, sessions, *, seconds, shape, limit, server_pids) -> Spike:
    result = Spike(candidates=len(sessions), spread_seconds=seconds, shape=shape, limit=limit)
    with CpuMeter(server_pids) as meter:
        asyncio.run(_spike(port, sessions, result))
    result.cpu = meter.result()
    return result


# --------------------------------------------------------------------------- checks


def check_attempts(candidates: int, what: str, *, up_to: int | None = None) -> list[str]:
    """One attempt per candidate who started, each on a paper from the pool (`up_to`: more may
    exist, for candidates whose start was made but never answered)."""
    from django.db import connection
    from django.db.models import Count

    from congso.exams.models import Attempt, Paper

    exam = bench_exam()
    problems = []
    attempts = Attempt.objects.filter(exam=exam)
    total = attempts.count()
    per_candidate = attempts.values("candidate").annotate(n=Count("pk")).filter(n__gt=1).count()
    taken = Paper.objects.filter(exam=exam, taken=True).count()
    if not candidates <= total <= (up_to if up_to is not None else candidates):
        problems.append(f"{what}: {total:,} attempts in the database, expected {candidates:,}")
    if per_candidate:
        problems.append(f"{what}: {per_candidate} candidates with more than one attempt")
    if taken != total:
        problems.append(
            f"{what}: {taken:,} papers taken from the pool for {total:,} attempts "
            "(some drawn on demand: the pool ran dry)"
        )
    print(f"  check {what}: {total:,} attempts, {taken:,} papers taken from the pool", flush=True)
    connection.close()
    return problems


def _slots_after(saves: int, n: int) -> int:
    """Answers stored after the first `saves` requests: the k-th save answered slot (k div n) of
    candidate (k mod n), so candidate k has min(19, ceil((saves - k) / n)) slots answered."""
    return sum(min(SINGLE_SLOTS, max(0, -(-(saves - k) // n))) for k in range(n))


def check_saves(expected: list[tuple[int, list[str]]], sent: int, ok: int) -> tuple[list, dict]:
    """Every answer stored is the one sent for that slot, and as many as were sent are stored.

    `sent` requests went out (numbered on across the runs), `ok` came back 200; the few in flight
    when a run ended may or may not have landed, hence a range for the counts."""
    from django.db import connection

    from congso.exams.models import Attempt

    problems = []
    rows = dict(Attempt.objects.filter(exam__slug=EXAM_SLUG).values_list("pk", "answers"))
    answered = wrong = slots = 0
    sample = []
    for pk, choices in expected:
        answers = rows.get(pk) or {}
        answered += bool(answers)
        for key, value in answers.items():
            slots += 1
            if value != choices[int(key)]:
                wrong += 1
                if len(sample) < 3:
                    sample.append(f"attempt {pk} slot {key}: {value!r}, sent {choices[int(key)]!r}")
    n = len(expected)
    missing = sent - ok
    most = _slots_after(sent, n)
    if not min(n, sent) - missing <= answered <= min(n, sent):
        problems.append(f"saves: {answered:,} attempts with answers, expected {min(n, sent):,}")
    if wrong:
        problems.append(f"saves: {wrong} answers differ from what was sent: {'; '.join(sample)}")
    if not most - missing <= slots <= most:
        problems.append(f"saves: {slots:,} answers in the database, expected {most:,}")
    pk, choices = expected[0]
    stored = rows.get(pk) or {}
    info = {
        "answered": answered,
        "slots": slots,
        "want_slots": most,
        "sample": (
            f"attempt {pk} stores "
            + ", ".join(f"{k}:{stored[k]}" for k in sorted(stored, key=int)[:6])
            + f"… and was sent {', '.join(f'{i}:{c}' for i, c in enumerate(choices[:6]))}…"
        ),
    }
    print(
        f"  check saves: {answered:,} of {n:,} attempts answered, {slots:,} answers stored "
        f"(expected {most:,}, {missing} requests unanswered at the ends of runs), "
        f"{wrong} differ from what was sent",
        flush=True,
    )
    connection.close()
    return problems, info


# --------------------------------------------------------------------------- gunicorn


@dataclass(frozen=True)
class Workers:
    kind: str  # sync | gthread
    workers: int
    threads: int = 1

    @classmethod
    def parse(cls, text: str) -> Workers:
        kind, _, size = text.partition(":")
        if kind == "sync" and size.isdigit():
            return cls("sync", int(size))
        if kind == "gthread" and re.fullmatch(r"\d+x\d+", size):
            workers, threads = size.split("x")
            return cls("gthread", int(workers), int(threads))
        raise argparse.ArgumentTypeError(f"{text!r}: use sync:N or gthread:NxT")

    def args(self) -> list[str]:
        args = ["-w", str(self.workers)]
        if self.kind == "gthread":
            args += ["-k", "gthread", "--threads", str(self.threads)]
        return args

    def __str__(self) -> str:
        if self.kind == "gthread":
            return f"gthread:{self.workers}x{self.threads}"
        return f"sync:{self.workers}"


class Servers:
    """The app's gunicorn and the floor's, started (and restarted) with one worker set-up."""

    def __init__(self, procs: Processes, tmp: Path, data_dir: Path) -> None:
        self.procs, self.tmp, self.data_dir = procs, tmp, data_dir
        self.app = self.floor = None
        self.app_port = self.floor_port = 0
        self.others: dict[str, tuple[subprocess.Popen, int]] = {}

    def _gunicorn(self, name: str, target: str, workers: Workers, *, env: dict):
        """One gunicorn serving `target` on a free port: (process, port), once it listens."""
        port = free_port()
        log = self.tmp / f"gunicorn-{name}.log"
        proc = self.procs.start(
            f"gunicorn {name}",
            [str(VENV_BIN / "gunicorn"), target, *workers.args(),
             "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
            env=env, log=log,
        )  # fmt: skip
        wait_for_port(port, proc, f"gunicorn ({name})", log)
        return proc, port

    def start_app(self, workers: Workers, *, starts_per_second: int | None) -> None:
        if self.app is not None:
            self.procs.stop(self.app)
        env = app_env(self.data_dir, starts_per_second=starts_per_second)
        self.app, self.app_port = self._gunicorn("app", "congso.wsgi", workers, env=env)
        self.warm(self.app_port, f"/thi/{EXAM_SLUG}/", workers)

    def start_floor(self, workers: Workers) -> None:
        if self.floor is not None:
            self.procs.stop(self.floor)
        env = {**os.environ, "PYTHONPATH": str(HERE)}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        self.floor, self.floor_port = self._gunicorn(
            "floor", "floor_app:application", workers, env=env
        )

    @staticmethod
    def warm(port: int, path: str, workers: Workers) -> None:
        """Every worker imports its lazy modules and opens its connections before measuring."""
        import urllib.request

        for _ in range(workers.workers * 6):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers={"Host": HOST}
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()

    def start_other(self, name: str, workers: Workers, *, module: str, src: Path) -> int:
        """Another gunicorn of the app for comparison: `module` from the sources in `src`."""
        old = self.others.pop(name, None)
        if old is not None:
            self.procs.stop(old[0])
        env = {**app_env(self.data_dir, starts_per_second=1_000_000), "PYTHONPATH": str(src)}
        proc, port = self._gunicorn(name, module, workers, env=env)
        self.warm(port, f"/thi/{EXAM_SLUG}/", workers)
        self.others[name] = (proc, port)
        return port

    def pids(self) -> list[int]:
        procs = [self.app, self.floor, *(proc for proc, _port in self.others.values())]
        return [p.pid for p in procs if p is not None]


# --------------------------------------------------------------------------- main


def _interrupt(*_args) -> None:
    raise KeyboardInterrupt


def check_tools() -> None:
    missing = []
    if not shutil.which("wrk"):
        missing.append("wrk (apt-get install -y wrk)")
    if not (VENV_BIN / "gunicorn").exists():
        missing.append(
            f"gunicorn in {VENV_BIN} (.venv/bin/pip install -c constraints.txt gunicorn==27.0.1)"
        )
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        missing.append("aiohttp (.venv/bin/pip install -c constraints.txt aiohttp)")
    if missing:
        raise SystemExit("missing: " + "; ".join(missing) + " — see bench/exams/README.md")


@dataclass
class Figures:
    spike: Spike | None = None
    starts: WrkResult | None = None
    saves: WrkResult | None = None
    saves_view: WrkResult | None = None
    saves_before: WrkResult | None = None
    floor_django: WrkResult | None = None
    floor_wsgi: WrkResult | None = None
    paced: WrkResult | None = None
    compare: list[tuple[str, WrkResult, WrkResult]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    saves_info: dict = field(default_factory=dict)


def measure_saves(servers: Servers, opts, saves_file: Path, figures: Figures, state: dict):
    """Interleaved rounds of the app's autosave and the two floors, best round of each kept."""
    scripts = HERE / "save.lua"
    runs = [("saves", servers.app_port, "/thi/lam-bai/%d/luu/")]
    for key in ("saves_view", "saves_before"):
        if key in servers.others:
            runs.append((key, servers.others[key][1], "/thi/lam-bai/%d/luu/"))
    runs += [
        ("floor_django", servers.floor_port, "/thi/lam-bai/%d/luu/"),
        ("floor_wsgi", servers.floor_port, "/wsgi/lam-bai/%d/luu/"),
    ]
    for round_no in range(1, opts.rounds + 1):
        print(f"  round {round_no}/{opts.rounds}", flush=True)
        for key, port, path in runs:
            # First, every worker meets every attempt once (its paper is then in the worker's
            # cache, as all along a real exam, where an attempt is saved hundreds of times).
            fill = opts.fill if round_no == 1 and key.startswith("saves") else 0
            for seconds, kept in ((fill, False), (opts.warmup, False), (opts.seconds, True)):
                if seconds <= 0:
                    continue
                env = {
                    "BENCH_SAVES": str(saves_file),
                    "BENCH_PATH": path,
                    "BENCH_OFFSET": str(state["sent"] if key.startswith("saves") else 0),
                    "BENCH_CLOSE": "0" if opts.keepalive else "1",
                }
                result = wrk(
                    f"http://127.0.0.1:{port}/", script=scripts, env=env, seconds=seconds,
                    connections=opts.connections, meter_pids=servers.pids(),
                )  # fmt: skip
                if key.startswith("saves"):  # these write to the database
                    state["sent"] += int(result.bench.get("sent", 0))
                    state["ok"] += int(result.bench.get("ok", 0))
                bad = int(result.bench.get("bad", 0))
                if bad or result.errors:
                    figures.problems.append(
                        f"{key}: {bad} responses not 200 ({result.bench.get('first_status')}: "
                        f"{result.bench.get('first_body')}) {'; '.join(result.errors)}"
                    )
                if not kept:
                    continue
                best = getattr(figures, key)
                if best is None or result.rps > best.rps:
                    setattr(figures, key, result)
                print(
                    f"    {key:13} {result.rps:9.1f} req/s  p50 {result.p50_ms:7.2f} ms  "
                    f"p99 {result.p99_ms:7.2f} ms  {result.cpu.describe()}"
                    f"{'  ' + '; '.join(result.errors) if result.errors else ''}",
                    flush=True,
                )


def measure_paced(servers: Servers, opts, saves_file: Path, figures: Figures, state: dict):
    env = {
        "BENCH_SAVES": str(saves_file),
        "BENCH_OFFSET": str(state["sent"]),
        "BENCH_RATE": str(opts.rate),
        "BENCH_CLOSE": "0" if opts.keepalive else "1",
    }
    result = wrk(
        f"http://127.0.0.1:{servers.app_port}/", script=HERE / "save.lua", env=env,
        seconds=opts.seconds, connections=opts.rate_connections, meter_pids=servers.pids(),
    )  # fmt: skip
    state["sent"] += int(result.bench.get("sent", 0))
    state["ok"] += int(result.bench.get("ok", 0))
    bad = int(result.bench.get("bad", 0))
    if bad or result.errors:
        figures.problems.append(
            f"paced saves: {bad} responses not 200 ({result.bench.get('first_status')}: "
            f"{result.bench.get('first_body')}) {'; '.join(result.errors)}"
        )
    figures.paced = result
    print(
        f"    paced at {opts.rate}/s: {result.rps:9.1f} req/s  p50 {result.p50_ms:7.2f} ms  "
        f"p99 {result.p99_ms:7.2f} ms  {result.cpu.describe()}",
        flush=True,
    )


def measure_starts(servers: Servers, opts, sessions_file: Path, figures: Figures) -> None:
    env = {
        "BENCH_SESSIONS": str(sessions_file),
        "BENCH_CSRF": CSRF_TOKEN,
        "BENCH_COUNT": str(opts.candidates),
        "BENCH_CLOSE": "0" if opts.keepalive else "1",
    }
    result = wrk(
        f"http://127.0.0.1:{servers.app_port}/thi/{EXAM_SLUG}/bat-dau/",
        script=HERE / "start.lua", env=env, seconds=600, connections=opts.connections,
        meter_pids=servers.pids(), done_file=servers.tmp / "starts.done",
    )  # fmt: skip
    b = result.bench
    started, seconds = int(b.get("started", 0)), float(b.get("seconds", "0") or 0)
    result.rps = started / seconds if seconds > 0 else 0.0
    if int(b.get("bad", 0)) or int(b.get("queued", 0)) or started != opts.candidates:
        figures.problems.append(
            f"starts: {started} started, {b.get('queued')} queued, {b.get('bad')} other "
            f"({b.get('first_status')}: {b.get('first_body')})"
        )
    figures.starts = result
    print(
        f"    starts: {started:,} in {seconds:.1f}s = {result.rps:.1f}/s  "
        f"p50 {result.p50_ms:.1f} ms  p99 {result.p99_ms:.1f} ms  {result.cpu.describe()}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse-db", action="store_true", help=f"keep {DB_NAME} if seeded")
    parser.add_argument("--candidates", type=int, default=5000)
    parser.add_argument("--questions", type=int, default=200, help="single-choice, in the bank")
    parser.add_argument(
        "--workers", type=Workers.parse, default=Workers.parse("sync:4"),
        help="gunicorn set-up for the app and the floor: sync:N or gthread:NxT "
        "(default sync:4, as deploy/systemd/congso-web.service)",
    )  # fmt: skip
    parser.add_argument(
        "--compare-workers", default="",
        help="also measure the autosave with these set-ups first, e.g. "
        "sync:2,sync:4,gthread:2x4,gthread:2x8",
    )  # fmt: skip
    parser.add_argument("--spike-seconds", type=float, default=60.0)
    parser.add_argument(
        "--spike-shape", type=float, default=2.0,
        help="press times 60 s × u^shape: 1 spreads evenly, 2 (default) crowds the opening",
    )  # fmt: skip
    parser.add_argument(
        "--starts-per-second", type=int, default=None,
        help="the waiting room's rate during the spike (default: the app's setting, 100)",
    )  # fmt: skip
    parser.add_argument("--no-spike", action="store_true", help="skip (1), the spike")
    parser.add_argument("--spike-only", action="store_true", help="only (1), the spike")
    parser.add_argument("--seconds", type=int, default=30, help="measured seconds per save run")
    parser.add_argument("--warmup", type=int, default=5, help="warm-up seconds per save run")
    parser.add_argument(
        "--fill", type=int, default=20,
        help="seconds of saves before the first round of each app (the workers' paper caches)",
    )  # fmt: skip
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds (best kept)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections (max rate)")
    parser.add_argument("--rate", type=int, default=1000, help="paced autosave, saves/s")
    parser.add_argument("--rate-connections", type=int, default=128)
    parser.add_argument(
        "--keepalive", action="store_true",
        help="keep wrk's connections open (by default each request sends Connection: close, "
        "a new connection per request as from nginx, which does not keep gunicorn's open)",
    )  # fmt: skip
    parser.add_argument(
        "--before", metavar="REV",
        help="also measure the autosave of the code at this git revision (git archive of src/ "
        "into the temp dir), e.g. 6898d9a, the commit before the fast path",
    )  # fmt: skip
    parser.add_argument("--keep-tmp", action="store_true", help="leave the temp dir for logs")
    opts = parser.parse_args()
    check_tools()
    signal.signal(signal.SIGTERM, _interrupt)

    tmp = Path(tempfile.mkdtemp(prefix="congso-bench-exams-"))
    # Collected static files (the app runs with DEBUG off) are kept between runs.
    data_dir = Path(tempfile.gettempdir()) / "congso-bench-exams-data"
    data_dir.mkdir(exist_ok=True)
    env = app_env(data_dir)
    configure_django(env)
    congso = str(VENV_BIN / "congso")
    procs = Processes()
    figures = Figures()
    began = time.monotonic()
    load_before = os.getloadavg()
    try:
        print(f"Set-up (temp dir {tmp})", flush=True)
        meta = seeded_meta() if opts.reuse_db else {}
        if meta == {**meta, "version": SEED_VERSION, "candidates": str(opts.candidates),
                    "questions": str(opts.questions)}:  # fmt: skip
            print(f"  reusing {DB_NAME} (seeded {meta.get('seeded_at', '?')[:16]})", flush=True)
        else:
            recreate_database()
            run([congso, "migrate", "--noinput"], env=env, what="migrate")
            seed(candidates=opts.candidates, questions=opts.questions)
        if static_fresh(data_dir):
            print("  static files collected earlier, unchanged since", flush=True)
        else:
            run([congso, "collectstatic", "--noinput"], env=env, what="collectstatic")
        sessions = make_sessions(opts.candidates)
        sessions_file = tmp / "sessions.txt"
        sessions_file.write_text("".join(f"{key}\n" for _pk, key in sessions))
        print(f"  {len(sessions):,} signed-in sessions", flush=True)
        servers = Servers(procs, tmp, data_dir)

        if not opts.no_spike:
            reset_round(opts.candidates)
            servers.start_app(opts.workers, starts_per_second=opts.starts_per_second)
            from django.conf import settings

            limit = opts.starts_per_second or settings.EXAM_STARTS_PER_SECOND
            print(
                f"\n(1) start spike: {opts.candidates:,} candidates within "
                f"{opts.spike_seconds:.0f}s, waiting room at {limit}/s, {opts.workers}",
                flush=True,
            )
            figures.spike = start_spike(
                servers.app_port, sessions, seconds=opts.spike_seconds, shape=opts.spike_shape,
                limit=limit, server_pids=servers.pids(),
            )  # fmt: skip
            print_spike(figures.spike)
            if figures.spike.errors:
                figures.problems.append(
                    f"spike: {len(figures.spike.errors)} wrong answers, first: "
                    f"{figures.spike.errors[0]}"
                )
            # A start refused at the connection may still have been made before the refusal:
            # the pressed-again start then resumed it, so every candidate who got in has one.
            spike = figures.spike
            figures.problems += check_attempts(
                spike.started, "spike", up_to=spike.started + spike.gave_up
            )

        if not opts.spike_only:
            measure_the_rest(servers, opts, tmp, sessions_file, figures)
            opts.load = (load_before, os.getloadavg())
            report(figures, opts, time.monotonic() - began)
    finally:
        procs.stop_all()
        if opts.keep_tmp:
            print(f"logs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    if figures.problems:
        print("\nFAILED — the figures above do not measure what they claim:", file=sys.stderr)
        for problem in figures.problems:
            print(f"  - {problem}", file=sys.stderr)
        sys.exit(1)


def measure_the_rest(servers: Servers, opts, tmp: Path, sessions_file: Path, figures: Figures):
    """(2) start throughput, (3) autosave, (4) the floors, and the checks in the database."""
    reset_round(opts.candidates)
    servers.start_app(opts.workers, starts_per_second=1_000_000)
    servers.start_floor(opts.workers)
    print(f"\n(2) start throughput: {opts.candidates:,} starts, wrk -c{opts.connections}")
    measure_starts(servers, opts, sessions_file, figures)
    figures.problems += check_attempts(opts.candidates, "starts")

    saves_file = tmp / "saves.txt"
    expected = write_saves_file(saves_file)
    state = {"sent": 0, "ok": 0}
    if opts.compare_workers:
        compare_workers(servers, opts, saves_file, figures, state)
        servers.start_app(opts.workers, starts_per_second=1_000_000)
        servers.start_floor(opts.workers)
    # The same app without the fast path (Django's handler, middleware and view), and
    # the code of an earlier revision if asked: same workers, same database.
    servers.start_other(
        "saves_view", opts.workers, module="congso.wsgi:django_application", src=ROOT / "src"
    )
    if opts.before:
        before_src = export_revision(opts.before, tmp / "before")
        servers.start_other("saves_before", opts.workers, module="congso.wsgi", src=before_src)
    print(
        f"\n(3, 4) autosave and floors: wrk -t1 -c{opts.connections} -d{opts.seconds}s after "
        f"{opts.warmup}s warm-up, {opts.rounds} interleaved rounds, {opts.workers}",
        flush=True,
    )
    measure_saves(servers, opts, saves_file, figures, state)
    print(f"  paced: wrk -t1 -c{opts.rate_connections} -d{opts.seconds}s", flush=True)
    measure_paced(servers, opts, saves_file, figures, state)
    problems, figures.saves_info = check_saves(expected, state["sent"], state["ok"])
    figures.problems += problems


def compare_workers(servers: Servers, opts, saves_file: Path, figures: Figures, state: dict):
    specs = [Workers.parse(s.strip()) for s in opts.compare_workers.split(",") if s.strip()]
    print(f"\n(0) worker set-ups: autosave and the bare Django view, {opts.seconds}s each")
    for spec in specs:
        servers.start_app(spec, starts_per_second=1_000_000)
        servers.start_floor(spec)
        one = Figures()
        quick = argparse.Namespace(**{**vars(opts), "rounds": 1})
        measure_saves(servers, quick, saves_file, one, state)
        figures.problems += one.problems
        figures.compare.append((str(spec), one.saves, one.floor_django))


def print_spike(s: Spike) -> None:
    print(
        f"    {s.admitted_at_once:,} started at once, {s.queued:,} sent to the waiting room "
        f"({s.polls:,} reloads, at most {s.max_polls} each); {s.refused:,} requests refused or "
        f"unanswered in {BROWSER_TIMEOUT}s ({s.refused_candidates:,} candidates pressed again "
        f"{RETRY_SECONDS}s later, {s.gave_up} gave up after {RETRIES}); {s.started:,} had their "
        f"attempt {s.all_in_seconds:.1f}s after the first press\n"
        f"    press → attempt p50 {percentile(s.wait, 50):.1f}s p99 {percentile(s.wait, 99):.1f}s "
        f"max {max(s.wait, default=0):.1f}s; start POST p50 {percentile(s.post_ms, 50):.0f} ms "
        f"p99 {percentile(s.post_ms, 99):.0f} ms; attempt page p50 "
        f"{percentile(s.page_ms, 50):.0f} ms p99 {percentile(s.page_ms, 99):.0f} ms\n"
        f"    {s.cpu.describe()}; wrong answers: {len(s.errors)}",
        flush=True,
    )


def report(f: Figures, opts, elapsed: float) -> None:
    print()
    print(
        f"## {datetime.now().astimezone():%Y-%m-%d %H:%M %z}, {os.cpu_count()} CPUs, gunicorn "
        f"{opts.workers} for the app and the floor, {opts.candidates:,} candidates, "
        f"20-question papers, "
        f"{'keep-alive' if opts.keepalive else 'a new connection per request'}"
    )
    before, after = opts.load
    print(
        f"\nload average (1/5/15 min) before: {before[0]:.2f} {before[1]:.2f} {before[2]:.2f}, "
        f"after: {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}"
    )
    if f.compare:
        print("\n| gunicorn | saves/s | p99 ms | bare Django view req/s | ratio |")
        print("|---|---:|---:|---:|---:|")
        for spec, saves, floor in f.compare:
            print(
                f"| {spec} | {saves.rps:,.0f} | {saves.p99_ms:.1f} | {floor.rps:,.0f} | "
                f"{saves.rps / floor.rps:.0%} |"
            )
    floor = f.floor_django.rps
    plain = f.floor_wsgi.rps
    print("\n| measurement | per second | p50 ms | p99 ms | / bare Django view | / plain WSGI |")
    print("|---|---:|---:|---:|---:|---:|")

    def row(label, result: WrkResult):
        print(
            f"| {label} | {result.rps:,.0f} | {result.p50_ms:.1f} | {result.p99_ms:.1f} | "
            f"{result.rps / floor:.0%} | {result.rps / plain:.0%} |"
        )

    row(f"autosave, most the server does (wrk -c{opts.connections})", f.saves)
    if f.saves_view:
        row("autosave through Django's handler and the view (no fast path)", f.saves_view)
    if f.saves_before:
        row(f"autosave, the code at {opts.before}", f.saves_before)
    row(f"autosave paced at {opts.rate}/s (wrk -c{opts.rate_connections})", f.paced)
    row(f"start, most the server does (wrk -c{opts.connections})", f.starts)
    row("bare Django view, same JSON", f.floor_django)
    row("plain WSGI callable, same JSON", f.floor_wsgi)
    if f.spike:
        s = f.spike
        print(
            f"\nStart spike: {s.candidates:,} presses within {s.spread_seconds:.0f}s "
            f"(press time {s.spread_seconds:.0f} s × u^{s.shape:g}: {s.first_second:,} in the "
            f"first second), waiting room at {s.limit}/s:\n"
            f"- {s.admitted_at_once:,} started at once, {s.queued:,} waited in the waiting room "
            f"({s.polls:,} page reloads, at most {s.max_polls} each)\n"
            f"- {s.refused:,} requests refused at the connection or unanswered in "
            f"{BROWSER_TIMEOUT}s: {s.refused_candidates:,} candidates had to press again "
            f"({RETRY_SECONDS}s later), {s.gave_up} gave up after {RETRIES} tries\n"
            f"- {s.started:,} of {s.candidates:,} candidates had an attempt "
            f"{s.all_in_seconds:.1f}s after the first press "
            f"({s.started / max(s.all_in_seconds, 1e-9):.0f} starts/s); press → attempt p50 "
            f"{percentile(s.wait, 50):.1f}s, p99 {percentile(s.wait, 99):.1f}s, "
            f"max {max(s.wait, default=0):.1f}s\n"
            f"- start POST p50 {percentile(s.post_ms, 50):.0f} ms, p99 "
            f"{percentile(s.post_ms, 99):.0f} ms; waiting-room reload p99 "
            f"{percentile(s.poll_ms, 99):.0f} ms; attempt page p50 "
            f"{percentile(s.page_ms, 50):.0f} ms, p99 {percentile(s.page_ms, 99):.0f} ms\n"
            f"- {s.cpu.describe()}"
        )
    print(f"\nCPU during the measured runs: autosave {f.saves.cpu.describe()}")
    print(f"paced autosave {f.paced.cpu.describe()}; starts {f.starts.cpu.describe()}")
    info = f.saves_info
    print(
        f"\nIn the database afterwards: {info.get('answered', 0):,} attempts with answers, "
        f"{info.get('slots', 0):,} answers stored (expected {info.get('want_slots', 0):,}); "
        f"{info.get('sample', '')}"
    )
    spike = f.spike
    rows = [
        ("autosave saves/s (most)", f"{f.saves.rps:,.0f}", f"≥ {TARGET_SAVES_PER_SECOND:,}",
         f.saves.rps >= TARGET_SAVES_PER_SECOND),
        (f"autosave p99 at {opts.rate}/s", f"{f.paced.p99_ms:.0f} ms", f"< {TARGET_P99_MS:.0f} ms",
         f.paced.p99_ms < TARGET_P99_MS and f.paced.rps >= 0.97 * opts.rate),
        ("starts/s (raw) vs the waiting room's rate", f"{f.starts.rps:,.0f}/s",
         f"≥ {spike.limit if spike else '-'}/s", spike is None or f.starts.rps >= spike.limit),
    ]  # fmt: skip
    if spike:
        rows.append(
            (f"spike: every candidate in within {spike.spread_seconds:.0f} s + 10 s, none refused",
             f"{spike.started:,} in {spike.all_in_seconds:.0f} s, {spike.refused_candidates:,} "
             "refused", "all, 0",
             spike.started == spike.candidates and not spike.refused
             and spike.all_in_seconds <= spike.spread_seconds + 10)
        )  # fmt: skip
    print("\n| target | measured | target | met |")
    print("|---|---:|---:|---|")
    for label, value, target, met in rows:
        print(f"| {label} | {value} | {target} | {'yes' if met else 'NO'} |")
    print(f"\n(total {elapsed:.0f}s)")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("\ninterrupted; everything started was stopped", file=sys.stderr)
        sys.exit(130)
