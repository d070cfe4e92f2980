"""The base of every API viewset and serializer: scoped reads, writes through services, one policy.

Every guarantee an integrator relies on lives here, once, so every endpoint has it:
- `Location` on 201; `ETag` on reads and writes; `If-None-Match` → 304; `If-Match` on PUT/PATCH/DELETE
  (and detail POST actions) → 412 when stale, 428 without it when API_REQUIRE_IF_MATCH is on;
- `Idempotency-Key` on POST (coalition.api.idempotency);
- strictness: unknown query parameters → 400 naming them; writing read-only fields → 400 naming the
  operation that changes them; money only as decimal strings; `page_size` 1..500 (coalition.api.pagination).
"""

from datetime import UTC

from django.conf import settings
from django.db import connection, models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse

from coalition.api import idempotency
from coalition.api.conditional import etag_for, if_match_fails, if_none_match_hits, rendered_etag
from coalition.api.fastlist import FastListMixin
from coalition.api.permissions import authorise_record_first
from coalition.api.problems import ProblemError
from coalition.permissions import scope_queryset

UUID_REGEX = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
UNSAFE = ("PUT", "PATCH", "DELETE")
ALWAYS_ALLOWED_QUERY = {"format"}  # DRF's renderer override (?format=json)


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice the model stores as '' when it does not apply: null in JSON (both ways), never an "" that no
    enum of the schema lists."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return super().to_representation(value) if value else None

    def validate_empty_values(self, data):
        if data is None or data == "":
            return (True, "")
        return super().validate_empty_values(data)


class UTCDateTimeField(serializers.DateTimeField):
    """Timestamps leave the API in UTC (ISO 8601 with Z), whatever the portal's display time zone."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default_timezone", UTC)
        super().__init__(*args, **kwargs)

    def to_representation(self, value):
        text = super().to_representation(value)
        return text.replace("+00:00", "Z") if isinstance(text, str) else text


class StrictDecimalField(serializers.DecimalField):
    """Money (and rates) only as decimal strings: a JSON number is refused (it may have lost digits)."""

    default_error_messages = {
        "not_a_string": _('Send the amount as a decimal string, e.g. "1250000.00", not as a JSON number.')
    }

    def to_internal_value(self, data):
        if isinstance(data, int | float) and not isinstance(data, bool):
            self.fail("not_a_string")
        return super().to_internal_value(data)


TIMESTAMP_FIELDS = ("created_at", "updated_at")


class ScopedModelSerializer(serializers.ModelSerializer):
    """Related fields offer only records the requesting user may see: others are 'does not exist'.

    Timestamps are UTC; money fields come as strings (COERCE_DECIMAL_TO_STRING), never floats, and are
    accepted only as strings. A model with `created_at`/`updated_at` (coalition.models.Timestamped) shows
    both, read-only, without listing them.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: UTCDateTimeField,
        models.DecimalField: StrictDecimalField,
    }

    def build_standard_field(self, field_name, model_field):
        """Integer bounds as PostgreSQL (production) has them, whatever the database: SQLite reports 64-bit
        bounds for every integer, so the schema and validation would differ between the two."""
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        internal_type = model_field.get_internal_type()
        standard = BaseDatabaseOperations.integer_field_ranges.get(internal_type)
        if standard is not None:
            actual = connection.ops.integer_field_range(internal_type)
            for key, mine, theirs in (
                ("min_value", actual[0], standard[0]),
                ("max_value", actual[1], standard[1]),
            ):
                if key in kwargs and kwargs[key] == mine and theirs is not None:
                    kwargs[key] = theirs
        return field_class, kwargs

    def get_field_names(self, declared_fields, info):
        names = list(super().get_field_names(declared_fields, info))
        model_fields = {field.name for field in self.Meta.model._meta.concrete_fields}
        return names + [name for name in TIMESTAMP_FIELDS if name in model_fields and name not in names]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in self.fields.values():
            relation = getattr(field, "child_relation", field)
            queryset = getattr(relation, "queryset", None)
            if queryset is not None:  # what the user may see, users included (coalition.permissions)
                relation.queryset = scope_queryset(queryset, user)


