"""`{% load meetings_text %}`: `value|one_line` for text that goes into an e-mail subject."""

from django import template

from meetings.text import one_line as _one_line

register = template.Library()


@register.filter
def one_line(value):
    return _one_line(value)
