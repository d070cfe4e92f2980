"""Written (silence) procedure: a draft decision circulated to the members with a deadline. A member
delegation may break silence with a reason before the deadline; at the deadline the procedure is adopted
(it becomes a dated decision of the coalition, with its record) or has failed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Coalition, Participant, Sourced, Timestamped
from coalition.querysets import CoalitionScopedQuerySet
from meetings.models.delegations import DistributionList
from meetings.validators import validate_sane_datetime


class WrittenProcedure(Timestamped, Sourced):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CIRCULATED = "circulated", _("Circulated: silence until the deadline")
        ADOPTED = "adopted", _("Adopted")
        FAILED = "failed", _("Failed: silence broken")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.PROTECT, related_name="written_procedures"
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    title = models.CharField(_("title"), max_length=300)
    draft_decision = models.TextField(
        _("draft decision"), help_text=_("The text that is adopted if silence holds.")
    )
    rationale = models.TextField(_("explanatory note"), blank=True)
    deadline = models.DateTimeField(
        _("silence until"),
        null=True,
        blank=True,
        validators=[validate_sane_datetime],
        help_text=_("Set when circulated; silence may be broken until then."),
    )
    distribution_list = models.ForeignKey(
        DistributionList,
        verbose_name=_("circulated to"),
        on_delete=models.SET_NULL,
        related_name="written_procedures",
        null=True,
        blank=True,
        help_text=_("Empty: the delegations of all members (leads and members)."),
    )
    related_pledges = models.ManyToManyField(
        "contributions.Pledge",
        verbose_name=_("related pledges"),
        related_name="written_procedures",
        blank=True,
    )
    related_roadmap_items = models.ManyToManyField(
        "procurement.RoadmapItem",
        verbose_name=_("related roadmap items"),
        related_name="written_procedures",
        blank=True,
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True, editable=False)
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("circulated by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True, editable=False)
    outcome_note = models.CharField(_("outcome"), max_length=500, blank=True, editable=False)

    history = HistoricalRecords(m2m_fields=[related_pledges, related_roadmap_items])
    objects = CoalitionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["coalition", "-number"]
        verbose_name = _("written procedure")
        verbose_name_plural = _("written procedures")
        constraints = [
            models.UniqueConstraint(fields=["coalition", "number"], name="written_procedure_unique_number"),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(status="withdrawn", circulated_at__isnull=True)
                | Q(deadline__isnull=False),
                name="written_procedure_circulated_has_deadline",
                violation_error_message=_("A circulated procedure has a deadline."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "circulated"]) | Q(concluded_at__isnull=False),
                name="written_procedure_concluded_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="written_procedure_due_idx")]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"WP{self.number}"

    @property
    def is_silence_running(self) -> bool:
        return (
            self.status == self.Status.CIRCULATED
            and self.deadline is not None
            and timezone.now() < self.deadline
        )

    def get_absolute_url(self) -> str:
        return reverse("written-procedure-detail", args=[self.coalition.slug, self.number])


class SilenceBreak(Timestamped):
    """A member delegation objects to the draft decision before the deadline, and says why."""

    procedure = models.ForeignKey(
        WrittenProcedure,
        verbose_name=_("written procedure"),
        on_delete=models.CASCADE,
        related_name="silence_breaks",
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("delegation"), on_delete=models.PROTECT, related_name="silence_breaks"
    )
    reason = models.TextField(_("reason"))
    broken_at = models.DateTimeField(_("broken at"), default=timezone.now, editable=False)
    broken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("broken by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "procedure__coalition"
    owner_lookup = "participant"
    delegate_actions = frozenset({"add"})

    class Meta:
        ordering = ["procedure", "broken_at"]
        verbose_name = _("silence broken")
        verbose_name_plural = _("silence broken")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "participant"],
                name="silence_break_once_per_delegation",
                violation_error_message=_("This delegation has already broken silence."),
            )
        ]

    def __str__(self):
        return f"{self.participant} breaks silence on {self.procedure.reference}"
