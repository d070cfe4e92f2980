"""What the contributions models share: money and rate field sizes, the external reference help text and
the review permission action."""

from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 18, "decimal_places": 2}
RATE = {"max_digits": 20, "decimal_places": 8}
EXTERNAL_REFERENCE_HELP = _(
    "This record's identifier in another system (a ministry's ledger, an ERP); unique in the coalition. "
    "An import updates the record that carries the same reference."
)

REVIEW = "review"  # the permission action for a delegate's review (see coalition.permissions)
