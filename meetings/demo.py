"""Demo data: the two steering-group meetings of the seeds, with attendance, decisions, agenda, action items
and minutes. Facts carry their source; what the seeds do not say is marked illustrative.

Every write goes through `coalition.demo.upsert`, so a second load changes nothing. The contributions loader
may already have created meetings 1 and 2 (same lookup and values); this loader keeps its times and source.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings

from coalition.demo import FIRST_MEETING, SECOND_MEETING, upsert
from coalition.models import Membership, Participant
from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting, Minutes, MinutesRevision
from meetings.services import roles_on

FIRST_ON = date(2024, 2, 2)
SECOND_ON = date(2024, 4, 9)
TIMES_NOTE = "Times illustrative: the seeds give only the date."

FIRST_ATTENDEES = [
    "EE",
    "LU",
    "BE",
    "GB",
    "DK",
    "IS",
    "IT",
    "LV",
    "LT",
    "NL",
    "DE",
    "PL",
    "US",
    "JP",
    "NATO",
    "EU",
]
# Second meeting: "11 participating states, seven observers, the European Union and NATO". Only Estonia and
# Luxembourg are named (they announced contributions there); the other attendees are illustrative.
SECOND_NAMED = ["EE", "LU", "EU", "NATO"]
SECOND_STATES_ILLUSTRATIVE = ["BE", "GB", "DK", "IS", "LV", "LT", "NL", "DE", "PL"]
SECOND_OBSERVERS_ILLUSTRATIVE = ["IT", "US", "JP"]
# Observers beyond the registry's, to reach seven: the first four of these that are not members already
# (or are illustrative observers from an earlier load).
EXTRA_OBSERVER_CANDIDATES = [
    ("FI", "Finland"),
    ("SE", "Sweden"),
    ("NO", "Norway"),
    ("CA", "Canada"),
    ("CZ", "Czechia"),
    ("AU", "Australia"),
]
EXTRA_OBSERVER_NOTE = (
    "Illustrative observer: the seeds count seven observers at the second meeting without naming them."
)


def _at(day: date, hour: int) -> datetime:
    local = datetime.combine(day, time(hour, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))
    return local.astimezone(UTC)


def _meeting(coalition, number, *, title, day, place, source, summary):
    existing = Meeting.objects.filter(coalition=coalition, number=number).first()
    defaults = {"title": title, "status": Meeting.Status.HELD, "place": place, "summary": summary}
    if existing is None or existing.local_date != day:
        defaults.update(starts_at=_at(day, 10), ends_at=_at(day, 13))
    if existing is None or not existing.source:
        defaults["source"] = source
    meeting, _ = upsert(Meeting, {"coalition": coalition, "number": number}, defaults)
    return meeting


def _extra_observers(coalition) -> list:
    chosen = []
    for code, name in EXTRA_OBSERVER_CANDIDATES:
        if len(chosen) == 4:
            break
        current = Membership.objects.filter(
            coalition=coalition, participant__code=code, left_on__isnull=True
        ).first()
        if current is not None and not (current.role == "observer" and current.is_illustrative):
            continue  # the registry (or another loader) knows this participant: leave it alone
        participant = Participant.objects.filter(code=code).first()
        if participant is None:
            participant, _ = upsert(Participant, {"code": code}, {"kind": "state", "name": name})
        if current is None:
            upsert(
                Membership,
                {"coalition": coalition, "participant": participant, "left_on": None},
                {
                    "role": "observer",
                    "joined_on": SECOND_ON,
                    "is_illustrative": True,
                    "source": "",
                    "note": EXTRA_OBSERVER_NOTE,
                },
            )
        chosen.append(participant)
    return chosen


def _attend(meeting, participant, role, *, illustrative, source):
    upsert(
        Attendance,
        {"meeting": meeting, "participant": participant},
        {"role": role, "is_illustrative": illustrative, "source": source},
    )


def _attendance(meeting, entries):
    """entries: [(participant, illustrative, source)]; roles from the memberships on the meeting's date."""
    roles = roles_on(meeting.coalition, meeting.local_date)
    for participant, illustrative, source in entries:
        _attend(meeting, participant, roles[participant.pk], illustrative=illustrative, source=source)


