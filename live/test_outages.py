"""Outages are clear and lose nothing: Redis stopped or frozen, PostgreSQL stopped, probes.

Each fault uses servers of its own (never the shared ones): a web node pointed at a Redis port where
nothing listens, a private redis-server frozen with SIGSTOP, a private PostgreSQL cluster stopped and
started again with a copy of the stack's database.
"""

import time

import pytest
import requests

from live.conftest import FIGURES
from live.datastores import PostgresCluster, RedisServer, flush_redis
from live.processes import free_port, wait_until

PROBLEM = "application/problem+json"
BUDGET = 2.0  # seconds: a request that needs the queue answers within this when Redis is unusable
# A Redis database of this suite's own for nodes that must not share the stack's queue.
SIDE_REDIS = "redis://127.0.0.1:6379/2"


def figure(request, line):
    request.config.stash.setdefault(FIGURES, []).append(line)


def timed(call, *args, **kwargs):
    started = time.monotonic()
    response = call(*args, **kwargs)
    return response, time.monotonic() - started


def coalition_id(api):
    return api.ok("GET", "/coalitions/")["results"][0]["id"]


def assert_writes_succeed_once(api, stack, tag):
    """A create and an update through a node whose Redis is unusable: each answers success, exactly one
    row is written (so a client has no reason to retry and duplicate it), and reads answer."""
    coalition = coalition_id(api)
    created, took = timed(
        api.post, "/capability-areas/", json={"coalition": coalition, "name": f"Area {tag}"}
    )
    assert created.status_code == 201, created.text
    assert took < 5, f"a write took {took:.1f}s with Redis unusable"
    rows = stack.sql("select count(*) from procurement_capabilityarea where name = %s", [f"Area {tag}"])
    assert rows == [(1,)]
    pledge = api.ok("GET", "/pledges/")["results"][0]
    note = f"outage {tag}"
    patched = api.patch(f"/pledges/{pledge['id']}/", json={"note": note})
    assert patched.status_code == 200, patched.text
    assert api.ok("GET", f"/pledges/{pledge['id']}/")["note"] == note
    assert api.get("/meetings/").status_code == 200


def assert_summary_requests_fail_fast(api, pages, stack):
    coalition = coalition_id(api)
    before = stack.sql("select count(*) from summaries_summaryjob where state = 'queued'")
    response, took = timed(api.post, "/summaries/", json={"coalition": coalition})
    assert response.status_code == 503, response.text
    assert response.headers["Content-Type"].startswith(PROBLEM)
    assert response.headers["Retry-After"].isdigit()
    assert "could not be queued" in response.json()["detail"]
    assert took < BUDGET, f"POST /summaries/ took {took:.2f}s"
    page, page_took = timed(pages.post_form, "/c/it-coalition/dashboard/regenerate/")
    assert page.status_code == 503 and page_took < BUDGET, (page.status_code, page_took)
    assert "could not be queued" in page.text
    # nothing is left queued for ever: the refused jobs are marked failed, saying why
    after = stack.sql("select count(*) from summaries_summaryjob where state = 'queued'")
    assert after == before
    failed = stack.sql(
        "select error from summaries_summaryjob where state = 'failed' order by requested_at desc limit 2"
    )
    assert all("queue unavailable" in error for (error,) in failed), failed
    return f"POST /summaries/ 503 in {took:.2f}s, Regenerate 503 in {page_took:.2f}s"


def test_redis_down_writes_succeed_once_and_summaries_answer_503_fast(request, stack, api_as, pages_as):
    dead = f"redis://127.0.0.1:{free_port()}/0"
    node = stack.start_web(REDIS_URL=dead)
    api = api_as("secretariat", url=node.url)
    assert_writes_succeed_once(api, stack, "redis-down")
    timing = assert_summary_requests_fail_fast(api, pages_as("secretariat", url=node.url), stack)
    figure(request, f"redis down: {timing}")
    assert pages_as("observer", url=node.url).get("/c/it-coalition/dashboard/").status_code == 200
    ready = requests.get(f"{node.url}/readyz", timeout=10)
    assert ready.status_code == 503 and {"redis", "worker"} <= set(ready.json()["failed"])
    assert "Traceback" not in node.log(), node.log()[-3000:]
    node.stop()