class PortalViewSetMixin:
    """The integrator guarantees, for any viewset (model or not). See the module's docstring."""

    # field -> the actions (url paths) that change it, for the read-only error; default for `status`,
    # `state` and `response`: every detail POST action of the viewset.
    field_actions: dict[str, list[str]] = {}
    # Actions that take the list's filters (e.g. a CSV export of what the list shows); only `list` pages.
    filtered_actions: tuple[str, ...] = ("list",)
    # Keys of a POST's answer never kept with its Idempotency-Key (a replay answers them null): secrets.
    idempotency_redact: tuple[str, ...] = ()
    _idempotency = None
    _replayed = False

    # -- query parameters ---------------------------------------------------------------------------------
    def allowed_query_parameters(self) -> set[str]:
        """What this operation reads from the query string: its documented parameters."""
        names = set(ALWAYS_ALLOWED_QUERY)
        if self.action in self.filtered_actions:
            for backend in getattr(self, "filter_backends", ()):
                reader = getattr(backend(), "query_parameters", None)
                if reader is not None:
                    names |= reader(self, self.request)
        if self.action == "list":
            paginator = getattr(self, "paginator", None)
            if paginator is not None and hasattr(paginator, "query_parameters"):
                names |= paginator.query_parameters()
        names |= self._annotated_query_parameters()
        return names

    def _annotated_query_parameters(self) -> set[str]:
        """Query parameters declared with @extend_schema(parameters=[OpenApiParameter(...)])."""
        schema = getattr(self, "schema", None)
        if isinstance(schema, type):  # an action's @extend_schema: a class in the view's initkwargs
            schema = schema()
            schema.view = self
        overrides = getattr(schema, "get_override_parameters", None)
        if overrides is None:
            return set()
        schema.method = self.request.method
        names = set()
        for parameter in overrides():
            location = getattr(parameter, "location", "query")
            if getattr(parameter, "name", None) and location == "query":
                names.add(parameter.name)
        return names

    def check_query_parameters(self, request):
        unknown = sorted(set(request.query_params) - self.allowed_query_parameters())
        if unknown:
            raise ProblemError(
                "unknown-parameters",
                _("This operation does not take the query parameters: %(names)s.")
                % {"names": ", ".join(unknown)},
                errors=[
                    {"field": name, "message": _("Unknown query parameter."), "code": "unknown"}
                    for name in unknown
                ],
            )

    # -- the request's life -------------------------------------------------------------------------------
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttling
        self.authorise(request)
        self.check_query_parameters(request)
        if request.method == "POST":
            self._idempotency = idempotency.begin(request)  # may raise Replay or a problem

    def authorise(self, request):
        """Authorisation before validation (coalition.api.permissions): first, before anything is read."""

    def handle_exception(self, exc):
        if isinstance(exc, idempotency.Replay):
            self._replayed = True
            return exc.response
        try:
            return super().handle_exception(exc)
        except Exception:
            if self._idempotency is not None:
                idempotency.abandon(self._idempotency)
            raise

    def finalize_response(self, request, response, *args, **kwargs):
        if self._replayed:
            return response
        response = super().finalize_response(request, response, *args, **kwargs)
        self._add_location(request, response)
        response = self._conditional(request, response)
        if self._idempotency is not None:
            idempotency.finish(self._idempotency, response, self.idempotency_redact)
        return response

    def _add_location(self, request, response):
        if response.status_code != status.HTTP_201_CREATED or response.has_header("Location"):
            return
        data = getattr(response, "data", None)
        if not isinstance(data, dict) or "id" not in data or not getattr(self, "basename", None):
            return
        response["Location"] = reverse(f"{self.basename}-detail", args=[data["id"]], request=request)

    def _conditional(self, request, response):
        data = getattr(response, "data", None)
        if response.status_code not in (200, 201) or data is None or not isinstance(data, dict | list):
            return response
        if request.method not in ("GET", "HEAD") and not (isinstance(data, dict) and "id" in data):
            return response
        etag = rendered_etag(request, response) or etag_for(data)
        response["ETag"] = etag
        header = request.headers.get("If-None-Match")
        if request.method in ("GET", "HEAD") and header and if_none_match_hits(header, etag):
            not_modified = Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
            return super().finalize_response(request, not_modified)
        return response

    # -- preconditions ------------------------------------------------------------------------------------
    def check_precondition(self, instance):
        """`If-Match` against the record's current ETag (that of its GET). Called with the row locked."""
        header = self.request.headers.get("If-Match")
        if header is None:
            if self.request.method in UNSAFE and settings.API_REQUIRE_IF_MATCH:
                raise ProblemError(
                    "precondition-required",
                    _("Send If-Match with the ETag of the record as you read it."),
                )
            return
        current = etag_for(self.representation(instance))
        if if_match_fails(header, current):
            raise ProblemError(
                "precondition-failed",
                _("The record changed since you read it (its ETag is now %(etag)s); read it again.")
                % {"etag": current},
                headers={"ETag": current},
            )

    def representation(self, instance):
        """The record as its GET answers it (the ETag's source)."""
        serializer_class = self.get_serializer_class()
        action, self.action = self.action, "retrieve"
        try:
            serializer_class = self.get_serializer_class()
        finally:
            self.action = action
        queryset = self.get_queryset()
        fresh = queryset.filter(pk=instance.pk).first() or instance
        return serializer_class(fresh, context=self.get_serializer_context()).data