def load(context):
    coalition = context["coalition"]
    p = context["participants"]

    m1 = _meeting(
        coalition,
        1,
        title="First meeting of the Steering Group",
        day=FIRST_ON,
        place="",
        source=FIRST_MEETING,
        summary=(
            "The steering group determined the priorities of the IT coalition, its next steps and priority "
            "purchases, and how the coalition can support the Armed Forces and the Ministry of Defence of "
            "Ukraine. Estonia, Luxembourg, Denmark, Latvia, Lithuania and the Netherlands confirmed their "
            "contributions, totalling more than €30 million. " + TIMES_NOTE
        ),
    )
    m2 = _meeting(
        coalition,
        2,
        title="Second meeting of the Steering Group",
        day=SECOND_ON,
        place="Luxembourg",
        source=SECOND_MEETING,
        summary=(
            "Representatives of 11 participating states, seven observers, the European Union and NATO "
            "gathered in Luxembourg. Four thematic expert groups were created; the status of current "
            "purchases and the priorities for 2024 were presented; a roadmap for procurement planning in "
            "2024 and beyond was worked on. Several states, including Estonia and Luxembourg, announced "
            "further contributions. " + TIMES_NOTE
        ),
    )

    # Attendance --------------------------------------------------------------------------------------------
    _attendance(m1, [(p[code], False, FIRST_MEETING) for code in FIRST_ATTENDEES])
    extra = _extra_observers(coalition)
    _attendance(
        m2,
        [(p[code], False, SECOND_MEETING) for code in SECOND_NAMED]
        + [
            (p[code], True, SECOND_MEETING + " (count stated; attendee illustrative)")
            for code in SECOND_STATES_ILLUSTRATIVE
        ]
        + [
            (participant, True, SECOND_MEETING + " (count stated; attendee illustrative)")
            for participant in [p[code] for code in SECOND_OBSERVERS_ILLUSTRATIVE] + extra
        ],
    )

    # Agenda (topics from the seeds) ------------------------------------------------------------------------
    for meeting, items in (
        (
            m1,
            [
                (
                    "Priorities of the IT coalition",
                    "Purpose of the meeting as reported by the MoD of Ukraine.",
                ),
                ("Next steps and priority purchases", ""),
                ("Contributions of participants", ""),
            ],
        ),
        (
            m2,
            [
                ("Status of current purchases", ""),
                ("Priorities for 2024", ""),
                ("Roadmap for procurement planning in 2024 and beyond", ""),
                ("Thematic expert groups", ""),
            ],
        ),
    ):
        for position, (title, description) in enumerate(items, start=1):
            upsert(
                AgendaItem,
                {"meeting": meeting, "position": position},
                {"title": title, "description": description},
            )

    # Decisions (outcomes stated in the seeds) --------------------------------------------------------------
    decisions = {}
    for meeting, number, text, source in (
        (
            m1,
            1,
            "Priorities of the IT coalition, its next steps and priority purchases determined.",
            FIRST_MEETING,
        ),
        (
            m1,
            2,
            "Contributions confirmed by Estonia, Luxembourg, Denmark, Latvia, Lithuania and the Netherlands, "
            "totalling more than €30 million.",
            FIRST_MEETING,
        ),
        (m2, 1, "Four thematic expert groups created to exchange expertise.", SECOND_MEETING),
        (
            m2,
            2,
            "Roadmap for procurement planning in 2024 and beyond worked on, for better coordination and "
            "planning of participants' contributions.",
            SECOND_MEETING,
        ),
    ):
        decisions[(meeting.number, number)], _ = upsert(
            Decision,
            {"meeting": meeting, "number": number},
            {
                "text": text,
                "source": source,
                "is_illustrative": False,
                "coalition": meeting.coalition,
                "decided_on": meeting.local_date,
            },
        )

    # Action items (illustrative) ---------------------------------------------------------------------------
    closed = datetime(2024, 4, 9, 12, 0, tzinfo=UTC)
    for meeting, title, owner, due_on, status, follow_up, decision in (
        (m1, "Prepare a procurement roadmap for 2024 and beyond", "LU", SECOND_ON, "done", m2, (1, 1)),
        (m1, "Propose thematic expert groups", "EE", SECOND_ON, "done", m2, (1, 1)),
        (m2, "Each expert group to present its work plan", "EE", date(2024, 6, 30), "open", None, (2, 1)),
        (
            m2,
            "Update the procurement roadmap with participants' contribution plans",
            "LU",
            date(2024, 9, 30),
            "open",
            None,
            (2, 2),
        ),
    ):
        upsert(
            ActionItem,
            {"meeting": meeting, "title": title},
            {
                "owner_participant": p[owner],
                "due_on": due_on,
                "status": status,
                "closed_at": closed if status != "open" else None,
                "follow_up_meeting": follow_up,
                "decision": decisions[decision],
                "is_illustrative": True,
                "source": "",
            },
        )

    # Minutes (illustrative texts) --------------------------------------------------------------------------
    first_draft = (
        "[Illustrative minutes: not from a source.]\n"
        "1. The co-leads Estonia and Luxembourg opened the meeting.\n"
        "2. The steering group determined the priorities of the coalition.\n"
        "3. Participants confirmed their contributions.\n"
    )
    first_final = first_draft.replace(
        "3. Participants confirmed their contributions.\n",
        "3. Estonia, Luxembourg, Denmark, Latvia, Lithuania and the Netherlands confirmed their "
        "contributions (more than €30 million in total).\n"
        "4. Next steps and priority purchases were agreed.\n",
    )
    minutes1, _ = upsert(
        Minutes,
        {"meeting": m1},
        {
            "text": first_final,
            "status": Minutes.Status.APPROVED,
            "circulated_at": datetime(2024, 2, 16, 9, 0, tzinfo=UTC),
            "approved_at": datetime(2024, 4, 9, 12, 0, tzinfo=UTC),
            "approved_at_meeting": m2,
        },
    )
    upsert(
        MinutesRevision,
        {"minutes": minutes1, "number": 1},
        {"text": first_draft, "status": "draft", "comment": "First draft"},
    )
    upsert(
        MinutesRevision,
        {"minutes": minutes1, "number": 2},
        {"text": first_final, "status": "circulated", "comment": "Contributions named; next steps added"},
    )
    second_draft = (
        "[Illustrative minutes: not from a source.]\n"
        "1. Status of current purchases: first orders placed, first deliveries on the way.\n"
        "2. Four thematic expert groups created.\n"
        "3. Procurement roadmap for 2024 and beyond worked on.\n"
    )
    minutes2, _ = upsert(
        Minutes,
        {"meeting": m2},
        {
            "text": second_draft,
            "status": Minutes.Status.CIRCULATED,
            "circulated_at": datetime(2024, 4, 23, 9, 0, tzinfo=UTC),
        },
    )
    upsert(
        MinutesRevision,
        {"minutes": minutes2, "number": 1},
        {"text": second_draft, "status": "draft", "comment": "First draft"},
    )

    context["meetings"] = {1: m1, 2: m2}
    from meetings import demo_work  # the work between meetings (issue 14), all illustrative

    return demo_work.load(context)
