"""The donor's delegate's review of the secretariat's figures."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.permissions import require
from coalition.services import _save
from contributions.models import REVIEW, Pledge, PledgeReview
from contributions.services.common import _locked, paid_total


def _check_seen(pledge: Pledge, current: dict, seen: dict | None) -> None:
    if seen is None:
        return
    stale = [k for k, v in seen.items() if k in current and current[k] != v]
    if stale:
        raise Conflict(
            _("The figures changed since you loaded them (%(fields)s); check them again.")
            % {"fields": ", ".join(sorted(stale))}
        )


@transaction.atomic
def pledge_confirm_figures(*, actor, pledge: Pledge, seen: dict | None = None, comment: str = "") -> Pledge:
    """The donor's delegate confirms the secretariat's figures. The exact figures confirmed are recorded.

    Only the delegate of the donor may review (the secretariat cannot confirm on a state's behalf). `seen`
    (the figures shown to the delegate) guards against confirming figures that changed meanwhile.
    """
    require(actor, REVIEW, pledge)
    return _record_review(
        actor, pledge, Pledge.Review.CONFIRMED, PledgeReview.Action.CONFIRMED, comment=comment, seen=seen
    )


@transaction.atomic
def pledge_dispute(*, actor, pledge: Pledge, comment: str, seen: dict | None = None) -> Pledge:
    """The donor's delegate disputes the figures; a comment saying what is wrong is required."""
    require(actor, REVIEW, pledge)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what is wrong with the figures.")})
    return _record_review(
        actor, pledge, Pledge.Review.DISPUTED, PledgeReview.Action.DISPUTED, comment=comment, seen=seen
    )


def _record_review(
    actor, pledge: Pledge, status: str, action: str, *, comment: str, seen: dict | None
) -> Pledge:
    """Record a delegate's verdict on the figures as they stand now (locked), in the pledge and its log."""
    pledge = _locked(pledge)
    figures = pledge.figures(paid_total(pledge))
    _check_seen(pledge, figures, seen)
    pledge.review_status = status
    pledge.review_comment = comment
    pledge.reviewed_by = actor
    pledge.reviewed_at = timezone.now()
    pledge.reviewed_figures = figures
    _save(pledge, actor=actor)
    _save(PledgeReview(pledge=pledge, action=action, comment=comment, figures=figures, by=actor), actor=actor)
    return pledge
