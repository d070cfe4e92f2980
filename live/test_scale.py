"""Scale: a bounded load run (0 errors) and two web nodes with two workers on one PostgreSQL and Redis."""

import os
import statistics
import threading
import time

import requests

from live.conftest import FIGURES
from live.datastores import flush_redis
from live.http import ApiClient, PageClient
from live.processes import wait_until

C = "/c/it-coalition"
SIDE_REDIS = "redis://127.0.0.1:6379/2"
LOAD_CLIENTS = int(os.environ.get("LIVE_LOAD_CLIENTS", "50"))
LOAD_SECONDS = float(os.environ.get("LIVE_LOAD_SECONDS", "30"))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def test_load_50_clients_for_30_seconds_without_an_error(request, stack, api_as, pages_as):
    """Loopback only, bounded in time: each client loops over pages, API reads and API writes."""
    login = pages_as("secretariat")
    token = stack.token("secretariat")
    api = api_as("secretariat")
    coalition = api.ok("GET", "/coalitions/")["results"][0]["id"]
    pledges = [p["id"] for p in api.ok("GET", "/pledges/")["results"][:10]]
    log_start = len(stack.nodes[0].log())
    results, lock, stop_at = [], threading.Lock(), time.monotonic() + LOAD_SECONDS

    def client(n):
        pages = PageClient(stack.url)  # not recorded: the gate counts what the write tests proved
        pages.cookies.update(login.cookies)
        reads = ApiClient(stack.url, token)
        steps = [
            lambda: pages.get(f"{C}/"),
            lambda: pages.get(f"{C}/pledges/"),
            lambda: reads.get("/pledges/"),
            lambda: pages.get(f"{C}/dashboard/"),
            lambda: reads.get("/roadmap-items/"),
            lambda: reads.patch(f"/pledges/{pledges[n % len(pledges)]}/", json={"note": f"load {n}"}),
            lambda: reads.get("/meetings/"),
            lambda: reads.post(
                "/capability-areas/", json={"coalition": coalition, "name": f"Load {n} {time.time()}"}
            ),
        ]
        i = n
        while time.monotonic() < stop_at:
            step = steps[i % len(steps)]
            i += 1
            started = time.monotonic()
            try:
                status = step().status_code
            except requests.RequestException as exc:
                status = repr(exc)
            with lock:
                results.append((status, time.monotonic() - started))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(LOAD_CLIENTS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=LOAD_SECONDS + 120)
    elapsed = time.monotonic() - began
    latencies = [seconds * 1000 for _status, seconds in results]
    errors = [status for status, _ in results if not (isinstance(status, int) and status < 400)]
    summary = (
        f"load: {LOAD_CLIENTS} clients, {elapsed:.0f}s, {len(results)} requests, "
        f"{len(results) / elapsed:.1f} req/s, p50 {percentile(latencies, 0.5):.0f} ms, "
        f"p95 {percentile(latencies, 0.95):.0f} ms, p99 {percentile(latencies, 0.99):.0f} ms, "
        f"mean {statistics.mean(latencies):.0f} ms, errors {len(errors)}"
    )
    print("\n" + summary)
    request.config.stash.setdefault(FIGURES, []).append(summary)
    assert results and not errors, f"{len(errors)} errors, e.g. {errors[:5]}"
    assert '" 500 ' not in stack.nodes[0].log()[log_start:]


def test_two_web_nodes_and_two_workers_share_sessions_locks_jobs_and_documents(stack, api_as, pages_as):
    """Two gunicorn nodes and two workers on one PostgreSQL and one Redis (a Redis database of their own,
    so the stack's worker takes none of their jobs)."""
    flush_redis(SIDE_REDIS)
    a = stack.start_web(REDIS_URL=SIDE_REDIS)
    b = stack.start_web(REDIS_URL=SIDE_REDIS)
    workers = [stack.start_worker(REDIS_URL=SIDE_REDIS, SUMMARY_JOB_DELAY_SECONDS=2) for _ in range(2)]
    try:
        # a session opened on one node is valid on the other
        on_a = pages_as("secretariat", url=a.url)
        on_b = PageClient(b.url, on_a.recorder)
        on_b.cookies.update(on_a.cookies)
        page = on_b.get(f"{C}/")
        assert page.status_code == 200 and urlpath(page.url) == f"{C}/", page.url

        # a summary job requested on one node is followed on the other
        api_a, api_b = api_as("secretariat", url=a.url), api_as("secretariat", url=b.url)
        coalition = api_a.ok("GET", "/coalitions/")["results"][0]["id"]
        jobs = [
            api.ok("POST", "/summaries/", json={"coalition": coalition}, expected=202)
            for api in (api_a, api_b)
        ]
        for job in jobs:
            wait_until(
                lambda job=job: api_b.ok("GET", f"/summary-jobs/{job['id']}/")["state"] == "succeeded",
                timeout=90,
                what="both jobs",
            )
        # the coalition's lock held: two workers, two jobs, never running at the same time
        spans = stack.sql(
            "select started_at, finished_at from summaries_summaryjob where id = any(%s::uuid[]) "
            "order by started_at",
            [[job["id"] for job in jobs]],
        )
        assert spans[0][1] <= spans[1][0], f"the jobs overlapped: {spans}"

        # the debounce window is shared too: edits through both nodes within it give one change job
        before = stack.sql("select count(*) from summaries_summaryjob where trigger = 'change'")[0][0]
        pledge = api_a.ok("GET", "/pledges/")["results"][0]["id"]
        api_a.ok("PATCH", f"/pledges/{pledge}/", json={"note": "node a"})
        api_b.ok("PATCH", f"/pledges/{pledge}/", json={"note": "node b"})
        after = stack.sql("select count(*) from summaries_summaryjob where trigger = 'change'")[0][0]
        assert after - before == 1

        # a document uploaded through one node is downloaded through the other
        meeting = api_a.all("/meetings/", coalition=coalition, status="held")[0]
        item = api_a.ok("POST", "/agenda-items/", json={"meeting": meeting["id"], "title": "Two nodes"})
        document = api_a.ok(
            "POST",
            "/documents/",
            data={"agenda_item": item["id"]},
            files={"file": ("both.txt", b"seen by both nodes\n", "text/plain")},
        )
        download = api_b.get(f"/documents/{document['id']}/download/")
        assert download.status_code == 200 and download.content == b"seen by both nodes\n"
        api_b.ok("DELETE", f"/documents/{document['id']}/")
        api_b.ok("DELETE", f"/agenda-items/{item['id']}/")
    finally:
        for process in (*workers, a, b):
            process.stop()
        flush_redis(SIDE_REDIS)


def urlpath(url):
    from urllib.parse import urlparse

    return urlparse(url).path
