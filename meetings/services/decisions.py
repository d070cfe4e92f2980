"""Decisions, numbered within their meeting, with the pledges and roadmap items they concern."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from coalition.permissions import ADD, CHANGE, DELETE, require
from coalition.services import _apply, _save
from meetings.models import Decision, Meeting


def _check_agenda_item(meeting, agenda_item):
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("This agenda item belongs to another meeting.")})


def _check_decision_links(owner, related_pledges, related_roadmap_items):
    """A decision (or a meeting, or a written procedure) links only to pledges and roadmap items of its own
    coalition."""
    errors = {}
    for field, records in (
        ("related_pledges", related_pledges),
        ("related_roadmap_items", related_roadmap_items),
    ):
        foreign = [str(r) for r in records or () if r.coalition_id != owner.coalition_id]
        if foreign:
            errors[field] = _("Not of this coalition: %(names)s.") % {"names": ", ".join(foreign)}
    if errors:
        raise ValidationError(errors)


def _set_decision_links(decision, related_pledges, related_roadmap_items):
    if related_pledges is not None:
        decision.related_pledges.set(related_pledges)
    if related_roadmap_items is not None:
        decision.related_roadmap_items.set(related_roadmap_items)


@transaction.atomic
def decision_create(
    *,
    actor,
    meeting: Meeting,
    text: str,
    agenda_item=None,
    related_pledges=None,
    related_roadmap_items=None,
    **data,
) -> Decision:
    """Decisions are numbered 1, 2, 3... within their meeting, in the order they are recorded; a number is
    never reused, so references like SG2/3 stay valid."""
    require(actor, ADD, Decision, coalition=meeting.coalition_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({"meeting": _("A cancelled meeting takes no decisions.")})
    _check_agenda_item(meeting, agenda_item)
    _check_decision_links(meeting, related_pledges, related_roadmap_items)
    last = Decision.history.filter(meeting_id=meeting.pk).aggregate(n=Max("number"))["n"] or 0
    decision = Decision(
        coalition_id=meeting.coalition_id,
        meeting=meeting,
        decided_on=meeting.local_date,
        number=last + 1,
        text=text,
        agenda_item=agenda_item,
        **data,
    )
    _save(decision, actor=actor)
    _set_decision_links(decision, related_pledges, related_roadmap_items)
    return decision


@transaction.atomic
def decision_update(
    *, actor, decision: Decision, related_pledges=None, related_roadmap_items=None, **data
) -> Decision:
    require(actor, CHANGE, decision)
    if "meeting" in data and data.pop("meeting") != decision.meeting:
        raise ValidationError({"meeting": _("A decision cannot move to another meeting.")})
    if decision.written_procedure_id and data.get("text", decision.text) != decision.text:
        raise ValidationError(
            {"text": _("The text was adopted by written procedure; it is kept as adopted.")}
        )
    for fixed in ("number", "coalition", "decided_on", "written_procedure"):
        data.pop(fixed, None)
    if decision.meeting_id:
        _check_agenda_item(decision.meeting, data.get("agenda_item", decision.agenda_item))
    elif data.get("agenda_item"):
        raise ValidationError({"agenda_item": _("A decision by written procedure has no agenda item.")})
    _check_decision_links(decision, related_pledges, related_roadmap_items)
    _apply(decision, data)
    _save(decision, actor=actor)
    _set_decision_links(decision, related_pledges, related_roadmap_items)
    return decision


@transaction.atomic
def decision_delete(*, actor, decision: Decision) -> None:
    require(actor, DELETE, decision)
    decision._history_user = actor
    decision.delete()
