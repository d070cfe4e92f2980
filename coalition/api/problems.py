"""RFC 9457 problem details for every API error, with a stable type per problem (one registry).

Every problem answers `{"type", "code", "title", "status", "detail", "errors": [{field, message, code}]}`
as `application/problem+json`. `code` is the machine-readable key (compare it, not the text); `type` is the
URI of its documentation (`/api/v1/problems/<code>/`, absolute under PORTAL_BASE_URL when that is set).

Other apps raise typed problems without importing this module:
- a `ValidationError` whose (field) error code is a registered code, e.g.
  `ValidationError({"amount": ValidationError(message, code="over-payment")})`;
- `coalition.errors.Conflict(message, code="illegal-transition")`;
- or `ProblemError("code", detail, errors=[...])` from API code. New codes: `register(...)` here.
"""

from dataclasses import dataclass
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from coalition.errors import Conflict, Unavailable

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_PATH = "/api/v1/problems/"


@dataclass(frozen=True)
class ProblemType:
    code: str
    status: int
    title: str | Promise
    description: str | Promise

    @property
    def uri(self) -> str:
        return f"{settings.PORTAL_BASE_URL.rstrip('/')}{PROBLEM_PATH}{self.code}/"


REGISTRY: dict[str, ProblemType] = {}


def register(code: str, status: int, title, description) -> ProblemType:
    if code in REGISTRY:
        raise ValueError(f"Problem code {code!r} is registered twice.")
    REGISTRY[code] = ProblemType(code, status, title, description)
    return REGISTRY[code]


def get(code: str) -> ProblemType:
    return REGISTRY[code]


_t = gettext_lazy
INVALID = register(
    "invalid",
    400,
    _t("Invalid request"),
    _t("Fields of the body or query parameters are invalid; `errors` names each with a message and a code."),
)
MALFORMED = register(
    "malformed-request",
    400,
    _t("Malformed request"),
    _t("The body is not valid JSON (or not the declared type)."),
)
UNKNOWN_PARAMETERS = register(
    "unknown-parameters",
    400,
    _t("Unknown query parameters"),
    _t("The request has query parameters this operation does not take; `errors` names each one."),
)
READ_ONLY_FIELDS = register(
    "read-only-fields",
    400,
    _t("Read-only fields"),
    _t(
        "The body sets fields that cannot be written here; each error says which operation changes them "
        "(e.g. `status` through `POST …/transition/`)."
    ),
)
OVER_PAYMENT = register(
    "over-payment",
    400,
    _t("Over-payment"),
    _t(
        "The payment takes the total paid above the pledge. Record it with an `overpayment_reason` to "
        "override (the reason and who approved it are kept)."
    ),
)
NOT_AUTHENTICATED = register(
    "not-authenticated",
    401,
    _t("Not authenticated"),
    _t("No token, or an unknown, revoked or expired one: send `Authorization: Bearer <token>`."),
)
PERMISSION_DENIED = register(
    "permission-denied", 403, _t("Permission denied"), _t("Your roles do not allow this on this record.")
)
READ_ONLY_TOKEN = register(
    "read-only-token",
    403,
    _t("Read-only token"),
    _t("The token has `read` scope; writing needs a token with `write` scope."),
)
NOT_FOUND = register(
    "not-found",
    404,
    _t("Not found"),
    _t("No such endpoint or record, or one you may not see (records of other coalitions answer 404)."),
)
METHOD_NOT_ALLOWED = register(
    "method-not-allowed", 405, _t("Method not allowed"), _t("The operation does not take this method.")
)
NOT_ACCEPTABLE = register(
    "not-acceptable", 406, _t("Not acceptable"), _t("The API answers `application/json` only.")
)
CONFLICT = register(
    "conflict",
    409,
    _t("Conflict"),
    _t("The request is valid but the record's current state forbids it; `detail` says why."),
)
ILLEGAL_TRANSITION = register(
    "illegal-transition",
    409,
    _t("Illegal transition"),
    _t("The record cannot move to that status from its current one; `detail` names the allowed steps."),
)
SNAPSHOTS_INCOMPARABLE = register(
    "snapshots-incomparable",
    409,
    _t("Summaries that do not compare"),
    _t("The two summaries have different schema versions: their figures do not mean the same."),
)
TOKEN_NOT_ACTIVE = register(
    "token-not-active",
    409,
    _t("Token not active"),
    _t("The token is revoked or expired: it cannot be rotated. Create a new one."),
)
TOKEN_LIMIT = register(
    "token-limit",
    409,
    _t("Too many tokens"),
    _t("You have as many active tokens as one may have (25); revoke one you no longer use."),
)
IDEMPOTENCY_KEY_IN_USE = register(
    "idempotency-key-in-use",
    409,
    _t("Idempotency key in use"),
    _t("A request with this `Idempotency-Key` is still being processed; retry when it has finished."),
)
PRECONDITION_FAILED = register(
    "precondition-failed",
    412,
    _t("Precondition failed"),
    _t(
        "The record changed since you read it: its `ETag` no longer matches `If-Match`. Read it again, "
        "reapply your change, and send the new ETag."
    ),
)
UNSUPPORTED_MEDIA_TYPE = register(
    "unsupported-media-type",
    415,
    _t("Unsupported media type"),
    _t("Send `Content-Type: application/json` (uploads: `multipart/form-data`)."),
)
IDEMPOTENCY_KEY_REUSED = register(
    "idempotency-key-reused",
    422,
    _t("Idempotency key reused"),
    _t("This `Idempotency-Key` was used with another request (method, path or body); use a new key."),
)
PRECONDITION_REQUIRED = register(
    "precondition-required",
    428,
    _t("Precondition required"),
    _t("This portal requires `If-Match` with the record's ETag on PUT, PATCH and DELETE."),
)
REQUEST_TOO_LARGE = register(
    "request-too-large",
    413,
    _t("Request too large"),
    _t("The body is larger than the portal accepts (`REQUEST_BODY_MAX_BYTES`); nothing was read or saved."),
)
RATE_LIMITED = register(
    "rate-limited",
    429,
    _t("Too many requests"),
    _t("Too many requests in a short time; wait for the seconds in `Retry-After`."),
)
SERVER_ERROR = register(
    "server-error", 500, _t("Server error"), _t("The server failed to answer; the error has been logged.")
)
UNAVAILABLE = register(
    "unavailable",
    503,
    _t("Service unavailable"),
    _t("A service the request needs (database, job queue) is unavailable; nothing was lost. Retry later."),
)

