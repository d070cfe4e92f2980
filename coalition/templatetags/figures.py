"""`{% load figures %}`: the one money component of every page (see coalition.figures).

{{ pledge.amount|money:pledge.currency }}        records: cents; None reads "undisclosed"
{{ total|money_whole:"EUR" }}                   overviews: whole units
{{ pledge.amount_eur|eur }}                      None reads "no rate"
{% total t.pledged_eur "EUR" undisclosed=t.undisclosed unconverted=t.unconverted %}
                                                 "at least 2,011,020 EUR + 3 undisclosed"
{% illustrative_notice records %}                one quiet notice when most records are examples
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coalition import figures

register = template.Library()


@register.filter
def money(value, currency=""):
    return figures.money(value, currency)


@register.filter
def money_whole(value, currency=""):
    return figures.money(value, currency, cents=False)


@register.filter
def eur(value):
    return figures.eur(value)


@register.filter
def eur_whole(value):
    return figures.eur(value, cents=False)


@register.filter
def whole(value):
    """A rounded figure without currency (`1,234,567`); an em dash when unknown."""
    return figures.number(value, cents=False) or "—"


@register.simple_tag
def total(value, currency="EUR", undisclosed=0, unconverted=0, cents=False, illustrative=False):
    return figures.money(
        value,
        currency,
        cents=cents,
        undisclosed=undisclosed or 0,
        unconverted=unconverted or 0,
        illustrative=illustrative,
    )


@register.inclusion_tag("coalition/_illustrative_notice.html", takes_context=True)
def illustrative_notice(context, records):
    """Sets `quiet_illustrative` for the rest of the section: its badges give way to one notice, and the
    few records stated by a source are marked instead."""
    share = figures.illustrative_share(records)
    context["quiet_illustrative"] = share["mostly"]
    text = ""
    if share["mostly"]:
        text = ngettext(
            "%(n)s of %(total)s entry here is illustrative: an example, not stated by any source.",
            "%(n)s of these %(total)s entries are illustrative: examples, not stated by any source.",
            share["illustrative"],
        ) % {"n": share["illustrative"], "total": share["total"]}
        if share["illustrative"] < share["total"]:
            text += " " + _("Those stated by a source are marked “sourced”.")
    return {"share": share, "text": text}


@register.simple_tag(takes_context=True)
def facts_toggle_url(context, on):
    """The current page's address with "facts only" switched on or off (other parameters kept)."""
    request = context.get("request")
    if request is None:
        return "?facts=1" if on else "?facts=0"
    query = request.GET.copy()
    query["facts"] = "1" if on else "0"
    query.pop("page", None)
    return f"{request.path}?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def is_facts_only(context):
    return figures.facts_only(context.get("request"))


@register.simple_tag(takes_context=True)
def illustrative_badge(context, record):
    """A record's "illustrative" badge (or, in a section made quiet by illustrative_notice, its "sourced"
    one), as coalition/_illustrative.html renders it, without a template include per row."""
    if context.get("quiet_illustrative"):
        if getattr(record, "is_illustrative", False):
            return "\n"
        return format_html(
            '<span class="badge sourced" title="{}">{}</span>\n', _("Stated by a source."), _("sourced")
        )
    if getattr(record, "is_illustrative", False):
        return format_html(
            '<span class="badge illustrative" title="{}">{}</span>\n',
            _("Not stated by any source: an example."),
            _("illustrative"),
        )
    return "\n"
