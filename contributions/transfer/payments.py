"""Import of payments (CSV or XLSX), e.g. from a ministry's ledger: each row names its pledge by the
pledge's `pledge_reference` (its external reference) or `pledge_id` (its number on the portal, as the
pledge export shows it). A row whose `external_reference` names a payment of the coalition corrects it;
any other row records a new payment. Through the services (`disbursement_create`, `disbursement_update`):
currency conversion, the over-payment rule and the review reset apply. Every error of every row at once, a
diff in the dry run, one transaction: see `transfer.common`.
"""

from django.utils.translation import gettext as _

from contributions import services
from contributions.currencies import ISO_4217
from contributions.models import Disbursement, ImportRecord, Pledge
from contributions.transfer.cells import parse_amount, parse_bool, parse_date
from contributions.transfer.common import importer, in_savepoint

REQUIRED_COLUMNS = (("pledge_reference", "pledge_id"), "amount", "paid_on")
OPTIONAL_COLUMNS = (
    "currency",
    "reference",
    "external_reference",
    "note",
    "source",
    "is_illustrative",
    "overpayment_reason",
)
COLUMN_OF = {"pledge": "pledge_reference"}
TEXT_FIELDS = ("reference", "note", "source", "overpayment_reason")


def _prepare(coalition):
    def prepare(headers):
        pledges = list(Pledge.objects.filter(coalition=coalition).select_related("donor"))
        return {
            "pledges_by_reference": {p.external_reference: p for p in pledges if p.external_reference},
            "pledges_by_id": {str(p.pk): p for p in pledges},
            "by_reference": {
                d.external_reference: d
                for d in Disbursement.objects.filter(coalition=coalition).exclude(external_reference="")
            },
            "seen": {},
        }

    return prepare


def _fields(cells, context) -> dict:
    data = {}
    reference = cells.get("pledge_reference") if cells.has("pledge_reference") else ""
    number = cells.get("pledge_id") if cells.has("pledge_id") else ""
    pledge = None
    if reference:
        pledge = context["pledges_by_reference"].get(reference)
        if pledge is None:
            cells.errors.append(("pledge_reference", _("No pledge of this coalition has this reference.")))
    elif number:
        pledge = context["pledges_by_id"].get(number)
        if pledge is None:
            cells.errors.append(("pledge_id", _("No pledge %(n)s in this coalition.") % {"n": number}))
    else:
        cells.errors.append(("pledge_reference", _("Name the pledge: its reference or its id.")))
    data["pledge"] = pledge
    data["amount"] = cells.get("amount", parse_amount)
    if data["amount"] is None and not cells.failed("amount"):
        cells.errors.append(("amount", _("An amount is required.")))
    data["paid_on"] = cells.get("paid_on", parse_date)
    if data["paid_on"] is None and not cells.failed("paid_on"):
        cells.errors.append(("paid_on", _("A date is required.")))
    if cells.has("currency"):
        currency = cells.get("currency").upper()
        if currency and currency not in ISO_4217:
            cells.errors.append(("currency", _("%(c)s is not an ISO 4217 currency code.") % {"c": currency}))
        data["currency"] = currency or (pledge.currency if pledge else "")
    for column in TEXT_FIELDS:
        if cells.has(column):
            data[column] = cells.get(column)
    if cells.has("is_illustrative"):
        data["is_illustrative"] = bool(cells.get("is_illustrative", parse_bool))
    return data


def _handle(actor):
    def handle(row, cells, context):
        reference = cells.get("external_reference") if cells.has("external_reference") else ""
        if reference:
            first = context["seen"].setdefault(reference, row.line)
            if first != row.line:
                cells.errors.append(
                    ("external_reference", _("The same reference is on line %(n)d.") % {"n": first})
                )
        existing = context["by_reference"].get(reference) if reference else None
        data = _fields(cells, context)
        if existing is not None and data["pledge"] is not None and data["pledge"].pk != existing.pledge_id:
            cells.errors.append(
                ("pledge_reference", _("This payment was recorded against another pledge; it cannot move."))
            )
        if row.errors:
            return
        pledge = data.pop("pledge")
        if existing is None:

            def create():
                payment = services.disbursement_create(
                    actor=actor, pledge=pledge, external_reference=reference, **data
                )
                row.action, row.record = "created", f"{pledge.donor.name}: {payment}"

            in_savepoint(row, COLUMN_OF, create)
            return
        payment = Disbursement.objects.get(pk=existing.pk)
        changed = {name: value for name, value in data.items() if getattr(payment, name) != value}
        row.changes = [
            (str(Disbursement._meta.get_field(name).verbose_name), str(getattr(payment, name)), str(value))
            for name, value in changed.items()
        ]
        row.record = f"{pledge.donor.name}: {payment}"
        if changed:
            in_savepoint(
                row,
                COLUMN_OF,
                lambda: services.disbursement_update(actor=actor, disbursement=payment, **changed),
            )
        row.action = "changed" if changed else "unchanged"

    return handle


import_payments = importer(
    Disbursement,
    ImportRecord.Kind.PAYMENTS,
    required=REQUIRED_COLUMNS,
    optional=OPTIONAL_COLUMNS,
    handle=_handle,
    prepare=_prepare,
)
import_payments.__doc__ = "Check (and unless `dry_run`, write) every row of a CSV or XLSX file of payments."
