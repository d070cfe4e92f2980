"""The work between meetings on the real stack (see __init__.py): action items, whose owners report progress
on the page."""

from live.test_meetings.helpers import C, day, held_meeting, ok, tag


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
