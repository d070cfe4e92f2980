"""Who may do what: the one place where the portal decides.

Reads start from `Model.objects.visible_to(user)`. Writes are checked by `require()` inside the services, so a
page and an API endpoint can never disagree. A model states its scope with class attributes:

- `coalition_lookup`: path from the record to its coalition (default `coalition`; `None` for global records);
- `owner_lookup`: path to the participant that owns the record, for delegates (default: no owner);
- `delegate_actions`: what a delegate may do on records their participant owns (default: nothing);
- `secretariat_actions`: what the secretariat may do (default: add, change, delete);
- `registry_actions`: what a registry manager may do on any record of the model, whatever the coalition
  (default: every write on a shared record — `coalition_lookup = None` — and nothing on coalition records);
- `view_roles`: the role kinds that may read the model in a coalition (default: every role).

Shared records (participants, exchange rates: `coalition_lookup = None`) are read by anyone with a role and
written only by staff and registry managers (`is_registry_manager`). A coalition's secretariat proposes a
change (`coalition.proposals`), which a registry manager accepts or rejects. A role counts only in its own
coalition: an observer of X who is secretariat of Y is an observer on every page and endpoint of X.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

VIEW = "view"
ADD = "add"
CHANGE = "change"
DELETE = "delete"
AUDIT = "audit"  # reading a coalition's audit trail: its secretariat (a `secretariat_actions` entry)
WRITE_ACTIONS = frozenset({ADD, CHANGE, DELETE})
MANAGE_REGISTRY = "coalition.manage_registry"


def is_registry_manager(user) -> bool:
    """Staff, or a user given the portal-wide "registry manager" permission (directly or by a group).

    One query, once per user object (so once per request), and none for staff.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or user.is_staff:
        return True
    cached = getattr(user, "_registry_manager_cache", None)
    if cached is None:
        from django.contrib.auth.models import Permission
        from django.db.models import Q

        app_label, codename = MANAGE_REGISTRY.split(".")
        cached = (
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            .filter(Q(user=user) | Q(group__user=user))
            .exists()
        )
        user._registry_manager_cache = cached
    return cached


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

    if coalition_lookup is None:  # a shared record: read by any role, written by registry managers only
        if action == VIEW and roles_of(user):
            return True
        return action in getattr(model, "registry_actions", WRITE_ACTIONS | {VIEW}) and is_registry_manager(
            user
        )
    if action in getattr(model, "registry_actions", ()) and is_registry_manager(user):
        return True

    coalition_id = getattr(coalition, "pk", coalition)
    if instance is not None:
        coalition_id = _follow_id(instance, coalition_lookup)
    role = role_in(user, coalition_id)
    if role is None:
        return False
    if action == VIEW:
        view_roles = getattr(model, "view_roles", None)
        return view_roles is None or role.kind in view_roles
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


# Authorisation before validation ---------------------------------------------------------------------------


def _visible(model, user):
    manager = model._default_manager
    queryset = manager.all()
    return queryset.visible_to(user) if hasattr(queryset, "visible_to") else queryset


def _coalition_from_body(model, lookup: str, data, user):
    """The coalition id a new record would belong to, read from the request body's first hop of
    `lookup` (e.g. `meeting` of `meeting__coalition`), among the records the user may see.

    Returns (found, coalition_id): found is False when the body does not say (missing, not an id, or an id
    the user cannot see — validation then answers as it does for an id that does not exist).
    """
    first, *rest = lookup.split("__")
    try:
        field = model._meta.get_field(first)
    except Exception:
        return False, None
    related = getattr(field, "related_model", None)
    value = data.get(first) if hasattr(data, "get") else None
    if related is None or isinstance(value, bool) or not str(value).isdigit():
        return False, None
    target = _visible(related, user).filter(pk=int(value)).first()
    if target is None:
        return False, None
    return True, (target.pk if not rest else _follow_id(target, "__".join(rest)))


def may_create(user, model, data_loader) -> bool:
    """May `user` create a `model` record, judged before the body is validated?

    False (→ 403 whatever the body) when the user may create such a record in none of their coalitions, or
    when the body names a coalition (directly or through a parent record, e.g. a meeting) the user can see
    but may not create in. The service checks again with the validated record (`require`).
    `data_loader()` returns the parsed body; it is called only once the user may create somewhere, so an
    unparsable body from a user who may not create is a 403 too.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    lookup = getattr(model, "coalition_lookup", "coalition")
    if lookup is None or lookup == "pk":
        return can(user, ADD, model)
    allowed = {
        cid
        for cid, role in roles_of(user).items()
        if can(user, ADD, model, coalition=cid, owner=role.participant_id)
    }
    if not allowed:
        return action_allowed_anywhere(user, ADD, model)
    data = data_loader()  # a body that cannot be parsed raises DRF's ParseError: 400, as for anyone
    found, coalition_id = _coalition_from_body(model, lookup, data, user)
    if not found:
        return True
    return coalition_id in allowed


def action_allowed_anywhere(user, action: str, model) -> bool:
    """Registry managers may have actions on coalition records of any coalition (e.g. deciding proposals)."""
    return action in getattr(model, "registry_actions", ()) and is_registry_manager(user)


# What a user may name ---------------------------------------------------------------------------------------


def visible_users(user):
    """The users a user may name (invite, assign...): those with a role in one of the user's coalitions, and
    themselves. Any other user answers as one that does not exist, so ids cannot be probed for names."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    users = get_user_model().objects.all()
    if not getattr(user, "is_authenticated", False):
        return users.none()
    if user.is_superuser:
        return users
    return users.filter(Q(pk=user.pk) | Q(coalition_roles__coalition_id__in=list(roles_of(user)))).distinct()


def scope_queryset(queryset, user):
    """The part of a choice's queryset (a related field, a filter) the user may see."""
    from django.contrib.auth import get_user_model

    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    if queryset.model is get_user_model():
        return queryset.filter(pk__in=visible_users(user).values("pk"))
    return queryset


def scope_filterset(filterset, user):
    """Every record-choice filter of a FilterSet offers only what the user may see: `?coalition=2` for a
    coalition the user has no role in answers as `?coalition=999` does (no probing by id)."""
    for item in filterset.filters.values():
        queryset = getattr(item, "queryset", None)
        if queryset is not None and not callable(queryset):
            item.queryset = scope_queryset(queryset, user)
    return filterset
