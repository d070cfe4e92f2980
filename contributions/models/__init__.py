"""Contributions: what each participant pledged, confirmed, committed and paid, in which currency, and whether
its own delegate agrees with the secretariat's figures.

Money is always a `Decimal` with an ISO 4217 code beside it. A pledge without a figure is *undisclosed*
(`amount` is NULL): it is counted apart, never as zero. Exchange rates are kept in `FxRate` (units of a
currency per 1 EUR, the ECB layout); see `contributions.fx` for the conversion.

The models are split by subject into the modules of this package (`pledges`, `reviews`, `payments`, `rates`,
`records`; `common` holds the shared constants) and all importable from `contributions.models`.
"""

from contributions.models.common import EXTERNAL_REFERENCE_HELP, MONEY, RATE, REVIEW
from contributions.models.payments import Disbursement
from contributions.models.pledges import Pledge, PledgeQuerySet, PledgeTransition
from contributions.models.rates import FxRate, FxRateQuerySet
from contributions.models.records import ImportRecord, ReportedTotal
from contributions.models.reviews import PledgeReview, evidence_name, evidence_storage

__all__ = [
    "EXTERNAL_REFERENCE_HELP",
    "MONEY",
    "RATE",
    "REVIEW",
    "Disbursement",
    "FxRate",
    "FxRateQuerySet",
    "ImportRecord",
    "Pledge",
    "PledgeQuerySet",
    "PledgeReview",
    "PledgeTransition",
    "ReportedTotal",
    "evidence_name",
    "evidence_storage",
]
