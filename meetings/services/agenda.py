"""The agenda of a meeting (its documents: meetings.services.documents)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from coalition.permissions import ADD, CHANGE, DELETE, require
from coalition.services import _apply, _save
from meetings.models import AgendaItem, Meeting
from meetings.services.attendance import roles_on
from meetings.services.documents import delete_document_files


def _renumber(meeting: Meeting, ordered: list[AgendaItem], *, actor):
    """Give `ordered` the positions 1..n without tripping the unique (meeting, position) constraint."""
    AgendaItem.objects.filter(meeting=meeting).update(position=F("position") + 10000)
    for index, item in enumerate(ordered, start=1):
        item.position = index
        item._history_user = actor
        item.save(update_fields=["position"])


def _check_presenter(meeting, presenter):
    if presenter is not None and roles_on(meeting.coalition, meeting.local_date).get(presenter.pk) is None:
        raise ValidationError(
            {
                "presenter": _("%(name)s is not a member of the coalition on the meeting's date.")
                % {"name": presenter.name}
            }
        )


@transaction.atomic
def agenda_item_create(*, actor, meeting: Meeting, position: int | None = None, **data) -> AgendaItem:
    """Items are numbered 1..n; a new item goes last, or at `position` with the later ones moved down."""
    require(actor, ADD, AgendaItem, coalition=meeting.coalition_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_presenter(meeting, data.get("presenter"))
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    item = AgendaItem(meeting=meeting, position=len(items) + 1, **data)
    item.full_clean()
    _save(item, actor=actor)
    if position is not None and position < item.position:
        items.insert(max(position, 1) - 1, item)
        _renumber(meeting, items, actor=actor)
    return item


@transaction.atomic
def agenda_item_update(*, actor, agenda_item: AgendaItem, position: int | None = None, **data) -> AgendaItem:
    require(actor, CHANGE, agenda_item)
    if "meeting" in data and data.pop("meeting") != agenda_item.meeting:
        raise ValidationError({"meeting": _("An agenda item cannot move to another meeting.")})
    if "presenter" in data:
        _check_presenter(agenda_item.meeting, data["presenter"])
    _apply(agenda_item, data)
    _save(agenda_item, actor=actor)
    if position is not None and position != agenda_item.position:
        agenda_item = agenda_item_move(actor=actor, agenda_item=agenda_item, position=position)
    return agenda_item


@transaction.atomic
def agenda_item_move(*, actor, agenda_item: AgendaItem, position: int) -> AgendaItem:
    """Move an item to `position` (1 = first); the others keep their order."""
    require(actor, CHANGE, agenda_item)
    meeting = Meeting.objects.select_for_update().get(pk=agenda_item.meeting_id)
    items = [
        i for i in AgendaItem.objects.filter(meeting=meeting).order_by("position") if i.pk != agenda_item.pk
    ]
    if position < 1 or position > len(items) + 1:
        raise ValidationError({"position": _("Choose a position from 1 to %(n)s.") % {"n": len(items) + 1}})
    items.insert(position - 1, agenda_item)
    _renumber(meeting, items, actor=actor)
    return agenda_item


@transaction.atomic
def agenda_item_delete(*, actor, agenda_item: AgendaItem) -> None:
    """Delete an item with its documents; the later items move up."""
    require(actor, DELETE, agenda_item)
    meeting = Meeting.objects.select_for_update().get(pk=agenda_item.meeting_id)
    for document in agenda_item.documents.all():
        delete_document_files(document)
    agenda_item._history_user = actor
    agenda_item.delete()
    _renumber(meeting, list(AgendaItem.objects.filter(meeting=meeting).order_by("position")), actor=actor)
