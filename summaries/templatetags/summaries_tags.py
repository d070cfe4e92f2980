from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contributions.models import Pledge
from procurement.models import RoadmapItem
from summaries import payload as payloads

register = template.Library()

_LABELS = {
    "pledge": dict(Pledge.Status.choices),
    "review": dict(Pledge.Review.choices),
    "roadmap": dict(RoadmapItem.Status.choices),
    "pledge_stage": payloads.PLEDGE_STAGE_LABELS,
    "verdict": payloads.VERDICT_LABELS,
}


@register.filter
def status_label(value, kind="pledge"):
    """The translated label of a code kept raw in a snapshot."""
    return _LABELS.get(kind, {}).get(value, value)


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def whole(value):
    """A money string of a summary as whole units with grouping (overviews show no cents)."""
    if value in (None, ""):
        return "—"
    amount = Decimal(str(value)).quantize(Decimal(1))
    return formats.number_format(amount, decimal_pos=0, force_grouping=True)


@register.simple_tag
def money(value, undisclosed=0, unconverted=0):
    """A sum that may cover undisclosed amounts or amounts without a rate: never "0.00" for unknown money.

    "undisclosed" when nothing is known; otherwise the known part and what it leaves out
    ("2,011,020 + 8 undisclosed").
    """
    if value in (None, ""):
        if undisclosed:
            return format_html('<span class="unknown">{}</span>', _("undisclosed"))
        if unconverted:
            return format_html('<span class="unknown">{}</span>', _("no rate"))
        return "—"
    text = whole(value)
    parts = []
    if undisclosed:
        parts.append(ngettext("%(n)s undisclosed", "%(n)s undisclosed", undisclosed) % {"n": undisclosed})
    if unconverted:
        parts.append(ngettext("%(n)s without rate", "%(n)s without rate", unconverted) % {"n": unconverted})
    if not parts:
        return text
    return format_html('{} <small class="muted">+ {}</small>', text, ", ".join(parts))
