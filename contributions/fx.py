"""Conversion to euros with the reference-rate table (`FxRate`).

Rate direction (the ECB reference-rate layout): a rate is the number of units of the currency that one euro
buys on that date, e.g. `USD 1.0813` on 2024-02-02 means 1 EUR = 1.0813 USD. So

    eur = amount / rate        (rounded half-up to the cent)

The rate used for a date is the latest rate on or before that date (the ECB publishes none on weekends and
holidays). EUR converts at 1 with the date itself. When no rate exists on or before the date, the figure is
reported as missing (`eur`, `rate` and `rate_date` are all None) and never guessed.

`to_eur()` converts one amount; `annotate_eur()` adds the same figures to a queryset in the same query (a
correlated subquery for the rate), which is what lists and totals use.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Round

from contributions.models import FxRate

CENT = Decimal("0.01")
BASE = "EUR"
RATE_FIELD = DecimalField(max_digits=20, decimal_places=8)
MONEY_FIELD = DecimalField(max_digits=18, decimal_places=2)


@dataclass(frozen=True)
class Conversion:
    """An amount in euros with the rate (units per EUR) and the date of the rate that produced it."""

    eur: Decimal | None
    rate: Decimal | None
    rate_date: date | None

    @property
    def missing(self) -> bool:
        return self.rate is None


MISSING = Conversion(eur=None, rate=None, rate_date=None)


def rate_text(rate: Decimal | None, places: int | None = None) -> str:
    """A rate as published: to `places` decimals when known ("0.85440"), else without padding zeros."""
    if rate is None:
        return "—"
    value = Decimal(rate)
    if places is not None:
        return f"{value:.{places}f}"
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def eur_of(amount: Decimal | None, rate: Decimal | None) -> Decimal | None:
    """`amount / rate` to the cent (half-up), or None when either is unknown."""
    if amount is None or rate is None:
        return None
    return (Decimal(amount) / Decimal(rate)).quantize(CENT, rounding=ROUND_HALF_UP)


def rate_on(currency: str, on_date: date) -> tuple[Decimal, date] | None:
    """The latest (rate, date) of `currency` on or before `on_date`; (1, on_date) for EUR; None if none."""
    if currency == BASE:
        return Decimal(1), on_date
    row = (
        FxRate.objects.filter(currency=currency, date__lte=on_date)
        .order_by("-date")
        .values_list("rate", "date")
        .first()
    )
    return row


def to_eur(amount: Decimal | None, currency: str, on_date: date) -> Conversion:
    """Convert `amount` of `currency` to EUR at the latest rate on or before `on_date` (see module doc).

    An undisclosed amount (None) keeps `eur=None` but still reports the rate that would apply.
    """
    found = rate_on(currency, on_date)
    if found is None:
        return MISSING
    rate, rate_date = found
    return Conversion(eur=eur_of(amount, rate), rate=rate, rate_date=rate_date)


# A new rate more than this far (relative) from the previous rate of its currency is refused unless confirmed:
# the ECB's daily moves stay well within it, a typing slip (9.9 for 1.09) does not.
RATE_BAND = Decimal("0.20")

# A payment converted between two currencies uses both rates of one day; rates older than this before the
# payment mean the table is not up to date, and the conversion is refused rather than made with them.
MAX_RATE_AGE = timedelta(days=7)


@dataclass(frozen=True)
class CrossRate:
    """The rates (units per EUR) of a payment's currency and of its pledge's, of the same day `on`."""

    paid_rate: Decimal
    pledge_rate: Decimal
    on: date

    def convert(self, amount: Decimal) -> Decimal:
        """`amount` of the paid currency in the pledge's: amount / paid_rate * pledge_rate, to the cent."""
        return (Decimal(amount) / self.paid_rate * self.pledge_rate).quantize(CENT, rounding=ROUND_HALF_UP)


def cross_rate_on(paid_currency: str, pledge_currency: str, on_date: date) -> CrossRate | None:
    """Both rates of the latest day on or before `on_date` on which both exist (EUR is 1 every day), or
    None. One query."""
    codes = sorted({paid_currency, pledge_currency} - {BASE})
    rows = FxRate.objects.filter(currency__in=codes, date__lte=on_date)
    if len(codes) == 2:
        both = (
            rows.order_by()
            .values("date")
            .annotate(n=Count("pk"))
            .filter(n=2)
            .order_by("-date")
            .values("date")[:1]
        )
        rows = rows.filter(date=Subquery(both))
    else:
        rows = rows.order_by("-date")[:1]
    found = {currency: (rate, day) for currency, rate, day in rows.values_list("currency", "rate", "date")}
    if len(found) != len(codes):
        return None
    day = next(iter(found.values()))[1] if found else on_date
    rate = {code: value for code, (value, _day) in found.items()} | {BASE: Decimal(1)}
    return CrossRate(paid_rate=rate[paid_currency], pledge_rate=rate[pledge_currency], on=day)


def _latest_rate(currency_ref, date_ref, column):
    return Subquery(
        FxRate.objects.filter(currency=currency_ref, date__lte=date_ref).order_by("-date").values(column)[:1]
    )


def rate_annotations(*, currency="currency", on="announced_on", prefix="fx_"):
    """Annotations `<prefix>rate` and `<prefix>rate_date` for a queryset (one subquery each, same query)."""
    currency_ref, date_ref = OuterRef(currency), OuterRef(on)
    is_eur = Q(**{currency: BASE})
    return {
        f"{prefix}rate": Case(
            When(is_eur, then=Value(Decimal(1), output_field=RATE_FIELD)),
            default=_latest_rate(currency_ref, date_ref, "rate"),
            output_field=RATE_FIELD,
        ),
        f"{prefix}rate_date": Case(
            When(is_eur, then=F(on)),
            default=_latest_rate(currency_ref, date_ref, "date"),
            output_field=DateField(),
        ),
    }


class Cents(Func):
    """A money expression read back as a Decimal to the cent.

    PostgreSQL computes in exact numerics; SQLite (development) computes in floating point, so its results
    are rounded to the cent when read, as Django does for plain decimal columns.
    """

    template = "%(expressions)s"
    output_field = MONEY_FIELD

    def convert_value(self, value, expression, connection):
        return None if value is None else Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def eur_expression(amount, rate):
    """`ROUND(amount / rate, 2)` as a database expression (NULL when either is NULL)."""
    return Cents(Round(F(amount) / F(rate), 2, output_field=MONEY_FIELD))


def annotate_eur(queryset, *, amount="amount", currency="currency", on="announced_on", prefix="fx_"):
    """Annotate `<prefix>rate`, `<prefix>rate_date` and `amount_eur` on a queryset of records with a money
    field.

    Used for pledges (rate on the announcement date), payments (their pledge's rate, prefix `eur_`) and
    reported totals. One query: no per-row lookups. `amount_eur` is NULL for an undisclosed amount or a
    missing rate.
    """
    return queryset.annotate(**rate_annotations(currency=currency, on=on, prefix=prefix)).annotate(
        amount_eur=eur_expression(amount, f"{prefix}rate")
    )
