"""The work between meetings (issue 14) on the real stack: minutes comments and agreement, written
procedures, documents with versions and markings, action-item progress — by the API and by the pages —
and the scheduled steps (adoption at the deadline, reminders, the overdue digest) run by the stack's real
Celery worker, sent over Redis by name as beat sends them.

Each write is checked where a person sees it: the record read back through the API, or the database.
"""

import re
import secrets
import subprocess
import time
from datetime import UTC, date, datetime, timedelta

import pytest

from live.processes import PYTHON, ROOT, wait_until

C = "/c/it-coalition"


def tag():
    return secrets.token_hex(3)


def utc(hours_from_now: float) -> str:
    return (datetime.now(UTC) + timedelta(hours=hours_from_now)).strftime("%Y-%m-%dT%H:%M:%SZ")


def day(days_from_now: int) -> str:
    return (date.today() + timedelta(days=days_from_now)).isoformat()


def ok(response, *texts):
    """A page form was accepted: no form errors on the page it led to, which shows `texts`."""
    assert response.status_code == 200, (response.status_code, response.url, response.text[:1500])
    errors = re.findall(r'<ul class="errorlist[^"]*">(.*?)</ul>', response.text, flags=re.S)
    assert not errors, f"form errors on {response.url}: {errors}"
    for text in texts:
        assert text in response.text, f"{text!r} not on {response.url}"
    return response


def gone(api, path):
    assert api.get(path).status_code == 404, path


@pytest.fixture(scope="module")
def api(api_as):
    return api_as("secretariat")


@pytest.fixture(scope="module")
def sec(pages_as):
    return pages_as("secretariat")


@pytest.fixture(scope="module")
def ids(api):
    coalition = next(c["id"] for c in api.all("/coalitions/") if c["slug"] == "it-coalition")
    return {"coalition": coalition, **{p["code"]: p["id"] for p in api.all("/participants/")}}


def held_meeting(api, ids, days_ago=20):
    start = datetime.now(UTC) - timedelta(days=days_ago)
    meeting = api.ok(
        "POST",
        "/meetings/",
        json={
            "coalition": ids["coalition"],
            "title": f"Live meetings {tag()}",
            "starts_at": start.strftime("%Y-%m-%dT09:00:00Z"),
            "ends_at": start.strftime("%Y-%m-%dT12:00:00Z"),
            "format": "virtual",
        },
    )
    api.ok("POST", f"/meetings/{meeting['id']}/mark-held/")
    return meeting


def circulated_minutes(api, meeting):
    text = "First paragraph: the roadmap.\n\nSecond paragraph: the pledges."
    minutes = api.ok("POST", "/minutes/", json={"meeting": meeting["id"], "text": text})
    api.ok("POST", f"/minutes/{minutes['id']}/circulate/", json={"comments_due_on": day(30)})
    return minutes


# -- minutes comments and agreement ---------------------------------------------------------------------


def test_minutes_comments_answers_and_agreement_by_api(api, api_as, ids, stack):
    meeting = held_meeting(api, ids)
    minutes = circulated_minutes(api, meeting)
    ee, lu = api_as("delegate-ee"), api_as("delegate-lu")

    comment = ee.ok(
        "POST", "/minutes-comments/", json={"minutes": minutes["id"], "paragraph": 2, "text": "Say EUR."}
    )
    assert (comment["participant"], comment["quote"], comment["revision"]) == (
        ids["EE"],
        "Second paragraph: the pledges.",
        1,
    )
    path = f"/minutes-comments/{comment['id']}/"
    ee.ok("PATCH", path, json={"text": "Say EUR, not euro."})
    assert api.ok("GET", path)["text"] == "Say EUR, not euro."

    other = lu.ok("POST", "/minutes-comments/", json={"minutes": minutes["id"], "text": "Fine by us."})
    lu.ok("DELETE", f"/minutes-comments/{other['id']}/")
    gone(api, f"/minutes-comments/{other['id']}/")

    answered = api.ok("POST", f"{path}answer/", json={"answer": "Changed in revision 2."})
    assert answered["status"] == "answered" and api.ok("GET", path)["answer"] == "Changed in revision 2."

    agreement = lu.ok("POST", f"/minutes/{minutes['id']}/agree/", json={})
    assert (agreement["participant"], agreement["revision"]) == (ids["LU"], 1)
    rows = stack.sql(
        "select participant_id, r.number from meetings_minutesagreement a"
        " join meetings_minutesrevision r on r.id = a.revision_id where a.minutes_id = %s",
        [minutes["id"]],
    )
    assert rows == [(ids["LU"], 1)]


