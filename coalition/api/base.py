"""The base of every API viewset and serializer: scoped reads, writes through services, one policy.

Integrator guarantees (ETags, idempotency keys, rate limits) belong here, so every endpoint gets them.
"""

from datetime import UTC

from django.db import models
from rest_framework import serializers, viewsets

from coalition.api.permissions import authorise_record_first
from coalition.permissions import scope_queryset

UUID_REGEX = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"


class UTCDateTimeField(serializers.DateTimeField):
    """Timestamps leave the API in UTC (ISO 8601 with Z), whatever the portal's display time zone."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default_timezone", UTC)
        super().__init__(*args, **kwargs)

    def to_representation(self, value):
        text = super().to_representation(value)
        return text.replace("+00:00", "Z") if isinstance(text, str) else text


TIMESTAMP_FIELDS = ("created_at", "updated_at")


class ScopedModelSerializer(serializers.ModelSerializer):
    """Related fields offer only records the requesting user may see: others are 'does not exist'.

    Timestamps are UTC; money fields come as strings (COERCE_DECIMAL_TO_STRING), never floats. A model with
    `created_at`/`updated_at` (coalition.models.Timestamped) shows both, read-only, without listing them.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: UTCDateTimeField,
    }

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


class ServiceModelViewSet(viewsets.ModelViewSet):
    """A model endpoint whose reads start at `visible_to(user)` and whose writes call services.

    Subclasses set `queryset`, `serializer_class`, `filterset_class` and the three services, each called
    with `actor=` and the validated fields (`create_service(**data)`, `update_service(<instance>, **data)`,
    `delete_service(<instance>)`; the instance keyword is `service_instance_name`).
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

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        authorise_record_first(self, request)

    def _instance_kwarg(self, instance):
        return {self.service_instance_name or instance._meta.model_name: instance}

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
