from coalition.models import Coalition


def portal(request):
    """The coalitions the user can open, for the navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_coalitions": []}
    return {"nav_coalitions": Coalition.objects.visible_to(user).only("slug", "short_name")}
