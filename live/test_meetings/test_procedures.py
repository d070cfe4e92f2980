"""The work between meetings on the real stack (see __init__.py): written procedures, by the API and on the
pages."""

from datetime import datetime, timedelta

from live.test_meetings.helpers import C, gone, move_deadline_to_the_past, new_procedure, ok, tag, utc


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
