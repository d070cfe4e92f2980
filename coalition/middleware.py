from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login


class PortalLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Anonymous users see only the login page. The API answers 401 itself rather than redirecting; its
    interactive docs (a page for people) send to the login page, unless API_DOCS_PUBLIC is on."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/v1/docs/") and not settings.API_DOCS_PUBLIC:
            if not request.user.is_authenticated:  # DRF marks its views login_required=False: say it here
                return redirect_to_login(request.get_full_path())
            return None
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class RequestBodyLimitMiddleware:
    """Refuse a body larger than REQUEST_BODY_MAX_BYTES with 413 (problem details on the API) before any
    of it is read, whatever the view or parser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        from coalition.outages import too_large_response

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_BODY_MAX_BYTES:
            return too_large_response(request, settings.REQUEST_BODY_MAX_BYTES)
        return self.get_response(request)