def test_minutes_comments_and_agreement_on_the_pages(api, pages_as, sec, ids, stack):
    meeting = held_meeting(api, ids)
    minutes = circulated_minutes(api, meeting)
    base = f"{C}/meetings/{meeting['number']}/minutes/comments"
    delegate = pages_as("delegate-ee")

    ok(delegate.submit(f"{base}/add/", {"paragraph": "1", "text": "Name the roadmap year."}))
    (comment,) = api.all("/minutes-comments/", minutes=minutes["id"])
    assert (comment["participant"], comment["paragraph"]) == (ids["EE"], 1)
    ok(delegate.submit(f"{base}/{comment['id']}/edit/", {"text": "Name the roadmap year: 2025."}))
    assert api.ok("GET", f"/minutes-comments/{comment['id']}/")["text"] == "Name the roadmap year: 2025."

    ok(delegate.submit(f"{base}/add/", {"text": "A second thought."}))
    second = next(c for c in api.all("/minutes-comments/", minutes=minutes["id"]) if c["id"] != comment["id"])
    ok(delegate.post_form(f"{base}/{second['id']}/withdraw/"), "Comment withdrawn.")
    gone(api, f"/minutes-comments/{second['id']}/")

    ok(sec.submit(f"{base}/{comment['id']}/answer/", {"incorporate": True}))
    assert api.ok("GET", f"/minutes-comments/{comment['id']}/")["status"] == "incorporated"

    page = ok(
        delegate.post_form(f"{C}/meetings/{meeting['number']}/minutes/agree/"), "agrees with revision 1"
    )
    assert "Estonia" in page.text
    assert stack.sql(
        "select count(*) from meetings_minutesagreement where minutes_id = %s and participant_id = %s",
        [minutes["id"], ids["EE"]],
    ) == [(1,)]


# -- written procedures --------------------------------------------------------------------------------


def move_deadline_to_the_past(stack, procedure_id):
    """What the clock does: the deadline (at least an hour away when circulated) has passed."""
    stack.sql(
        "update meetings_writtenprocedure set deadline = now() - interval '1 minute' where id = %s",
        [procedure_id],
    )


def new_procedure(api, ids, **fields):
    body = {
        "coalition": ids["coalition"],
        "title": f"Live procedure {tag()}",
        "draft_decision": "The coalition adopts the live roadmap.",
        "deadline": utc(48),
        **fields,
    }
    return api.ok("POST", "/written-procedures/", json=body)


def test_written_procedures_by_api(api, api_as, ids, stack):
    draft = new_procedure(api, ids)
    path = f"/written-procedures/{draft['id']}/"
    assert draft["status"] == "draft" and draft["reference"] == f"WP{draft['number']}"
    api.ok("PATCH", path, json={"rationale": "Agreed at the table, to be confirmed."})
    assert api.ok("GET", path)["rationale"] == "Agreed at the table, to be confirmed."
    api.ok("DELETE", path)
    gone(api, path)

    # Silence broken by Luxembourg: the procedure fails at the deadline.
    broken = new_procedure(api, ids)
    bpath = f"/written-procedures/{broken['id']}/"
    circulated = api.ok("POST", f"{bpath}circulate/", json={"deadline": utc(30)})
    assert circulated["status"] == "circulated" and circulated["circulated_at"]
    silence_break = api_as("delegate-lu").ok(
        "POST", f"{bpath}break-silence/", json={"reason": "Our parliament must see it first."}, expected=201
    )
    assert silence_break["participant"] == ids["LU"]
    assert [b["reason"] for b in api.ok("GET", bpath)["silence_breaks"]] == [
        "Our parliament must see it first."
    ]
    move_deadline_to_the_past(stack, broken["id"])
    concluded = api.ok("POST", f"{bpath}conclude/")
    assert (concluded["status"], concluded["decision"]) == ("failed", None)
    assert "Luxembourg" in api.ok("GET", bpath)["outcome_note"]

    # Silence held: concluded by the secretariat, it becomes a dated decision of the coalition.
    held = new_procedure(api, ids, draft_decision=f"Adopted live {tag()}.")
    hpath = f"/written-procedures/{held['id']}/"
    api.ok("POST", f"{hpath}circulate/", json={})
    move_deadline_to_the_past(stack, held["id"])
    adopted = api.ok("POST", f"{hpath}conclude/")
    assert adopted["status"] == "adopted"
    decision = api.ok("GET", f"/decisions/{adopted['decision']}/")
    assert decision["text"] == held["draft_decision"] and decision["meeting"] is None

    withdrawn = new_procedure(api, ids)
    wpath = f"/written-procedures/{withdrawn['id']}/"
    api.ok("POST", f"{wpath}circulate/", json={"deadline": utc(30)})
    assert api.ok("POST", f"{wpath}withdraw/", json={"note": "Overtaken"})["status"] == "withdrawn"
    assert api.ok("GET", wpath)["outcome_note"] == "Overtaken"


