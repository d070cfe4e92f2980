"""Exchange rates (shared by every coalition): one at a time, or a whole ECB file at once.

A rate is validated before it is written: positive, at most 8 decimals, and within `RATE_BAND` of the
previous rate of its currency (the latest before its date, within a year); a rate beyond the band is
refused unless explicitly confirmed (`confirm_jump`), and is then marked `outlier_confirmed`. A typing slip
(9.9 for 1.09, 0.00000001 for 162.30) cannot move every coalition's EUR figures unnoticed.
"""

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from coalition.figures import day as day_text
from coalition.permissions import ADD, CHANGE, DELETE, require
from coalition.services import _apply, _save
from contributions import figures_store
from contributions.fx import RATE_BAND, rate_text
from contributions.models import FxRate
from contributions.services.common import _clean_amount, _clean_currency

DEFAULT_SOURCE = "ECB euro reference rates"
JUMP_LOOKBACK = timedelta(days=366)  # an older previous rate says nothing about today's


def _require_fx(actor, action, target=FxRate) -> None:
    """Rates are shared by every coalition: only staff and registry managers write them (a secretariat
    proposes a rate: coalition.proposals)."""
    require(actor, action, target)


def can_write_rates(actor) -> bool:
    """Whether `actor` may add or load rates (the pages ask before offering the forms)."""
    from django.core.exceptions import PermissionDenied

    try:
        _require_fx(actor, ADD)
    except PermissionDenied:
        return False
    return True


@dataclass(frozen=True)
class RateJump:
    """A rate beyond the sane band of the previous rate of its currency."""

    currency: str
    date: date
    rate: Decimal
    previous: Decimal
    previous_on: date

    @property
    def percent(self) -> Decimal:
        return ((self.rate / self.previous - 1) * 100).quantize(Decimal("0.1"))

    def __str__(self):
        return _(
            "%(c)s on %(d)s: %(rate)s is %(pct)s %% from the previous rate (%(prev)s of %(prev_on)s)"
        ) % {
            "c": self.currency,
            "d": day_text(self.date),
            "rate": rate_text(self.rate),
            "pct": f"{self.percent:+}",
            "prev": rate_text(self.previous),
            "prev_on": day_text(self.previous_on),
        }


def _is_jump(rate: Decimal, previous: Decimal) -> bool:
    return abs(rate / previous - 1) > RATE_BAND


def _previous_rate(currency: str, day: date, *, exclude_pk=None):
    return (
        FxRate.objects.filter(currency=currency, date__lt=day, date__gte=day - JUMP_LOOKBACK)
        .exclude(pk=exclude_pk)
        .order_by("-date")
        .values_list("rate", "date")
        .first()
    )


def _check_jump(currency, day, rate, *, confirm: bool, exclude_pk=None) -> bool:
    """Whether `rate` is a confirmed jump; a jump that is not confirmed is a field error on `rate`."""
    previous = _previous_rate(currency, day, exclude_pk=exclude_pk)
    if previous is None or not _is_jump(rate, previous[0]):
        return False
    if confirm:
        return True
    jump = RateJump(currency, day, rate, previous[0], previous[1])
    raise ValidationError(
        {
            "rate": ValidationError(
                _("%(jump)s, beyond the ±%(band)s %% band. Check it, or confirm it to record it anyway.")
                % {"jump": jump, "band": f"{RATE_BAND * 100:.0f}"},
                code="rate-jump",
            )
        }
    )


def _places_of(rate: Decimal, places) -> int | None:
    """The decimals as given ("0.85440" → 5), or `places` when the caller knows them. A value with exactly
    8 decimals most likely comes padded from an 8-decimal column (a proposal, a form's quantized field):
    its published decimals are unknown, and it is shown without its trailing zeros."""
    if places is not None:
        return int(places)
    exponent = rate.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) and exponent > -8 else None


def _clean_rate(rate) -> Decimal:
    rate = _clean_amount(rate, field="rate", allow_none=False)
    if rate.as_tuple().exponent < -8 and rate != rate.quantize(Decimal("1E-8")):
        raise ValidationError({"rate": _("A rate has at most 8 decimals.")})
    return rate


