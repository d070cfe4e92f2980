"""The registry proper: participants (states, organisations), coalitions, memberships and expert groups."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models.base import Sourced, Timestamped
from coalition.querysets import CoalitionScopedQuerySet, ParticipantQuerySet


class Participant(Timestamped):
    """A state (ISO 3166-1 alpha-2 code) or an international organisation (EU, NATO...)."""

    class Kind(models.TextChoices):
        STATE = "state", _("State")
        ORGANISATION = "organisation", _("International organisation")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        help_text=_("ISO 3166-1 alpha-2 code for a state (EE), an acronym for an organisation (NATO)."),
    )
    name = models.CharField(_("name"), max_length=200)

    history = HistoricalRecords()
    objects = ParticipantQuerySet.as_manager()
    coalition_lookup = None  # shared by all coalitions: see coalition.permissions

    class Meta:
        ordering = ["name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        # The portal-wide "registry manager" role: keeps the records every coalition shares (participants,
        # exchange rates) and decides the secretariats' proposals. Given to users or groups in the admin.
        permissions = [("manage_registry", _("Can keep the shared registry and decide proposals"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="state") | Q(code__regex=r"^[A-Z]{2}$"),
                name="participant_state_code_is_alpha2",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z0-9]{2,12}$"),
                name="participant_code_upper_alnum",
            ),
        ]

    def __str__(self):
        return self.name


class Coalition(Timestamped):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    beneficiary = models.ForeignKey(
        Participant,
        verbose_name=_("beneficiary"),
        on_delete=models.PROTECT,
        related_name="benefiting_coalitions",
        null=True,
        blank=True,
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    is_illustrative = models.BooleanField(
        _("wholly illustrative"),
        default=False,
        db_default=False,  # rows written by older code (and migration tests at an older state) get False
        help_text=_("A demonstration coalition: every record in it is an example, never a fact."),
    )

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "pk"
    secretariat_actions = frozenset({"change", "audit"})  # creating and deleting coalitions is for staff

    class Meta:
        ordering = ["name"]
        verbose_name = _("coalition")
        verbose_name_plural = _("coalitions")

    def __str__(self):
        return self.name


class Membership(Timestamped, Sourced):
    """A participant's role in a coalition over a period.

    A role change closes the current period and opens a new one, so the history of roles is kept as rows.
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")
        BENEFICIARY = "beneficiary", _("Beneficiary")

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.CASCADE, related_name="memberships"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["coalition", "participant__name", "joined_on"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "participant"],
                condition=Q(left_on__isnull=True),
                name="membership_one_current_per_participant",
                violation_error_message=_("This participant already has a current membership."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="membership_left_after_joined",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["coalition", "role", "left_on"])]

    def __str__(self):
        return f"{self.participant} — {self.get_role_display()} ({self.coalition.short_name})"

    @property
    def is_current(self) -> bool:
        return self.left_on is None or self.left_on > timezone.localdate()


class ExpertGroup(Timestamped, Sourced):
    """A thematic expert group of a coalition, led by one participant."""

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.CASCADE, related_name="expert_groups"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    lead = models.ForeignKey(
        Participant,
        verbose_name=_("lead participant"),
        on_delete=models.PROTECT,
        related_name="led_expert_groups",
        null=True,
        blank=True,
    )
    members = models.ManyToManyField(
        Participant, verbose_name=_("members"), related_name="expert_groups", blank=True
    )
    created_on = models.DateField(_("created on"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[members])
    objects = CoalitionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["coalition", "name"]
        verbose_name = _("expert group")
        verbose_name_plural = _("expert groups")
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "name"],
                name="expert_group_unique_name",
                violation_error_message=_("An expert group with this name already exists."),
            )
        ]

    def __str__(self):
        return self.name
