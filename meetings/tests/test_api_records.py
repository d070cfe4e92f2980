"""The meetings API's records: agenda items and documents, decisions, action items, minutes."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings.models import ActionItem
from meetings.tests.api_helpers import API, fields_of
from meetings.tests.factories import (
    ActionItemFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


def test_agenda_items_and_documents(world, planned, api_client_for, settings):
    client = api_client_for(world.users.secretariat)
    first = client.post(
        API + "agenda-items/", {"meeting": planned.pk, "title": "Opening"}, format="json"
    ).json()
    second = client.post(
        API + "agenda-items/", {"meeting": planned.pk, "title": "Roadmap", "position": 1}, format="json"
    ).json()
    assert (second["position"], client.get(API + f"agenda-items/{first['id']}/").json()["position"]) == (1, 2)
    moved = client.post(API + f"agenda-items/{first['id']}/move/", {"position": 1}, format="json")
    assert moved.json()["position"] == 1
    bad_move = client.post(API + f"agenda-items/{first['id']}/move/", {"position": 9}, format="json")
    assert bad_move.status_code == 400 and fields_of(bad_move) == {"position"}

    settings.MEETINGS_DOCUMENT_MAX_BYTES = 50
    url = API + "documents/"
    too_big = client.post(
        url,
        {"agenda_item": first["id"], "file": SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 60)},
        format="multipart",
    )
    assert too_big.status_code == 400 and fields_of(too_big) == {"file"}
    forbidden = client.post(
        url,
        {"agenda_item": first["id"], "file": SimpleUploadedFile("a.html", b"<script>")},
        format="multipart",
    )
    assert forbidden.status_code == 400 and "not an allowed type" in forbidden.json()["errors"][0]["message"]
    ok = client.post(
        url,
        {"agenda_item": first["id"], "file": SimpleUploadedFile("Plan.pdf", b"%PDF-1.4")},
        format="multipart",
    )
    assert ok.status_code == 201, ok.content
    document = ok.json()
    assert document["current_version"]["original_name"] == "Plan.pdf" and "file" not in document
    assert (document["title"], document["marking"], document["visibility"]) == ("Plan.pdf", "", "members")
    download = api_client_for(world.users.observer).get(API + f"documents/{document['id']}/download/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4"
    assert (
        api_client_for(world.users.outsider).get(API + f"documents/{document['id']}/download/").status_code
        == 404
    )
    by_delegation = api_client_for(world.users.delegate_ee).post(
        url,
        {"agenda_item": first["id"], "file": SimpleUploadedFile("b.pdf", b"%PDF-1.4")},
        format="multipart",
    )
    assert (
        by_delegation.status_code == 201 and by_delegation.json()["participant"] == world.participants.ee.pk
    )
    assert (
        api_client_for(world.users.observer)
        .post(
            url,
            {"agenda_item": first["id"], "file": SimpleUploadedFile("c.pdf", b"%PDF-1.4")},
            format="multipart",
        )
        .status_code
        == 403
    )
    listed = client.get(API + "agenda-items/", {"meeting": planned.pk}).json()["results"]
    assert listed[0]["documents"][0]["download_url"].endswith(f"/c/itc/meetings/documents/{document['id']}/")


def test_decisions_api_numbers_and_filters(world, held, api_client_for):
    client = api_client_for(world.users.secretariat)
    numbered = client.post(
        API + "decisions/", {"meeting": held.pk, "text": "Expert groups created", "number": 7}, format="json"
    )
    assert numbered.status_code == 400 and fields_of(numbered) == {"number"}  # the portal numbers them
    one = client.post(
        API + "decisions/", {"meeting": held.pk, "text": "Expert groups created"}, format="json"
    )
    assert one.status_code == 201 and one.json()["number"] == 1 and one.json()["reference"] == "SG9/1"
    assert client.get(API + "decisions/", {"q": "expert"}).json()["count"] == 1
    assert (
        api_client_for(world.users.observer)
        .patch(API + f"decisions/{one.json()['id']}/", {"text": "x"}, format="json")
        .status_code
        == 403
    )


def test_action_items_api_filters_and_transitions(world, held, api_client_for):
    today = timezone.localdate()
    late = ActionItemFactory(
        meeting=held, owner_participant=world.participants.ee, due_on=today - timedelta(days=1)
    )
    ActionItemFactory(meeting=held, owner_participant=world.participants.lu, due_on=today + timedelta(days=5))
    client = api_client_for(world.users.secretariat)
    overdue = client.get(API + "action-items/", {"overdue": "true"}).json()
    assert [i["id"] for i in overdue["results"]] == [late.pk] and overdue["results"][0]["is_overdue"] is True
    assert len(client.get(API + "action-items/", {"owner": world.participants.lu.pk}).json()["results"]) == 1
    assert len(client.get(API + "action-items/", {"due_before": today.isoformat()}).json()["results"]) == 1
    done = client.post(API + f"action-items/{late.pk}/complete/", {"note": "Sent"}, format="json")
    assert done.json()["status"] == "done"
    again = client.post(API + f"action-items/{late.pk}/drop/", {}, format="json")
    assert again.status_code == 409
    assert client.post(API + f"action-items/{late.pk}/reopen/", {}, format="json").json()["status"] == "open"
    assert (
        api_client_for(world.users.delegate_lu)
        .post(API + f"action-items/{late.pk}/complete/", {}, format="json")
        .status_code
        == 403
    )
    owner = api_client_for(world.users.delegate_ee)  # a delegate of the owner participant closes it
    assert owner.post(API + f"action-items/{late.pk}/complete/", {}, format="json").json()["status"] == "done"
    assert owner.post(API + f"action-items/{late.pk}/drop/", {}, format="json").status_code == 403
    assert owner.post(API + f"action-items/{late.pk}/reopen/", {}, format="json").json()["status"] == "open"
    no_owner = client.post(API + "action-items/", {"meeting": held.pk, "title": "Do"}, format="json")
    assert no_owner.status_code == 400 and fields_of(no_owner) == {"owner_participant"}
    status_change = client.patch(API + f"action-items/{late.pk}/", {"status": "done"}, format="json")
    assert status_change.status_code == 400 and ActionItem.objects.get(pk=late.pk).status == "open"
    assert "complete" in status_change.json()["errors"][0]["message"]  # names the actions that do it


def test_minutes_api_lock_and_compare(world, held, api_client_for):
    client = api_client_for(world.users.secretariat)
    created = client.post(API + "minutes/", {"meeting": held.pk, "text": "One\nTwo\n"}, format="json")
    assert created.status_code == 201 and created.json()["latest_revision"] == 1
    minutes_id = created.json()["id"]
    edited = client.patch(
        API + f"minutes/{minutes_id}/", {"text": "One\nTwo!\n", "comment": "Emphasis"}, format="json"
    )
    assert edited.json()["latest_revision"] == 2
    compare = client.get(API + f"minutes/{minutes_id}/compare/", {"old": 1, "new": 2}).json()
    assert "-Two\n+Two!" in compare["unified_diff"]
    missing = client.get(API + f"minutes/{minutes_id}/compare/", {"old": 1, "new": 5})
    assert missing.status_code == 400 and fields_of(missing) == {"new"}
    later = MeetingFactory(
        coalition=world.coalition, number=40, starts_at=timezone.now() - timedelta(hours=1)
    )
    assert (
        client.post(
            API + f"minutes/{minutes_id}/approve/", {"approved_at_meeting": later.pk}, format="json"
        ).status_code
        == 409
    )
    assert (
        client.post(API + f"minutes/{minutes_id}/circulate/", {}, format="json").json()["status"]
        == "circulated"
    )
    approved = client.post(
        API + f"minutes/{minutes_id}/approve/", {"approved_at_meeting": later.pk}, format="json"
    )
    assert approved.json()["status"] == "approved"
    locked = client.patch(API + f"minutes/{minutes_id}/", {"text": "Rewritten"}, format="json")
    assert locked.status_code == 409 and "read-only" in locked.json()["detail"]
    assert client.delete(API + f"minutes/{minutes_id}/").status_code == 405
    revisions = api_client_for(world.users.observer).get(API + f"minutes/{minutes_id}/revisions/").json()
    assert [r["number"] for r in revisions] == [2, 1]
