"""Reads of contributions, shared by pages, the API, exports and tests. Money is summed in the database.

Every figure of a pledge (pledged, paid, outstanding) is converted to EUR at ONE rate: the latest rate on
or before the pledge's announcement date (see contributions.fx). So paid + outstanding = pledged holds in
euros exactly as in the pledge's currency. An undisclosed amount (NULL) or a missing rate is never counted as
zero: the totals carry separate counts of undisclosed and unconverted pledges.

The reads are split by subject into the modules of this package (`pledges`: per-pledge figures and lists;
`aggregates`: totals by stage and state; `records`: payments, rates and reported totals; `history`: a
pledge's history, reviews awaiting, deleted records) and all importable from `contributions.selectors`.
"""

from contributions.selectors.aggregates import (
    MONEY_KEYS,
    StageTotal,
    Totals,
    coalition_summary,
    review_status_by_state,
    stage_aggregates,
    state_summary,
    state_summary_with_totals,
    totals,
)
from contributions.selectors.history import HISTORY_HIDDEN, deleted_records, pledge_history, reviews_awaiting
from contributions.selectors.pledges import (
    COMMITTED_OR_FURTHER,
    CONFIRMED_OR_FURTHER,
    DUE,
    OPEN_OR_FULFILLED,
    ZERO,
    Status,
    annotate_figures,
    annotate_paid,
    pledge_detail,
    pledges_for,
)
from contributions.selectors.records import (
    Reconciliation,
    annotate_payment_eur,
    annotate_reported_totals,
    disbursements_for,
    fx_rates_for,
    reconcile,
    reported_totals_for,
)

__all__ = [
    "COMMITTED_OR_FURTHER",
    "CONFIRMED_OR_FURTHER",
    "DUE",
    "HISTORY_HIDDEN",
    "MONEY_KEYS",
    "OPEN_OR_FULFILLED",
    "ZERO",
    "Reconciliation",
    "StageTotal",
    "Status",
    "Totals",
    "annotate_figures",
    "annotate_paid",
    "annotate_payment_eur",
    "annotate_reported_totals",
    "coalition_summary",
    "deleted_records",
    "disbursements_for",
    "fx_rates_for",
    "pledge_detail",
    "pledge_history",
    "pledges_for",
    "reconcile",
    "reported_totals_for",
    "review_status_by_state",
    "reviews_awaiting",
    "stage_aggregates",
    "state_summary",
    "state_summary_with_totals",
    "totals",
]
