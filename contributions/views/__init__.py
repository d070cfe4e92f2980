"""Contribution pages, one module per subject. Views are configuration: rules live in services, reads in
selectors."""

from contributions.views.imports import PledgeImportView
from contributions.views.payments import DisbursementCreateView, DisbursementDeleteView, DisbursementEditView
from contributions.views.pledges import (
    DeletedRecordsView,
    PledgeCreateView,
    PledgeDeleteView,
    PledgeDetailView,
    PledgeEditView,
    PledgeExportView,
    PledgeListView,
    PledgeTransitionView,
    StateSummaryView,
)
from contributions.views.rates import FxRateCreateView, FxRateListView, FxRateUploadView
from contributions.views.reported_totals import ReportedTotalCreateView, ReportedTotalEditView
from contributions.views.reviews import (
    PledgeConfirmView,
    PledgeDisputeView,
    PledgeRecordConfirmationView,
    ReviewEvidenceView,
    ReviewStatusView,
)

__all__ = [
    "DeletedRecordsView",
    "DisbursementCreateView",
    "DisbursementDeleteView",
    "DisbursementEditView",
    "FxRateCreateView",
    "FxRateListView",
    "FxRateUploadView",
    "PledgeConfirmView",
    "PledgeCreateView",
    "PledgeDeleteView",
    "PledgeDetailView",
    "PledgeDisputeView",
    "PledgeEditView",
    "PledgeExportView",
    "PledgeImportView",
    "PledgeListView",
    "PledgeRecordConfirmationView",
    "PledgeTransitionView",
    "ReportedTotalCreateView",
    "ReportedTotalEditView",
    "ReviewEvidenceView",
    "ReviewStatusView",
    "StateSummaryView",
]
