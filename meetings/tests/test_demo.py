import pytest

from coalition import demo as registry_demo
from coalition.models import Membership
from meetings import demo, selectors
from meetings.models import (
    ActionItem,
    AgendaDocument,
    Attendance,
    Contact,
    Decision,
    DistributionList,
    Meeting,
    Minutes,
    MinutesAgreement,
    MinutesComment,
    Registration,
    WrittenProcedure,
)

pytestmark = pytest.mark.django_db


def history_rows():
    return sum(
        model.history.count() for model in (Meeting, Attendance, Decision, ActionItem, Minutes, Membership)
    )


def load():
    """The registry's loader, then ours (the contributions loader is tested by its app)."""
    return demo.load(registry_demo.load())


def test_demo_holds_both_meetings_with_the_seeds_counts_and_is_idempotent():
    load()
    first, second = Meeting.objects.order_by("number")
    assert (first.title, first.local_date.isoformat(), first.status) == (
        "First meeting of the Steering Group",
        "2024-02-02",
        "held",
    )
    assert (second.place, second.local_date.isoformat()) == ("Luxembourg", "2024-04-09")

    one = selectors.attendance_summary(first)
    assert one.total == 16 and one.illustrative == 0
    assert sorted(one.organisations) == ["European Union", "North Atlantic Treaty Organization"]
    assert first.attendances.get(participant__code="EE").role == "lead"

    two = selectors.attendance_summary(second)
    assert (two.participating_states, two.observers, len(two.organisations)) == (11, 7, 2)
    assert set(
        second.attendances.filter(is_illustrative=False).values_list("participant__code", flat=True)
    ) == {
        "EE",
        "LU",
        "EU",
        "NATO",
    }
    texts = " ".join(Decision.objects.values_list("text", flat=True))
    for outcome in ("Contributions confirmed", "Priorities", "Four thematic expert groups", "Roadmap"):
        assert outcome in texts
    assert not Decision.objects.filter(meeting__isnull=False, is_illustrative=True).exists()
    assert not ActionItem.objects.filter(is_illustrative=False).exists()
    assert first.minutes.status == "approved" and first.minutes.approved_at_meeting == second

    before = history_rows()
    context = load()
    assert set(context["meetings"]) == {1, 2}
    assert history_rows() == before
    assert Meeting.objects.count() == 2 and Attendance.objects.count() == 36


WORK_MODELS = (
    Contact,
    DistributionList,
    Registration,
    MinutesComment,
    MinutesAgreement,
    WrittenProcedure,
    AgendaDocument,
    ActionItem,
)


def test_demo_shows_the_work_between_meetings_marked_illustrative_and_is_idempotent():
    load()
    contacts = Contact.objects.all()
    assert {c.participant.code for c in contacts} >= {"EE", "LU"}
    assert all(c.is_illustrative for c in contacts) and contacts.filter(email="").exists()
    assert set(DistributionList.objects.values_list("name", flat=True)) >= {
        "All heads of delegation",
        "All observers",
        "Procurement experts",
    }
    second = Meeting.objects.get(number=2)
    registrations = Registration.objects.filter(invitation__meeting=second)
    assert registrations.count() == 3 and {r.mode for r in registrations} == {"in_person", "online"}
    assert {c.status for c in MinutesComment.objects.filter(minutes=second.minutes)} == {"open", "answered"}
    assert MinutesAgreement.objects.filter(minutes=second.minutes, participant__code="LU").exists()
    procedures = {p.status: p for p in WrittenProcedure.objects.all()}
    assert set(procedures) == {"adopted", "circulated"}
    assert all(p.is_illustrative for p in procedures.values())
    assert procedures["adopted"].decision.is_illustrative and procedures["adopted"].decision.meeting is None
    assert procedures["circulated"].deadline > procedures["circulated"].circulated_at
    documents = AgendaDocument.objects.filter(agenda_item__meeting=second)
    assert sorted(d.versions.count() for d in documents) == [1, 2]
    assert all(d.classification is not None for d in documents)
    assert {d.visibility for d in documents} == {"members", "secretariat"}
    assert ActionItem.objects.filter(meeting=second, status="open").exclude(progress_note="").count() == 2

    before = sum(model.history.count() for model in WORK_MODELS)
    load()
    assert sum(model.history.count() for model in WORK_MODELS) == before
