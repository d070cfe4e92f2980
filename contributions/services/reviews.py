"""The donor's delegate's review of the secretariat's figures."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.figures import day
from coalition.permissions import CHANGE, require
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


RECORDED_CHANNELS = {c for c in PledgeReview.Channel.values if c != PledgeReview.Channel.PORTAL}


@transaction.atomic
def pledge_record_confirmation(
    *,
    actor,
    pledge: Pledge,
    confirmed_by_name: str,
    received_on,
    channel: str,
    evidence,
    delegate=None,
    comment: str = "",
) -> PledgeReview:
    """The secretariat records a confirmation the donor's delegation gave outside the portal (an e-mail, a
    letter, at a meeting): who confirmed, when it was received, how, with the e-mail or document attached
    as evidence. The figures as they stand now are recorded as confirmed, and the record says that the
    secretariat recorded it (never that a delegate clicked). Every missing or wrong field is said at once.
    """
    from contributions.evidence import check_evidence

    require(actor, CHANGE, pledge)
    pledge = _locked(pledge)
    errors = {}
    confirmed_by_name = (confirmed_by_name or "").strip()
    if not confirmed_by_name and delegate is None:
        errors["confirmed_by_name"] = _("Say who confirmed for the delegation (name and function).")
    if received_on is None:
        errors["received_on"] = _("When was the confirmation received?")
    elif received_on > timezone.localdate():
        errors["received_on"] = _("This date is in the future; record what has happened.")
    elif received_on < pledge.announced_on:
        errors["received_on"] = _("A confirmation cannot precede the pledge's announcement.")
    if channel not in RECORDED_CHANNELS:
        errors["channel"] = _("Say how the confirmation was received (e-mail, letter, meeting...).")
    if delegate is not None and not _is_delegate_of(delegate, pledge):
        errors["delegate"] = _("This user is not a delegate of %(donor)s.") % {"donor": pledge.donor.name}
    try:
        evidence_name, evidence_sha256 = check_evidence(evidence)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    figures = pledge.figures(paid_total(pledge))
    who = confirmed_by_name or delegate.get_full_name() or delegate.get_username()
    channel_label = PledgeReview.Channel(channel).label
    note = (comment or "").strip() or _(
        "Confirmed %(channel)s by %(who)s on %(day)s; recorded by %(by)s."
    ) % {
        "channel": channel_label,
        "who": who,
        "day": day(received_on),
        "by": actor.get_username(),
    }
    pledge.review_status = Pledge.Review.CONFIRMED
    pledge.review_comment = note
    pledge.reviewed_by = delegate
    pledge.reviewed_at = timezone.now()
    pledge.reviewed_figures = figures
    _save(pledge, actor=actor)
    return _save(
        PledgeReview(
            pledge=pledge,
            action=PledgeReview.Action.CONFIRMED,
            comment=note,
            figures=figures,
            by=delegate,
            channel=channel,
            confirmed_by_name=who,
            received_on=received_on,
            recorded_by=actor,
            evidence=evidence,
            evidence_name=evidence_name,
            evidence_sha256=evidence_sha256,
        ),
        actor=actor,
    )


def _is_delegate_of(user, pledge) -> bool:
    from coalition.models import UserRole

    return UserRole.objects.filter(
        user=user,
        coalition_id=pledge.coalition_id,
        kind=UserRole.Kind.DELEGATE,
        participant_id=pledge.donor_id,
    ).exists()