def test_redis_frozen_requests_never_hang_and_jobs_are_not_left_queued(request, stack, api_as, pages_as):
    with RedisServer() as redis_server:
        node = stack.start_web(REDIS_URL=redis_server.url)
        worker = stack.start_worker(REDIS_URL=redis_server.url)
        api = api_as("secretariat", url=node.url)
        pages = pages_as("secretariat", url=node.url)
        coalition = coalition_id(api)
        warm = api.ok("POST", "/summaries/", json={"coalition": coalition}, expected=202)  # connections warm
        wait_until(
            lambda: api.ok("GET", f"/summary-jobs/{warm['id']}/")["state"] == "succeeded",
            timeout=60,
            what="the first summary",
        )
        redis_server.freeze()
        try:
            assert_writes_succeed_once(api, stack, "redis-frozen")
            figure(request, f"redis frozen: {assert_summary_requests_fail_fast(api, pages, stack)}")
            ready, took = timed(requests.get, f"{node.url}/readyz", timeout=10)
            assert ready.status_code == 503 and "redis" in ready.json()["failed"] and took < BUDGET
        finally:
            redis_server.thaw()
        # back: summaries are queued and run again, and no job of this node stays queued
        job = api.ok("POST", "/summaries/", json={"coalition": coalition}, expected=202)
        wait_until(
            lambda: api.ok("GET", f"/summary-jobs/{job['id']}/")["state"] == "succeeded",
            timeout=60,
            what="a summary after Redis came back",
        )
        wait_until(
            lambda: (
                stack.sql("select count(*) from summaries_summaryjob where state in ('queued', 'running')")
                == [(0,)]
            ),
            timeout=30,
            what="no job left queued",
        )
        node.stop()
        worker.stop()


def test_database_down_is_503_everywhere_and_recovers_by_itself(request, stack, api_as, pages_as):
    stack.token("secretariat")  # created before the copy, so the copy knows it
    with PostgresCluster() as cluster:
        db_url = stack.copy_database_to(cluster, "live_outage")
        node = stack.start_web(DATABASE_URL=db_url, REDIS_URL=SIDE_REDIS)
        api = api_as("secretariat", url=node.url)
        pages = pages_as("secretariat", url=node.url)
        assert pages.get("/c/it-coalition/").status_code == 200
        cluster.stop()
        try:
            statuses = {}
            for path in ["/c/it-coalition/", "/c/it-coalition/pledges/", "/c/it-coalition/dashboard/"]:
                page = pages.get(path)
                statuses[path] = page.status_code
                assert page.headers["Content-Type"].startswith("text/html")
                assert "Service unavailable" in page.text
            for method, path in [("GET", "/pledges/"), ("POST", "/capability-areas/")]:
                response = api.request(method, path, json={"coalition": 1, "name": "x"})
                statuses[path] = response.status_code
                assert response.headers["Content-Type"].startswith(PROBLEM), response.text
                assert response.headers["Retry-After"].isdigit()
            assert set(statuses.values()) == {503}, statuses
            assert requests.get(f"{node.url}/healthz", timeout=5).status_code == 200
            ready = requests.get(f"{node.url}/readyz", timeout=10)
            # (this node's Redis database has no worker: "worker" is named too)
            assert ready.status_code == 503 and ready.json()["failed"][0] == "database"
        finally:
            cluster.start()
        back = time.monotonic()
        wait_until(
            lambda: (
                pages.get("/c/it-coalition/").status_code == 200 and api.get("/pledges/").status_code == 200
            ),
            timeout=15,
            what="pages and API to recover",
        )
        recovered = time.monotonic() - back
        figure(
            request, f"database outage: 503 throughout, recovered {recovered:.1f}s after PostgreSQL was back"
        )
        assert " 500 " not in node.log(), "no request answered 500"
        node.stop()
    flush_redis(SIDE_REDIS)


