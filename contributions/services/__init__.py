"""Every write to contributions, with its rules. Pages, the API, the importer and the demo loader call these.

Rules in one place:
- a pledge moves announced → confirmed → committed → fulfilled, or to withdrawn from any open status; each
  step is dated, attributed and logged (`PledgeTransition`);
- payments are in the pledge's currency, against a disclosed pledge that is confirmed or committed; the sum
  paid may exceed the pledge only with a recorded override (reason and approver);
- the donor's delegate confirms the exact figures or disputes them with a comment; any later change by the
  secretariat to a reviewed pledge (or to its payments) resets the review to "needs review" and records what
  changed.

Modules by subject: `pledges` (lifecycle), `reviews` (the delegate's review), `payments`, `rates`,
`reported_totals`; `common` holds the helpers they share. Import from `contributions.services`.
"""

from contributions.services.common import paid_total
from contributions.services.payments import (
    DISBURSEMENT_EDITABLE,
    disbursement_create,
    disbursement_delete,
    disbursement_update,
)
from contributions.services.pledges import (
    EDITABLE,
    PATH,
    PAYABLE,
    STATUS_DATE_FIELD,
    TRANSITIONS,
    allowed_transitions,
    pledge_create,
    pledge_delete,
    pledge_problems,
    pledge_transition,
    pledge_update,
)
from contributions.services.rates import (
    can_write_rates,
    fx_rate_create,
    fx_rate_delete,
    fx_rate_update,
    fx_rates_load,
)
from contributions.services.reported_totals import (
    reported_total_create,
    reported_total_delete,
    reported_total_update,
)
from contributions.services.reviews import pledge_confirm_figures, pledge_dispute, pledge_record_confirmation

__all__ = [
    "DISBURSEMENT_EDITABLE",
    "EDITABLE",
    "PATH",
    "PAYABLE",
    "STATUS_DATE_FIELD",
    "TRANSITIONS",
    "allowed_transitions",
    "can_write_rates",
    "disbursement_create",
    "disbursement_delete",
    "disbursement_update",
    "fx_rate_create",
    "fx_rate_delete",
    "fx_rate_update",
    "fx_rates_load",
    "paid_total",
    "pledge_confirm_figures",
    "pledge_create",
    "pledge_delete",
    "pledge_dispute",
    "pledge_problems",
    "pledge_record_confirmation",
    "pledge_transition",
    "pledge_update",
    "reported_total_create",
    "reported_total_delete",
    "reported_total_update",
]
