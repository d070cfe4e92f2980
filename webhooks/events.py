"""The events a webhook can subscribe to, and the record each one carries (as the API's GET shows it).

Every event comes from the portal's one after-change mechanism — the change history every model keeps
(django-simple-history's post_create_historical_record, as summaries use it) — or, for summaries, from the
snapshot being written: webhooks.signals connects both, so no other app's service is edited.
"""

from types import SimpleNamespace

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rest_framework.request import Request

EVENTS = {
    "pledge.created": _("A pledge was recorded."),
    "pledge.changed": _("A pledge was edited, reviewed, changed status or deleted (data.action says which)."),
    "pledge.transitioned": _("A pledge moved in its lifecycle (data.transition: from, to, when)."),
    "disbursement.recorded": _("A payment was recorded against a pledge."),
    "allocation.changed": _("A part of a pledge was allocated to a roadmap item, changed or released."),
    "roadmap_item.transitioned": _("A roadmap item moved to another stage (data.transition)."),
    "meeting.changed": _("A meeting was scheduled, changed, held, cancelled or deleted."),
    "summary.generated": _("A status summary of the coalition was generated."),
}
EVENT_CHOICES = list(EVENTS.items())
ACTIONS = {"+": "created", "~": "updated", "-": "deleted"}

# (model label, history type) -> event. A history type missing here sends nothing.
HISTORY_EVENTS = {
    ("contributions.pledge", "+"): "pledge.created",
    ("contributions.pledge", "~"): "pledge.changed",
    ("contributions.pledge", "-"): "pledge.changed",
    ("contributions.pledgetransition", "+"): "pledge.transitioned",
    ("contributions.disbursement", "+"): "disbursement.recorded",
    ("procurement.allocation", "+"): "allocation.changed",
    ("procurement.allocation", "~"): "allocation.changed",
    ("procurement.allocation", "-"): "allocation.changed",
    ("procurement.roadmapitemtransition", "+"): "roadmap_item.transitioned",
    ("meetings.meeting", "+"): "meeting.changed",
    ("meetings.meeting", "~"): "meeting.changed",
    ("meetings.meeting", "-"): "meeting.changed",
}

# Who reads the record for an event: the portal itself, with every coalition in view.
SYSTEM = SimpleNamespace(
    is_authenticated=True,
    is_superuser=True,
    is_staff=True,
    is_active=True,
    pk=None,
    _coalition_roles_cache={},
    _registry_manager_cache=True,
)


def _viewsets():
    from contributions.api.views import DisbursementViewSet, PledgeViewSet
    from meetings.api.views import MeetingViewSet
    from procurement.api.views import AllocationViewSet, RoadmapItemViewSet
    from summaries.api.views import SummaryViewSet

    return {
        "contributions.pledge": (PledgeViewSet, "retrieve"),
        "contributions.disbursement": (DisbursementViewSet, "retrieve"),
        "procurement.allocation": (AllocationViewSet, "retrieve"),
        "procurement.roadmapitem": (RoadmapItemViewSet, "retrieve"),
        "meetings.meeting": (MeetingViewSet, "retrieve"),
        "summaries.statussnapshot": (SummaryViewSet, "list"),  # the summary's headline, not its figures
    }


def representation(label: str, pk) -> dict | None:
    """The record as `GET /api/v1/<resource>/{id}/` answers it, or None when it no longer exists."""
    viewset_class, action = _viewsets()[label]
    request = Request(HttpRequest())
    request.user = SYSTEM
    view = viewset_class(request=request, format_kwarg=None, kwargs={}, action=action)
    obj = view.get_queryset().filter(pk=pk).first()
    if obj is None:
        return None
    # No request in the serializer's context: links in the record stay relative to the portal.
    serializer_class = view.get_serializer_class()
    return serializer_class(obj, context={"request": None, "view": view, "format": None}).data


def subject(label: str, instance) -> tuple[str, object, dict]:
    """(label, pk, extra data) of the record an event is about; a transition's event is about its record."""
    if label == "contributions.pledgetransition":
        from contributions.api.serializers import PledgeTransitionSerializer

        return (
            "contributions.pledge",
            instance.pledge_id,
            {"transition": PledgeTransitionSerializer(instance).data},
        )
    if label == "procurement.roadmapitemtransition":
        from procurement.api.serializers import RoadmapItemTransitionSerializer

        transition = RoadmapItemTransitionSerializer(instance, context={"request": None}).data
        return "procurement.roadmapitem", instance.roadmap_item_id, {"transition": transition}
    return label, instance.pk, {}
