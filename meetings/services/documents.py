"""Documents on agenda items: uploaded by the secretariat or a delegation, kept in versions, marked from the
coalition's managed list of classification markings, visible to all members or to the secretariat only."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.models import Coalition
from coalition.permissions import ADD, CHANGE, DELETE, require, role_in
from coalition.services import _apply, _save
from meetings.documents import check_upload, clean_original_name
from meetings.models import AgendaDocument, AgendaItem, ClassificationMarking, DocumentVersion, Meeting
from meetings.text import one_line


def delete_document_files(document: AgendaDocument):
    """Delete the files of every version once the transaction has committed (a rollback keeps them)."""
    files = [(v.file.storage, v.file.name) for v in document.versions.all()]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def default_marking(coalition_id):
    return ClassificationMarking.objects.filter(
        coalition_id=coalition_id, is_default=True, is_active=True
    ).first()


def _check_marking(coalition_id, classification):
    if classification is None:
        return
    if classification.coalition_id != coalition_id or not classification.is_active:
        raise ValidationError(
            {"classification": _("Choose a marking of this coalition's list that is in use.")}
        )


def _store_version(*, actor, document, file, note=""):
    """Check the upload, store it under a random name and record it as the next version."""
    checked = check_upload(file)
    last = document.versions.aggregate(n=Max("number"))["n"] or 0
    version = DocumentVersion(
        document=document,
        number=last + 1,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        note=one_line(note)[:300],
        uploaded_by=actor,
    )
    version.file.save(checked.original_name, file, save=False)
    try:
        _save(version, actor=actor)
    except Exception:
        version.file.storage.delete(version.file.name)
        raise
    document.current_version = version
    document.title = document.title or version.original_name
    _save(document, actor=actor)
    return version


@transaction.atomic
def agenda_document_add(
    *,
    actor,
    agenda_item: AgendaItem,
    file,
    title: str = "",
    classification: ClassificationMarking | None = None,
    visibility: str = AgendaDocument.Visibility.MEMBERS,
    participant=None,
    note: str = "",
) -> AgendaDocument:
    """Attach a document (version 1): at most MEETINGS_DOCUMENT_MAX_BYTES (10 MB), of an allowed type whose
    content matches its extension, stored under a random name. A delegate uploads for their own delegation
    (the secretariat may name one); the marking defaults to the coalition's default marking."""
    meeting = agenda_item.meeting
    role = role_in(actor, meeting.coalition_id)
    if role is not None and role.kind == "delegate":
        participant = role.participant
    require(actor, ADD, AgendaDocument, coalition=meeting.coalition_id, owner=participant)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({"agenda_item": _("This meeting was cancelled; no papers are added to it.")})
    _check_marking(meeting.coalition_id, classification)
    document = AgendaDocument(
        agenda_item=agenda_item,
        title=one_line(title)[:255],
        classification=classification or default_marking(meeting.coalition_id),
        visibility=visibility or AgendaDocument.Visibility.MEMBERS,
        participant=participant,
        uploaded_by=actor,
    )
    check_upload(file)  # refuse a bad file before anything is written
    document.title = document.title or clean_original_name(getattr(file, "name", ""))
    _save(document, actor=actor)
    _store_version(actor=actor, document=document, file=file, note=note)
    return document


@transaction.atomic
def document_version_add(*, actor, document: AgendaDocument, file, note: str = "") -> DocumentVersion:
    """A new version of a document by the delegation that submitted it or the secretariat; earlier
    versions are kept."""
    require(actor, CHANGE, document)
    document = (
        AgendaDocument.objects.select_for_update().select_related("agenda_item__meeting").get(pk=document.pk)
    )
    return _store_version(actor=actor, document=document, file=file, note=note)


@transaction.atomic
def agenda_document_update(*, actor, agenda_document: AgendaDocument, **data) -> AgendaDocument:
    """Title, marking and visibility are edited; the agenda item and the submitting delegation are fixed."""
    require(actor, CHANGE, agenda_document)
    for fixed in ("agenda_item", "participant"):
        if fixed in data and data.pop(fixed) != getattr(agenda_document, fixed):
            raise ValidationError({fixed: _("This is fixed; upload the document again where it belongs.")})
    coalition_id = agenda_document.agenda_item.meeting.coalition_id
    _check_marking(coalition_id, data.get("classification"))
    if "title" in data:
        data["title"] = one_line(data["title"])[:255] or agenda_document.title
    _apply(agenda_document, data)
    return _save(agenda_document, actor=actor)


@transaction.atomic
def agenda_document_delete(*, actor, agenda_document: AgendaDocument) -> None:
    """The secretariat removes a document with all its versions (files deleted once committed)."""
    require(actor, DELETE, agenda_document)
    delete_document_files(agenda_document)
    agenda_document._history_user = actor
    agenda_document.delete()


# Classification markings (the managed list) ----------------------------------------------------------------


def _single_default(marking):
    if marking.is_default:
        ClassificationMarking.objects.filter(coalition_id=marking.coalition_id, is_default=True).exclude(
            pk=marking.pk
        ).update(is_default=False)


@transaction.atomic
def marking_create(*, actor, coalition: Coalition, **data) -> ClassificationMarking:
    """A marking of the coalition's list; the one marked default replaces the previous default."""
    require(actor, ADD, ClassificationMarking, coalition=coalition)
    marking = ClassificationMarking(coalition=coalition, **data)
    marking.label = one_line(marking.label)
    _single_default(marking)
    return _save(marking, actor=actor)


@transaction.atomic
def marking_update(*, actor, marking: ClassificationMarking, **data) -> ClassificationMarking:
    require(actor, CHANGE, marking)
    if "coalition" in data and data.pop("coalition") != marking.coalition:
        raise ValidationError({"coalition": _("A marking stays with its coalition.")})
    _apply(marking, data)
    marking.label = one_line(marking.label)
    _single_default(marking)
    return _save(marking, actor=actor)


@transaction.atomic
def marking_delete(*, actor, marking: ClassificationMarking) -> None:
    """A marking that documents carry is kept: mark it not in use instead."""
    require(actor, DELETE, marking)
    if marking.documents.exists():
        raise Conflict(_("Documents carry this marking; mark it as not in use instead."))
    marking._history_user = actor
    marking.delete()
