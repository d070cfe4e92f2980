from django.utils.translation import gettext as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from coalition.models import ApiToken
from coalition.permissions import CHANGE, DELETE, can


class PortalPermission(BasePermission):
    """Authenticated users only; a read-scoped token reads only; object writes go through the policy.

    Creation is checked by the service once the target coalition is known (coalition.permissions.require).
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
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        action = DELETE if request.method == "DELETE" else CHANGE
        return can(request.user, action, obj)