# The code of a problem when nothing more specific is known, by status.
_BY_STATUS = {p.status: p for p in reversed(REGISTRY.values())}
_BY_STATUS[400] = INVALID
_BY_STATUS[409] = CONFLICT
_BY_STATUS[403] = PERMISSION_DENIED


class ProblemError(exceptions.APIException):
    """Raise a typed problem from API code: `ProblemError("unknown-parameters", detail, errors=[...])`."""

    def __init__(self, code: str, detail=None, *, errors=None, headers=None):
        self.problem = get(code)
        self.status_code = self.problem.status
        self.errors = errors or []
        self.headers = headers or {}
        super().__init__(detail or self.problem.title, code)


class ConflictError(exceptions.APIException):
    status_code = 409
    default_detail = _t("The request conflicts with the current state of the record.")
    default_code = "conflict"


class UnavailableError(exceptions.APIException):
    status_code = 503
    default_detail = _t("A service this request needs is unavailable; try again later.")
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


def problem(code_or_status, detail: str, *, errors=None, title=None) -> dict:
    """The body of a problem, by registered code (or, for an unregistered status, by status)."""
    if isinstance(code_or_status, int):
        kind = _BY_STATUS.get(code_or_status)
        status = code_or_status
    else:
        kind = get(code_or_status)
        status = kind.status
    return {
        "type": kind.uri if kind else "about:blank",
        "code": kind.code if kind else HTTPStatus(status).phrase.lower().replace(" ", "-"),
        "title": str(title or (kind.title if kind else HTTPStatus(status).phrase)),
        "status": status,
        "detail": str(detail),
        "errors": errors if errors is not None else [],
    }


def _codes(detail) -> set[str]:
    if isinstance(detail, dict):
        return set().union(*(_codes(value) for value in detail.values())) if detail else set()
    if isinstance(detail, list):
        return set().union(*(_codes(value) for value in detail)) if detail else set()
    return {getattr(detail, "code", None)} - {None}


def _kind_of(exc, status) -> ProblemType | None:
    if isinstance(exc, ProblemError):
        return exc.problem
    if isinstance(exc, exceptions.ParseError):
        return MALFORMED
    registered = [REGISTRY[c] for c in _codes(exc.detail) if c in REGISTRY and REGISTRY[c].status == status]
    if len(registered) == 1:
        return registered[0]
    return _BY_STATUS.get(status)


def problem_exception_handler(exc, context):
    code = None
    if isinstance(exc, RecursionError):  # a parser other than BoundedJSONParser met absurd nesting
        from coalition.api.parsers import too_deep

        exc = too_deep()
    elif isinstance(exc, RequestDataTooBig):
        exc = ProblemError("request-too-large")
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    elif isinstance(exc, Conflict):
        code = getattr(exc, "code", None)
        exc = ConflictError(exc.message, code=code if code in REGISTRY else None)
    elif isinstance(exc, Unavailable):
        exc = UnavailableError(exc.message)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    response = exception_handler(exc, context)
    if response is None:
        return None
    kind = _kind_of(exc, response.status_code)
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(response.data)
        detail = _("The request has invalid fields: %(fields)s.") % {
            "fields": ", ".join(sorted({e["field"] or "(request)" for e in errors}))
        }
        if kind is not INVALID and len(errors) == 1:
            detail = errors[0]["message"]
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        errors = getattr(exc, "errors", [])
    if isinstance(exc, ProblemError):
        for name, value in exc.headers.items():
            response[name] = value
    response.data = problem(kind.code if kind else response.status_code, str(detail), errors=errors)
    response.content_type = PROBLEM_CONTENT_TYPE
    if response.status_code == 503:
        response["Retry-After"] = "5"  # the same as coalition.outages.RETRY_AFTER_SECONDS
    return response


def problem_response(code: str, detail, *, errors=None, headers=None) -> JsonResponse:
    """A problem answered outside DRF's views (middleware, Django's error handlers)."""
    body = problem(code, detail, errors=errors)
    response = JsonResponse(body, status=body["status"], content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def api_not_found(request, exception=None):
    return problem_response("not-found", _("No such endpoint or record."))


def api_bad_request(request, exception=None):
    return problem_response("malformed-request", _("The request could not be understood."))


def api_server_error(request):
    return problem_response("server-error", _("The server failed to answer; the error has been logged."))
