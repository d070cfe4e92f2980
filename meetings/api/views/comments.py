"""Comments on circulated minutes: delegations comment until the deadline, the secretariat answers."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from coalition.api.base import ServiceModelViewSet
from meetings import services
from meetings.api.serializers import MinutesCommentAnswerSerializer, MinutesCommentSerializer
from meetings.api.views.common import payload
from meetings.filters import MinutesCommentFilter
from meetings.models import MinutesComment


class MinutesCommentViewSet(ServiceModelViewSet):
    """On the whole text (no `paragraph`) or a paragraph (its text is kept as `quote`). A delegate comments,
    changes and withdraws their delegation's open comments until `comments_due_on`; the secretariat
    answers or incorporates them (`answer`)."""

    queryset = MinutesComment.objects.select_related(
        "minutes__meeting", "revision", "incorporated_in", "participant", "author", "answered_by"
    ).order_by("minutes", "paragraph", "created_at", "pk")
    serializer_class = MinutesCommentSerializer
    filterset_class = MinutesCommentFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    create_service = services.minutes_comment_create
    update_service = services.minutes_comment_update
    delete_service = services.minutes_comment_delete
    service_instance_name = "comment"

    @extend_schema(request=MinutesCommentAnswerSerializer, responses={200: MinutesCommentSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """The secretariat's answer, or `incorporate` into the next revision."""
        comment = services.minutes_comment_answer(
            actor=request.user, comment=self.get_object(), **payload(MinutesCommentAnswerSerializer, request)
        )
        return Response(MinutesCommentSerializer(comment, context=self.get_serializer_context()).data)
