"""RFC 9457 problem details for every API error: one format, with a list of field errors."""

from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from coalition.errors import Conflict, Unavailable

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ConflictError(exceptions.APIException):
    status_code = 409
    default_detail = _("The request conflicts with the current state of the record.")
    default_code = "conflict"


class UnavailableError(exceptions.APIException):
    status_code = 503
    default_detail = _("A service this request needs is unavailable; try again later.")
    default_code = "unavailable"


def _field_errors(detail, prefix=""):
    """Flatten DRF's nested error detail into [{field, message, code}]."""
    errors = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            errors.extend(_field_errors(value, name))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)):
                errors.extend(_field_errors(value, f"{prefix}[{index}]" if prefix else str(index)))
            else:
                errors.extend(_field_errors(value, prefix))
    else:
        field = prefix or None
        if field == "non_field_errors":
            field = None
        errors.append({"field": field, "message": str(detail), "code": getattr(detail, "code", "invalid")})
    return errors


def problem(status: int, detail: str, *, errors=None, title=None) -> dict:
    body = {
        "type": "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    elif isinstance(exc, Conflict):
        exc = ConflictError(exc.message)
    elif isinstance(exc, Unavailable):
        exc = UnavailableError(exc.message)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(response.data)
        body = problem(
            response.status_code,
            _("The request has invalid fields: %(fields)s.")
            % {"fields": ", ".join(sorted({e["field"] or "(request)" for e in errors}))},
            errors=errors,
        )
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        body = problem(response.status_code, str(detail), errors=[])
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _problem_response(request, status, detail):
    return JsonResponse(problem(status, detail, errors=[]), status=status, content_type=PROBLEM_CONTENT_TYPE)


def api_not_found(request, exception=None):
    return _problem_response(request, 404, _("No such endpoint or record."))


def api_server_error(request):
    return _problem_response(request, 500, _("The server failed to answer; the error has been logged."))