def local_input(days_from_now):
    """A datetime-local value days away: the server's time zone does not matter that far ahead."""
    return (datetime.now() + timedelta(days=days_from_now)).strftime("%Y-%m-%dT%H:%M")


def procedure_by_title(api, ids, title):
    return next(p for p in api.all("/written-procedures/", coalition=ids["coalition"]) if p["title"] == title)


def test_written_procedures_on_the_pages(api, sec, pages_as, ids, stack):
    def add(title):
        ok(
            sec.submit(
                f"{C}/written-procedures/add/",
                {"title": title, "draft_decision": "Adopt the page roadmap.", "deadline": local_input(3)},
            ),
            title,
        )
        procedure = procedure_by_title(api, ids, title)
        return procedure, f"{C}/written-procedures/{procedure['number']}"

    title = f"Page procedure {tag()}"
    procedure, base = add(title)
    ok(sec.submit(f"{base}/edit/", {"rationale": "Edited on the page."}))
    assert api.ok("GET", f"/written-procedures/{procedure['id']}/")["rationale"] == "Edited on the page."
    ok(sec.submit(f"{base}/circulate/", {"deadline": local_input(2)}))
    assert api.ok("GET", f"/written-procedures/{procedure['id']}/")["status"] == "circulated"
    ok(pages_as("delegate-ee").submit(f"{base}/break-silence/", {"reason": "Not yet, please."}))
    breaks = api.ok("GET", f"/written-procedures/{procedure['id']}/")["silence_breaks"]
    assert [(b["participant"], b["reason"]) for b in breaks] == [(ids["EE"], "Not yet, please.")]
    move_deadline_to_the_past(stack, procedure["id"])
    ok(sec.post_form(f"{base}/conclude/"))
    assert api.ok("GET", f"/written-procedures/{procedure['id']}/")["status"] == "failed"

    withdrawn, wbase = add(f"Page procedure {tag()}")
    ok(sec.submit(f"{wbase}/withdraw/", {"note": "Withdrawn on the page"}))
    assert api.ok("GET", f"/written-procedures/{withdrawn['id']}/")["status"] == "withdrawn"

    deleted, dbase = add(f"Page procedure {tag()}")
    ok(sec.post_form(f"{dbase}/delete/"))
    gone(api, f"/written-procedures/{deleted['id']}/")


# -- documents, versions, markings ---------------------------------------------------------------------


def agenda_item(api, meeting):
    return api.ok("POST", "/agenda-items/", json={"meeting": meeting["id"], "title": f"Papers {tag()}"})


