"""Proposals to change the shared registry: a secretariat proposes, a registry manager decides.

Participants and exchange rates are shared by every coalition, so one coalition's secretariat never writes
them (coalition.permissions). It proposes instead — a new participant, a new name, a new or corrected rate
— with a reason; a registry manager (or staff) accepts it, which writes the record through the record's
own service (so every rule of that service applies, e.g. the rate's checks), or rejects it with a note.
A pending proposal can be withdrawn by its coalition's secretariat.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition import services
from coalition.errors import Conflict
from coalition.models import Coalition, Participant, RegistryProposal
from coalition.permissions import ADD, require

DECIDE = "decide"
WITHDRAW = "withdraw"
Kind = RegistryProposal.Kind
Status = RegistryProposal.Status


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why: the source of the new figure or name.")})
    return reason


def _save(proposal, *, actor):
    proposal.full_clean()
    proposal._history_user = actor
    proposal.save()
    return proposal


@transaction.atomic
def propose_participant(
    *, actor, coalition: Coalition, participant_kind: str, code: str, name: str = "", reason: str
) -> RegistryProposal:
    """Propose a new state or organisation. Its code is checked now; a registry manager decides."""
    require(actor, ADD, RegistryProposal, coalition=coalition)
    reason = _clean_reason(reason)
    if participant_kind not in Participant.Kind.values:
        raise ValidationError({"participant_kind": _("Choose a state or an international organisation.")})
    code = services.clean_participant_code(participant_kind, code)
    if Participant.objects.filter(code=code).exists():
        raise ValidationError({"code": _("%(code)s is already in the registry.") % {"code": code}})
    proposal = RegistryProposal(
        coalition=coalition,
        kind=Kind.PARTICIPANT_CREATE,
        participant_kind=participant_kind,
        code=code,
        name=(name or "").strip(),
        reason=reason,
        proposed_by=actor,
    )
    return _save(proposal, actor=actor)


@transaction.atomic
def propose_participant_rename(
    *, actor, coalition: Coalition, participant: Participant, name: str, reason: str
) -> RegistryProposal:
    """Propose a new name for a participant every coalition shares."""
    require(actor, ADD, RegistryProposal, coalition=coalition)
    reason = _clean_reason(reason)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the new name.")})
    if name == participant.name:
        raise ValidationError({"name": _("This is already the participant's name.")})
    proposal = RegistryProposal(
        coalition=coalition,
        kind=Kind.PARTICIPANT_RENAME,
        participant=participant,
        code=participant.code,
        name=name,
        reason=reason,
        proposed_by=actor,
    )
    return _save(proposal, actor=actor)


@transaction.atomic
def propose_fx_rate(
    *, actor, coalition: Coalition, currency: str, date: date, rate: Decimal, reason: str
) -> RegistryProposal:
    """Propose a rate (units of `currency` per 1 EUR on `date`): new, or a correction of that day's rate."""
    from contributions.currencies import ISO_4217, normalise_currency
    from contributions.models import FxRate

    require(actor, ADD, RegistryProposal, coalition=coalition)
    reason = _clean_reason(reason)
    currency = normalise_currency(currency)
    errors = {}
    if currency == "EUR":
        errors["currency"] = _("The euro is the base currency: it has no rate.")
    elif currency not in ISO_4217:
        errors["currency"] = _("%(code)s is not an ISO 4217 currency code.") % {"code": currency or "—"}
    try:
        rate = Decimal(rate)
        if not rate.is_finite() or rate <= 0:
            raise InvalidOperation
    except (InvalidOperation, TypeError, ValueError):
        errors["rate"] = _("A rate must be a number greater than zero.")
    if errors:
        raise ValidationError(errors)
    existing = FxRate.objects.filter(currency=currency, date=date).first()
    if existing is not None and existing.rate == rate:
        raise ValidationError({"rate": _("This is already the rate of that day.")})
    proposal = RegistryProposal(
        coalition=coalition,
        kind=Kind.FX_RATE_CHANGE if existing else Kind.FX_RATE_CREATE,
        fx_rate=existing,
        currency=currency,
        date=date,
        rate=rate,
        reason=reason,
        proposed_by=actor,
    )
    return _save(proposal, actor=actor)


def _lock_pending(proposal) -> RegistryProposal:
    proposal = RegistryProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Status.PENDING:
        raise Conflict(
            _("This proposal is already %(status)s.") % {"status": proposal.get_status_display().lower()}
        )
    return proposal


def _apply(proposal, *, actor):
    """Write the shared record the proposal asks for, through that record's own service."""
    from contributions import services as contributions

    if proposal.kind == Kind.PARTICIPANT_CREATE:
        proposal.participant = services.participant_create(
            actor=actor, kind=proposal.participant_kind, code=proposal.code, name=proposal.name
        )
    elif proposal.kind == Kind.PARTICIPANT_RENAME:
        services.participant_update(actor=actor, participant=proposal.participant, name=proposal.name)
    elif proposal.kind == Kind.FX_RATE_CHANGE and proposal.fx_rate is not None:
        contributions.fx_rate_update(actor=actor, fx_rate=proposal.fx_rate, rate=proposal.rate)
    else:  # a new rate, or a correction whose rate was deleted meanwhile
        proposal.fx_rate = contributions.fx_rate_create(
            actor=actor,
            currency=proposal.currency,
            date=proposal.date,
            rate=proposal.rate,
            source=_("Proposed by %(coalition)s: %(reason)s")
            % {"coalition": proposal.coalition.short_name, "reason": proposal.reason[:150]},
        )


@transaction.atomic
def proposal_accept(*, actor, proposal: RegistryProposal, note: str = "") -> RegistryProposal:
    """A registry manager accepts: the record is written now, and the proposal points at it."""
    require(actor, DECIDE, proposal)
    proposal = _lock_pending(proposal)
    _apply(proposal, actor=actor)
    proposal.status = Status.ACCEPTED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.decision_note = (note or "").strip()
    return _save(proposal, actor=actor)


@transaction.atomic
def proposal_reject(*, actor, proposal: RegistryProposal, note: str) -> RegistryProposal:
    """A registry manager rejects, saying why (the proposing secretariat reads the note)."""
    require(actor, DECIDE, proposal)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say why the proposal is rejected.")})
    proposal = _lock_pending(proposal)
    proposal.status = Status.REJECTED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    return _save(proposal, actor=actor)


@transaction.atomic
def proposal_withdraw(*, actor, proposal: RegistryProposal) -> RegistryProposal:
    """The proposing coalition's secretariat withdraws a proposal that is still pending."""
    require(actor, WITHDRAW, proposal)
    proposal = _lock_pending(proposal)
    proposal.status = Status.WITHDRAWN
    return _save(proposal, actor=actor)
