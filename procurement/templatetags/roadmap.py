from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from procurement.models import RoadmapItem
from procurement.selectors import FundingState

register = template.Library()

_STATUS_LABELS = dict(RoadmapItem.Status.choices)
_FUNDING_LABELS = dict(FundingState.choices)


@register.filter
def money(value, currency=""):
    """`1,234,567.00 EUR` (grouped per the active language), or an em dash when unknown."""
    if value is None or value == "":
        return "—"
    figure = floatformat(value, "2g")
    return f"{figure} {currency}".strip()


@register.filter
def whole(value):
    """A rounded figure for dense tables (`1,234,567`); exact amounts are on the detail page."""
    if value is None or value == "":
        return "—"
    return floatformat(value, "0g")


@register.filter
def eur(value):
    return money(value, "EUR")


@register.filter
def status_label(value):
    return _STATUS_LABELS.get(value, value)


@register.filter
def funding_label(value):
    return _FUNDING_LABELS.get(value, value)


@register.simple_tag
def quarter_label(quarter):
    return f"Q{quarter}" if quarter else _("During the year")
