"""Portal throughput on loopback: the app uncached, with its page cache, the framework's floor,
nginx static, and the production nginx micro-cache — all in one run, same load generator.

Run from the project root (on demand; never part of the tests):

    .venv/bin/python bench/portal/run.py            # ~4 minutes on 2 cores
    .venv/bin/python bench/portal/run.py --reuse-db # skip drop/migrate/demo (~1.5 minutes)

Needs PostgreSQL (user postgres, trust, on 127.0.0.1:5432), Redis on 127.0.0.1:6379, and
nginx, wrk and gunicorn — see bench/portal/README.md. It drops and recreates the database
`congso_bench`, flushes Redis db 9, and touches nothing else; every process it starts is stopped
at the end, also on Ctrl-C or an error.

Scenarios, each for the home page of the main portal and one of its articles:
  (a) app, page cache bypassed (request carries `Cookie: sessionid=bench`)
  (b) app, page cache warm (anonymous)
  (c) bare Django view returning the same bytes, same gunicorn and worker count (floor_app.py)
  (d) nginx serving the same bytes as a static file
  (e) nginx micro-cache (deploy/nginx/congso-microcache*.conf, included verbatim) before (b)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from benchlib import Processes, free_port, run, wait_for_port  # noqa: E402

VENV_BIN = Path(sys.executable).parent
DEPLOY_NGINX = ROOT / "deploy" / "nginx"

DB_NAME = "congso_bench"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
CACHE_URL = "redis://127.0.0.1:6379/9"
WORKERS = 2

TARGETS = {  # from the issue
    "b/c": 0.90,
    "a/c article": 0.06,
    "e/d": 0.80,
}


# --------------------------------------------------------------------------- processes


# --------------------------------------------------------------------------- HTTP helpers


def fetch(port: int, host: str, path: str, headers: dict | None = None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": host, **(headers or {})}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


# --------------------------------------------------------------------------- wrk


@dataclass
class Result:
    rps: float
    p99_ms: float
    errors: str = ""


UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def wrk(url: str, host: str, *, headers: dict, seconds: int, connections: int) -> Result:
    # --timeout 30s: wrk's default (2 s) would drop the slowest uncached pages from the p99
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency"]
    args += ["-H", f"Host: {host}"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
    p99 = float(m.group(1)) * UNIT_MS[m.group(2)]
    errors = []
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors.append(f"{m.group(1)} non-2xx")
    if m := re.search(r"Socket errors: (.*)", out):
        errors.append(m.group(1).strip())
    return Result(rps, p99, "; ".join(errors))


# --------------------------------------------------------------------------- set-up


def app_env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONGSO_")}
    env.update(
        CONGSO_DEBUG="false",
        CONGSO_SECRET_KEY="bench-portal-not-a-real-secret-" + "k" * 40,
        CONGSO_ALLOWED_HOSTS=".localhost,localhost,127.0.0.1",
        CONGSO_DEMO_MODE="true",
        CONGSO_DATABASE_URL=DATABASE_URL,
        CONGSO_CACHE_URL=CACHE_URL,
        CONGSO_DATA_DIR=str(data_dir),
        CONGSO_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT / "src"),
    )
    return env


def database_exists() -> bool:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,)).fetchone()
    return row is not None


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def flush_bench_redis() -> None:
    import redis

    redis.Redis.from_url(CACHE_URL).flushdb()


def set_site_ports(port: int) -> None:
    """Wagtail matches a Site by host name and port; the demo creates them on 8000."""
    import psycopg

    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute("UPDATE wagtailcore_site SET port = %s", (port,))


PICK_ARTICLE = """
import json
from wagtail.models import Site
from congso.portal.models import ArticlePage
site = Site.objects.get(hostname="localhost")
article = (ArticlePage.objects.live().descendant_of(site.root_page)
           .order_by("-first_published_at").first())
