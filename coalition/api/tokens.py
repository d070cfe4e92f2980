"""`/api/v1/tokens/`: list, create (the secret shown once), rotate and revoke tokens (coalition.tokens)."""

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from coalition import tokens
from coalition.api.base import ScopedModelSerializer, ServiceModelViewSet, UTCDateTimeField
from coalition.api.permissions import BY_SERVICE, PortalPermission
from coalition.api.problems import ProblemError
from coalition.models import ApiToken

NO_STORE = {"Cache-Control": "no-store"}


class TokenSerializer(ScopedModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    status = serializers.ChoiceField(
        choices=ApiToken.Status.choices, read_only=True, help_text=gettext_lazy("Whether it works.")
    )

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "scope",
            "prefix",
            "user",
            "username",
            "status",
            "expires_at",
            "last_used_at",
            "rotated_at",
            "revoked_at",
        ]
        read_only_fields = fields


class TokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy("What it is for."),
    )
    scope = serializers.ChoiceField(choices=ApiToken.Scope.choices)
    expires_at = UTCDateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("Absent or null: never expires."),
    )


class TokenSecretSerializer(TokenSerializer):
    secret = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy(
            "The token, shown this once (send it as `Authorization: Bearer <secret>`); null in a replay "
            "of the same Idempotency-Key, since it is never stored: rotate the token then."
        ),
    )

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class TokenFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=ApiToken.Status.choices,
        method="with_status",
        label=gettext_lazy("Status"),
    )

    class Meta:
        model = ApiToken
        fields = ["user", "scope", "status"]

    def with_status(self, queryset, name, value):
        from django.db.models import Q
        from django.utils import timezone

        now = timezone.now()
        if value == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        expired = Q(expires_at__isnull=False, expires_at__lte=now)
        if value == "expired":
            return queryset.filter(expired, revoked_at__isnull=True)
        return queryset.filter(revoked_at__isnull=True).exclude(expired)


class TokenPermission(PortalPermission):
    """Anyone signed in may create a token of their own (the service checks); a read token writes nothing."""

    def has_permission(self, request, view):
        if request.method == "POST" and "pk" not in getattr(view, "kwargs", {}):
            if not (request.user and request.user.is_authenticated):
                return False
            token = request.auth
            if isinstance(token, ApiToken) and token.scope == ApiToken.Scope.READ:
                self.message = _("This token has read scope; writing needs a token with write scope.")
                self.code = "read-only-token"
                return False
            return True
        return super().has_permission(request, view)


class TokenViewSet(ServiceModelViewSet):
    """API tokens: one's own; the secretariat also sees (and may revoke) the tokens of its coalition's users.

    Create answers the secret once; rotate gives the same token a new secret (the old one stops at once);
    `DELETE` revokes (the token stays listed, `status: revoked`). Each is in the coalition's audit trail.
    """

    queryset = ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
    serializer_class = TokenSerializer
    filterset_class = TokenFilter
    permission_classes = [TokenPermission]
    permission_action = BY_SERVICE  # coalition.tokens decides (the owner rotates; the secretariat revokes)
    http_method_names = ["get", "post", "delete", "head", "options"]
    idempotency_redact = ("secret",)

    def _secret_response(self, token, secret, code):
        data = TokenSecretSerializer(token, context=self.get_serializer_context()).data
        data["secret"] = secret
        return Response(data, status=code, headers=NO_STORE)

    @extend_schema(request=TokenCreateSerializer, responses={201: TokenSecretSerializer})
    def create(self, request, *args, **kwargs):
        """Create a token of your own; the answer carries its secret, shown this once."""
        payload = TokenCreateSerializer(data=request.data)
        if hasattr(request.data, "keys"):
            self._refuse_other_fields(request.data, payload.fields)
        payload.is_valid(raise_exception=True)
        via = request.auth if isinstance(request.auth, ApiToken) else None
        token, secret = tokens.token_create(actor=request.user, via=via, **payload.validated_data)
        return self._secret_response(token, secret, status.HTTP_201_CREATED)

    def _refuse_other_fields(self, data, writable):
        errors = [
            {"field": name, "message": _("%(field)s is read-only: the portal sets it.") % {"field": name}}
            | {"code": "read_only"}
            for name in data
            if name not in writable
        ]
        if errors:  # e.g. `user`: a token is always its creator's own
            raise ProblemError("read-only-fields", " ".join(e["message"] for e in errors), errors=errors)

    @extend_schema(request=None, responses={200: TokenSecretSerializer})
    @action(detail=True, methods=["post"])
    def rotate(self, request, pk=None):
        """A new secret for your own active token (same name, scope and expiry); the old one stops at once."""
        token, secret = tokens.token_rotate(actor=request.user, token=self.get_object())
        return self._secret_response(token, secret, status.HTTP_200_OK)

    @extend_schema(responses={204: OpenApiResponse(description="Revoked (or already revoked).")})
    def destroy(self, request, *args, **kwargs):
        """Revoke: yours, your coalition's (secretariat), any (superuser). The token stays listed, revoked."""
        tokens.token_revoke(actor=request.user, token=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