@transaction.atomic
def fx_rate_create(
    *,
    actor,
    currency: str,
    date: date,
    rate: Decimal,
    source: str = "",
    published_on: date | None = None,
    places: int | None = None,
    confirm_jump: bool = False,
) -> FxRate:
    """Add a rate: units of `currency` per 1 EUR on `date` (the ECB direction). EUR itself has no rate. The
    rate is checked against the previous one (see the module doc)."""
    _require_fx(actor, ADD)
    currency = _clean_currency(currency)
    if currency == "EUR":
        raise ValidationError({"currency": _("The euro is the base currency: it has no rate.")})
    rate = _clean_rate(rate)
    if date is None:
        raise ValidationError({"date": _("This field is required.")})
    jumped = _check_jump(currency, date, rate, confirm=confirm_jump)
    fx = FxRate(
        currency=currency,
        date=date,
        rate=rate,
        places=_places_of(rate, places),
        published_on=published_on,
        outlier_confirmed=jumped,
    )
    if source:
        fx.source = source
    return _save(fx, actor=actor)


@transaction.atomic
def fx_rate_update(*, actor, fx_rate: FxRate, confirm_jump: bool = False, **data) -> FxRate:
    """Correct a rate; a new value is checked against the previous rate as a new one would be."""
    _require_fx(actor, CHANGE, fx_rate)
    if "currency" in data:
        data["currency"] = _clean_currency(data["currency"])
        if data["currency"] == "EUR":
            raise ValidationError({"currency": _("The euro is the base currency: it has no rate.")})
    if "rate" in data:
        data["rate"] = _clean_rate(data["rate"])
        if "places" not in data:
            data["places"] = _places_of(data["rate"], None)
    changed = _apply(fx_rate, data)
    if {"rate", "currency", "date"} & set(changed):
        fx_rate.outlier_confirmed = _check_jump(
            fx_rate.currency, fx_rate.date, fx_rate.rate, confirm=confirm_jump, exclude_pk=fx_rate.pk
        )
    if changed:
        _save(fx_rate, actor=actor)
    return fx_rate


@transaction.atomic
def fx_rate_delete(*, actor, fx_rate: FxRate) -> None:
    _require_fx(actor, DELETE, fx_rate)
    fx_rate._history_user = actor
    fx_rate.delete()


# Loading a file ----------


@dataclass(frozen=True)
class RateChange:
    currency: str
    date: date
    old: Decimal
    new: Decimal
    places: int | None = None

    def __str__(self):
        old, new = rate_text(self.old), rate_text(self.new, self.places)
        return f"{self.currency} {self.date.isoformat()}: {old} → {new}"


@dataclass
class RateLoad:
    """What a load did (or, in a dry run or when jumps wait for confirmation, would do)."""

    added: int = 0
    changed: list[RateChange] = field(default_factory=list)
    unchanged: int = 0
    jumps: list[RateJump] = field(default_factory=list)
    written: bool = False
    too_large: bool = False  # more rows to write than the caller allows at once (see fx_rates_load)
    added_by_currency: dict = field(default_factory=dict)

    @property
    def blocked(self) -> bool:
        """Jumps were found and not confirmed: nothing was written."""
        return bool(self.jumps) and not self.written

    @property
    def counts(self) -> dict:
        return {"created": self.added, "updated": len(self.changed), "unchanged": self.unchanged}


def _series(currencies, first: date, last: date) -> dict:
    """The stored rates of `currencies` from a year before `first` to `last`: {currency: {date: (pk, rate)}}
    (plain values: a dry run of the full history must not build 200,000 model instances)."""
    series = defaultdict(dict)
    rows = FxRate.objects.filter(currency__in=currencies, date__gte=first - JUMP_LOOKBACK, date__lte=last)
    for pk, currency, day, rate in rows.values_list("pk", "currency", "date", "rate").iterator(
        chunk_size=5000
    ):
        series[currency][day] = (pk, rate)
    return series


