"""Exchange rates (shared by every coalition)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalition.permissions import ADD, CHANGE, DELETE, require
from coalition.services import _apply, _save
from contributions.models import FxRate
from contributions.services.common import _clean_amount, _clean_currency


def _require_fx(actor, action, target=FxRate) -> None:
    """Rates are shared by every coalition: only staff and registry managers write them (a secretariat
    proposes a rate: coalition.proposals)."""
    require(actor, action, target)


@transaction.atomic
def fx_rate_create(*, actor, currency: str, date: date, rate: Decimal, source: str = "") -> FxRate:
    """Add a rate: units of `currency` per 1 EUR on `date` (the ECB direction). EUR itself has no rate."""
    _require_fx(actor, ADD)
    currency = _clean_currency(currency)
    if currency == "EUR":
        raise ValidationError({"currency": _("The euro is the base currency: it has no rate.")})
    rate = _clean_amount(rate, field="rate", allow_none=False)
    fx = FxRate(currency=currency, date=date, rate=rate)
    if source:
        fx.source = source
    return _save(fx, actor=actor)


@transaction.atomic
def fx_rate_update(*, actor, fx_rate: FxRate, **data) -> FxRate:
    _require_fx(actor, CHANGE, fx_rate)
    if "currency" in data:
        data["currency"] = _clean_currency(data["currency"])
        if data["currency"] == "EUR":
            raise ValidationError({"currency": _("The euro is the base currency: it has no rate.")})
    if "rate" in data:
        data["rate"] = _clean_amount(data["rate"], field="rate", allow_none=False)
    if _apply(fx_rate, data):
        _save(fx_rate, actor=actor)
    return fx_rate


@transaction.atomic
def fx_rate_delete(*, actor, fx_rate: FxRate) -> None:
    _require_fx(actor, DELETE, fx_rate)
    fx_rate._history_user = actor
    fx_rate.delete()


@transaction.atomic
def fx_rates_load(*, actor, rates, source: str = "ECB euro reference rates") -> dict:
    """Upsert rates from (currency, date, rate) triples: new rows are added, changed rates corrected, the
    rest left alone (a second load of the same file changes nothing). `actor=None` is a trusted command-line
    run (manage.py load_fx_rates); otherwise staff or secretariat.

    Returns counts: {"created": n, "updated": n, "unchanged": n}.
    """
    if actor is not None:
        _require_fx(actor, ADD)
    rates = list(rates)
    existing = {
        (fx.currency, fx.date): fx
        for fx in FxRate.objects.filter(
            currency__in={c for c, _d, _r in rates}, date__in={d for _c, d, _r in rates}
        )
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for currency, day, rate in rates:
        fx = existing.get((currency, day))
        if fx is None:
            fx = FxRate(currency=currency, date=day, rate=rate, source=source)
            counts["created"] += 1
        elif fx.rate != rate:
            fx.rate = rate
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
            continue
        _save(fx, actor=actor)
    return counts
