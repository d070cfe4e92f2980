import json

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coalition.api.base import ScopedModelSerializer
from webhooks.events import EVENT_CHOICES
from webhooks.models import WebhookDelivery, WebhookEndpoint


class WebhookEndpointSerializer(ScopedModelSerializer):
    """An endpoint. Its signing `secret` is answered once, by the create (201), and never again."""

    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_CHOICES), allow_empty=False, max_length=len(EVENT_CHOICES)
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "coalition", "url", "description", "events", "is_active", "created_by"]
        read_only_fields = ["created_by"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if (
            self.instance is not None
            and not isinstance(self.instance, list | tuple)
            and "coalition" in self.fields
        ):
            self.fields["coalition"].read_only = True


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(
        read_only=True, help_text="The signing secret: shown in this answer only. Keep it with the receiver."
    )

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]


class WebhookDeliverySerializer(ScopedModelSerializer):
    event = serializers.ChoiceField(choices=EVENT_CHOICES, read_only=True)
    payload = serializers.SerializerMethodField(help_text="The body that was signed and sent, parsed.")

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "endpoint",
            "event_id",
            "event",
            "status",
            "attempts",
            "response_code",
            "response_excerpt",
            "last_error",
            "next_attempt_at",
            "last_attempt_at",
            "delivered_at",
            "redelivery_of",
            "payload",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "object", "additionalProperties": True})
    def get_payload(self, obj) -> dict:
        return json.loads(obj.body)
