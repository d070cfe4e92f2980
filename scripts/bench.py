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

Needs DATABASE_URL (PostgreSQL; its server hosts the benchmark databases) and REDIS_URL. This file is the
run and its command line; scripts/bench_servers.py has the datasets and servers, scripts/bench_cases.py what
is timed, scripts/bench_report.py how it is measured, compared and printed.
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
import time

import requests
from bench_cases import api_cases, page_cases
from bench_report import compare, measure, row, table, timed
from bench_servers import PY, ROOT, ensure_dataset, log, login, manage, start, stop

STATIC_ROOT = ROOT / "var" / "bench-static"


def bench_scale(info, rounds) -> list[dict]:
    env = {
        **info["env"],
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        # The rate limits still count every request (their cost is measured), but one client timing
        # hundreds of requests a minute must not be answered 429.
        "API_RATE_TOKEN": "1000000/min",
        "API_RATE_USER": "1000000/min",
        "API_RATE_ADDRESS": "1000000/min",
    }
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
