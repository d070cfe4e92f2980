"""`make bench` (issue 12): the portal against what PostgreSQL itself can do, at two scales.

For each scale (default 0.1 and 1) a database `<base>_bench_<scale>` is generated once with
`generate_benchmark_data` (kept for the next run; --fresh regenerates), then the portal (gunicorn, 2
workers, DEBUG off, counting its queries: scripts/bench_wsgi.py) and the raw-SQL baseline
(scripts/bench_raw.py, one hand-written query per list) are started on it. For every API list (first and
deep page) the baseline's rows are compared with the API's field by field, then both are timed in
alternating runs (A B A B); pages are timed against the Django admin changelist of comparable data. Printed
per line: p50/p95 (ms), queries and SQL time per request, HTML/JSON size, the ratio (baseline time / portal
time for the API, i.e. the portal's throughput as a share of the baseline's; admin time / page time for
pages) and the growth from the first scale to the last. Then the status summary against hand-written SQL
with its peak memory (bench_summary) and the pledge import's rows per second.

    python scripts/bench.py [--scales 0.1,1] [--rounds 12] [--fresh] [--skip-import] [--skip-summary]

Needs DATABASE_URL (PostgreSQL; its server hosts the benchmark databases) and REDIS_URL.
"""

import argparse
import base64
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import quote, urlencode, urlparse, urlunparse

import requests

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PAGE = 100
STATIC_ROOT = ROOT / "var" / "bench-static"


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def db_url(base_url: str, name: str) -> str:
    parts = urlparse(base_url)
    return urlunparse(parts._replace(path="/" + name))


def psql(base_url: str, sql: str, db: str = "postgres", check=True) -> str:
    parts = urlparse(base_url)
    command = ["psql", "-X", "-A", "-t", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    command += ["-U", parts.username or "postgres", "-d", db, "-c", sql]
    env = {**os.environ, "PGPASSWORD": parts.password or ""}
    result = subprocess.run(command, capture_output=True, text=True, check=check, env=env)  # noqa: S603
    return result.stdout.strip()


def manage(env, *args, **kwargs):
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)  # noqa: S603


