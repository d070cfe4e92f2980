"""The work between meetings on the real stack (see __init__.py): the scheduled steps run by the real worker
(adoption at the deadline, reminders, the overdue digest)."""

import subprocess
import time
from datetime import date

import pytest

from live.processes import PYTHON, ROOT, wait_until
from live.test_meetings.helpers import day, held_meeting, move_deadline_to_the_past, new_procedure, tag, utc


def send_by_name(stack, task: str):
    """Queue a task over the stack's Redis by its name, as beat does (`celery call`)."""
    done = subprocess.run(
        [PYTHON, "-m", "celery", "-A", "coalition", "call", task],
        cwd=ROOT,
        env=stack.env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


def log_rows(stack, key_like):
    return stack.sql(
        "select key, email from meetings_notificationlog where key like %s order by key, email", [key_like]
    )


@pytest.fixture
def delegate_ee_email(stack):
    """The delegate of Estonia has an e-mail address for the duration of a test."""
    stack.sql("update auth_user set email = 'delegate-ee@example.org' where username = 'delegate-ee'")
    yield "delegate-ee@example.org"
    stack.sql("update auth_user set email = '' where username = 'delegate-ee'")


def test_the_worker_adopts_a_procedure_at_its_deadline(api, ids, stack, delegate_ee_email):
    text = f"Adopted by the worker {tag()}."
    procedure = new_procedure(api, ids, draft_decision=text)
    path = f"/written-procedures/{procedure['id']}/"
    api.ok("POST", f"{path}circulate/", json={"deadline": utc(30)})
    wait_until(
        lambda: log_rows(stack, f"procedure:{procedure['id']}:circulated"),
        timeout=60,
        what="the circulation e-mail, sent by the worker",
    )
    send_by_name(stack, "meetings.tasks.conclude_written_procedures")
    time.sleep(1)
    assert api.ok("GET", path)["status"] == "circulated", "not concluded before its deadline"

    move_deadline_to_the_past(stack, procedure["id"])
    started = time.monotonic()
    send_by_name(stack, "meetings.tasks.conclude_written_procedures")
    adopted = wait_until(
        lambda: (body := api.ok("GET", path))["status"] == "adopted" and body,
        timeout=60,
        what="the worker to adopt the procedure",
    )
    elapsed = time.monotonic() - started
    decision = api.ok("GET", f"/decisions/{adopted['decision']}/")
    assert decision["text"] == text and decision["meeting"] is None
    assert procedure["reference"] in decision["source"]
    assert (delegate_ee_email,) in [
        (email,)
        for _key, email in wait_until(
            lambda: log_rows(stack, f"procedure:{procedure['id']}:adopted"),
            timeout=60,
            what="the outcome e-mail",
        )
    ]
    # Sent again (a second beat tick, a second worker): nothing is concluded or decided twice.
    send_by_name(stack, "meetings.tasks.conclude_written_procedures")
    time.sleep(2)
    assert stack.sql(
        "select count(*) from meetings_decision where written_procedure_id = %s", [procedure["id"]]
    ) == [(1,)]
    print(f"live: written procedure adopted by the worker {elapsed:.1f} s after the task was sent")


def test_the_worker_sends_reminders_and_the_overdue_digest_once(api, ids, stack, delegate_ee_email):
    procedure = new_procedure(api, ids)
    api.ok("POST", f"/written-procedures/{procedure['id']}/circulate/", json={"deadline": utc(6)})
    meeting = held_meeting(api, ids, days_ago=10)
    coming = api.ok(
        "POST",
        "/action-items/",
        json={
            "meeting": meeting["id"],
            "title": f"Coming due {tag()}",
            "owner_participant": ids["EE"],
            "due_on": day(1),
        },
    )
    api.ok(
        "POST",
        "/action-items/",
        json={
            "meeting": meeting["id"],
            "title": f"Overdue {tag()}",
            "owner_participant": ids["EE"],
            "due_on": day(-2),
        },
    )

    send_by_name(stack, "meetings.tasks.send_due_reminders")
    send_by_name(stack, "meetings.tasks.send_overdue_digests")
    reminder_key = f"procedure:{procedure['id']}:reminder"
    action_key = f"action_due:{coming['id']}:{day(1)}"
    year, week, _ = date.today().isocalendar()
    digest_key = f"overdue_digest:{year}-W{week:02d}"
    for key in (reminder_key, action_key, digest_key):
        rows = wait_until(lambda key=key: log_rows(stack, key), timeout=60, what=f"the e-mail {key}")
        assert (key, delegate_ee_email) in rows, rows

    # The next hourly and weekly runs send none of them again.
    send_by_name(stack, "meetings.tasks.send_due_reminders")
    send_by_name(stack, "meetings.tasks.send_overdue_digests")
    time.sleep(3)
    for key in (reminder_key, action_key, digest_key):
        assert log_rows(stack, key).count((key, delegate_ee_email)) == 1
    worker_log = stack.workers[0].log()
    assert "meetings.tasks.send_due_reminders" in worker_log and "succeeded" in worker_log
