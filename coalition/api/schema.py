"""The OpenAPI schema, true to what the API does (drf-spectacular), for every app at once.

- Only `list` operations are paginated and filtered: actions that answer arrays (`transitions/`,
  `revisions/`, `invite/`) are documented as plain arrays without list parameters.
- Response fields whose source can be null (a nullable foreign key, a missing one-to-one) are nullable;
  in responses every field is required (an answer always holds them all).
- Descriptions are the actions' and viewsets' own docstrings, never the API base's.
- Every operation documents its problem responses (one `Problem` component, `application/problem+json`)
  and the headers it takes: `If-None-Match` (GET → 304), `If-Match` (PUT/PATCH/DELETE and a record's
  POST actions → 412/428), `Idempotency-Key` (POST → 409/422).
- Query-parameter enums carry no "null" string (django-filter's null choice), see `postprocess`.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_doc
from rest_framework import serializers

from coalition.api.pagination import PortalPagination
from coalition.api.problems import PROBLEM_CONTENT_TYPE, REGISTRY


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "coalition.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token (Tokens page or `manage.py create_api_token`); read scope reads.",
        }


class ProblemFieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="The field or query parameter; null: the request."
    )
    message = serializers.CharField()
    code = serializers.CharField(
        help_text="required, invalid, null, read_only, unknown, … or the problem's code."
    )


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField(
        help_text="URI of the problem type's description (/api/v1/problems/{code}/)."
    )
    code = serializers.CharField(help_text="Stable machine-readable key: " + ", ".join(REGISTRY) + ".")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = ProblemFieldErrorSerializer(many=True)


DESCRIPTIONS = {
    "304": "Not modified: the `If-None-Match` ETag is still current.",
    "400": "Invalid body or query parameters (`invalid`, `unknown-parameters`, `read-only-fields`, …).",
    "401": "No valid token (`not-authenticated`).",
    "403": "Not allowed for your roles or token (`permission-denied`, `read-only-token`).",
    "404": "No such record, or not visible to you (`not-found`).",
    "409": "The record's state forbids it (`conflict`, `illegal-transition`, `idempotency-key-in-use`).",
    "412": "The record changed since you read it (`precondition-failed`).",
    "415": "The body is not JSON (`unsupported-media-type`).",
    "422": "The Idempotency-Key was used with another request (`idempotency-key-reused`).",
    "428": "`If-Match` is required (`precondition-required`).",
    "429": "Too many requests (`rate-limited`).",
    "503": "A service it needs is unavailable; nothing was lost (`unavailable`).",
}

RESPONSE_NAMES = {
    "304": "NotModified",
    "400": "BadRequest",
    "401": "NotAuthenticated",
    "403": "PermissionDenied",
    "404": "NotFound",
    "409": "Conflict",
    "412": "PreconditionFailed",
    "415": "UnsupportedMediaType",
    "422": "IdempotencyKeyReused",
    "428": "PreconditionRequired",
    "429": "TooManyRequests",
    "503": "Unavailable",
}

HEADERS = {
    "If-None-Match": "An ETag from an earlier read: answers 304 while it is still current.",
    "If-Match": "The ETag of the record as you read it: 412 if it changed since.",
    "Idempotency-Key": "Up to 255 visible ASCII characters (e.g. a UUID): a retry gets the first answer.",
}


def _header(name):
    return {
        "in": "header",
        "name": name,
        "required": False,
        "description": HEADERS[name],
        "schema": {"type": "string"},
    }


def _nullable_source(model, attrs) -> bool:
    """Whether following `attrs` (a field's source) from `model` can meet a null."""
    for attr in attrs:
        if model is None:
            return False
        try:
            field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return False
        if field.one_to_one and field.auto_created:  # a reverse one-to-one may be missing
            return True
        if getattr(field, "null", False):
            return True
        model = getattr(field, "related_model", None)
    return False


def may_answer(*codes: str):
    """On an action: problem statuses it answers beyond those its method and path imply, e.g.
    `@may_answer("404")` on a collection action that looks a record up from a query parameter."""

    def decorate(func):
        func.problem_statuses = frozenset(codes)
        return func

    return decorate


class PortalAutoSchema(AutoSchema):
    def _is_list_operation(self) -> bool:
        return getattr(self.view, "action", None) == "list"

    def _get_paginator(self):
        return super()._get_paginator() if self._is_list_operation() else None

    def get_filter_backends(self):
        filtered = getattr(self.view, "action", None) in getattr(self.view, "filtered_actions", ("list",))
        return getattr(self.view, "filter_backends", []) if filtered else []

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        # A field the request may not null (e.g. a decision's meeting) can still read null (a decision
        # adopted by written procedure has none): in responses, nullable whenever its source can be null.
        if direction == "response" and not meta.get("nullable"):
            parent_meta = getattr(getattr(field, "parent", None), "Meta", None)
            model = getattr(parent_meta, "model", None)
            attrs = getattr(field, "source_attrs", None) or []
            if model is not None and issubclass(model, models.Model) and _nullable_source(model, attrs):
                meta["nullable"] = True
        return meta

    def _map_basic_serializer(self, serializer, direction):
        """An answer always holds every field its serializer shows: all are required in responses, except
        the fields a plain (non-model) serializer declares `required=False`: keys that may be absent (e.g.
        an approval record before approval is `{}`)."""
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "response" and schema.get("properties"):
            optional = set()
            if not isinstance(serializer, serializers.ModelSerializer):
                optional = {
                    field.field_name
                    for field in serializer.fields.values()
                    if not field.read_only and not field.required
                }
            schema["required"] = sorted(set(schema["properties"]) - optional)
        return schema

    def get_description(self):
        """The action's or the viewset's own docstring, never one inherited from the API base."""
        action = getattr(self.view, getattr(self.view, "action", None) or self.method.lower(), None)
        own = type(self.view).__dict__.get("__doc__")
        return get_doc(action) or (get_doc(type(self.view)) if own else "")

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        method = method.upper()
        detail = "{" in path
        codes = {"400", "401", "403", "429", "503"}
        headers = []
        if detail or (self._is_list_operation() and isinstance(self._get_paginator(), PortalPagination)):
            codes.add("404")
        if method == "GET":
            codes.add("304")
            headers.append("If-None-Match")
        if method in ("POST", "PUT", "PATCH"):
            codes.add("415")
        if method == "POST":
            codes |= {"409", "422"}
            headers.append("Idempotency-Key")
        if method in ("PUT", "PATCH", "DELETE") or (method == "POST" and detail):
            codes |= {"409", "412"}
            headers.append("If-Match")
        if method in ("PUT", "PATCH", "DELETE"):
            codes.add("428")
        handler = getattr(self.view, getattr(self.view, "action", None) or self.method.lower(), None)
        codes |= getattr(handler, "problem_statuses", frozenset())
        if "requestBody" not in operation:
            codes.discard("415")
        known = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "header"}
        operation.setdefault("parameters", []).extend(_header(h) for h in headers if h not in known)
        self.resolve_serializer(ProblemSerializer, "response")  # the Problem component
        responses = operation.setdefault("responses", {})
        for code in sorted(codes):
            responses.setdefault(code, {"$ref": f"#/components/responses/{RESPONSE_NAMES[code]}"})
        return operation


def _strip_null_choices(schema):
    if isinstance(schema, dict):
        enum = schema.get("enum")
        if isinstance(enum, list) and "null" in enum:
            schema["enum"] = [value for value in enum if value != "null"]
        for value in schema.values():
            _strip_null_choices(value)
    elif isinstance(schema, list):
        for value in schema:
            _strip_null_choices(value)


def postprocess(result, generator, request, public):
    """The shared problem responses; and no django-filter "null" choice in a query parameter's enum."""
    shared = result.setdefault("components", {}).setdefault("responses", {})
    for code, name in RESPONSE_NAMES.items():
        shared[name] = {"description": DESCRIPTIONS[code]}
        if code != "304":
            shared[name]["content"] = {
                PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
            }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "query":
                    _strip_null_choices(parameter.get("schema", {}))
    return result