def ensure_dataset(base_url, scale, fresh, env_base) -> dict:
    name = f"{urlparse(base_url).path.strip('/') or 'portal'}_bench_{str(scale).replace('.', '_')}"
    url = db_url(base_url, name)
    env = {**env_base, "DATABASE_URL": url}
    exists = psql(base_url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"  # noqa: S608
    ready = (
        exists
        and psql(base_url, "SELECT count(*) FROM auth_user WHERE username = 'bench-admin'", name, False)
        == "1"
    )
    if fresh or not ready:
        if exists:
            psql(base_url, f'DROP DATABASE "{name}" WITH (FORCE)')
        psql(base_url, f'CREATE DATABASE "{name}"')
        log(f"[scale {scale}] migrating {name}")
        manage(env, "migrate", "--noinput", "-v0")
        log(f"[scale {scale}] generating")
        started = time.monotonic()
        manage(
            env, "generate_benchmark_data", "--scale", str(scale), "--seed", "1", stdout=subprocess.DEVNULL
        )
        log(f"[scale {scale}] generated in {time.monotonic() - started:.0f} s")
    else:
        manage(env, "migrate", "--noinput", "-v0")  # the branch's indexes, on a kept dataset
    token = manage(
        env, "create_api_token", "--user", "bench", "--scope", "read", capture_output=True, text=True
    ).stdout.strip()
    return {"name": name, "url": url, "env": env, "token": token}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(app: str, env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our interpreter, our apps
        [
            PY,
            "-m",
            "gunicorn",
            app,
            "--pythonpath",
            "scripts",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            requests.get(base + "/healthz", timeout=10)
            return process, base
        except requests.RequestException:
            time.sleep(0.2)
    stop(process)
    raise SystemExit(f"{app} did not start")


def stop(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def login(base: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(base + "/accounts/login/", timeout=30)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        base + "/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": csrf},
        headers={"Referer": base + "/accounts/login/"},
        timeout=30,
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise SystemExit(f"login as {username} failed ({answer.status_code})")
    return session


def cursor_for(position: str) -> str:
    """A DRF cursor pointing just past `position` (the created_at of the last row of the previous page)."""
    return base64.b64encode(urlencode({"p": position}).encode()).decode()


def timed(session, url, headers=None):
    started = time.perf_counter()
    answer = session.get(url, headers=headers or {}, timeout=120)
    elapsed = time.perf_counter() - started
    if answer.status_code != 200:
        raise SystemExit(f"{url}: {answer.status_code} {answer.text[:300]}")
    return elapsed, answer


def _normal(value):
    if value is None or isinstance(value, bool):
        return value
    text = str(value)
    if re.fullmatch(r"\d{4}-\d\d-\d\d[T ][\d:.]+(Z|[+-]\d\d:?\d\d)?", text):
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    try:
        return Decimal(text).normalize() if re.fullmatch(r"-?\d+(\.\d+)?", text) else text
    except InvalidOperation:
        return text


def compare(api_rows, raw_rows, label) -> int:
    """The baseline's rows equal the API's: same ids in the same order, every common field equal."""
    api_ids, raw_ids = [r["id"] for r in api_rows], [r["id"] for r in raw_rows]
    if api_ids != raw_ids:
        raise SystemExit(
            f"{label}: the baseline's rows differ from the API's ({api_ids[:5]} vs {raw_ids[:5]})"
        )
    common = sorted(set(api_rows[0]) & set(raw_rows[0])) if api_rows else []
    for a, b in zip(api_rows, raw_rows, strict=True):
        for key in common:
            if _normal(a[key]) != _normal(b[key]):
                raise SystemExit(f"{label}: row {a['id']} field {key}: API {a[key]!r}, baseline {b[key]!r}")
    return len(common)


def measure(rounds, first, second, budget=25.0):
    """Alternating runs of two callables; stops early once `budget` seconds are spent."""
    a, b, extra = [], [], []
    started = time.monotonic()
    for _ in range(rounds):
        elapsed, answer = first()
        a.append(elapsed)
        extra.append(answer)
        b.append(second()[0])
        if time.monotonic() - started > budget and len(a) >= 3:
            break
    return a, b, extra


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def row(label, portal_times, other_times, answers):
    queries = statistics.median(int(a.headers.get("X-Bench-Queries", 0)) for a in answers)
    sql_ms = statistics.median(float(a.headers.get("X-Bench-SQL-ms", 0)) for a in answers)
    p50 = statistics.median(portal_times)
    return {
        "what": label,
        "p50": p50 * 1000,
        "p95": p95(portal_times) * 1000,
        "queries": queries,
        "sql_ms": sql_ms,
        "kib": len(answers[-1].content) / 1024,
        "ratio": statistics.median(other_times) / p50,
    }


def api_cases(info, portal, raw):
    """(label, portal URL, baseline URL) of each API list, first and deep pages."""
    with_db = lambda sql: psql(info["url"], sql, db=info["name"])  # noqa: E731
    user = with_db("SELECT id FROM auth_user WHERE username = 'bench'")
    visible = f"coalition_id IN (SELECT coalition_id FROM coalition_userrole WHERE user_id = {user})"  # noqa: S608
    cases = []

    def deep(table, where, fraction=0.9):
        count = int(with_db(f"SELECT count(*) FROM {table} WHERE {where}"))  # noqa: S608
        skip = max(0, int(count * fraction) - 1)
        position = with_db(
            f"SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"') "  # noqa: S608
            f"FROM {table} WHERE {where} ORDER BY created_at DESC, id DESC OFFSET {skip} LIMIT 1"
        )
        return position, skip + 1

    api = f"{portal}/api/v1"
    q = f"user={user}&n={PAGE}"
    cases.append(("API pledges, page 1", f"{api}/pledges/?page_size={PAGE}", f"{raw}/pledges?{q}"))
    position, skipped = deep("contributions_pledge", visible)
    cases.append(
        (
            f"API pledges, deep page (after {skipped} rows)",
            f"{api}/pledges/?page_size={PAGE}&cursor={cursor_for(position)}",
            f"{raw}/pledges?{q}&before={quote(position)}",
        )
    )
    donor, status = with_db(
        "SELECT donor_id, status FROM contributions_pledge GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1"
    ).split("|")
    cases.append(
        (
            "API pledges, by status and donor",
            f"{api}/pledges/?page_size={PAGE}&status={status}&donor={donor}",
            f"{raw}/pledges?{q}&status={status}&donor_id={donor}",
        )
    )
    cases.append(
        ("API disbursements, page 1", f"{api}/disbursements/?page_size={PAGE}", f"{raw}/disbursements?{q}")
    )
    position, skipped = deep("contributions_disbursement", visible)
    cases.append(
        (
            f"API disbursements, deep page (after {skipped} rows)",
            f"{api}/disbursements/?page_size={PAGE}&cursor={cursor_for(position)}",
            f"{raw}/disbursements?{q}&before={quote(position)}",
        )
    )
    cases.append(
        ("API allocations, page 1", f"{api}/allocations/?page_size={PAGE}", f"{raw}/allocations?{q}")
    )
    cases.append(
        ("API action items, page 1", f"{api}/action-items/?page_size={PAGE}", f"{raw}/action-items?{q}")
    )
    cases.append(
        ("API roadmap items, page 1", f"{api}/roadmap-items/?page_size={PAGE}", f"{raw}/roadmap-items?{q}")
    )
    items = int(with_db(f"SELECT count(*) FROM procurement_roadmapitem WHERE {visible}"))  # noqa: S608
    last = max(1, int(items * 0.9) // PAGE)
    cases.append(
        (
            f"API roadmap items, page {last}",
            f"{api}/roadmap-items/?page_size={PAGE}&page={last}",
            f"{raw}/roadmap-items?{q}&offset={(last - 1) * PAGE}",
        )
    )
    cases.append(("API meetings, page 1", f"{api}/meetings/?page_size={PAGE}", f"{raw}/meetings?{q}"))
    return cases


def page_cases(info, portal):
    """(label, portal page, comparable admin changelist) on the largest coalition."""
    with_db = lambda sql: psql(info["url"], sql, db=info["name"])  # noqa: E731
    meeting = with_db(
        "SELECT m.number FROM meetings_meeting m JOIN coalition_coalition c ON c.id = m.coalition_id "
        "WHERE c.slug = 'bench-0' AND m.status = 'held' ORDER BY m.starts_at DESC LIMIT 1"
    )
    c = f"{portal}/c/bench-0"
    admin = f"{portal}/admin"
    return [
        ("page pledges list", f"{c}/pledges/", f"{admin}/contributions/pledge/"),
        ("page state summary", f"{c}/pledges/summary/", f"{admin}/contributions/pledge/"),
        ("page roadmap list", f"{c}/roadmap/", f"{admin}/procurement/roadmapitem/"),
        ("page roadmap timeline", f"{c}/roadmap/timeline/", f"{admin}/procurement/roadmapitem/"),
        ("page meeting detail", f"{c}/meetings/{meeting}/", f"{admin}/meetings/actionitem/"),
        ("page action-item board", f"{c}/action-items/", f"{admin}/meetings/actionitem/"),
        ("page dashboard", f"{c}/dashboard/", f"{admin}/contributions/disbursement/"),
    ]


def bench_scale(info, rounds) -> list[dict]:
    env = {**info["env"], "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50)}
    env.update(ALLOWED_HOSTS="127.0.0.1,localhost", HTTPS="false", STATIC_ROOT=str(STATIC_ROOT))
    if not (STATIC_ROOT / "staticfiles.json").exists():
        manage({**env, "DEBUG": "false"}, "collectstatic", "--noinput", "-v0")
    portal_process, portal = start("bench_wsgi:application", env)
    raw_process = None
    results = []
    try:
        raw_process, raw = start("bench_raw:application", env)
        api = requests.Session()
        headers = {"Authorization": f"Bearer {info['token']}"}
        for label, url, raw_url in api_cases(info, portal, raw):
            api_rows = timed(api, url, headers)[1].json()["results"]
            raw_rows = timed(api, raw_url)[1].json()["results"]
            fields = compare(api_rows, raw_rows, label)
            a, b, answers = measure(
                rounds, lambda u=url: timed(api, u, headers), lambda u=raw_url: timed(api, u)
            )
            results.append(
                {**row(label, a, b, answers), "note": f"{len(api_rows)} rows, {fields} fields equal"}
            )
            log(f"  {label}: {results[-1]['p50']:.0f} ms, ratio {results[-1]['ratio']:.2f}")
        pages = login(portal, "bench", "bench-password")
        admin = login(portal, "bench-admin", "bench-password")
        for label, url, admin_url in page_cases(info, portal):
            a, b, answers = measure(
                rounds, lambda u=url: timed(pages, u), lambda u=admin_url: timed(admin, u)
            )
            results.append({**row(label, a, b, answers), "note": "vs admin changelist"})
            log(f"  {label}: {results[-1]['p50']:.0f} ms, ratio {results[-1]['ratio']:.2f}")
    finally:
        stop(portal_process)
        if raw_process is not None:
            stop(raw_process)
    return results


def bench_summary(info) -> list[str]:
    out = manage(info["env"], "bench_summary", "--repeats", "3", capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line.strip()]


IMPORT_CODE = """
import django, time; django.setup()
from django.db import transaction
from django.contrib.auth import get_user_model
from coalition.models import Coalition, Participant
from contributions.transfer.pledges import import_pledges
rows = {rows}
codes = list(Participant.objects.filter(name__startswith="Bench state").values_list("code", flat=True))
lines = ["donor,currency,announced_on,amount,status"]  # plain values: no quoting needed
for i in range(rows):
    lines.append("%s,EUR,2024-03-%02d,%d,announced" % (codes[i % len(codes)], 1 + i % 28, 1000 + i))
content = ("\\n".join(lines) + "\\n").encode()
user = get_user_model().objects.get(username="bench")
coalition = Coalition.objects.get(slug="bench-5")
class Undo(Exception): pass
started = time.perf_counter()
try:
    with transaction.atomic():
        report = import_pledges(actor=user, coalition=coalition, content=content, fmt="csv", dry_run=False,
                                token="bench-import", file_name="bench.csv")
        elapsed = time.perf_counter() - started
        raise Undo
except Undo:
    pass
errors = list(report.file_errors)
print("RESULT", rows, elapsed, report.created, "; ".join(str(e) for e in errors))
"""


def bench_import(info, rows) -> str:
    result = subprocess.run(  # noqa: S603 - our interpreter and code
        [PY, "-c", IMPORT_CODE.format(rows=rows)],
        cwd=ROOT,
        env={**info["env"], "DJANGO_SETTINGS_MODULE": "coalition.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT"))
    _, n, elapsed, created, *errors = line.split(" ", 4)
    if int(created) == 0:
        return f"pledge import, {n}-row CSV: refused ({' '.join(errors).strip()})"
    return f"pledge import, {n}-row CSV: {int(created) / float(elapsed):.0f} rows/s ({created} created)"


def table(results_by_scale: dict[float, list[dict]]) -> str:
    scales = list(results_by_scale)
    last, first = results_by_scale[scales[-1]], results_by_scale[scales[0]]
    growth_head = f"growth {scales[0]}→{scales[-1]}" if len(scales) > 1 else "growth"
    lines = [
        f"| what (scale {scales[-1]}) | p50 ms | p95 ms | queries | SQL ms | KiB | ratio | {growth_head} "
        "| note |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for index, r in enumerate(last):
        growth = r["p50"] / first[index]["p50"] if len(scales) > 1 else 1.0
        lines.append(
            f"| {r['what']} | {r['p50']:.0f} | {r['p95']:.0f} | {r['queries']:.0f} | {r['sql_ms']:.1f} | "
            f"{r['kib']:.0f} | {r['ratio']:.2f} | {growth:.2f}x | {r['note']} |"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="0.1,1", help="Comma-separated; growth is last ÷ first.")
    parser.add_argument("--rounds", type=int, default=12, help="Alternating runs per line (default 12).")
    parser.add_argument("--fresh", action="store_true", help="Regenerate the datasets.")
    parser.add_argument("--skip-summary", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--import-rows", type=int, default=100_000)
    options = parser.parse_args(argv)
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        raise SystemExit("make bench needs DATABASE_URL pointing at PostgreSQL.")
    env_base = {"DEBUG": "true", **os.environ}  # commands in development mode; the servers not
    started = time.monotonic()
    scales = [float(s) for s in options.scales.split(",")]
    infos, results = {}, {}
    for scale in scales:
        infos[scale] = ensure_dataset(base_url, scale, options.fresh, env_base)
        log(f"[scale {scale}] measuring")
        results[scale] = bench_scale(infos[scale], options.rounds)
    print(table(results))
    print()
    if not options.skip_summary:
        print(f"status summary (scale {scales[-1]}, largest coalition):")
        for line in bench_summary(infos[scales[-1]]):
            print(f"  {line}")
    if not options.skip_import:
        print(bench_import(infos[scales[0]], options.import_rows))
    print(f"\nbench ran in {time.monotonic() - started:.0f} s")
    print(json.dumps({str(k): v for k, v in results.items()}), file=sys.stderr)


if __name__ == "__main__":
    main()
