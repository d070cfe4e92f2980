"""Comments on circulated minutes (on the whole text or one paragraph) and the delegations' agreement.

A comment is answered, or incorporated into the next revision, by the secretariat; approval records who
commented, who agreed and what became of the comments.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Participant, Timestamped
from coalition.querysets import CoalitionScopedQuerySet
from meetings.models.minutes import Minutes, MinutesRevision


class MinutesComment(Timestamped):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        INCORPORATED = "incorporated", _("Incorporated")

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="comments"
    )
    revision = models.ForeignKey(
        MinutesRevision,
        verbose_name=_("on revision"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    paragraph = models.PositiveSmallIntegerField(
        _("paragraph"), null=True, blank=True, help_text=_("Empty: a comment on the whole text.")
    )
    quote = models.TextField(_("paragraph as commented"), blank=True, editable=False)
    text = models.TextField(_("comment"))
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        related_name="minutes_comments",
        null=True,
        blank=True,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer of the secretariat"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    incorporated_in = models.ForeignKey(
        MinutesRevision,
        verbose_name=_("incorporated in revision"),
        on_delete=models.PROTECT,
        related_name="incorporated_comments",
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the next revision is saved."),
    )

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "minutes__meeting__coalition"
    owner_lookup = "participant"
    delegate_actions = frozenset({"add", "change", "delete"})  # a delegation's own comments, while open

    class Meta:
        ordering = ["minutes", "paragraph", "created_at", "pk"]
        verbose_name = _("comment on minutes")
        verbose_name_plural = _("comments on minutes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(answered_at__isnull=False),
                name="minutes_comment_answered_has_time",
                violation_error_message=_("An answered comment records when it was answered."),
            ),
            models.CheckConstraint(
                condition=Q(paragraph__isnull=True) | Q(paragraph__gte=1),
                name="minutes_comment_paragraph_positive",
            ),
        ]
        indexes = [models.Index(fields=["minutes", "status"])]

    def __str__(self):
        where = f"¶{self.paragraph}" if self.paragraph else "whole text"
        return f"{self.minutes} — {where}: {self.text[:40]}"


class MinutesAgreement(Timestamped):
    """A delegation agrees with the circulated minutes (the revision it read)."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="agreements"
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("delegation"), on_delete=models.PROTECT, related_name="minutes_agreements"
    )
    revision = models.ForeignKey(
        MinutesRevision,
        verbose_name=_("revision agreed"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    agreed_at = models.DateTimeField(_("agreed at"), default=timezone.now, editable=False)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agreed by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "minutes__meeting__coalition"
    owner_lookup = "participant"
    delegate_actions = frozenset({"add", "change"})

    class Meta:
        ordering = ["minutes", "participant__name"]
        verbose_name = _("agreement with minutes")
        verbose_name_plural = _("agreements with minutes")
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "participant"], name="minutes_agreement_once_per_delegation"
            )
        ]

    def __str__(self):
        return f"{self.participant} agrees with {self.minutes} (revision {self.revision.number})"
