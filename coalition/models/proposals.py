"""A secretariat's proposals to change the shared registry (the rules are in coalition.proposals)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models.base import Timestamped
from coalition.models.registry import Coalition, Participant
from coalition.models.users import UserRole
from coalition.querysets import CoalitionScopedQuerySet


class RegistryProposalQuerySet(CoalitionScopedQuerySet):
    """A coalition's secretariat sees its own proposals; registry managers see every coalition's."""

    def visible_to(self, user):
        from coalition.permissions import is_registry_manager, roles_of

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_registry_manager(user):
            return self
        secretariats = [cid for cid, role in roles_of(user).items() if role.kind == UserRole.Kind.SECRETARIAT]
        return self.filter(coalition_id__in=secretariats)


class RegistryProposal(Timestamped):
    """A secretariat's proposal to change a shared record (a participant or an exchange rate).

    Shared records move every coalition's figures, so only a registry manager writes them: the proposal
    keeps what was asked, by whom and why, and the decision (accepted, with the record it produced, or
    rejected with a reason).
    """

    class Kind(models.TextChoices):
        PARTICIPANT_CREATE = "participant_create", _("New participant")
        PARTICIPANT_RENAME = "participant_rename", _("Rename participant")
        FX_RATE_CREATE = "fx_rate_create", _("New exchange rate")
        FX_RATE_CHANGE = "fx_rate_change", _("Changed exchange rate")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("proposed for"), on_delete=models.CASCADE, related_name="registry_proposals"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="proposals",
        null=True,
        blank=True,
        help_text=_("The participant renamed, or the one created when the proposal was accepted."),
    )
    participant_kind = models.CharField(
        _("participant kind"), max_length=16, choices=Participant.Kind.choices, blank=True
    )
    code = models.CharField(_("code"), max_length=12, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    fx_rate = models.ForeignKey(
        "contributions.FxRate",
        verbose_name=_("exchange rate"),
        on_delete=models.SET_NULL,
        related_name="proposals",
        null=True,
        blank=True,
        help_text=_("The rate changed, or the one created when the proposal was accepted."),
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    rate = models.DecimalField(_("units per euro"), max_digits=20, decimal_places=8, null=True, blank=True)
    reason = models.TextField(_("reason"), help_text=_("Why: the source of the new figure or name."))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="registry_proposals",
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="registry_decisions",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    history = HistoricalRecords()
    objects = RegistryProposalQuerySet.as_manager()
    view_roles = frozenset({UserRole.Kind.SECRETARIAT})
    secretariat_actions = frozenset({"add", "withdraw"})
    registry_actions = frozenset({"view", "decide"})

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("registry proposal")
        verbose_name_plural = _("registry proposals")
        indexes = [models.Index(fields=["status", "proposed_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def subject(self) -> str:
        if self.kind in (self.Kind.FX_RATE_CREATE, self.Kind.FX_RATE_CHANGE):
            return f"{self.currency} {self.date} = {self.rate}"
        if self.kind == self.Kind.PARTICIPANT_RENAME and self.participant_id:
            return f"{self.participant.code}: {self.participant.name} → {self.name}"
        return f"{self.code} {self.name}".strip()
