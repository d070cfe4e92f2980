from django import template

from contributions.models import Pledge
from procurement.models import RoadmapItem

register = template.Library()

_LABELS = {
    "pledge": dict(Pledge.Status.choices),
    "review": dict(Pledge.Review.choices),
    "roadmap": dict(RoadmapItem.Status.choices),
}


@register.filter
def status_label(value, kind="pledge"):
    """The translated label of a status value kept raw in a snapshot."""
    return _LABELS.get(kind, {}).get(value, value)


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
