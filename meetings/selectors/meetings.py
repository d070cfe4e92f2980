"""Reads of meetings, shared by pages, the API, the calendar and tasks. A fixed number of queries each."""

import difflib
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Prefetch, Q, When
from django.utils import timezone

from coalition.permissions import role_in
from meetings.models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    Attendance,
    Decision,
    Invitation,
    Meeting,
    Minutes,
    MinutesRevision,
)

__all__ = [
    "PARTICIPATING_ROLES",
    "AttendanceSummary",
    "DiffLine",
    "action_item_board",
    "action_items_of",
    "agenda",
    "attendance_summary",
    "carried_over_action_items",
    "decisions",
    "invitations",
    "invitations_to_answer",
    "later_meetings",
    "meeting_for_page",
    "meetings_for",
    "meetings_for_calendar",
    "minutes_of",
    "minutes_revisions",
    "rsvp_counts",
    "text_diff",
    "unified_diff",
]

PARTICIPATING_ROLES = (Attendance.Role.LEAD, Attendance.Role.MEMBER)


def meetings_for(user, coalition):
    """The coalition's meetings the user sees, with counts of attendance and answers."""
    return (
        Meeting.objects.visible_to(user)
        .filter(coalition=coalition)
        .select_related("coalition")
        .prefetch_related("chairs")
        .annotate(
            attendance_count=Count("attendances", distinct=True),
            attending_count=Count(
                "invitations", filter=Q(invitations__response=Invitation.Response.ATTENDING), distinct=True
            ),
            invitation_count=Count("invitations", distinct=True),
        )
    )


def meeting_for_page(user, coalition, number: int):
    return (
        Meeting.objects.visible_to(user)
        .filter(coalition=coalition, number=number)
        .select_related("coalition", "minutes", "minutes__approved_at_meeting")
        .prefetch_related("chairs")
        .first()
    )


def agenda(meeting, user=None):
    """The agenda items with the documents `user` may see (all of them without a user: e-mails, calendar)."""
    documents = AgendaDocument.objects.all() if user is None else AgendaDocument.objects.visible_to(user)
    documents = documents.select_related("uploaded_by", "classification", "participant", "current_version")
    documents = documents.annotate(version_count=Count("versions")).order_by("title", "pk")
    return (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter")
        .prefetch_related(Prefetch("documents", queryset=documents))
        .order_by("position")
    )


@dataclass
class AttendanceSummary:
    """Attendance grouped by role with its counts: "11 participating states, 7 observers, the EU and NATO"."""

    groups: list = field(default_factory=list)  # [(role, label, [Attendance...])]
    participating_states: int = 0
    observers: int = 0
    beneficiaries: int = 0
    organisations: list = field(default_factory=list)  # names
    total: int = 0
    illustrative: int = 0

    @property
    def organisation_count(self) -> int:
        return len(self.organisations)


def attendance_summary(meeting) -> AttendanceSummary:
    """Two queries whatever the number of attendees: the records, and the counts by role."""
    records = list(
        Attendance.objects.filter(meeting=meeting).select_related("participant").order_by("participant__name")
    )
    counts = Attendance.objects.filter(meeting=meeting).aggregate(
        participating=Count("pk", filter=Q(role__in=PARTICIPATING_ROLES, participant__kind="state")),
        observers=Count("pk", filter=Q(role=Attendance.Role.OBSERVER)),
        beneficiaries=Count("pk", filter=Q(role=Attendance.Role.BENEFICIARY)),
        illustrative=Count("pk", filter=Q(is_illustrative=True)),
        total=Count("pk"),
    )
    groups = []
    for role, label in Attendance.Role.choices:
        rows = [a for a in records if a.role == role]
        if rows:
            groups.append((role, label, rows))
    return AttendanceSummary(
        groups=groups,
        participating_states=counts["participating"],
        observers=counts["observers"],
        beneficiaries=counts["beneficiaries"],
        organisations=[a.participant.name for a in records if a.role == Attendance.Role.ORGANISATION],
        total=counts["total"],
        illustrative=counts["illustrative"],
    )


def invitations(meeting):
    return (
        Invitation.objects.filter(meeting=meeting)
        .select_related("participant", "user", "responded_by", "distribution_list")
        .order_by("participant__name", "user__username")
    )


