"""Steering-group meetings. The core `Meeting` model; attendance, agenda, decisions, action items and
minutes are built on it."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Coalition, Participant, Sourced
from coalition.querysets import CoalitionScopedQuerySet


class Meeting(Sourced):
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

    history = HistoricalRecords(m2m_fields=[chairs])
    objects = CoalitionScopedQuerySet.as_manager()

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
        indexes = [models.Index(fields=["coalition", "starts_at"])]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"
