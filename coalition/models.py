"""The coalition registry: coalitions, participants, memberships, expert groups, and who may do what."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.querysets import CoalitionScopedQuerySet, ParticipantQuerySet, TimestampedQuerySetMixin


class Timestamped(models.Model):
    """When a record was created and last changed (UTC), for integrators' incremental sync.

    `updated_at` moves on every save, also a `save(update_fields=[...])`, and on a queryset `update()` of the
    portal's querysets (coalition.querysets.TimestampedQuerySetMixin); the API shows both, read-only.
    """

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)


class Sourced(models.Model):
    """Where a record comes from, and whether it is a fact or only an illustration."""

    source = models.CharField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("Where this is stated: a meeting, an official statement, a document or a link."),
    )
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Not stated by any source: an example, shown as such and never as fact."),
    )

    class Meta:
        abstract = True


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


class UserRole(models.Model):
    """What a user may do in one coalition. Checked only through coalition.permissions."""

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        DELEGATE = "delegate", _("Delegate")
        OBSERVER = "observer", _("Observer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="coalition_roles",
    )
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.CASCADE, related_name="user_roles"
    )
    kind = models.CharField(_("role"), max_length=16, choices=Kind.choices)
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant represented"),
        on_delete=models.PROTECT,
        related_name="delegates",
        null=True,
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("user role")
        verbose_name_plural = _("user roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "coalition"], name="user_role_one_per_coalition"),
            models.CheckConstraint(
                condition=Q(kind="delegate", participant__isnull=False)
                | (~Q(kind="delegate") & Q(participant__isnull=True)),
                name="user_role_delegate_has_participant",
                violation_error_message=_("A delegate represents exactly one participant; other roles none."),
            ),
        ]

    def __str__(self):
        suffix = f" ({self.participant.code})" if self.participant_id else ""
        return f"{self.user} — {self.get_kind_display()}{suffix} in {self.coalition.short_name}"


class ApiTokenQuerySet(TimestampedQuerySetMixin, models.QuerySet):
    """Who sees a token (coalition.tokens has the rules): its owner; the secretariat of a coalition in which
    the owner holds a role; the superuser, every token."""

    def visible_to(self, user):
        from coalition.permissions import roles_of

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        secretariats = [cid for cid, role in roles_of(user).items() if role.kind == UserRole.Kind.SECRETARIAT]
        scope = Q(user=user)
        if secretariats:
            scope |= Q(user__in=UserRole.objects.filter(coalition_id__in=secretariats).values("user_id"))
        return self.filter(scope)


class ApiToken(Timestamped):
    """A bearer token for the API. Only a SHA-256 digest of the secret is stored.

    Created, rotated and revoked through coalition.tokens (the Tokens page, /api/v1/tokens/) or
    `manage.py create_api_token`; each of those is in the change history (the digest and the last use
    are not), which the audit trail of the owner's coalitions shows.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Read and write")

    class Status(models.TextChoices):  # not stored: from revoked_at and expires_at
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices)
    prefix = models.CharField(_("prefix"), max_length=8, db_index=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    rotated_at = models.DateTimeField(_("rotated at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["digest", "last_used_at"])
    objects = ApiTokenQuerySet.as_manager()
    # The audit trail of a coalition shows its users' tokens (coalition.audit); the changes feed does not.
    coalition_lookup = "user__coalition_roles__coalition"
    audit_only = True

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.user}, {self.scope})"

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return "expired"
        return "active"

    @classmethod
    def coalition_history_filter(cls, coalition_ids):
        """History rows of the tokens of users with a role in one of the coalitions (coalition.audit)."""
        return Q(user_id__in=UserRole.objects.filter(coalition_id__in=coalition_ids).values("user_id"))


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


from coalition.api.models import IdempotencyKey  # noqa: E402, F401 - the API base's table, in this app


class UserPreference(models.Model):
    """A user's own settings kept with the account: the language chosen with the switcher follows them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="preference"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self):
        return f"{self.user}: {self.language}"
