"""Fill the stored figures of existing payments (and of their history rows).

Until now a payment could only be in its pledge's currency: it counts for its own amount and no rate is
recorded. A row in another currency (only the admin could write one) is converted with the reference rates of
the latest day on or before its payment date; if a rate is missing the migration stops and names the rows,
so nothing is guessed. Reversible: going back drops the columns (0004), so the reverse step has nothing to do.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations

CENT = Decimal("0.01")


def _rate(FxRate, currency, on):
    if currency == "EUR":
        return Decimal(1), on
    row = (
        FxRate.objects.filter(currency=currency, date__lte=on).order_by("-date").values_list("rate", "date")
    ).first()
    return row


def _conversion(FxRate, amount, paid_currency, pledge_currency, on):
    paid, pledge = _rate(FxRate, paid_currency, on), _rate(FxRate, pledge_currency, on)
    if paid is None or pledge is None:
        return None
    rate_date = min(paid[1], pledge[1])
    converted = (Decimal(amount) / paid[0] * pledge[0]).quantize(CENT, rounding=ROUND_HALF_UP)
    return converted, paid[0], pledge[0], rate_date


def fill(apps, schema_editor):
    Disbursement = apps.get_model("contributions", "Disbursement")
    HistoricalDisbursement = apps.get_model("contributions", "HistoricalDisbursement")
    Pledge = apps.get_model("contributions", "Pledge")
    FxRate = apps.get_model("contributions", "FxRate")
    pledges = {p.pk: p for p in Pledge.objects.only("pk", "coalition_id", "currency")}
    missing = []
    for model in (Disbursement, HistoricalDisbursement):
        for row in model.objects.all().iterator():
            pledge = pledges.get(row.pledge_id)
            if pledge is None:  # a history row of a payment whose pledge is gone
                row.amount_in_pledge_currency = row.amount
                row.save(update_fields=["amount_in_pledge_currency"])
                continue
            row.coalition_id = pledge.coalition_id
            if row.currency == pledge.currency:
                row.amount_in_pledge_currency = row.amount
            else:
                found = _conversion(FxRate, row.amount, row.currency, pledge.currency, row.paid_on)
                if found is None:
                    missing.append(f"{model.__name__} {row.pk} ({row.currency} → {pledge.currency})")
                    continue
                (row.amount_in_pledge_currency, row.fx_rate_paid, row.fx_rate_pledge, row.fx_rate_date) = found
            row.save(
                update_fields=[
                    "coalition",
                    "amount_in_pledge_currency",
                    "fx_rate_paid",
                    "fx_rate_pledge",
                    "fx_rate_date",
                ]
            )
    if missing:
        raise RuntimeError(
            "No exchange rate on or before the payment date for: "
            + ", ".join(missing)
            + ". Load the rates (manage.py load_fx_rates) and migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [("contributions", "0004_payments_in_any_currency")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
