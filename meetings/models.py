"""Steering-group meetings: invitations and answers, attendance, agenda and documents, decisions, action
items, minutes with their revisions, calendar feed tokens and e-mail notification bookkeeping.

Rules live in `meetings.services`; the tables here hold only what the database itself can guarantee.
"""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Coalition, Membership, Participant, Sourced, Timestamped
from coalition.querysets import CoalitionScopedQuerySet
from meetings.querysets import (
    ActionItemQuerySet,
    FeedTokenQuerySet,
    MeetingQuerySet,
    OwnRecordsQuerySet,
)


class Meeting(Timestamped, Sourced):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Hybrid")

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.PROTECT, related_name="meetings"
    )
    number = models.PositiveIntegerField(
        _("number in the series"), help_text=_("2 for the second meeting of the steering group.")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    format = models.CharField(_("format"), max_length=16, choices=Format.choices, default=Format.IN_PERSON)
    place = models.CharField(_("place"), max_length=200, blank=True)
    chairs = models.ManyToManyField(
        Participant, verbose_name=_("chairs"), related_name="chaired_meetings", blank=True
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    summary = models.TextField(_("summary"), blank=True)
    # Added in 0002: details for the calendar and the invitation.
    address = models.CharField(
        _("address"), max_length=300, blank=True, help_text=_("Building and street, for those who travel.")
    )
    online_url = models.URLField(
        _("video-conference link"), blank=True, help_text=_("For virtual and hybrid meetings.")
    )
    cancellation_reason = models.CharField(_("reason for cancellation"), max_length=500, blank=True)
    ical_sequence = models.PositiveIntegerField(
        _("calendar revision"),
        default=0,
        editable=False,
        help_text=_("RFC 5545 SEQUENCE: raised when the time, place or status changes."),
    )

    history = HistoricalRecords(m2m_fields=[chairs])
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["coalition", "-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "number"],
                name="meeting_unique_number",
                violation_error_message=_("This coalition already has a meeting with this number."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["coalition", "starts_at"]),
            models.Index(fields=["status", "starts_at"], name="meeting_status_start_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def local_date(self):
        """The meeting's date in the portal's time zone: the day memberships are checked on."""
        return timezone.localtime(self.starts_at).date()

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_upcoming(self) -> bool:
        return self.ends_at >= timezone.now() and self.status != self.Status.CANCELLED


class Invitation(Timestamped):
    """An invitation to a participant (answered by its delegates) and/or to one person, with the answer."""

    class Response(models.TextChoices):
        NO_ANSWER = "no_answer", _("No answer yet")
        ATTENDING = "attending", _("Attending")
        APOLOGIES = "apologies", _("Apologies")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitations"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="meeting_invitations",
        null=True,
        blank=True,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="meeting_invitations",
        null=True,
        blank=True,
    )
    response = models.CharField(
        _("answer"), max_length=16, choices=Response.choices, default=Response.NO_ANSWER
    )
    persons = models.PositiveSmallIntegerField(
        _("number of persons"), default=0, help_text=_("How many people will come.")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now, editable=False)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "meeting__coalition"
    owner_lookup = "participant"
    delegate_actions = frozenset({"change"})  # a delegate answers for their own participant

    class Meta:
        ordering = ["meeting", "participant__name", "id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(participant__isnull=False) | Q(user__isnull=False),
                name="invitation_has_invitee",
                violation_error_message=_("Invite a participant, a person, or both."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "participant"],
                condition=Q(participant__isnull=False, user__isnull=True),
                name="invitation_unique_participant",
                violation_error_message=_("This participant is already invited to this meeting."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="invitation_unique_user",
                violation_error_message=_("This person is already invited to this meeting."),
            ),
            models.CheckConstraint(
                condition=~Q(response="attending") | Q(persons__gte=1),
                name="invitation_attending_has_persons",
                violation_error_message=_("Say how many persons will attend (at least one)."),
            ),
        ]
        indexes = [models.Index(fields=["meeting", "response"])]

    def __str__(self):
        invitee = self.participant or self.user
        return f"{invitee} → {self.meeting}"

    @property
    def invitee_label(self) -> str:
        if self.participant_id and self.user_id:
            return f"{self.participant.name} ({self.user.get_full_name() or self.user.get_username()})"
        if self.participant_id:
            return self.participant.name
        return self.user.get_full_name() or self.user.get_username()


class Attendance(Timestamped, Sourced):
    """Who was actually there, recorded after the meeting, with the participant's role on that day."""

    class Role(models.TextChoices):
        LEAD = Membership.Role.LEAD.value, Membership.Role.LEAD.label
        MEMBER = Membership.Role.MEMBER.value, Membership.Role.MEMBER.label
        OBSERVER = Membership.Role.OBSERVER.value, Membership.Role.OBSERVER.label
        BENEFICIARY = Membership.Role.BENEFICIARY.value, Membership.Role.BENEFICIARY.label
        ORGANISATION = "organisation", _("International organisation")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="attendances"
    )
    role = models.CharField(
        _("role at the meeting"),
        max_length=16,
        choices=Role.choices,
        help_text=_("Copied from the participant's membership on the meeting's date."),
    )
    persons = models.PositiveSmallIntegerField(_("number of persons"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "meeting__coalition"

    class Meta:
        ordering = ["meeting", "participant__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "participant"],
                name="attendance_unique_participant",
                violation_error_message=_("This participant's attendance is already recorded."),
            )
        ]
        indexes = [models.Index(fields=["meeting", "role"])]

    def __str__(self):
        return f"{self.participant} ({self.get_role_display()}) at {self.meeting}"


class AgendaItem(Timestamped):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    presenter = models.ForeignKey(
        Participant,
        verbose_name=_("presented by (participant)"),
        on_delete=models.PROTECT,
        related_name="presented_agenda_items",
        null=True,
        blank=True,
    )
    presenter_name = models.CharField(
        _("presenter"), max_length=200, blank=True, help_text=_("The person presenting, if known.")
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "meeting__coalition"

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="agenda_item_unique_position",
                violation_error_message=_("Another agenda item already has this position."),
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="agenda_item_position_positive"),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"


class PrivateDocumentStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT: never served by a web server, only by the permission-checked view.

    The location is read from settings on each use, so tests can point it at a temporary directory.
    """

    def __init__(self):
        super().__init__()

    @property
    def base_location(self):
        default = Path(settings.BASE_DIR) / "var" / "private" / "meeting-documents"
        return str(getattr(settings, "MEETINGS_DOCUMENT_ROOT", default))

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):  # pragma: no cover - a private file has no public URL
        raise ValueError("Meeting documents have no public URL; use the download view.")


def document_storage():
    return PrivateDocumentStorage()


def document_storage_name(instance, filename):
    """A random name with the (lowercased, checked) extension; the original name is kept in a field."""
    ext = os.path.splitext(filename)[1].lower()
    return f"meetings/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class AgendaDocument(Timestamped):
    """A file attached to an agenda item, checked for size and type, stored under a random name."""

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(
        _("file"), upload_to=document_storage_name, storage=document_storage, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "agenda_item__meeting__coalition"

    class Meta:
        ordering = ["agenda_item", "original_name"]
        verbose_name = _("agenda document")
        verbose_name_plural = _("agenda documents")

    def __str__(self):
        return self.original_name


class Decision(Timestamped, Sourced):
    """A decision, numbered within its meeting (1, 2, 3...), with the pledges and roadmap items it names."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    number = models.PositiveSmallIntegerField(_("number"), editable=False)
    text = models.TextField(_("decision"))
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        related_name="decisions",
        null=True,
        blank=True,
    )
    related_pledges = models.ManyToManyField(
        "contributions.Pledge", verbose_name=_("related pledges"), related_name="decisions", blank=True
    )
    related_roadmap_items = models.ManyToManyField(
        "procurement.RoadmapItem",
        verbose_name=_("related roadmap items"),
        related_name="decisions",
        blank=True,
    )

    history = HistoricalRecords(m2m_fields=[related_pledges, related_roadmap_items])
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "meeting__coalition"

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="decision_unique_number",
                violation_error_message=_("This meeting already has a decision with this number."),
            )
        ]

    def __str__(self):
        return f"{self.meeting.number}/{self.number}: {self.text[:60]}"

    @property
    def reference(self) -> str:
        """ "SG2/3": the third decision of the second meeting."""
        return f"SG{self.meeting.number}/{self.number}"


