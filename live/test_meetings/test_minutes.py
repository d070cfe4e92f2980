"""The work between meetings on the real stack (see __init__.py): minutes comments and agreement, by the API
and on the pages."""

from live.test_meetings.helpers import C, day, gone, held_meeting, ok


def circulated_minutes(api, meeting):
    text = "First paragraph: the roadmap.\n\nSecond paragraph: the pledges."
    minutes = api.ok("POST", "/minutes/", json={"meeting": meeting["id"], "text": text})
    api.ok("POST", f"/minutes/{minutes['id']}/circulate/", json={"comments_due_on": day(30)})
    return minutes


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
