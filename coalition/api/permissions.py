from django.utils.translation import gettext as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from coalition.models import ApiToken
from coalition.permissions import CHANGE, DELETE, can, may_create

BY_SERVICE = "by-service"


def authorise_record_first(view, request) -> None:
    """A write to one record (PUT, PATCH, DELETE, POST to a detail action) loads the record — 404 if the
    user cannot see it, 403 if they may not do the action (`has_object_permission`) — before any body is
    parsed, whatever order the action's own code reads them in."""
    lookup = view.lookup_url_kwarg or view.lookup_field
    if request.method not in SAFE_METHODS and lookup in view.kwargs:
        view.get_object()


def created_model(view):
    """The model a POST to the list creates: `view.create_model`, else the queryset's model."""
    model = getattr(view, "create_model", None)
    if model is None and getattr(view, "queryset", None) is not None:
        model = view.queryset.model
    return model


class PortalPermission(BasePermission):
    """Authenticated users only; a read-scoped token reads only; every write is authorised before its body
    is validated (a user who may not do it gets 403, or 404 for a record they cannot see, whatever the body).

    - create, or any POST to a list action (an import): `coalition.permissions.may_create` — may the
      user create this model in the coalition the body names (or in any of theirs)? The service checks
      again (`require`).
    - record writes: `can(user, action, record)`, the action being the view's `permission_action` (set on
      an `@action(..., permission_action="review")`, or a function `f(user, record)`) or CHANGE/DELETE by
      method; the record is loaded and checked before the body is read (`authorise_record_first`).
    A view whose service alone can tell (e.g. a delegate's review) sets `permission_action=BY_SERVICE`.
    """

    message = _("You do not have permission to do this.")

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        token = request.auth
        read_only = isinstance(token, ApiToken) and token.scope == ApiToken.Scope.READ
        if read_only and request.method not in SAFE_METHODS:
            self.message = _("This token has read scope; writing needs a token with write scope.")
            self.code = "read-only-token"
            return False
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
        if request.method == "POST" and lookup not in getattr(view, "kwargs", {}):  # create, or an import
            model = created_model(view)
            if model is not None and not may_create(request.user, model, lambda: request.data):
                return False
        return True

    def has_object_permission(self, request, view, obj):
        action = getattr(view, "permission_action", None) or (
            DELETE if request.method == "DELETE" else CHANGE
        )
        if request.method in SAFE_METHODS or action == BY_SERVICE:
            return True
        if callable(action):  # a rule of its own, e.g. meetings' can_respond(user, invitation)
            return action(request.user, obj)
        return can(request.user, action, obj)
