"""`{% load meetings_text %}`: `value|one_line` (text for an e-mail subject) and `mapping|get_item:key`."""

from django import template

from meetings.text import one_line as _one_line

register = template.Library()


@register.filter
def one_line(value):
    return _one_line(value)


@register.filter
def get_item(mapping, key):
    """`mapping[key]` in a template (None when absent)."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def reportable_by(action_item, user):
    """Whether `user` reports progress on (and closes) `action_item`: its owners and the secretariat."""
    from meetings.services import can_report

    return can_report(user, action_item)
