"""The figures stored on each pledge (issue 12): what does not change from one request to the next.

`Pledge.fx_rate` (units per EUR), `fx_rate_date` and `fx_rate_places` are the rate of the announcement date
(the latest rate of the pledge's currency on or before `announced_on`, see contributions.fx; 1 and the date
itself for EUR, no places), `paid` what the pledge's payments count for in its currency (the sum of their
`amount_in_pledge_currency`, 0 when none), and the two EUR figures derived from them, `amount_eur` and
`paid_eur` (`ROUND(x / fx_rate, 2)`, NULL without a rate or an amount). Lists and totals read them instead of
looking the rate up, summing the payments and dividing per pledge and per request; the stage figures
(outstanding, overpaid, unconfirmed) are derived from them in the query
(contributions.selectors.pledges.annotate_figures), as they depend on the status too.

They are kept exact by `refresh_pledge_figures()`, one set-based UPDATE that recomputes them from the rate
table and the payments, called whenever one of their inputs changes:

- a pledge saved (amount, currency, announced date), a payment saved or deleted, a rate saved or deleted:
  the post_save / post_delete receivers below (services, the admin, the demo loaders, the factories);
- writes that send no signal call it themselves: the pledge import's `bulk_create`, the ECB rate load's
  bulk writes (contributions.services.rates.fx_rates_load), the benchmark generator;
- the migration that added the columns filled them the same way (`refresh_values` takes the models).

The columns are not in the pledge's history (excluded from `HistoricalRecords`): they are derived, so the
audit's "What changed" never shows them, and the UPDATE writes no history row. The as-of-date rebuild of a
past briefing pack computes its rates from the history tables, not from these columns.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Round
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from contributions.fx import BASE, MONEY_FIELD, RATE_FIELD
from contributions.models import Disbursement, FxRate, Pledge

STORED = ("fx_rate", "fx_rate_date", "fx_rate_places", "paid", "amount_eur", "paid_eur")
ZERO = Decimal("0.00")
BATCH = 5000  # ids per UPDATE when a list of ids is given (PostgreSQL takes at most 65,535 parameters)


def refresh_values(fx_rate_model=FxRate, disbursement_model=Disbursement) -> dict:
    """The UPDATE's SET list: each stored figure as computed from the rate table and the payments (a
    correlated subquery per column; the models are parameters so a migration can pass its own)."""
    rates = fx_rate_model.objects.filter(
        currency=OuterRef("currency"), date__lte=OuterRef("announced_on")
    ).order_by("-date")
    paid = (
        disbursement_model.objects.filter(pledge=OuterRef("pk"))
        .order_by()
        .values("pledge")
        .annotate(total=Sum("amount_in_pledge_currency"))
        .values("total")
    )
    is_eur = Q(currency=BASE)

    def rate():
        return Case(
            When(is_eur, then=Value(Decimal(1), output_field=RATE_FIELD)),
            default=Subquery(rates.values("rate")[:1]),
            output_field=RATE_FIELD,
        )

    def paid_sum():
        return Coalesce(Subquery(paid, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD)

    def eur(amount):  # contributions.fx.eur_expression, on the rate computed in the same statement
        return Round(amount / rate(), 2, output_field=MONEY_FIELD)

    return {
        "fx_rate": rate(),
        "fx_rate_date": Case(
            When(is_eur, then=F("announced_on")),
            default=Subquery(rates.values("date")[:1]),
            output_field=models.DateField(),
        ),
        "fx_rate_places": Case(
            When(is_eur, then=Value(None, output_field=models.PositiveSmallIntegerField())),
            default=Subquery(rates.values("places")[:1]),
            output_field=models.PositiveSmallIntegerField(),
        ),
        "paid": paid_sum(),
        "amount_eur": eur(F("amount")),
        "paid_eur": eur(paid_sum()),
    }


def refresh_pledge_figures(pledges=None, *, model=Pledge, **models_) -> int:
    """Recompute the stored figures of `pledges` (a queryset, an iterable of ids or of pledges; None: every
    pledge) in ONE UPDATE, without a save, a signal, a history row or a change of `updated_at`. Returns the
    number of rows written. Pledge instances passed in get the new values too (one more query)."""
    instances = []
    if pledges is None:
        queryset = model._base_manager.all()
    elif isinstance(pledges, models.QuerySet):
        queryset = model._base_manager.filter(pk__in=pledges.order_by().values("pk"))
    else:
        ids = []
        for item in pledges:
            if isinstance(item, models.Model):
                instances.append(item)
                ids.append(item.pk)
            else:
                ids.append(item)
        if len(ids) > BATCH:  # a bulk import's ids: bound the statement's parameters
            return sum(
                refresh_pledge_figures(ids[start : start + BATCH], model=model, **models_)
                for start in range(0, len(ids), BATCH)
            )
        if not ids:
            return 0
        queryset = model._base_manager.filter(pk__in=ids)
    # QuerySet.update itself (not the Timestamped mixin's): derived figures do not make a record "changed".
    written = models.QuerySet.update(queryset, **refresh_values(**models_))
    if instances:
        fresh = {row["pk"]: row for row in queryset.values("pk", *STORED)}
        for instance in instances:
            for name in STORED:
                setattr(instance, name, fresh.get(instance.pk, {}).get(name))
    return written


def refresh_for_rate(currency: str, on_or_after) -> int:
    """The pledges a rate of `currency` dated `on_or_after` may be the rate of (those announced on or after
    it: an added rate for a past date can become their rate, a deleted one stop being it)."""
    return refresh_pledge_figures(Pledge.objects.filter(currency=currency, announced_on__gte=on_or_after))


# Receivers: every save and delete of an input, whichever path it takes. ----------


@receiver(post_save, sender=Pledge, dispatch_uid="stored_figures_pledge")
def _pledge_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return  # loaddata: run `manage.py refresh_pledge_figures` after it (its rates may come later)
    if update_fields is not None and not {"amount", "currency", "announced_on"} & set(update_fields):
        return
    refresh_pledge_figures([instance])


def _payment_pledges(instance):
    """The pledge(s) whose `paid` a saved or deleted payment changes (the previous pledge too if moved)."""
    ids = {instance.pledge_id, getattr(instance, "_stored_previous_pledge_id", None)} - {None}
    cached = instance._state.fields_cache.get("pledge")
    return [cached, *sorted(ids - {cached.pk})] if cached is not None and cached.pk in ids else sorted(ids)


@receiver(pre_save, sender=Disbursement, dispatch_uid="stored_figures_payment_before")
def _payment_before(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        previous = sender._base_manager.filter(pk=instance.pk).values_list("pledge_id", flat=True).first()
        instance._stored_previous_pledge_id = previous


@receiver(post_save, sender=Disbursement, dispatch_uid="stored_figures_payment_saved")
@receiver(post_delete, sender=Disbursement, dispatch_uid="stored_figures_payment_deleted")
def _payment_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_pledge_figures(_payment_pledges(instance))


@receiver(pre_save, sender=FxRate, dispatch_uid="stored_figures_rate_before")
def _rate_before(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        instance._stored_previous = (
            sender._base_manager.filter(pk=instance.pk).values_list("currency", "date").first()
        )


@receiver(post_save, sender=FxRate, dispatch_uid="stored_figures_rate_saved")
@receiver(post_delete, sender=FxRate, dispatch_uid="stored_figures_rate_deleted")
def _rate_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    previous = getattr(instance, "_stored_previous", None)
    keys = {(instance.currency, instance.date)} | ({previous} if previous else set())
    earliest: dict = {}
    for currency, value in keys:
        day = models.DateField().to_python(value)  # a date given as text ("2024-02-01") on create
        earliest[currency] = min(day, earliest.get(currency, day))
    for currency, day in sorted(earliest.items()):
        refresh_for_rate(currency, day)
