"""The registry proposals API: a secretariat proposes a shared-record change, a registry manager decides."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from coalition import proposals
from coalition.api.base import BlankAsNullChoiceField, ScopedModelSerializer, ServiceModelViewSet
from coalition.models import Coalition, Participant, RegistryProposal


class RegistryProposalSerializer(ScopedModelSerializer):
    subject = serializers.CharField(read_only=True)
    participant_kind = BlankAsNullChoiceField(
        choices=Participant.Kind.choices,
        required=False,
        help_text=_("For participant_create: state or organisation."),
    )

    class Meta:
        model = RegistryProposal
        fields = [
            "id",
            "coalition",
            "kind",
            "status",
            "subject",
            "participant",
            "participant_kind",
            "code",
            "name",
            "fx_rate",
            "currency",
            "date",
            "rate",
            "reason",
            "proposed_by",
            "proposed_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = [
            "status",
            "fx_rate",
            "proposed_by",
            "proposed_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        extra_kwargs = {
            "participant": {"help_text": _("For participant_rename: the participant to rename.")},
            "code": {"help_text": _("For participant_create: ISO 3166-1 alpha-2 code or an acronym.")},
            "name": {"help_text": _("The new participant's name, or the new name (participant_rename).")},
            "currency": {"help_text": _("For a rate: ISO 4217 code.")},
            "date": {"help_text": _("For a rate: the day of the rate.")},
            "rate": {"help_text": _("For a rate: units of the currency per 1 EUR.")},
        }


class ProposalCreateSerializer(serializers.Serializer):
    """What a proposal asks for: give the fields of its kind (fx_rate covers a new and a corrected rate)."""

    KINDS = [
        (RegistryProposal.Kind.PARTICIPANT_CREATE, _("New participant")),
        (RegistryProposal.Kind.PARTICIPANT_RENAME, _("Rename participant")),
        ("fx_rate", _("New or corrected exchange rate")),
    ]
    coalition = serializers.PrimaryKeyRelatedField(queryset=Coalition.objects.all())
    kind = serializers.ChoiceField(choices=KINDS)
    reason = serializers.CharField(help_text=_("Why: the source of the new figure or name."))
    participant = serializers.PrimaryKeyRelatedField(queryset=Participant.objects.all(), required=False)
    participant_kind = serializers.ChoiceField(choices=Participant.Kind.choices, required=False)
    code = serializers.CharField(required=False, max_length=12)
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    currency = serializers.CharField(required=False, max_length=3)
    date = serializers.DateField(required=False)
    rate = serializers.DecimalField(required=False, max_digits=20, decimal_places=8)

    REQUIRED = {
        RegistryProposal.Kind.PARTICIPANT_CREATE: ("participant_kind", "code"),
        RegistryProposal.Kind.PARTICIPANT_RENAME: ("participant", "name"),
        "fx_rate": ("currency", "date", "rate"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.context.get("request"), "user", None)
        self.fields["coalition"].queryset = Coalition.objects.visible_to(user)
        self.fields["participant"].queryset = Participant.objects.visible_to(user)

    def validate(self, attrs):
        missing = [f for f in self.REQUIRED[attrs["kind"]] if attrs.get(f) in (None, "")]
        if missing:
            raise ValidationError({f: _("Required for a proposal of this kind.") for f in missing})
        return attrs


class ProposalDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Required to reject: the secretariat reads it.")
    )


class RegistryProposalViewSet(ServiceModelViewSet):
    """Proposals to change the shared participants and exchange rates. A coalition's secretariat proposes
    and sees its own; registry managers see all and `accept` (the record is written at once, through its
    own checks) or `reject` them; the proposing secretariat may `withdraw` a pending one."""

    queryset = RegistryProposal.objects.select_related("participant", "fx_rate").order_by(
        "-proposed_at", "-pk"
    )
    serializer_class = RegistryProposalSerializer
    filterset_fields = ["coalition", "kind", "status"]
    http_method_names = ["get", "post", "head", "options"]
    # Authorisation before validation (coalition.permissions.check_create_allowed): these may create.
    create_model = RegistryProposal

    @extend_schema(request=ProposalCreateSerializer, responses={201: RegistryProposalSerializer})
    def create(self, request, *args, **kwargs):
        payload = ProposalCreateSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        kind = data.pop("kind")
        common = {"actor": request.user, "coalition": data.pop("coalition"), "reason": data.pop("reason")}
        if kind == RegistryProposal.Kind.PARTICIPANT_CREATE:
            proposal = proposals.propose_participant(
                **common,
                participant_kind=data["participant_kind"],
                code=data["code"],
                name=data.get("name", ""),
            )
        elif kind == RegistryProposal.Kind.PARTICIPANT_RENAME:
            proposal = proposals.propose_participant_rename(
                **common, participant=data["participant"], name=data["name"]
            )
        else:
            proposal = proposals.propose_fx_rate(
                **common, currency=data["currency"], date=data["date"], rate=data["rate"]
            )
        return self._respond(proposal, status.HTTP_201_CREATED)

    def _respond(self, proposal, code=status.HTTP_200_OK):
        proposal = self.get_queryset().get(pk=proposal.pk)
        return Response(self.get_serializer(proposal).data, status=code)

    def _decide(self, request, service):
        proposal = self.get_object()
        payload = ProposalDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._respond(
            service(actor=request.user, proposal=proposal, note=payload.validated_data.get("note", ""))
        )

    @extend_schema(request=ProposalDecisionSerializer, responses={200: RegistryProposalSerializer})
    @action(detail=True, methods=["post"], permission_action=proposals.DECIDE)
    def accept(self, request, pk=None):
        """Accept: the participant or rate is written now; the proposal links to it."""
        return self._decide(request, proposals.proposal_accept)

    @extend_schema(request=ProposalDecisionSerializer, responses={200: RegistryProposalSerializer})
    @action(detail=True, methods=["post"], permission_action=proposals.DECIDE)
    def reject(self, request, pk=None):
        """Reject, with a note saying why."""
        return self._decide(request, proposals.proposal_reject)

    @extend_schema(request=None, responses={200: RegistryProposalSerializer})
    @action(detail=True, methods=["post"], permission_action=proposals.WITHDRAW)
    def withdraw(self, request, pk=None):
        """The proposing secretariat withdraws a pending proposal."""
        proposal = self.get_object()
        return self._respond(proposals.proposal_withdraw(actor=request.user, proposal=proposal))
