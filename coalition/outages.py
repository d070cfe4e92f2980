"""Answers for when the portal cannot serve: a dependency is down (503) or the request is too large (413).

The API answers problem details (with `Retry-After` on 503); a browser gets a plain page that needs no
database. Used by the error handlers in `coalition/views.py` and by `RequestBodyLimitMiddleware`.
"""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

from coalition.api.problems import problem_response

RETRY_AFTER_SECONDS = 5
# An OperationalError/InterfaceError means the database cannot be reached or the connection broke:
# errors in a query (IntegrityError, ProgrammingError, DataError) are bugs and stay 500s.
DATABASE_OUTAGE_ERRORS = (OperationalError, InterfaceError)


def is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _page(template, status, detail):
    try:
        body = loader.render_to_string(template, {"detail": detail})
    except Exception:  # the error page itself must never fail
        body = f"<!DOCTYPE html><title>{status}</title><p>{detail}</p>"
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def unavailable_response(request, detail=None):
    detail = detail or _("The database is unavailable; nothing was changed. Try again in a few seconds.")
    if is_api(request):
        response = problem_response("unavailable", str(detail))
    else:
        response = _page("503.html", 503, detail)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def too_large_response(request, limit: int):
    detail = _("The request body is larger than the limit of %(limit)s bytes.") % {"limit": limit}
    if is_api(request):
        return problem_response("request-too-large", detail)
    return _page("413.html", 413, detail)
