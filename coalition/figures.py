"""How figures are shown, in one place: money that cannot mislead, and the "facts only" switch.

- An undisclosed amount reads "undisclosed", never 0.00; a total with undisclosed parts reads
  "at least 2,011,020 EUR + 3 undisclosed"; an amount without an exchange rate reads "no rate".
- Overviews show whole units, records show cents; grouping follows the active language; a date in a
  message reads as the language writes it (`day`).
- Illustrative figures (examples, not facts) are marked; with "facts only" on (`?facts=1`, kept in the
  session until `?facts=0`) they are left out of every total.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SESSION_KEY = "facts_only"


def day(value) -> str:
    """A date in a message, as the active language writes it ("2 Apr 2024"; never ISO or US style)."""
    return formats.date_format(value, "DATE_FORMAT")


def facts_only(request) -> bool:
    """Whether illustrative figures are left out for this request. `?facts=1`/`?facts=0` switch it and the
    choice is kept in the session, so every page's totals follow it."""
    if request is None:
        return False
    cached = getattr(request, "_facts_only", None)
    if cached is not None:
        return cached
    asked = request.GET.get("facts")
    session = getattr(request, "session", None)
    if asked in ("0", "1"):
        value = asked == "1"
        if session is not None and session.get(SESSION_KEY, False) != value:
            session[SESSION_KEY] = value
    else:
        value = bool(session.get(SESSION_KEY, False)) if session is not None else False
    request._facts_only = value
    return value


def without_illustrations(queryset, request):
    """The queryset without illustrative records when "facts only" is on."""
    return queryset.filter(is_illustrative=False) if facts_only(request) else queryset


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def number(value, *, cents=True) -> str:
    """A figure grouped per the active language: 1,234,567.50 (cents) or 1,234,568 (whole units)."""
    amount = _decimal(value)
    if amount is None:
        return ""
    places = 2 if cents else 0
    amount = amount.quantize(Decimal(1).scaleb(-places))
    return formats.number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)


def compact(value, *, money=True) -> str:
    """A value short enough for a bar or a projector: 2.01 bn, 7.2 m, 804 k (money), or the count itself."""
    amount = _decimal(value)
    if amount is None:
        return "—"
    if not money:
        return formats.number_format(amount.quantize(Decimal(1)), decimal_pos=0, force_grouping=True)
    for threshold, suffix, places in (
        (Decimal(10) ** 9, _("bn"), 2),
        (Decimal(10) ** 6, _("m"), 1),
        (Decimal(10) ** 3, _("k"), 0),
    ):
        if abs(amount) >= threshold:
            shown = formats.number_format(
                (amount / threshold).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP),
                decimal_pos=places,
            )
            return f"{shown} {suffix}"
    return formats.number_format(amount.quantize(Decimal(1)), decimal_pos=0)


def _unknown(text):
    return format_html('<span class="unknown">{}</span>', text)


def money(
    value,
    currency="",
    *,
    cents=True,
    undisclosed=0,
    unconverted=0,
    illustrative=False,
    unknown=None,
    short=False,
):
    """The one way money is written. `value` None: nothing is known ("undisclosed", or `unknown`);
    `undisclosed`/`unconverted`: how many parts of a total are left out (the total then reads "at least");
    `illustrative`: the figure is an example and is marked so; `short`: 2.01 bn (a projector)."""
    amount = _decimal(value)
    currency = currency or ""
    if amount is None:
        if unconverted and not undisclosed:
            return _unknown(_("no rate"))
        if undisclosed and undisclosed > 1:
            return _unknown(
                ngettext("%(n)s undisclosed", "%(n)s undisclosed", undisclosed) % {"n": undisclosed}
            )
        return _unknown(unknown or _("undisclosed"))
    figure = compact(amount) if short else number(amount, cents=cents)
    text = f"{figure} {currency}".strip()
    parts = []
    if undisclosed:
        parts.append(ngettext("%(n)s undisclosed", "%(n)s undisclosed", undisclosed) % {"n": undisclosed})
    if unconverted:
        parts.append(ngettext("%(n)s without rate", "%(n)s without rate", unconverted) % {"n": unconverted})
    if parts:
        if amount == 0:  # nothing known yet: the count says it all, never "0.00"
            return _unknown(" + ".join(parts))
        shown = format_html(
            '{} <span class="money-rest">+ {}</span>',
            _("at least %(amount)s") % {"amount": text},
            " + ".join(parts),
        )
    else:
        shown = text
    if illustrative:
        return format_html(
            '<span class="illustrative-figure" title="{}">{} <small>{}</small></span>',
            _("An example, not stated by any source."),
            shown,
            _("(illustrative)"),
        )
    return format_html("{}", shown)


def eur(value, *, cents=True):
    """A figure converted to euros; None means it could not be converted: "no rate"."""
    if _decimal(value) is None:
        return _unknown(_("no rate"))
    return money(value, "EUR", cents=cents)


def illustrative_share(records) -> dict:
    """Whether most of a section's records are illustrative: then the section carries one quiet notice and
    marks the few facts, instead of a badge on every name."""
    records = list(records)
    illustrative = sum(1 for record in records if getattr(record, "is_illustrative", False))
    mostly = len(records) >= 3 and illustrative * 2 > len(records)
    return {"total": len(records), "illustrative": illustrative, "mostly": mostly}
