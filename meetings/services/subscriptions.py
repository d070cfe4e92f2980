"""What each person receives: e-mail preferences and the secret calendar feed URL."""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.models import Coalition
from coalition.permissions import VIEW, require
from coalition.services import _save
from meetings.models import CalendarFeedToken, NotificationKind, NotificationPreference
from meetings.services._common import _has_role


@transaction.atomic
def notification_preferences_set(*, actor, user, enabled: dict) -> dict:
    """Each person chooses, per kind, whether to receive e-mails (all are on until switched off)."""
    if not getattr(actor, "is_authenticated", False) or (actor.pk != user.pk and not actor.is_superuser):
        raise PermissionDenied(_("You can change only your own notification settings."))
    unknown = set(enabled) - set(NotificationKind.values)
    if unknown:
        raise ValidationError(
            {"kind": _("Unknown kinds: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))}}
        )
    current = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    for kind, value in enabled.items():
        preference = current.get(kind) or NotificationPreference(user=user, kind=kind)
        if preference.pk is None or preference.enabled != bool(value):
            preference.enabled = bool(value)
            _save(preference, actor=actor)
    return notification_preferences_of(user)


def notification_preferences_of(user) -> dict:
    """{kind: enabled} for every kind; a kind without a row is on."""
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "enabled"))
    return {kind: stored.get(kind, True) for kind in NotificationKind.values}


# Calendar feed tokens --------------------------------------------------------------------------------------


def _digest(secret: str) -> str:
    # 256 bits of entropy: a fast hash suffices, there is nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def feed_token_create(*, actor, coalition: Coalition) -> tuple[CalendarFeedToken, str]:
    """A new secret calendar URL for the actor in `coalition`; the previous one stops working. The secret is
    returned once and only its digest is stored."""
    require(actor, VIEW, coalition)
    now = timezone.now()
    CalendarFeedToken.objects.filter(user=actor, coalition=coalition, revoked_at__isnull=True).update(
        revoked_at=now
    )
    secret = secrets.token_urlsafe(32)
    try:
        token = CalendarFeedToken.objects.create(
            user=actor, coalition=coalition, prefix=secret[:8], digest=_digest(secret)
        )
    except IntegrityError:  # pragma: no cover - a 256-bit collision
        raise Conflict(_("Token collision; try again.")) from None
    return token, secret


@transaction.atomic
def feed_token_revoke(*, actor, coalition: Coalition) -> int:
    """Stop the actor's calendar URL for `coalition` from working."""
    return CalendarFeedToken.objects.filter(user=actor, coalition=coalition, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def feed_token_authenticate(*, coalition_slug: str, secret: str):
    """The user of a live token for this coalition who still holds a role in it, or None."""
    if not secret or len(secret) > 200:
        return None
    token = (
        CalendarFeedToken.objects.select_related("user", "coalition")
        .filter(digest=_digest(secret), revoked_at__isnull=True, coalition__slug=coalition_slug)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if not (token.user.is_superuser or _has_role(token.user, token.coalition)):
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        CalendarFeedToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
