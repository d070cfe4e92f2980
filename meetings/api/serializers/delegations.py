"""Serializers of contacts and distribution lists."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coalition.api.base import ScopedModelSerializer
from coalition.models import Coalition, Membership
from meetings.models import Contact, DistributionList

__all__ = [
    "ContactImportReportSerializer",
    "ContactImportSerializer",
    "ContactSerializer",
    "DistributionListReachSerializer",
    "DistributionListSerializer",
]


class ContactSerializer(ScopedModelSerializer):
    has_address = serializers.SerializerMethodField(help_text="Whether e-mail reaches this contact.")

    class Meta:
        model = Contact
        fields = [
            "id",
            "coalition",
            "participant",
            "name",
            "function",
            "delegation_role",
            "email",
            "phone",
            "language",
            "user",
            "is_active",
            "has_address",
            "note",
            "source",
            "is_illustrative",
        ]
        validators = []  # the service checks uniqueness and says why

    def get_has_address(self, obj) -> bool:
        return bool(obj.address)


class ContactImportSerializer(serializers.Serializer):
    coalition = serializers.PrimaryKeyRelatedField(queryset=Coalition.objects.all())
    file = serializers.FileField(help_text="A UTF-8 CSV file (the shape of the export).")
    dry_run = serializers.BooleanField(default=True, help_text="Only check the file; write nothing.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        self.fields["coalition"].queryset = Coalition.objects.visible_to(getattr(request, "user", None))


class _RowErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    name = serializers.CharField()
    field = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class ContactImportReportSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    dry_run = serializers.BooleanField()
    created = serializers.IntegerField(help_text="Rows that add a contact (written unless dry_run).")
    updated = serializers.IntegerField(help_text="Rows that update a contact (written unless dry_run).")
    written = serializers.IntegerField()
    file_errors = serializers.ListField(child=serializers.CharField())
    row_errors = _RowErrorSerializer(many=True)


class DistributionListSerializer(ScopedModelSerializer):
    membership_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Membership.Role.choices),
        required=False,
        help_text="Participants with these roles in the coalition; empty: any role.",
    )
    delegation_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Contact.DelegationRole.choices),
        required=False,
        help_text="Contacts with these roles in their delegation; empty: everyone.",
    )

    class Meta:
        model = DistributionList
        fields = [
            "id",
            "coalition",
            "name",
            "description",
            "is_rule_based",
            "membership_roles",
            "delegation_roles",
            "expert_group",
            "extra_contacts",
            "source",
            "is_illustrative",
        ]
        validators = []


class _ReachedContactSerializer(serializers.ModelSerializer):
    participant = serializers.CharField(source="participant.code")
    has_address = serializers.SerializerMethodField()

    class Meta:
        model = Contact
        fields = ["id", "participant", "name", "delegation_role", "has_address"]

    @extend_schema_field(serializers.BooleanField())
    def get_has_address(self, obj) -> bool:
        return bool(obj.address)


class DistributionListReachSerializer(serializers.Serializer):
    contacts = _ReachedContactSerializer(many=True)
    addresses = serializers.IntegerField(help_text="How many e-mail addresses the list reaches.")
    without_address = serializers.IntegerField(help_text="Contacts on the list whom e-mail cannot reach.")
    delegations = serializers.ListField(child=serializers.CharField())
    reaches_nobody = serializers.BooleanField()
