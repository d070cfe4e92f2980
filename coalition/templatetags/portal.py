from django import template

from coalition.models import Membership

register = template.Library()

_ROLE_LABELS = dict(Membership.Role.choices)


@register.filter
def role_label(value):
    """The translated label of a membership role value (for annotated querysets that hold the raw value)."""
    return _ROLE_LABELS.get(value, value)
