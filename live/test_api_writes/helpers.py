"""Helpers of the live API-write tests (live/test_api_writes/): unique names, PUT of a record as read,
404 checks, waiting for the next status summary, the secretariat's context in the seeds' coalition."""

import secrets
from decimal import Decimal

from live.processes import wait_until

COALITION_SLUG = "it-coalition"


def unique(prefix):
    return f"{prefix} {secrets.token_hex(3)}"


def request_fields(schema, name):
    return set(schema["components"]["schemas"][name]["properties"])


def put_back(api, path, schema, request_name, **changes):
    """PUT the record as read, with `changes`, limited to the fields its request schema accepts."""
    current = api.ok("GET", path)
    fields = request_fields(schema, request_name)
    body = {k: v for k, v in current.items() if k in fields and v is not None}
    body.update(changes)
    return api.ok("PUT", path, json=body)


def gone(api, path):
    response = api.get(path)
    assert response.status_code == 404, (path, response.status_code)


def next_summary(api, coalition, since):
    """The first status summary generated after `since` (an ISO time), as the API serves it."""

    def newer():
        response = api.get("/summaries/latest/", params={"coalition": coalition})
        if response.status_code == 200 and response.json()["generated_at"] > since:
            return response.json()
        return None

    return wait_until(newer, timeout=60, what="the next summary after the change")


def current_summary(api, coalition):
    """A summary of the data as it is now (asked for on demand and waited for)."""
    job = api.ok("POST", "/summaries/", json={"coalition": coalition}, expected=202)
    wait_until(
        lambda: api.ok("GET", f"/summary-jobs/{job['id']}/")["state"] == "succeeded",
        timeout=60,
        what="the job",
    )
    return api.ok("GET", "/summaries/latest/", params={"coalition": coalition})


def pledged_by(summary, code):
    """EUR pledged by a state (all pledges, live stages) in a summary, as the dashboard shows it."""
    row = next(r for r in summary["payload"]["contributions"]["by_state"] if r["participant"]["code"] == code)
    return Decimal(row["all"]["pledged_eur"] or 0)


def server_now(stack):
    return stack.sql("select to_char(now() at time zone 'utc', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")[0][0]


def write_context(api_as):
    """The secretariat's API client, the seeds' coalition id and the participants by code."""
    api = api_as("secretariat")
    coalition = next(c for c in api.all("/coalitions/") if c["slug"] == COALITION_SLUG)
    participants = {p["code"]: p for p in api.all("/participants/")}
    return {"coalition": coalition["id"], "participants": participants, "api": api}