class ServiceModelViewSet(FastListMixin, PortalViewSetMixin, viewsets.ModelViewSet):
    """A model endpoint whose reads start at `visible_to(user)` and whose writes call services.

    Subclasses set `queryset`, `serializer_class`, `filterset_class` and the three services, each called
    with `actor=` and the validated fields (`create_service(**data)`, `update_service(<instance>, **data)`,
    `delete_service(<instance>)`; the instance keyword is `service_instance_name`). Lists answer through
    the fast read path (coalition.api.fastlist).
    """

    create_service = None
    update_service = None
    delete_service = None
    service_instance_name = None
    # Authorisation before validation (coalition.api.permissions.PortalPermission): the action a record's
    # write needs — set per action with `@action(..., permission_action=...)`; None: change or delete by
    # method — and the model a POST to the list creates (None: the queryset's).
    permission_action = None
    create_model = None

    def __init_subclass__(cls, **kwargs):
        # A lookup that cannot be a key (/pledges/abc/) is a 404 at the router, not an error in the
        # database; the pattern follows the model's primary key (integers, or UUIDs for summary jobs).
        super().__init_subclass__(**kwargs)
        if "lookup_value_regex" not in cls.__dict__ and getattr(cls, "queryset", None) is not None:
            pk = cls.queryset.model._meta.pk
            cls.lookup_value_regex = UUID_REGEX if isinstance(pk, models.UUIDField) else "[0-9]+"

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def authorise(self, request):
        authorise_record_first(self, request)

    def _instance_kwarg(self, instance):
        return {self.service_instance_name or instance._meta.model_name: instance}

    _preconditions_checked = False

    def get_object(self):
        instance = super().get_object()
        writing = self.request.method in UNSAFE or (self.request.method == "POST" and self.detail)
        if writing and not self._preconditions_checked:
            # The check and the write see the same row: concurrent writers with one ETag wait here in turn.
            if transaction.get_connection().in_atomic_block:
                type(instance).objects.select_for_update().filter(pk=instance.pk).exists()
            self.check_precondition(instance)
            self._preconditions_checked = True
        return instance

    def dispatch(self, request, *args, **kwargs):
        if request.method in UNSAFE or (request.method == "POST" and request.headers.get("If-Match")):
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    # -- read-only fields ---------------------------------------------------------------------------------
    def _actions_changing(self, field_name) -> list[str]:
        if field_name in self.field_actions:
            return self.field_actions[field_name]
        if field_name in ("status", "state", "response"):
            return [
                extra.url_path
                for extra in self.get_extra_actions()
                if extra.detail and "post" in extra.mapping
            ]
        return []

    def check_read_only_fields(self, serializer, instance=None):
        """A body that sets a read-only field (to another value than it has) is refused, naming the way."""
        data = self.request.data
        if not hasattr(data, "keys"):
            return
        current = serializer.to_representation(instance) if instance is not None else {}
        errors = []
        for name in data:
            field = serializer.fields.get(name)
            if field is None or not field.read_only:
                continue
            if instance is not None and name in current and current[name] == data[name]:
                continue  # the read value sent back unchanged (GET, edit, PUT): nothing to refuse
            actions = self._actions_changing(name)
            if actions:
                paths = ", ".join(f"POST {self.request.path.rstrip('/')}/{a}/" for a in actions)
                if instance is None:
                    paths = ", ".join(f"POST …/{{id}}/{a}/" for a in actions)
                message = _("%(field)s is read-only here; change it with %(paths)s.") % {
                    "field": name,
                    "paths": paths,
                }
            else:
                message = _("%(field)s is read-only: the portal sets it.") % {"field": name}
            errors.append({"field": name, "message": message, "code": "read_only"})
        if errors:
            raise ProblemError("read-only-fields", " ".join(e["message"] for e in errors), errors=errors)

    def create(self, request, *args, **kwargs):
        self.check_read_only_fields(self.get_serializer())
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        self.check_read_only_fields(serializer, instance)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        if getattr(instance, "_prefetched_objects_cache", None):
            instance._prefetched_objects_cache = {}
        return Response(serializer.data)

    def perform_create(self, serializer):
        serializer.instance = type(self).create_service(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = type(self).update_service(
            actor=self.request.user,
            **self._instance_kwarg(serializer.instance),
            **serializer.validated_data,
        )

    def perform_destroy(self, instance):
        type(self).delete_service(actor=self.request.user, **self._instance_kwarg(instance))
