"""What a meeting decided and the action items it agreed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Participant, Sourced, Timestamped
from coalition.querysets import CoalitionScopedQuerySet
from meetings.models.agenda import AgendaItem
from meetings.models.meeting import Meeting
from meetings.querysets import ActionItemQuerySet
from meetings.validators import validate_sane_date


class Decision(Timestamped, Sourced):
    """A decision of the coalition, with the pledges and roadmap items it names: taken at a meeting
    (numbered within it: SG2/3) or adopted by written procedure (WP4), dated either way."""

    coalition = models.ForeignKey(
        "coalition.Coalition",
        verbose_name=_("coalition"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="decisions",
        null=True,
        blank=True,
    )
    written_procedure = models.OneToOneField(
        "meetings.WrittenProcedure",
        verbose_name=_("adopted by written procedure"),
        on_delete=models.PROTECT,
        related_name="decision",
        null=True,
        blank=True,
        editable=False,
    )
    decided_on = models.DateField(_("decided on"), validators=[validate_sane_date])
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

    class Meta:
        ordering = ["coalition", "decided_on", "meeting", "number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="decision_unique_number",
                violation_error_message=_("This meeting already has a decision with this number."),
            ),
            models.CheckConstraint(
                condition=Q(meeting__isnull=False) | Q(written_procedure__isnull=False),
                name="decision_at_a_meeting_or_by_written_procedure",
                violation_error_message=_("A decision is taken at a meeting or by written procedure."),
            ),
        ]
        indexes = [models.Index(fields=["coalition", "decided_on"], name="decision_coalition_day_idx")]

    def __str__(self):
        return f"{self.reference}: {self.text[:60]}"

    @property
    def reference(self) -> str:
        """ "SG2/3": the third decision of the second meeting; "WP4": adopted by written procedure 4."""
        if self.meeting_id:
            return f"SG{self.meeting.number}/{self.number}"
        return f"WP{self.number}"

    def get_absolute_url(self) -> str:
        if self.meeting_id:
            return (
                reverse("meeting-detail", args=[self.meeting.coalition.slug, self.meeting.number])
                + "#decisions"
            )
        return self.written_procedure.get_absolute_url()


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
    due_on = models.DateField(_("due on"), null=True, blank=True, validators=[validate_sane_date])
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
    progress_note = models.TextField(
        _("progress"), blank=True, help_text=_("Where the work stands, in the owner's words.")
    )
    progress_updated_at = models.DateTimeField(
        _("progress reported at"), null=True, blank=True, editable=False
    )
    progress_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("progress reported by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    history = HistoricalRecords()
    objects = ActionItemQuerySet.as_manager()
    coalition_lookup = "meeting__coalition"
    owner_lookup = "owner_participant"
    # Owners (delegates of the owner participant) report progress and close or reopen their items; the rest
    # of the item is the secretariat's (enforced in meetings.services.action_items).
    delegate_actions = frozenset({"change"})

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
            models.Index(fields=["created_at", "id"], name="action_item_created_idx"),  # API cursor order
            models.Index(fields=["due_on", "id"], name="action_item_due_idx"),  # the board's order
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
