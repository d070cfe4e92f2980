from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.utils import translation


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


class PreferredLanguageMiddleware:
    """The language a user chose with the switcher, kept in their profile, follows them to any browser.

    After AuthenticationMiddleware: a request without the language cookie from a user with a stored choice is
    answered in that language, and the cookie is set so that LocaleMiddleware keeps it from then on.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from coalition.models import UserPreference  # models load after the middleware module

        chosen = None
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            chosen = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
            if chosen and translation.check_for_language(chosen):
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        if chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
