"""Meetings, the invitations to them with their answers, and the attendance recorded."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Coalition, Membership, Participant, Sourced, Timestamped
from coalition.querysets import CoalitionScopedQuerySet
from meetings.querysets import MeetingQuerySet
from meetings.validators import validate_sane_datetime


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
    starts_at = models.DateTimeField(_("starts at"), validators=[validate_sane_datetime])
    ends_at = models.DateTimeField(_("ends at"), validators=[validate_sane_datetime])
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
            models.Index(fields=["-starts_at", "id"], name="meeting_api_order_idx"),
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
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def is_open_for_registration(self) -> bool:
        """Invitations, answers and registrations are open until the meeting ends."""
        return self.status != self.Status.CANCELLED and not self.has_ended

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

    distribution_list = models.ForeignKey(
        "meetings.DistributionList",
        verbose_name=_("sent to the distribution list"),
        on_delete=models.SET_NULL,
        related_name="invitations",
        null=True,
        blank=True,
        help_text=_(
            "When set, the e-mail goes to this list's contacts of the delegation (and its delegates)."
        ),
    )
    sent_to = models.PositiveSmallIntegerField(
        _("e-mailed to (addresses)"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("How many addresses the latest e-mail reached; 0: nobody; empty: not sent yet."),
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
