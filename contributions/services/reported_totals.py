"""Totals announced at meetings, to reconcile with the itemised pledges."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalition.permissions import ADD, CHANGE, DELETE, require
from coalition.services import _apply, _save
from contributions.models import ReportedTotal
from contributions.services.common import _clean_amount, _clean_currency


def _reported_total_fields(data):
    if "currency" in data:
        data["currency"] = _clean_currency(data["currency"])
    if "amount" in data:
        data["amount"] = _clean_amount(data["amount"], allow_none=False)
    return data


@transaction.atomic
def reported_total_create(*, actor, meeting, **data) -> ReportedTotal:
    """Record a total announced at a meeting (e.g. "more than €30 million"), to reconcile with the pledges."""
    require(actor, ADD, ReportedTotal, coalition=meeting.coalition_id)
    data = _reported_total_fields(data)
    if data.get("amount") is None:
        raise ValidationError({"amount": _("An amount is required.")})
    return _save(ReportedTotal(meeting=meeting, **data), actor=actor)


@transaction.atomic
def reported_total_update(*, actor, reported_total: ReportedTotal, **data) -> ReportedTotal:
    require(actor, CHANGE, reported_total)
    if "meeting" in data and data["meeting"].coalition_id != reported_total.meeting.coalition_id:
        raise ValidationError({"meeting": _("This meeting belongs to another coalition.")})
    if _apply(reported_total, _reported_total_fields(data)):
        _save(reported_total, actor=actor)
    return reported_total


@transaction.atomic
def reported_total_delete(*, actor, reported_total: ReportedTotal) -> None:
    require(actor, DELETE, reported_total)
    reported_total._history_user = actor
    reported_total.delete()
