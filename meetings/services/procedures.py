"""Written (silence) procedure: circulate a draft decision to the members with a deadline; a member
delegation breaks silence with a reason before it; at the deadline the procedure is adopted (a dated
decision of the coalition, with its record) or has failed. `conclude_due` is run by a Celery job."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.models import Coalition, Membership, Participant
from coalition.permissions import ADD, CHANGE, DELETE, require, role_in
from coalition.services import _apply, _save
from meetings.models import Decision, DistributionList, SilenceBreak, WrittenProcedure
from meetings.services._common import _enqueue, _members_on, _tasks, _when
from meetings.services.decisions import _check_decision_links, _set_decision_links

# Who keeps silence (and may break it): the members, not observers.
SILENCE_ROLES = (Membership.Role.LEAD, Membership.Role.MEMBER)
MIN_SILENCE = timedelta(hours=1)
EDITABLE = (
    "title",
    "draft_decision",
    "rationale",
    "deadline",
    "distribution_list",
    "source",
    "is_illustrative",
)


def silence_keepers(procedure: WrittenProcedure, on=None):
    """The participants whose silence the procedure needs: leads and members on `on` (today)."""
    members = _members_on(procedure.coalition, on or timezone.localdate()).filter(role__in=SILENCE_ROLES)
    return Participant.objects.filter(pk__in=members.values("participant_id")).order_by("name")


def _check_list(coalition, distribution_list: DistributionList | None):
    if distribution_list is not None and distribution_list.coalition_id != coalition.pk:
        raise ValidationError(
            {"distribution_list": _("This distribution list belongs to another coalition.")}
        )


def _check_deadline(deadline, *, required: bool):
    if deadline is None:
        if required:
            raise ValidationError({"deadline": _("Set the deadline: silence is kept until then.")})
        return
    if deadline < timezone.now() + MIN_SILENCE:
        raise ValidationError(
            {
                "deadline": _(
                    "The deadline must be at least an hour from now, so that delegations can read it."
                )
            }
        )


def _locked(procedure_pk) -> WrittenProcedure:
    return WrittenProcedure.objects.select_for_update().select_related("coalition").get(pk=procedure_pk)


def _draft_only(procedure):
    if procedure.status != WrittenProcedure.Status.DRAFT:
        raise Conflict(
            _("This procedure is %(status)s; only a draft is edited.")
            % {"status": procedure.get_status_display().lower()}
        )


@transaction.atomic
def procedure_create(
    *, actor, coalition: Coalition, related_pledges=None, related_roadmap_items=None, **data
) -> WrittenProcedure:
    """A draft procedure of the coalition, numbered WP1, WP2... in the order they are drafted."""
    require(actor, ADD, WrittenProcedure, coalition=coalition)
    Coalition.objects.select_for_update().filter(pk=coalition.pk).first()  # serialise numbering
    _check_list(coalition, data.get("distribution_list"))
    _check_deadline(data.get("deadline"), required=False)
    procedure = WrittenProcedure(coalition=coalition, **data)
    _check_decision_links(procedure, related_pledges, related_roadmap_items)
    procedure.number = (
        WrittenProcedure.history.filter(coalition_id=coalition.pk).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    _save(procedure, actor=actor)
    _set_decision_links(procedure, related_pledges, related_roadmap_items)
    return procedure


@transaction.atomic
def procedure_update(
    *, actor, procedure: WrittenProcedure, related_pledges=None, related_roadmap_items=None, **data
) -> WrittenProcedure:
    """A draft is edited; once circulated, the text members keep silence on is fixed."""
    require(actor, CHANGE, procedure)
    procedure = _locked(procedure.pk)
    _draft_only(procedure)
    unknown = set(data) - set(EDITABLE) - {"coalition"}
    if "coalition" in data and data.pop("coalition") != procedure.coalition:
        raise ValidationError({"coalition": _("A procedure stays with its coalition.")})
    for name in unknown:
        data.pop(name)
    _check_list(procedure.coalition, data.get("distribution_list", procedure.distribution_list))
    if "deadline" in data:
        _check_deadline(data["deadline"], required=False)
    _check_decision_links(procedure, related_pledges, related_roadmap_items)
    _apply(procedure, data)
    _save(procedure, actor=actor)
    _set_decision_links(procedure, related_pledges, related_roadmap_items)
    return procedure


@transaction.atomic
def procedure_delete(*, actor, procedure: WrittenProcedure) -> None:
    """Only a draft is deleted; a circulated procedure is withdrawn, so its record stays."""
    require(actor, DELETE, procedure)
    procedure = _locked(procedure.pk)
    if procedure.status != WrittenProcedure.Status.DRAFT:
        raise Conflict(_("This procedure was circulated; withdraw it instead, so that its record stays."))
    procedure._history_user = actor
    procedure.delete()


@transaction.atomic
def procedure_circulate(*, actor, procedure: WrittenProcedure, deadline=None) -> WrittenProcedure:
    """draft → circulated: the delegations (of the members, or of its distribution list) receive the draft
    decision and the deadline by e-mail; silence may be broken until the deadline, at least an hour
    away."""
    require(actor, CHANGE, procedure)
    procedure = _locked(procedure.pk)
    _draft_only(procedure)
    deadline = deadline or procedure.deadline
    _check_deadline(deadline, required=True)
    if not procedure.draft_decision.strip():
        raise ValidationError({"draft_decision": _("Write the draft decision before circulating it.")})
    procedure.deadline = deadline
    procedure.status = WrittenProcedure.Status.CIRCULATED
    procedure.circulated_at = timezone.now()
    procedure.circulated_by = actor
    _save(procedure, actor=actor)
    _enqueue(_tasks().send_procedure_circulated, procedure.pk)
    return procedure


def _delegation_of(actor, procedure, participant):
    role = role_in(actor, procedure.coalition_id)
    if role is not None and role.kind == "delegate":
        if participant is not None and participant.pk != role.participant_id:
            raise PermissionDenied(_("You speak only for your own delegation."))
        return role.participant
    return participant


@transaction.atomic
def procedure_break_silence(
    *, actor, procedure: WrittenProcedure, reason: str, participant=None
) -> SilenceBreak:
    """A member delegation (lead or member) breaks silence before the deadline, saying why: the procedure
    then fails at the deadline. A delegate breaks it for their own delegation; the secretariat records a
    break received otherwise, naming the delegation."""
    procedure = _locked(procedure.pk)
    participant = _delegation_of(actor, procedure, participant)
    require(actor, ADD, SilenceBreak, coalition=procedure.coalition_id, owner=participant)
    if participant is None:
        raise ValidationError({"participant": _("Name the delegation that breaks silence.")})
    if procedure.status != WrittenProcedure.Status.CIRCULATED:
        raise Conflict(
            _("This procedure is %(status)s; silence is broken only while it runs.")
            % {"status": procedure.get_status_display().lower()}
        )
    if timezone.now() >= procedure.deadline:
        raise Conflict(
            _("The deadline passed at %(when)s; silence held.") % {"when": _when(procedure.deadline)}
        )
    if not silence_keepers(procedure).filter(pk=participant.pk).exists():
        raise ValidationError(
            {
                "participant": _("%(name)s is not a member keeping silence (leads and members).")
                % {"name": participant.name}
            }
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why silence is broken.")})
    if SilenceBreak.objects.filter(procedure=procedure, participant=participant).exists():
        raise ValidationError(
            {"participant": _("%(name)s has already broken silence.") % {"name": participant.name}}
        )
    silence_break = _save(
        SilenceBreak(procedure=procedure, participant=participant, reason=reason.strip(), broken_by=actor),
        actor=actor,
    )
    _enqueue(_tasks().send_silence_broken, silence_break.pk)
    return silence_break


@transaction.atomic
def procedure_withdraw(*, actor, procedure: WrittenProcedure, note: str = "") -> WrittenProcedure:
    """The secretariat withdraws a draft or running procedure; nothing is adopted."""
    require(actor, CHANGE, procedure)
    procedure = _locked(procedure.pk)
    if procedure.status not in (WrittenProcedure.Status.DRAFT, WrittenProcedure.Status.CIRCULATED):
        raise Conflict(
            _("This procedure is %(status)s; it can no longer be withdrawn.")
            % {"status": procedure.get_status_display().lower()}
        )
    procedure.status = WrittenProcedure.Status.WITHDRAWN
    procedure.concluded_at = timezone.now()
    procedure.outcome_note = (note or "").strip()[:500] or _("Withdrawn by the secretariat.")
    _save(procedure, actor=actor)
    if procedure.circulated_at:
        _enqueue(_tasks().send_procedure_outcome, procedure.pk)
    return procedure


def _adopt(procedure: WrittenProcedure, actor) -> Decision:
    decided_on = timezone.localtime(procedure.deadline).date()
    decision = Decision(
        coalition=procedure.coalition,
        meeting=None,
        written_procedure=procedure,
        number=procedure.number,
        decided_on=decided_on,
        text=procedure.draft_decision,
        source=_("Written procedure %(ref)s, circulated %(circulated)s, silence until %(deadline)s")
        % {
            "ref": procedure.reference,
            "circulated": _when(procedure.circulated_at),
            "deadline": _when(procedure.deadline),
        },
        is_illustrative=procedure.is_illustrative,
    )
    _save(decision, actor=actor)
    decision.related_pledges.set(procedure.related_pledges.all())
    decision.related_roadmap_items.set(procedure.related_roadmap_items.all())
    return decision


@transaction.atomic
def procedure_conclude(*, actor=None, procedure: WrittenProcedure, now=None) -> WrittenProcedure:
    """At or after the deadline: adopted if silence held (it becomes decision WP<n> of the coalition, dated
    the deadline's day, with the procedure as its record), failed if a delegation broke silence. Run by the
    scheduled job (no actor) or by the secretariat; concluding twice changes nothing."""
    if actor is not None:
        require(actor, CHANGE, procedure)
    procedure = _locked(procedure.pk)
    if procedure.status != WrittenProcedure.Status.CIRCULATED:
        if procedure.status in (WrittenProcedure.Status.ADOPTED, WrittenProcedure.Status.FAILED):
            return procedure  # already concluded (by the job or the secretariat)
        raise Conflict(
            _("This procedure is %(status)s; only a circulated one is concluded.")
            % {"status": procedure.get_status_display().lower()}
        )
    now = now or timezone.now()
    if now < procedure.deadline:
        raise Conflict(
            _("Silence runs until %(when)s; the procedure is concluded then.")
            % {"when": _when(procedure.deadline)}
        )
    breaks = list(procedure.silence_breaks.select_related("participant").order_by("broken_at"))
    procedure.concluded_at = now
    if breaks:
        procedure.status = WrittenProcedure.Status.FAILED
        procedure.outcome_note = _("Silence broken by %(names)s.") % {
            "names": ", ".join(b.participant.name for b in breaks)
        }
        _save(procedure, actor=actor)
    else:
        procedure.status = WrittenProcedure.Status.ADOPTED
        procedure.outcome_note = _("Silence held until %(when)s: adopted.") % {
            "when": _when(procedure.deadline)
        }
        _save(procedure, actor=actor)
        _adopt(procedure, actor)
    _enqueue(_tasks().send_procedure_outcome, procedure.pk)
    return procedure


def conclude_due(now=None) -> dict:
    """Conclude every circulated procedure whose deadline has passed, each in its own transaction (one
    failing does not hold the others back). Returns {"adopted": n, "failed": n}."""
    now = now or timezone.now()
    counts = {"adopted": 0, "failed": 0}
    due = WrittenProcedure.objects.filter(status=WrittenProcedure.Status.CIRCULATED, deadline__lte=now)
    for pk in due.values_list("pk", flat=True):
        procedure = procedure_conclude(procedure=WrittenProcedure(pk=pk), now=now)
        if procedure.status in counts:
            counts[procedure.status] += 1
    return counts
