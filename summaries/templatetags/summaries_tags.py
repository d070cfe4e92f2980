from decimal import Decimal

from django import template

from coalition import figures
from coalition.templatetags import figures as figures_tags
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


register.filter("whole", figures_tags.whole)  # the one money component (coalition.figures)


@register.simple_tag
def money(value, undisclosed=0, unconverted=0, currency="", short=False):
    """A sum of a summary in whole units that may cover undisclosed amounts or amounts without a rate:
    never "0.00" for unknown money ("at least 2,011,020 + 8 undisclosed")."""
    if value in (None, "") and not undisclosed and not unconverted:
        return "—"
    return figures.money(
        value,
        currency,
        cents=False,
        undisclosed=undisclosed or 0,
        unconverted=unconverted or 0,
        short=bool(short),
    )


@register.simple_tag
def stages_total(totals, *stages):
    """The sum of some stages of a summary's totals (`{% stages_total t "committed" "fulfilled" as c %}`):
    `eur` (None when nothing is known), `undisclosed` and `unconverted` (the pledges it leaves out)."""
    eur, known, undisclosed, unconverted = Decimal(0), False, 0, 0
    for row in (totals or {}).get("stages", []):
        if row.get("stage") not in stages:
            continue
        if row.get("amount_eur") not in (None, ""):
            eur += Decimal(str(row["amount_eur"]))
            known = True
        undisclosed += row.get("undisclosed") or 0
        unconverted += row.get("unconverted") or 0
    return {"eur": eur if known else None, "undisclosed": undisclosed, "unconverted": unconverted}