class ActionItem(Timestamped, Sourced):
    """Something someone agreed to do; open items carry over to the next meetings until done or dropped."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("agreed at"),
        on_delete=models.CASCADE,
        related_name="action_items",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.SET_NULL,
        related_name="action_items",
        null=True,
        blank=True,
    )
    title = models.CharField(_("action"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    owner_participant = models.ForeignKey(
        Participant,
        verbose_name=_("owner (participant)"),
        on_delete=models.PROTECT,
        related_name="meeting_action_items",
        null=True,
        blank=True,
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner (person)"),
        on_delete=models.PROTECT,
        related_name="meeting_action_items",
        null=True,
        blank=True,
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    follow_up_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("follow-up meeting"),
        on_delete=models.SET_NULL,
        related_name="follow_up_action_items",
        null=True,
        blank=True,
        help_text=_("The meeting at which progress is to be reported."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closing_note = models.CharField(_("closing note"), max_length=500, blank=True)

    history = HistoricalRecords()
    objects = ActionItemQuerySet.as_manager()
    coalition_lookup = "meeting__coalition"
    owner_lookup = "owner_participant"
    delegate_actions = frozenset()  # the secretariat keeps the action list

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_participant__isnull=False) | Q(owner_user__isnull=False),
                name="action_item_has_owner",
                violation_error_message=_("An action item needs an owner: a participant, a person or both."),
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | (~Q(status="open") & Q(closed_at__isnull=False)),
                name="action_item_closed_at_matches_status",
                violation_error_message=_("Only done or dropped action items have a closing time."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="action_item_status_due_idx"),
            models.Index(fields=["owner_participant", "status"], name="action_item_owner_status_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def owner_label(self) -> str:
        names = []
        if self.owner_participant_id:
            names.append(self.owner_participant.name)
        if self.owner_user_id:
            names.append(self.owner_user.get_full_name() or self.owner_user.get_username())
        return " / ".join(names)

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == self.Status.OPEN and self.due_on is not None and self.due_on < timezone.localdate()
        )


class Minutes(Timestamped):
    """The minutes of one meeting: draft → circulated (for comment) → approved at a later meeting.

    Every saved text is kept as a MinutesRevision; approved minutes are read-only.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CIRCULATED = "circulated", _("Circulated for comment")
        APPROVED = "approved", _("Approved")

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="minutes"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    text = models.TextField(_("text"))
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True, editable=False)
    comments_due_on = models.DateField(_("comments due on"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    approved_at_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("approved at meeting"),
        on_delete=models.PROTECT,
        related_name="approved_minutes",
        null=True,
        blank=True,
    )

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "meeting__coalition"

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at_meeting__isnull=False),
                name="minutes_approved_at_a_meeting",
                violation_error_message=_("Approved minutes name the meeting that approved them."),
            )
        ]

    def __str__(self):
        return f"Minutes of {self.meeting}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.APPROVED

    @cached_property
    def latest_revision_number(self) -> int:
        return self.revisions.order_by("-number").values_list("number", flat=True).first() or 0


