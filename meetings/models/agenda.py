"""The agenda of a meeting; its documents are in meetings.models.documents."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Participant, Timestamped
from coalition.querysets import CoalitionScopedQuerySet
from meetings.models.meeting import Meeting


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
