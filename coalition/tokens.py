"""API tokens: who may see, create, rotate and revoke them, and how. The Tokens page, /api/v1/tokens/ and
`manage.py create_api_token` all call these functions.

- Everyone signed in manages their own tokens: create (the secret is shown once; only its SHA-256 digest is
  kept), rotate (a new secret for the same token — same name, scope and expiry; the old secret stops at
  once) and revoke.
- A coalition's secretariat sees, and may revoke, the tokens of every user with a role in that coalition
  (not rotate them: that would hand it the owner's identity). The superuser sees and revokes every token.
- Each creation, rotation and revocation is in the token's change history, shown in the audit trail of the
  owner's coalitions (coalition.audit).
"""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.models import ApiToken, UserRole
from coalition.permissions import roles_of

TOKEN_PREFIX_LENGTH = 8
MAX_LIVE_TOKENS = 25  # per user: a leaked session cannot mint tokens without end
MAX_EXPIRY = timedelta(days=3 * 366)
_LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_digest(secret: str) -> str:
    # The secret has 256 bits of entropy, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret() -> tuple[str, str, str]:
    secret = secrets.token_urlsafe(32)
    return secret, secret[:TOKEN_PREFIX_LENGTH], token_digest(secret)


# Who may do what ------------------------------------------------------------------------------------------


def visible_tokens(user):
    """The tokens `user` may see: their own, their coalitions' (secretariat), every one (superuser)."""
    return ApiToken.objects.visible_to(user).select_related("user").order_by("-created_at", "-pk")


def _secretariat_over(user, token) -> bool:
    coalitions = [cid for cid, role in roles_of(user).items() if role.kind == UserRole.Kind.SECRETARIAT]
    return (
        bool(coalitions) and UserRole.objects.filter(user=token.user_id, coalition_id__in=coalitions).exists()
    )


def can_revoke(user, token) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return token.user_id == user.pk or user.is_superuser or _secretariat_over(user, token)


def can_rotate(user, token) -> bool:
    """Only the owner: a rotation hands over a working secret, i.e. the owner's identity."""
    return getattr(user, "is_authenticated", False) and user.is_active and token.user_id == user.pk


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You do not have permission to do this."))


# Writes ---------------------------------------------------------------------------------------------------


def _check(scope, name, expires_at) -> None:
    errors = {}
    if scope not in ApiToken.Scope.values:
        errors["scope"] = _("Scope must be one of: %(scopes)s.") % {
            "scopes": ", ".join(ApiToken.Scope.values)
        }
    if len(name or "") > ApiToken._meta.get_field("name").max_length:
        errors["name"] = _("At most 100 characters.")
    now = timezone.now()
    if expires_at is not None and expires_at <= now:
        errors["expires_at"] = _("The expiry must be in the future.")
    elif expires_at is not None and expires_at > now + MAX_EXPIRY:
        errors["expires_at"] = _("A token lives at most three years; choose an earlier expiry.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def api_token_create(
    *, user, scope: str, name: str = "", expires_at=None, actor=None
) -> tuple[ApiToken, str]:
    """Create a token of `user` and return it with its secret, which is shown once and never stored.

    `actor` (who creates it, for the history) is the user themself on the page and the API; the
    command has none.
    """
    _check(scope, name, expires_at)
    secret, prefix, digest = _new_secret()
    token = ApiToken(
        user=user, scope=scope, name=name or "", prefix=prefix, digest=digest, expires_at=expires_at
    )
    token._history_user = actor
    try:
        with transaction.atomic():
            token.save()
    except IntegrityError:  # pragma: no cover - a 256-bit collision
        raise Conflict(_("Token collision; try again.")) from None
    return token, secret


@transaction.atomic
def token_create(*, actor, scope: str, name: str = "", expires_at=None, via=None) -> tuple[ApiToken, str]:
    """A token of the actor's own (anyone signed in), at most MAX_LIVE_TOKENS live at once.

    `via`: the token the request came with (API), if any. A token made with an expiring token expires no
    later than it, so a leaked short-lived token cannot mint a lasting one.
    """
    _require(getattr(actor, "is_authenticated", False) and actor.is_active)
    _check(scope, name, expires_at)
    if via is not None and via.expires_at is not None and (expires_at is None or expires_at > via.expires_at):
        raise ValidationError(
            {
                "expires_at": _(
                    "A token created with a token expires no later than it: at the latest %(limit)s."
                )
                % {"limit": via.expires_at.isoformat().replace("+00:00", "Z")}
            }
        )
    get_user_model().objects.select_for_update().filter(pk=actor.pk).exists()  # one creation at a time
    live = [t for t in ApiToken.objects.filter(user=actor, revoked_at__isnull=True) if t.status == "active"]
    if len(live) >= MAX_LIVE_TOKENS:
        raise Conflict(
            _("You have %(n)s active tokens, the most one may have; revoke one you no longer use.")
            % {"n": len(live)},
            code="token-limit",
        )
    return api_token_create(user=actor, scope=scope, name=name, expires_at=expires_at, actor=actor)


def _locked(token: ApiToken) -> ApiToken:
    return ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)


@transaction.atomic
def token_rotate(*, actor, token: ApiToken) -> tuple[ApiToken, str]:
    """A new secret for the owner's live token; the old secret stops working at once."""
    _require(can_rotate(actor, token))
    token = _locked(token)
    if token.status != "active":
        raise Conflict(
            _("This token is %(status)s: it cannot be rotated. Create a new one.") % {"status": token.status},
            code="token-not-active",
        )
    secret, token.prefix, token.digest = _new_secret()
    token.rotated_at = timezone.now()
    token.last_used_at = None  # the new secret has not been used
    token._history_user = actor
    token.save(update_fields=["prefix", "digest", "rotated_at", "last_used_at"])
    return token, secret


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke a token (its owner, the secretariat of the owner's coalition, the superuser). Revoking a
    revoked token changes nothing."""
    _require(can_revoke(actor, token))
    token = _locked(token)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token._history_user = actor
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(secret: str) -> ApiToken | None:
    """The live token for `secret`, or None when it is unknown, revoked, expired, or its user inactive."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(secret), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_RESOLUTION:
        # not a change of the record: no history row, and `updated_at` stays (incremental sync)
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, updated_at=token.updated_at)
        token.last_used_at = now
    return token