def test_document_versions_and_markings_by_api(api, api_as, ids):
    meeting = held_meeting(api, ids, days_ago=5)
    item = agenda_item(api, meeting)
    ee = api_as("delegate-ee")
    document = ee.ok(
        "POST",
        "/documents/",
        data={"agenda_item": item["id"], "visibility": "members", "title": "Estonian paper"},
        files={"file": ("paper.txt", b"version one\n", "text/plain")},
    )
    assert document["participant"] == ids["EE"]
    path = f"/documents/{document['id']}/"
    markings = api.all("/classification-markings/", coalition=ids["coalition"])
    assert markings, "the coalition has a managed list of markings"
    marking = markings[-1]
    api.ok("PATCH", path, json={"classification": marking["id"], "visibility": "secretariat"})
    body = api.ok("GET", path)
    assert (body["marking"], body["visibility"]) == (marking["label"], "secretariat")

    version = ee.ok(
        "POST",
        f"{path}versions/",
        data={"note": "Figures updated"},
        files={"file": ("paper.txt", b"version two\n", "text/plain")},
        expected=201,
    )
    assert version["number"] == 2
    assert [v["number"] for v in api.ok("GET", f"{path}versions/")] == [2, 1]
    current = api.get(f"{path}download/")
    assert current.status_code == 200 and current.content == b"version two\n"
    assert marking["label"] in current.headers["Content-Disposition"]
    first = api.get(f"{path}download/", params={"version": 1})
    assert first.content == b"version one\n"
    # Secretariat only: the other delegations no longer see it.
    assert api_as("delegate-lu").get(path).status_code == 404


def test_document_versions_and_markings_on_the_pages(api, sec, ids):
    label = f"LIVE {tag().upper()}"
    ok(sec.submit(f"{C}/meetings/markings/add/", {"label": label, "position": "9"}), label)
    marking = next(
        m for m in api.all("/classification-markings/", coalition=ids["coalition"]) if m["label"] == label
    )
    ok(sec.submit(f"{C}/meetings/markings/{marking['id']}/edit/", {"description": "Handle with care."}))
    assert api.ok("GET", f"/classification-markings/{marking['id']}/")["description"] == "Handle with care."

    meeting = held_meeting(api, ids, days_ago=4)
    item = agenda_item(api, meeting)
    document = api.ok(
        "POST",
        "/documents/",
        data={"agenda_item": item["id"], "visibility": "members"},
        files={"file": ("page.txt", b"page one\n", "text/plain")},
    )
    base = f"{C}/meetings/{meeting['number']}/documents/{document['id']}"
    ok(sec.submit(f"{base}/edit/", {"title": "Page paper", "classification": marking["id"]}), "Page paper")
    body = api.ok("GET", f"/documents/{document['id']}/")
    assert (body["title"], body["marking"]) == ("Page paper", label)
    ok(
        sec.submit(
            f"{base}/versions/add/",
            {"note": "Second draft"},
            files={"file": ("page.txt", b"page two\n", "text/plain")},
        ),
        "Second draft",
    )
    assert [v["number"] for v in api.ok("GET", f"/documents/{document['id']}/versions/")] == [2, 1]

    # A marking in use is kept (the page says why); an unused one is deleted.
    spare = f"SPARE {tag().upper()}"
    ok(sec.submit(f"{C}/meetings/markings/add/", {"label": spare}), spare)
    spare_id = next(
        m["id"]
        for m in api.all("/classification-markings/", coalition=ids["coalition"])
        if m["label"] == spare
    )
    ok(sec.post_form(f"{C}/meetings/markings/{spare_id}/delete/"), "Marking deleted.")
    gone(api, f"/classification-markings/{spare_id}/")


# -- action items: progress by their owners --------------------------------------------------------------


def test_owners_report_progress_on_the_page(api, pages_as, ids):
    meeting = held_meeting(api, ids, days_ago=3)
    item = api.ok(
        "POST",
        "/action-items/",
        json={
            "meeting": meeting["id"],
            "title": f"Progress {tag()}",
            "owner_participant": ids["EE"],
            "due_on": day(20),
        },
    )
    delegate = pages_as("delegate-ee")
    ok(
        delegate.submit(
            f"{C}/action-items/{item['id']}/progress/", {"progress_note": "Draft sent to the ministry."}
        ),
        "Progress recorded.",
    )
    body = api.ok("GET", f"/action-items/{item['id']}/")
    assert body["progress_note"] == "Draft sent to the ministry." and body["progress_updated_at"]
    assert pages_as("delegate-lu").get(f"{C}/action-items/{item['id']}/progress/").status_code == 403


# -- scheduled steps, run by the real worker ------------------------------------------------------------


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
