"""Export of a (filtered) pledge list as CSV or XLSX. Column keys match the import's, so an export can be
edited and imported again (the `external_reference` column updates the pledges it names). Every cell goes
through coalition.spreadsheets, so a text that starts like a formula is exported neutralised."""

import tablib
from django.utils.translation import gettext_lazy

from coalition import spreadsheets

EXPORT_HEADERS = [
    ("id", gettext_lazy("id")),
    ("donor", gettext_lazy("donor")),
    ("donor_name", gettext_lazy("donor name")),
    ("kind", gettext_lazy("kind")),
    ("status", gettext_lazy("status")),
    ("amount", gettext_lazy("amount")),
    ("currency", gettext_lazy("currency")),
    ("amount_eur", gettext_lazy("amount EUR")),
    ("fx_rate", gettext_lazy("rate (per EUR)")),
    ("fx_rate_date", gettext_lazy("rate date")),
    ("paid", gettext_lazy("paid")),
    ("outstanding", gettext_lazy("outstanding")),
    ("overpaid", gettext_lazy("over-paid")),
    ("outstanding_eur", gettext_lazy("outstanding EUR")),
    ("announced_on", gettext_lazy("announced on")),
    ("confirmed_on", gettext_lazy("confirmed on")),
    ("committed_on", gettext_lazy("committed on")),
    ("fulfilled_on", gettext_lazy("fulfilled on")),
    ("withdrawn_on", gettext_lazy("withdrawn on")),
    ("meeting", gettext_lazy("meeting")),
    ("purpose", gettext_lazy("purpose")),
    ("conditions", gettext_lazy("conditions")),
    ("review_status", gettext_lazy("review")),
    ("source", gettext_lazy("source")),
    ("is_illustrative", gettext_lazy("is_illustrative")),
    ("note", gettext_lazy("note")),
    ("external_reference", gettext_lazy("external reference")),
]


def export_dataset(pledges):
    """A dataset of annotated pledges (see selectors.pledges_for). Column keys match the import's, so an
    export can be edited and imported into another coalition. An undisclosed amount is an empty cell."""
    dataset = tablib.Dataset(headers=[key for key, _label in EXPORT_HEADERS], title="pledges")
    for p in pledges:
        dataset.append(
            [
                p.pk,
                p.donor.code,
                p.donor.name,
                p.kind,
                p.status,
                p.amount,
                p.currency,
                p.amount_eur,
                p.fx_rate,
                p.fx_rate_date,
                p.paid,
                p.outstanding,
                p.overpaid,
                p.outstanding_eur,
                p.announced_on,
                p.confirmed_on,
                p.committed_on,
                p.fulfilled_on,
                p.withdrawn_on,
                p.announced_at.number if p.announced_at_id else None,
                p.purpose,
                p.conditions,
                p.review_status,
                p.source,
                "yes" if p.is_illustrative else "no",
                p.note,
                p.external_reference,
            ]
        )
    return dataset


def export_bytes(pledges, fmt: str) -> bytes:
    return spreadsheets.export_bytes(export_dataset(pledges), fmt)
