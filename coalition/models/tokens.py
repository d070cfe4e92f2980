"""API bearer tokens (the rules are in coalition.tokens)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models.base import Timestamped
from coalition.models.users import UserRole
from coalition.querysets import TimestampedQuerySetMixin


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