print(json.dumps({"url": article.get_url_parts()[2], "title": article.title}))
"""


def nginx_conf(tmp: Path, *, static_port: int, proxy_port: int, app_port: int, data_dir: Path):
    conf_dir = tmp / "nginx"
    (conf_dir / "snippets").mkdir(parents=True, exist_ok=True)
    for name in ("congso-microcache-http.conf", "congso-microcache.conf"):
        shutil.copy(DEPLOY_NGINX / name, conf_dir / "snippets" / name)
    temp, cache = conf_dir / "temp", conf_dir / "cache"
    user = ""
    for directory in (temp, cache):
        directory.mkdir(exist_ok=True)
    if os.geteuid() == 0:
        # the workers drop to nobody: let them read the pages and write the cache
        import grp
        import pwd

        uid, gid = pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid
        user = "user nobody nogroup;"
        tmp.chmod(0o755)
        for directory in (temp, cache):
            os.chown(directory, uid, gid)
    (conf_dir / "nginx.conf").write_text(
        f"""# generated by bench/portal/run.py
{user}
worker_processes {WORKERS};
daemon off;
pid {conf_dir}/nginx.pid;
error_log {conf_dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    default_type text/html;
    sendfile on;
    tcp_nopush on;
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;

    # as deploy/nginx/congso.conf, with a temporary directory
    proxy_cache_path {cache} levels=1:2 keys_zone=congso_pages:20m
                     max_size=1g inactive=10m use_temp_path=off;
    include snippets/congso-microcache-http.conf;
    upstream congso_app {{ server 127.0.0.1:{app_port}; }}

    # (d) the captured bytes as static files
    server {{
        listen 127.0.0.1:{static_port};
        location / {{ root {tmp}/pages; }}
    }}
    # (e) the production set-up: micro-cache before gunicorn
    server {{
        listen 127.0.0.1:{proxy_port};
        location /static/ {{ alias {data_dir}/static/; }}
        location / {{ include snippets/congso-microcache.conf; }}
    }}
}}
"""
    )
    return conf_dir


# --------------------------------------------------------------------------- main


def _interrupt(*_args) -> None:
    raise KeyboardInterrupt


def check_tools() -> None:
    missing = [t for t in ("nginx", "wrk") if not shutil.which(t)]
    if not (VENV_BIN / "gunicorn").exists():
        missing.append(f"gunicorn (in {VENV_BIN})")
    if missing:
        raise SystemExit(
            "missing: " + ", ".join(missing) + "\ninstall: apt-get install -y nginx-light wrk; "
            ".venv/bin/pip install gunicorn  (see bench/portal/README.md)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse-db", action="store_true", help="keep congso_bench if present")
    parser.add_argument("--seconds", type=int, default=5, help="measured seconds per run")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up seconds per run")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds (best kept)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--keep-tmp", action="store_true", help="leave the temp dir for logs")
    opts = parser.parse_args()
    check_tools()

    # SIGTERM behaves like Ctrl-C: unwind through the finally below.
    signal.signal(signal.SIGTERM, _interrupt)

    tmp = Path(tempfile.mkdtemp(prefix="congso-bench-"))
    data_dir = tmp / "data"
    data_dir.mkdir()
    env = app_env(data_dir)
    congso = str(VENV_BIN / "congso")
    procs = Processes()
    began = time.monotonic()
    try:
        print(f"Set-up (temp dir {tmp})", flush=True)
        if opts.reuse_db and database_exists():
            print("  reusing database congso_bench", flush=True)
        else:
            recreate_database()
            run([congso, "migrate", "--noinput"], env=env, what="migrate")
            flush_bench_redis()
            run([congso, "demo", "--quiet"], env=env, what="congso demo")
        run([congso, "collectstatic", "--noinput"], env=env, what="collectstatic")

        app_port, floor_port, static_port, proxy_port = (free_port() for _ in range(4))
        set_site_ports(app_port)
        flush_bench_redis()  # Wagtail caches site root URLs (with their port) in Redis
        picked = run([congso, "shell", "-c", PICK_ARTICLE], env=env, what="pick article")
        article = json.loads(picked.strip().splitlines()[-1])

        app_log = tmp / "gunicorn-app.log"
        proc = procs.start(
            "gunicorn app",
            [str(VENV_BIN / "gunicorn"), "congso.wsgi", "-w", str(WORKERS),
             "-b", f"127.0.0.1:{app_port}", "--log-level", "warning"],
            env=env, log=app_log,
        )  # fmt: skip
        wait_for_port(app_port, proc, "gunicorn (app)", app_log)

        host = f"localhost:{app_port}"
        pages = {"home": "/", "article": article["url"]}
        (tmp / "pages").mkdir()
        for name, path in pages.items():
            status, headers, body = fetch(app_port, host, path)  # miss: fills the page cache
            if status != 200:
                raise SystemExit(f"{name} {path}: HTTP {status}")
            status, headers, body = fetch(app_port, host, path)
            if headers.get("X-Congso-Cache") != "hit":
                raise SystemExit(f"{name} {path}: second request not a cache hit: {headers}")
            _s, bypass_headers, _body = fetch(app_port, host, path, {"Cookie": "sessionid=bench"})
            if "X-Congso-Cache" in bypass_headers:
                raise SystemExit(f"{name}: the sessionid cookie did not bypass the page cache")
            (tmp / "pages" / f"{name}.html").write_bytes(body)
            print(f"  {name}: {path} ({len(body):,} bytes)", flush=True)

        floor_log = tmp / "gunicorn-floor.log"
        floor_env = {**env, "BENCH_PAGES_DIR": str(tmp / "pages"), "PYTHONPATH": str(HERE)}
        proc = procs.start(
            "gunicorn floor",
            [str(VENV_BIN / "gunicorn"), "floor_app:application", "-w", str(WORKERS),
             "-b", f"127.0.0.1:{floor_port}", "--log-level", "warning"],
            env=floor_env, log=floor_log,
        )  # fmt: skip
        wait_for_port(floor_port, proc, "gunicorn (floor)", floor_log)

        conf_dir = nginx_conf(
            tmp, static_port=static_port, proxy_port=proxy_port, app_port=app_port,
            data_dir=data_dir,
        )  # fmt: skip
        nginx_log = tmp / "nginx.out"
        proc = procs.start(
            "nginx",
            ["nginx", "-p", str(conf_dir), "-c", str(conf_dir / "nginx.conf")],
            env=env, log=nginx_log,
        )  # fmt: skip
        wait_for_port(proxy_port, proc, "nginx", nginx_log)
        for name, path in pages.items():
            fetch(proxy_port, "localhost", path)
            _s, headers, _b = fetch(proxy_port, "localhost", path)
            if headers.get("X-Cache-Status") != "HIT":
                raise SystemExit(f"nginx micro-cache did not store {name} {path}: {headers}")
            _s, headers, _b = fetch(proxy_port, "localhost", path, {"Cookie": "sessionid=bench"})
            if headers.get("X-Cache-Status") != "BYPASS":
                raise SystemExit(f"nginx did not bypass the cache with a sessionid: {headers}")
        print(f"  set-up done in {time.monotonic() - began:.0f}s\n", flush=True)

        scenarios = [
            ("a", "app, page cache bypassed", app_port, host, {"Cookie": "sessionid=bench"}, None),
            ("b", "app, page cache warm", app_port, host, {}, None),
            ("c", "bare Django view, same bytes", floor_port, host, {}, "/{name}.html"),
            ("d", "nginx static file", static_port, "localhost", {}, "/{name}.html"),
            ("e", "nginx micro-cache + app", proxy_port, "localhost", {}, None),
        ]
        # Interleaved rounds: other load on the machine then falls on every scenario alike;
        # each figure is the round with the most req/s (the least disturbed one).
        load_before = os.getloadavg()
        results: dict[tuple[str, str], Result] = {}
        for round_no in range(1, opts.rounds + 1):
            print(f"round {round_no}/{opts.rounds}", flush=True)
            for name, path in pages.items():
                for key, label, port, hdr_host, headers, override in scenarios:
                    url_path = override.format(name=name) if override else path
                    url = f"http://127.0.0.1:{port}{url_path}"
                    kwargs = {"headers": headers, "connections": opts.connections}
                    wrk(url, hdr_host, seconds=opts.warmup, **kwargs)
                    result = wrk(url, hdr_host, seconds=opts.seconds, **kwargs)
                    best = results.get((name, key))
                    if best is None or result.rps > best.rps:
                        results[(name, key)] = result
                    print(
                        f"  {name:8} ({key}) {label:30} {result.rps:9.1f} req/s"
                        f"  p99 {result.p99_ms:8.2f} ms  {result.errors}",
                        flush=True,
                    )
        opts.load = (load_before, os.getloadavg())

        report(results, scenarios, opts, time.monotonic() - began)
    finally:
        procs.stop_all()
        if opts.keep_tmp:
            print(f"logs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def report(results, scenarios, opts, elapsed: float) -> None:
    print()
    print(
        f"## {datetime.now().astimezone():%Y-%m-%d %H:%M %z}, {os.cpu_count()} CPUs, "
        f"gunicorn {WORKERS} sync workers, nginx {WORKERS} workers, "
        f"wrk -t1 -c{opts.connections} -d{opts.seconds}s after {opts.warmup}s warm-up, "
        f"best of {opts.rounds} interleaved rounds"
    )
    (before, after) = opts.load
    print(
        f"\nload average (1/5/15 min) before: {before[0]:.2f} {before[1]:.2f} {before[2]:.2f}, "
        f"after: {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}"
    )
    print()
    print("| scenario | home req/s | home p99 ms | article req/s | article p99 ms |")
    print("|---|---:|---:|---:|---:|")
    for key, label, *_ in scenarios:
        h, a = results[("home", key)], results[("article", key)]
        print(
            f"| ({key}) {label} | {h.rps:,.0f} | {h.p99_ms:.1f} | {a.rps:,.0f} | {a.p99_ms:.1f} |"
        )
    print()

    def ratio(page, top, bottom):
        return results[(page, top)].rps / results[(page, bottom)].rps

    rows = [
        ("(b)/(c) home", ratio("home", "b", "c"), TARGETS["b/c"]),
        ("(b)/(c) article", ratio("article", "b", "c"), TARGETS["b/c"]),
        ("(a)/(c) article", ratio("article", "a", "c"), TARGETS["a/c article"]),
        ("(e)/(d) home", ratio("home", "e", "d"), TARGETS["e/d"]),
        ("(e)/(d) article", ratio("article", "e", "d"), TARGETS["e/d"]),
    ]
    print("| ratio (req/s) | measured | target | met |")
    print("|---|---:|---:|---|")
    for label, value, target in rows:
        print(f"| {label} | {value:.0%} | ≥ {target:.0%} | {'yes' if value >= target else 'NO'} |")
    print(f"\n(total {elapsed:.0f}s)")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("\ninterrupted; everything started was stopped", file=sys.stderr)
        sys.exit(130)