def _jumps(by_currency: dict, stored: dict, written: set) -> list[RateJump]:
    """Jumps of the rows about to be written, each against the rate before it once the load is done."""
    jumps = []
    written_by_currency = defaultdict(list)
    for currency, day in written:
        written_by_currency[currency].append(day)
    for currency in sorted(written_by_currency):
        values = {day: rate for day, (_pk, rate) in stored.get(currency, {}).items()}
        values.update({day: rate for day, (rate, _places) in by_currency[currency].items()})
        days = sorted(values)
        for day in sorted(written_by_currency[currency]):
            position = bisect.bisect_left(days, day)
            if position == 0:
                continue
            previous_on = days[position - 1]
            if day - previous_on > JUMP_LOOKBACK:
                continue
            rate, previous = values[day], values[previous_on]
            if _is_jump(rate, previous):
                jumps.append(RateJump(currency, day, rate, previous, previous_on))
    return jumps


@transaction.atomic
def fx_rates_load(
    *,
    actor,
    rates,
    source: str = DEFAULT_SOURCE,
    published_on: date | None = None,
    confirm_jumps: bool = False,
    dry_run: bool = False,
    max_writes: int | None = None,
) -> RateLoad:
    """Upsert rates from (currency, date, rate[, places]) rows: new rows are added, changed rates
    corrected, the rest left alone — a second load of the same file changes nothing. `actor=None` is a
    trusted command-line run (manage.py load_fx_rates); otherwise staff or registry managers.

    Every rate to be written is checked against the rate before it (see the module doc): when some jump
    beyond the band and `confirm_jumps` is false, nothing is written and the report lists them. With
    `max_writes`, a load that would write more rows writes nothing (`too_large`). Written in bulk with
    their history: the ECB's full history (≈ 200,000 rates) takes about a minute on a small server, its
    dry run a few seconds; a daily or 90-day file, well under a second.
    """
    if actor is not None:
        _require_fx(actor, ADD)
    by_currency = defaultdict(dict)
    for row in rates:
        currency, day, rate = row[0], row[1], Decimal(row[2])
        places = row[3] if len(row) > 3 else _places_of(rate, None)
        by_currency[currency][day] = (rate, places)
    report = RateLoad()
    if not by_currency:
        return report
    days = [day for values in by_currency.values() for day in values]
    stored = _series(set(by_currency), min(days), max(days))
    added, changed = [], []
    for currency in sorted(by_currency):
        known = stored.get(currency, {})
        for day, (rate, places) in sorted(by_currency[currency].items()):
            existing = known.get(day)
            if existing is None:
                added.append((currency, day, rate, places))
                report.added_by_currency[currency] = report.added_by_currency.get(currency, 0) + 1
            elif existing[1] != rate:
                report.changed.append(RateChange(currency, day, existing[1], rate, places))
                changed.append((existing[0], rate, places))
            else:
                report.unchanged += 1
    report.added = len(added)
    written = {(c, d) for c, d, _r, _p in added} | {(c.currency, c.date) for c in report.changed}
    report.jumps = _jumps(by_currency, stored, written)
    report.too_large = max_writes is not None and len(written) > max_writes
    if dry_run or report.too_large or (report.jumps and not confirm_jumps):
        return report
    jumped = {(j.currency, j.date) for j in report.jumps}
    user = actor if getattr(actor, "pk", None) else None
    if added:
        bulk_create_with_history(
            [
                FxRate(
                    currency=currency,
                    date=day,
                    rate=rate,
                    places=places,
                    source=source,
                    published_on=published_on,
                    outlier_confirmed=(currency, day) in jumped,
                )
                for currency, day, rate, places in added
            ],
            FxRate,
            batch_size=2000,
            default_user=user,
        )
    if changed:
        now = timezone.now()
        corrected = list(FxRate.objects.filter(pk__in=[pk for pk, _r, _p in changed]))
        new = {pk: (rate, places) for pk, rate, places in changed}
        for fx in corrected:
            fx.rate, fx.places = new[fx.pk]
            fx.source, fx.published_on = source, published_on or fx.published_on
            fx.outlier_confirmed, fx.updated_at = (fx.currency, fx.date) in jumped, now
        bulk_update_with_history(
            corrected,
            FxRate,
            ["rate", "places", "source", "published_on", "outlier_confirmed", "updated_at"],
            batch_size=2000,
            default_user=user,
        )
    if added or changed:  # bulk writes send no signal: the pledges these rates may be the rate of
        earliest = {}
        for currency, day in written:
            earliest[currency] = min(day, earliest.get(currency, day))
        for currency, day in sorted(earliest.items()):
            figures_store.refresh_for_rate(currency, day)
    report.written = True
    return report