class MinutesRevision(models.Model):
    """One saved text of the minutes. Revisions are never changed or deleted."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("revision"))
    text = models.TextField(_("text"))
    status = models.CharField(_("status when saved"), max_length=16, choices=Minutes.Status.choices)
    comment = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("saved at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "minutes__meeting__coalition"

    class Meta:
        ordering = ["minutes", "number"]
        verbose_name = _("minutes revision")
        verbose_name_plural = _("minutes revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "number"],
                name="minutes_revision_unique_number",
                violation_error_message=_("This revision number already exists."),
            )
        ]

    def __str__(self):
        return f"{self.minutes} — revision {self.number}"


class NotificationKind(models.TextChoices):
    INVITATION = "invitation", _("Meeting invitations and changes")
    REMINDER = "reminder", _("Reminders with the agenda before a meeting")
    MINUTES = "minutes", _("Minutes circulated for comment")
    ACTION_DUE = "action_due", _("Action items coming due")


class NotificationPreference(models.Model):
    """A person's choice for one kind of e-mail. Without a row the e-mail is sent (opt-out)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="meeting_notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NotificationKind.choices)
    enabled = models.BooleanField(_("send me these e-mails"), default=True)

    history = HistoricalRecords()
    objects = OwnRecordsQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} {'on' if self.enabled else 'off'}"


class NotificationLog(models.Model):
    """One e-mail sent, keyed so that a task run twice never sends the same thing twice."""

    kind = models.CharField(_("kind"), max_length=16, choices=NotificationKind.choices)
    key = models.CharField(_("key"), max_length=120, help_text=_("What was sent: e.g. reminder:meeting:12."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(_("e-mail address"))
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("notification sent")
        verbose_name_plural = _("notifications sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_log_once_per_user_and_key")
        ]
        indexes = [models.Index(fields=["kind", "sent_at"])]

    def __str__(self):
        return f"{self.key} → {self.email}"


class CalendarFeedToken(models.Model):
    """The secret in a person's subscribable calendar URL for one coalition. Only a digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="meeting_feed_tokens",
    )
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.CASCADE, related_name="+"
    )
    prefix = models.CharField(_("prefix"), max_length=8)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "coalition"],
                condition=Q(revoked_at__isnull=True),
                name="feed_token_one_live_per_user_and_coalition",
            )
        ]

    def __str__(self):
        return f"{self.prefix}… ({self.user}, {self.coalition.short_name})"