def rsvp_counts(meeting) -> dict:
    return Invitation.objects.filter(meeting=meeting).aggregate(
        attending=Count("pk", filter=Q(response=Invitation.Response.ATTENDING)),
        apologies=Count("pk", filter=Q(response=Invitation.Response.APOLOGIES)),
        no_answer=Count("pk", filter=Q(response=Invitation.Response.NO_ANSWER)),
        total=Count("pk"),
    )


def invitations_to_answer(user, meeting) -> list:
    """The invitations to `meeting` the user answers: their participant's and their own."""
    role = role_in(user, meeting.coalition_id)
    query = Q(user=user)
    if role is not None and role.kind == "delegate":
        query |= Q(participant_id=role.participant_id, user__isnull=True)
    if role is not None and role.kind == "secretariat":
        return []
    return list(Invitation.objects.filter(query, meeting=meeting).select_related("participant", "user"))


def decisions(meeting):
    return (
        Decision.objects.filter(meeting=meeting)
        .select_related("agenda_item", "meeting")
        .prefetch_related("related_pledges__donor", "related_roadmap_items")
        .order_by("number")
    )


def _action_items_base():
    """With what the action-item rows show (not the decision: no page reads it; one join less to plan)."""
    return ActionItem.objects.select_related(
        "meeting", "meeting__coalition", "owner_participant", "owner_user", "follow_up_meeting"
    )


def _open_first():
    return Case(When(status=ActionItem.Status.OPEN, then=0), default=1)


def action_items_of(meeting):
    return (
        _action_items_base()
        .filter(meeting=meeting)
        .order_by(_open_first(), F("due_on").asc(nulls_last=True), "pk")
    )


def carried_over_action_items(meeting):
    """Items from earlier meetings still open (and items due for follow-up at this meeting)."""
    return _action_items_base().carried_over_to(meeting).order_by("due_on", "meeting__starts_at", "pk")


def action_item_board(user, coalition):
    """Open items first, then by due date (undated last)."""
    return (
        _action_items_base()
        .visible_to(user)
        .filter(meeting__coalition=coalition)
        .order_by(_open_first(), F("due_on").asc(nulls_last=True), "meeting__starts_at", "pk")
    )


def minutes_revisions(minutes):
    return (
        MinutesRevision.objects.filter(minutes=minutes)
        .select_related("created_by")
        .defer("text")
        .order_by("-number")
    )


def minutes_of(user, coalition, number):
    return (
        Minutes.objects.visible_to(user)
        .filter(meeting__coalition=coalition, meeting__number=number)
        .select_related("meeting", "meeting__coalition", "approved_at_meeting")
        .first()
    )


@dataclass
class DiffLine:
    kind: str  # "equal", "insert", "delete"
    old_number: int | None
    new_number: int | None
    text: str


def text_diff(old: str, new: str, *, context: int = 3) -> list:
    """A line diff of two texts (difflib), with unchanged runs longer than twice the context folded into a
    `skip` marker, for a readable side-by-side of two revisions."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    rows = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for group in matcher.get_grouped_opcodes(context) if old_lines != new_lines else []:
        if rows:
            rows.append(DiffLine("skip", None, None, ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for offset, line in enumerate(old_lines[i1:i2]):
                    rows.append(DiffLine("equal", i1 + offset + 1, j1 + offset + 1, line))
                continue
            if tag in ("replace", "delete"):
                for offset, line in enumerate(old_lines[i1:i2]):
                    rows.append(DiffLine("delete", i1 + offset + 1, None, line))
            if tag in ("replace", "insert"):
                for offset, line in enumerate(new_lines[j1:j2]):
                    rows.append(DiffLine("insert", None, j1 + offset + 1, line))
    return rows


def unified_diff(old: str, new: str, old_label: str, new_label: str) -> str:
    return "\n".join(
        difflib.unified_diff(old.splitlines(), new.splitlines(), old_label, new_label, lineterm="")
    )


def meetings_for_calendar(user, coalition):
    return (
        Meeting.objects.visible_to(user)
        .filter(coalition=coalition)
        .select_related("coalition")
        .prefetch_related(Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position")))
        .order_by("starts_at")
    )


def later_meetings(meeting):
    """Meetings of the same coalition after `meeting` that have started: where its minutes may be approved."""
    return (
        Meeting.objects.filter(
            coalition_id=meeting.coalition_id, starts_at__gt=meeting.starts_at, starts_at__lte=timezone.now()
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
    )
