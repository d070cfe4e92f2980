"""Helpers of the between-meetings tests: tags, times and days, accepted forms, 404 checks, a held meeting,
written procedures (created, their deadline moved to the past)."""

import re
import secrets
from datetime import UTC, date, datetime, timedelta

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
