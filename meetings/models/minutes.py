"""The minutes of a meeting and every saved revision of their text."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Timestamped
from coalition.querysets import CoalitionScopedQuerySet
from meetings.models.meeting import Meeting
from meetings.validators import validate_sane_date


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
    comments_due_on = models.DateField(
        _("comments due on"), null=True, blank=True, validators=[validate_sane_date]
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    approved_at_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("approved at meeting"),
        on_delete=models.PROTECT,
        related_name="approved_minutes",
        null=True,
        blank=True,
    )

    approved_revision = models.ForeignKey(
        "meetings.MinutesRevision",
        verbose_name=_("revision approved"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    approval_record = models.JSONField(
        _("record of the approval"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Who commented and who agreed, and what became of the comments, when approved."),
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


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a minutes text, numbered from 1 by comments: its non-empty lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
