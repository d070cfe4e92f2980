from django import template
from django.utils.translation import gettext as _

from coalition import figures
from coalition.templatetags import figures as figures_tags
from procurement.models import RoadmapItem
from procurement.selectors import FundingState

register = template.Library()

_STATUS_LABELS = dict(RoadmapItem.Status.choices)
_FUNDING_LABELS = dict(FundingState.choices)


@register.filter
def money(value, currency=""):
    """`1,234,567.00 EUR` (the one money component, coalition.figures); "not estimated" when unknown."""
    return figures.money(value, currency, unknown=_("not estimated"))


# Dense tables: whole units; exact amounts are on the detail page.
register.filter("whole", figures_tags.whole)
register.filter("money_whole", figures_tags.money_whole)


@register.filter
def eur(value):
    return money(value, "EUR")


@register.filter
def eur_whole(value):
    return figures.money(value, "EUR", cents=False, unknown=_("not estimated"))


@register.filter
def status_label(value):
    return _STATUS_LABELS.get(value, value)


@register.filter
def funding_label(value):
    return _FUNDING_LABELS.get(value, value)


@register.simple_tag
def quarter_label(quarter):
    return f"Q{quarter}" if quarter else _("During the year")