def test_readyz_names_what_is_ready(stack):
    ready = requests.get(f"{stack.url}/readyz", timeout=10)
    assert ready.status_code == 200, ready.text
    body = ready.json()
    assert body["status"] == "ready" and body["failed"] == []
    assert body["checks"]["worker"]["ok"] and "answering" in body["checks"]["worker"]["note"]
    assert requests.get(f"{stack.url}/healthz", timeout=5).text == "ok"


@pytest.fixture
def side_queue(stack):
    """Web node and workers on a Redis database of their own, so the stack's worker takes none of the
    jobs and each job's worker is the one the test kills."""
    flush_redis(SIDE_REDIS)
    yield SIDE_REDIS
    flush_redis(SIDE_REDIS)


def test_a_worker_process_killed_mid_job_is_rerun_once(stack, api_as, side_queue):
    node = stack.start_web(REDIS_URL=side_queue)
    worker = stack.start_worker(REDIS_URL=side_queue, SUMMARY_JOB_DELAY_SECONDS=4)
    api = api_as("secretariat", url=node.url)
    wait_until(worker.children, timeout=30, what="the pool process")
    job = api.ok("POST", "/summaries/", json={"coalition": coalition_id(api)}, expected=202)

    def state():
        return api.ok("GET", f"/summary-jobs/{job['id']}/")["state"]

    wait_until(lambda: state() == "running", timeout=30, what="the job to start")
    (doomed,) = worker.children()
    import os
    import signal

    os.kill(doomed, signal.SIGKILL)
    wait_until(lambda: state() == "succeeded", timeout=90, what="the job to be re-run")
    rows = stack.sql(
        "select j.attempts, count(s.id) from summaries_summaryjob j left join summaries_statussnapshot s "
        "on s.job_id = j.id where j.id = %s group by j.attempts",
        [job["id"]],
    )
    assert rows == [(2, 1)], "run twice (killed once), one snapshot"
    worker.stop()
    node.stop()


def test_a_whole_worker_lost_mid_job_is_completed_by_another_once(request, stack, api_as, side_queue):
    visibility = 5
    node = stack.start_web(REDIS_URL=side_queue, CELERY_VISIBILITY_TIMEOUT=visibility)
    doomed = stack.start_worker(
        REDIS_URL=side_queue, SUMMARY_JOB_DELAY_SECONDS=60, CELERY_VISIBILITY_TIMEOUT=visibility
    )
    api = api_as("secretariat", url=node.url)
    job = api.ok("POST", "/summaries/", json={"coalition": coalition_id(api)}, expected=202)

    def state():
        return api.ok("GET", f"/summary-jobs/{job['id']}/")["state"]

    wait_until(lambda: state() == "running", timeout=30, what="the job to start")
    doomed.kill()  # the whole worker, as a lost machine: nothing handed back
    lost = time.monotonic()
    time.sleep(visibility + 1)
    rescuer = stack.start_worker(REDIS_URL=side_queue, CELERY_VISIBILITY_TIMEOUT=visibility)
    wait_until(lambda: state() == "succeeded", timeout=90, what="another worker to complete the job")
    figure(
        request,
        f"lost worker: its job completed {time.monotonic() - lost:.1f}s later (visibility {visibility}s)",
    )
    rows = stack.sql(
        "select j.attempts, count(s.id) from summaries_summaryjob j left join summaries_statussnapshot s "
        "on s.job_id = j.id where j.id = %s group by j.attempts",
        [job["id"]],
    )
    assert rows == [(2, 1)], "run twice (lost once), one snapshot"
    rescuer.stop()
    node.stop()
