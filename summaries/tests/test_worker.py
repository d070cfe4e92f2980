"""Summaries with a real Celery worker (and beat) process on Redis and PostgreSQL, not eager mode.

Skipped on SQLite or without REDIS_URL; CI (REQUIRE_SERVICES=1) runs them and fails rather than skips.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from summaries import services
from summaries.models import StatusSnapshot, SummaryJob
from summaries.tests.conftest import reset_broker_connections

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def real_services(celery_eager):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("worker tests need PostgreSQL and REDIS_URL")
        pytest.skip("worker tests need PostgreSQL and Redis (run by .ci/run)")
    app = celery_eager
    app.conf.task_always_eager = False
    reset_broker_connections(app)
    app.control.purge()  # nothing left over from an earlier run
    from django.core.cache import cache

    cache.clear()
    yield app
    reset_broker_connections(app)


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _env(**extra) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "DEBUG": "false",
        "HTTPS": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "SUMMARY_ON_CHANGE": "false",
        **{k: str(v) for k, v in extra.items()},
    }


@contextmanager
def process(args, *, ready_text, **env):
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)  # noqa: SIM115 - read after the run
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "coalition", *args],
        cwd=ROOT,
        env=_env(**env),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while ready_text not in Path(log.name).read_text():
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"celery {args[0]} did not start:\n{Path(log.name).read_text()[-3000:]}")
            time.sleep(0.3)
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        print(Path(log.name).read_text()[-4000:])  # shown by pytest when the test fails
        os.unlink(log.name)


def worker(pool="solo", **env):
    name = f"test-{uuid.uuid4().hex[:8]}@%h"
    args = ["worker", f"--pool={pool}", "--concurrency=1", "--loglevel=INFO", "--without-gossip"]
    return process([*args, "--without-mingle", "--without-heartbeat", "-n", name], ready_text="ready.", **env)


def child_pids(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as children:
        return [int(p) for p in children.read().split()]


def wait_for(predicate, timeout=60, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


def job_state(job):
    job.refresh_from_db()
    return job.state


def test_summary_on_demand(world, api_client_for):
    with worker():
        response = api_client_for(world.users.secretariat).post(
            "/api/v1/summaries/", {"coalition": world.coalition.pk}
        )
        assert response.status_code == 202
        assert response.json()["state"] == "queued"
        job = SummaryJob.objects.get(pk=response.json()["id"])
        wait_for(lambda: job_state(job) == "succeeded", what="the on-demand job")
    assert StatusSnapshot.objects.get(job=job).coalition == world.coalition


def test_summary_on_schedule_through_beat(world):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name="test: summaries every second",
        task="summaries.tasks.generate_scheduled_summaries",
        interval=every_second,
    )
    with worker(), process(["beat", "--loglevel=INFO", "-s", os.devnull], ready_text="beat: Starting"):
        wait_for(
            lambda: (
                StatusSnapshot.objects.filter(job__trigger="schedule", coalition=world.coalition).exists()
                and StatusSnapshot.objects.filter(job__trigger="schedule", coalition=world.other).exists()
            ),
            what="scheduled snapshots of both coalitions",
        )


def test_a_burst_of_changes_gives_one_summary(world, settings):
    from coalition import services as registry

    settings.SUMMARY_ON_CHANGE = True
    settings.SUMMARY_DEBOUNCE_SECONDS = 3
    with worker():
        for n in range(8):
            registry.membership_update(
                actor=world.users.secretariat, membership=world.memberships.dk, note=f"{n}"
            )
        job = SummaryJob.objects.get(trigger="change")
        wait_for(lambda: job_state(job) == "succeeded", what="the after-change job")
        time.sleep(1)
    assert SummaryJob.objects.filter(trigger="change").count() == 1
    assert StatusSnapshot.objects.count() == 1


def test_a_worker_process_killed_mid_job_leaves_it_to_be_rerun(world):
    """The process running the job dies (as under the OOM killer): acks_late with reject_on_worker_lost
    puts the message back, the pool's new process runs it again, and one snapshot results."""
    with worker(pool="prefork", SUMMARY_JOB_DELAY_SECONDS=4) as running:
        wait_for(lambda: child_pids(running.pid), what="the pool's process")
        job = services.request_summary(actor=world.users.secretariat, coalition=world.coalition)
        wait_for(lambda: job_state(job) == "running", what="the job to start")
        (doomed,) = child_pids(running.pid)
        os.kill(doomed, signal.SIGKILL)
        wait_for(lambda: job_state(job) == "succeeded", timeout=90, what="the job to be re-run")
    job.refresh_from_db()
    assert job.attempts == 2, "the job ran twice: killed once, then completed"
    assert StatusSnapshot.objects.filter(job=job).count() == 1


def test_a_whole_worker_killed_mid_job_leaves_it_to_the_next_worker(world):
    """The whole worker dies (SIGKILL: no warm shutdown, nothing handed back). Its unacknowledged message
    becomes visible again after the broker's visibility timeout, and the next worker completes the job."""
    visibility = 4
    with worker(SUMMARY_JOB_DELAY_SECONDS=60, CELERY_VISIBILITY_TIMEOUT=visibility) as doomed:
        job = services.request_summary(actor=world.users.secretariat, coalition=world.coalition)
        wait_for(lambda: job_state(job) == "running", what="the job to start")
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait()
    assert job_state(job) == "running" and not StatusSnapshot.objects.exists()
    # kombu scans for expired messages as a worker starts, then only every ~100 s: the replacement worker
    # comes up after the timeout, as it would after a machine is lost.
    time.sleep(visibility + 1)
    with worker(CELERY_VISIBILITY_TIMEOUT=visibility):
        wait_for(lambda: job_state(job) == "succeeded", timeout=60, what="the job to be re-run")
    job.refresh_from_db()
    assert job.attempts == 2
    assert StatusSnapshot.objects.filter(job=job).count() == 1
