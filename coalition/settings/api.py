"""The API: Django REST framework, its guarantees, the schema (drf-spectacular) and filter labels."""

from django.utils.translation import gettext_lazy as _

from coalition.env import env_bool, env_int

# The API schema and its docs need a login (token or session) unless API_DOCS_PUBLIC is on.
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", False)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "coalition.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["coalition.api.permissions.PortalPermission"],
    "DEFAULT_THROTTLE_CLASSES": ["coalition.throttling.PortalRateThrottle"],
    # JSON only (depth-bounded); an endpoint that takes a file adds multipart itself
    "DEFAULT_PARSER_CLASSES": ["coalition.api.parsers.BoundedJSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "coalition.api.filters.PortalFilterBackend",  # django-filter, choices scoped to the user
        "coalition.api.filters.UpdatedSinceFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "coalition.api.pagination.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "coalition.api.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "coalition.api.problems.problem_exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# API guarantees (coalition/api/base.py): refuse PUT/PATCH/DELETE without If-Match (428); how long an
# Idempotency-Key and its answer are kept; after how long a key whose request never finished is freed.
API_REQUIRE_IF_MATCH = env_bool("API_REQUIRE_IF_MATCH", False)
API_IDEMPOTENCY_HOURS = env_int("API_IDEMPOTENCY_HOURS", 24)
API_IDEMPOTENCY_LOCK_SECONDS = env_int("API_IDEMPOTENCY_LOCK_SECONDS", 120)

SPECTACULAR_SETTINGS = {
    "TITLE": "Coalition Portal API",
    "DESCRIPTION": (
        "The secretariat's registry, contributions, meetings and procurement roadmap of a capability "
        "coalition. Authenticate with `Authorization: Bearer <token>`; errors are RFC 9457 problem details."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": [
        "rest_framework.permissions." + ("AllowAny" if API_DOCS_PUBLIC else "IsAuthenticated")
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema is the truth (coalition/api/schema.py): no "null"/"" members in enums, problem responses.
    "ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "coalition.api.schema.postprocess",
    ],
    # Several models have a "status" or "role": name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "WebhookEventEnum": "webhooks.events.EVENT_CHOICES",
        "WebhookDeliveryStatusEnum": "webhooks.models.WebhookDelivery.Status",
        "MembershipRoleEnum": "coalition.models.Membership.Role",
        "ParticipantKindEnum": "coalition.models.Participant.Kind",
        "PledgeStatusEnum": "contributions.models.Pledge.Status",
        "PledgeKindEnum": "contributions.models.Pledge.Kind",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "ActionItemStatusEnum": "meetings.models.ActionItem.Status",
        "MinutesStatusEnum": "meetings.models.Minutes.Status",
        "AttendanceRoleEnum": "meetings.models.Attendance.Role",
        "DelegationRoleEnum": "meetings.models.Contact.DelegationRole",
        "RegistrationModeEnum": "meetings.models.Registration.Mode",
        "WrittenProcedureStatusEnum": "meetings.models.WrittenProcedure.Status",
        "MinutesCommentStatusEnum": "meetings.models.MinutesComment.Status",
        "MeetingFormatEnum": "meetings.models.Meeting.Format",
        "RoadmapItemStatusEnum": "procurement.models.RoadmapItem.Status",
        "ApiTokenStatusEnum": "coalition.models.ApiToken.Status",
    },
}

FILTERS_EMPTY_CHOICE_LABEL = _("Any")
FILTERS_NULL_CHOICE_LABEL = _("None")
