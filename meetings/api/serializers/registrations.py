"""Serializers of named registrations."""

from coalition.api.base import ScopedModelSerializer
from meetings.models import Registration

__all__ = ["RegistrationSerializer"]


class RegistrationSerializer(ScopedModelSerializer):
    class Meta:
        model = Registration
        fields = [
            "id",
            "invitation",
            "contact",
            "name",
            "function",
            "email",
            "mode",
            "needs_badge",
            "needs_visa_letter",
            "note",
            "registered_at",
            "registered_by",
        ]
        read_only_fields = ["registered_at", "registered_by"]
        extra_kwargs = {
            "name": {"required": False, "help_text": "Optional with a contact: its name is used."}
        }
        validators = []
