"""`/api/v1/audit/` (a coalition's trail, for its secretariat) and `/api/v1/changes/` (every change the caller
may see, oldest first, for incremental sync). Both read the history tables: deletions are included."""

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from coalition import audit
from coalition.models import Coalition
from coalition.permissions import AUDIT, can, roles_of


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField(help_text="The field's name as people read it.")
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Unique: <app>.<model>:<history id>.")
    at = serializers.DateTimeField()
    action = serializers.ChoiceField(choices=["created", "changed", "transition", "deleted"])
    type = serializers.CharField(help_text="The record's kind, e.g. pledge.")
    type_label = serializers.CharField()
    record_id = serializers.CharField()
    record = serializers.CharField(help_text="The record as it was named then.")
    user = serializers.CharField(allow_null=True)
    user_id = serializers.IntegerField(allow_null=True)
    changes = FieldChangeSerializer(many=True)


class SecurityEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.ChoiceField(
        choices=["login", "login_failed", "locked_out", "failed_logins", "token_used"]
    )
    user = serializers.CharField()
    address = serializers.CharField(allow_null=True)
    detail = serializers.CharField(allow_blank=True)


@extend_schema_serializer(many=False)  # one page object, not a list of them (the view's action is `list`)
class ChangesPageSerializer(serializers.Serializer):
    next = serializers.CharField(
        allow_null=True, help_text="Ask again with this cursor, now or later (null only before any change)."
    )
    has_more = serializers.BooleanField(help_text="More changes are waiting now: ask again at once.")
    results = HistoryEntrySerializer(many=True)


@extend_schema_serializer(many=False)
class AuditPageSerializer(serializers.Serializer):
    next = serializers.CharField(allow_null=True, help_text="The cursor of the next (older) page, if any.")
    results = HistoryEntrySerializer(many=True)
    logins = SecurityEventSerializer(many=True, required=False, help_text="With include=logins.")


def _moment(params, name):
    value = params.get(name)
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        raise ValidationError({name: [_("Give an ISO 8601 date and time, e.g. 2024-04-09T00:00:00Z.")]})
    return moment


def _cursor(params):
    try:
        return audit.Cursor.decode(params["cursor"]) if params.get("cursor") else None
    except ValueError as exc:
        raise ValidationError({"cursor": [str(exc)]}) from None


def _limit(params):
    value = params.get("page_size", "50")
    if not value.isdigit() or not 1 <= int(value) <= 500:
        raise ValidationError({"page_size": [_("Between 1 and 500.")]})
    return int(value)


def _user_id(params):
    value = params.get("user")
    if value is None:
        return None
    if not value.isdigit():
        raise ValidationError({"user": [_("Give a user id.")]})
    return int(value)


COMMON = [
    OpenApiParameter("type", OpenApiTypes.STR, description="Only records of this kind (e.g. pledge)."),
    OpenApiParameter("record", OpenApiTypes.STR, description="Only this record (with `type`)."),
    OpenApiParameter("user", OpenApiTypes.INT, description="Only changes by this user."),
    OpenApiParameter("since", OpenApiTypes.DATETIME, description="Only changes at or after this moment."),
    OpenApiParameter("until", OpenApiTypes.DATETIME, description="Only changes before this moment."),
    OpenApiParameter("cursor", OpenApiTypes.STR, description="The `next` cursor of the previous page."),
    OpenApiParameter(
        "page_size", {"type": "integer", "minimum": 1, "maximum": 500}, description="1 to 500 (default 50)."
    ),
]


def _filters(params):
    types = {params["type"]} if params.get("type") else None
    known = {audit.type_name(m) for m in audit.audited_models()}
    if types and not types <= known:
        raise ValidationError(
            {"type": [_("Unknown record type; one of: %(types)s.") % {"types": ", ".join(sorted(known))}]}
        )
    if params.get("record") and not types:
        raise ValidationError({"record": [_("Give the record's type too.")]})
    return {
        "types": types,
        "record_id": params.get("record") or None,
        "user_id": _user_id(params),
        "since": _moment(params, "since"),
        "until": _moment(params, "until"),
        "cursor": _cursor(params),
        "limit": _limit(params),
    }


class AuditViewSet(viewsets.ViewSet):
    """A coalition's audit trail, newest first: every create, change, transition and delete of its records
    (deleted records included), with the changed fields and their labels; with `include=logins`, also the
    logins, failed logins, lockouts and token use of its users. For the coalition's secretariat."""

    @extend_schema(
        parameters=[
            OpenApiParameter("coalition", OpenApiTypes.INT, required=True, description="Coalition id."),
            OpenApiParameter("include", OpenApiTypes.STR, enum=["logins"], description="Add login events."),
            *COMMON,
        ],
        responses={200: AuditPageSerializer},
    )
    def list(self, request):
        params = request.query_params
        value = params.get("coalition", "")
        coalition = (
            Coalition.objects.visible_to(request.user).filter(pk=int(value)).first()
            if value.isdigit()
            else None
        )
        if coalition is None:  # a coalition the caller has no role in answers as one that does not exist
            raise ValidationError({"coalition": [_("No such coalition.")]})
        if not can(request.user, AUDIT, coalition):
            raise PermissionDenied(_("Only the coalition's secretariat reads its audit trail."))
        filters = _filters(params)
        entries, next_cursor, _last = audit.history_entries(
            coalition_ids=[coalition.pk],
            include_shared=False,
            newest_first=True,
            audit_trail=True,
            **filters,
        )
        body = {"next": next_cursor, "results": entries}
        if params.get("include") == "logins":
            body["logins"] = audit.security_events(
                coalition_id=coalition.pk, since=filters["since"], until=filters["until"]
            )
        return Response(body)


class ChangesViewSet(viewsets.ViewSet):
    """Every change the caller may see — creations, changes, transitions and deletions of the records of
    their coalitions, and of the shared participants and rates — oldest first, for incremental sync: keep
    `next` and ask again with it (at once while `has_more`, later otherwise)."""

    @extend_schema(parameters=COMMON, responses={200: ChangesPageSerializer})
    def list(self, request):
        filters = _filters(request.query_params)
        user = request.user
        coalition_ids = list(Coalition.objects.visible_to(user).values_list("pk", flat=True))
        entries, more, last = audit.history_entries(
            coalition_ids=coalition_ids,
            include_shared=user.is_superuser or bool(roles_of(user)),
            newest_first=False,
            **filters,
        )
        given = request.query_params.get("cursor") or None
        return Response({"next": last or given, "has_more": more is not None, "results": entries})
