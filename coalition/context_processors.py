from coalition.models import Coalition
from coalition.permissions import is_registry_manager


def portal(request):
    """The coalitions the user can open, for the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_coalitions": []}
    return {
        "nav_coalitions": Coalition.objects.visible_to(user).only("slug", "short_name"),
        "is_registry_manager": lambda: is_registry_manager(user),  # asked only where a page shows it
    }
