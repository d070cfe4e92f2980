"""Who may do what: the one place where the portal decides.

Reads start from `Model.objects.visible_to(user)`. Writes are checked by `require()` inside the services, so a
page and an API endpoint can never disagree. A model states its scope with class attributes:

- `coalition_lookup`: path from the record to its coalition (default `coalition`; `None` for global records);
- `owner_lookup`: path to the participant that owns the record, for delegates (default: no owner);
- `delegate_actions`: what a delegate may do on records their participant owns (default: nothing);
- `secretariat_actions`: what the secretariat may do (default: add, change, delete).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

VIEW = "view"
ADD = "add"
CHANGE = "change"
DELETE = "delete"
WRITE_ACTIONS = frozenset({ADD, CHANGE, DELETE})


def roles_of(user) -> dict:
    """The user's roles by coalition id, loaded once per user object (so once per request)."""
    cached = getattr(user, "_coalition_roles_cache", None)
    if cached is None:
        from coalition.models import UserRole

        cached = {
            role.coalition_id: role
            for role in UserRole.objects.filter(user=user).select_related("participant")
        }
        user._coalition_roles_cache = cached
    return cached


def role_in(user, coalition_id):
    if not getattr(user, "is_authenticated", False) or coalition_id is None:
        return None
    return roles_of(user).get(coalition_id)


def _follow_id(obj, path: str):
    """The id at the end of a `a__b` path on an instance (`pk` means the instance itself)."""
    if path == "pk":
        return obj.pk
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id")


def coalition_id_of(instance):
    """The id of the coalition a record belongs to, or None for records shared by all coalitions."""
    lookup = getattr(type(instance), "coalition_lookup", "coalition")
    return None if lookup is None else _follow_id(instance, lookup)


def _model_of(target):
    return target if isinstance(target, type) else type(target)


def can(user, action: str, target, *, coalition=None, owner=None) -> bool:
    """May `user` do `action` on `target` (an instance, or a model class for `add`)?

    For a class, `coalition` (id or instance) and `owner` (participant id or instance) say where the new
    record would go.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    model = _model_of(target)
    instance = None if isinstance(target, type) else target
    coalition_lookup = getattr(model, "coalition_lookup", "coalition")

    if coalition_lookup is None:  # a global record: the secretariat of any coalition keeps it
        kinds = {role.kind for role in roles_of(user).values()}
        if action == VIEW:
            return bool(kinds)
        return "secretariat" in kinds and action in getattr(model, "secretariat_actions", WRITE_ACTIONS)

    coalition_id = getattr(coalition, "pk", coalition)
    if instance is not None:
        coalition_id = _follow_id(instance, coalition_lookup)
    role = role_in(user, coalition_id)
    if role is None:
        return False
    if action == VIEW:
        return True
    if role.kind == "secretariat":
        return action in getattr(model, "secretariat_actions", WRITE_ACTIONS)
    if role.kind == "delegate" and action in getattr(model, "delegate_actions", frozenset()):
        owner_lookup = getattr(model, "owner_lookup", None)
        owner_id = getattr(owner, "pk", owner)
        if instance is not None and owner_lookup:
            owner_id = _follow_id(instance, owner_lookup)
        return owner_id is not None and owner_id == role.participant_id
    return False


def require(user, action: str, target, *, coalition=None, owner=None) -> None:
    """Raise PermissionDenied unless `can()` allows it. Services call this before every write."""
    if not can(user, action, target, coalition=coalition, owner=owner):
        raise PermissionDenied(_("You do not have permission to do this."))
