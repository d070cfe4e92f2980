"""Documents on a meeting's agenda items: uploaded by the secretariat or by delegations, kept in versions,
each with a classification marking from the coalition's managed list and a visibility.

Files go through Django's storage API, the named storage "documents" (see meetings/storage.py).
"""

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Coalition, Participant, Timestamped
from coalition.querysets import CoalitionScopedQuerySet
from meetings.models.agenda import AgendaItem
from meetings.querysets import DocumentQuerySet, DocumentVersionQuerySet
from meetings.storage import DocumentsStorage, PrivateDocumentStorage  # noqa: F401 - named in settings


def document_storage():
    """The storage of document files: storages["documents"], looked up at each use."""
    return DocumentsStorage()


def document_storage_name(instance, filename):
    """A random name with the (lowercased, checked) extension; the original name is kept in a field."""
    ext = os.path.splitext(filename)[1].lower()
    return f"meetings/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class ClassificationMarking(Timestamped):
    """One entry of a coalition's managed list of markings, e.g. PUBLIC or COALITION RESTRICTED."""

    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("coalition"),
        on_delete=models.CASCADE,
        related_name="classification_markings",
    )
    label = models.CharField(
        _("marking"), max_length=60, help_text=_("Shown as written, e.g. COALITION RESTRICTED.")
    )
    description = models.CharField(_("handling"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_default = models.BooleanField(_("default for new documents"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["coalition", "position", "label"]
        verbose_name = _("classification marking")
        verbose_name_plural = _("classification markings")
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "label"],
                name="classification_marking_unique_label",
                violation_error_message=_("This coalition already has this marking."),
            ),
            models.UniqueConstraint(
                fields=["coalition"],
                condition=Q(is_default=True),
                name="classification_marking_one_default",
                violation_error_message=_("Another marking is already the default."),
            ),
        ]

    def __str__(self):
        return self.label


class AgendaDocument(Timestamped):
    """A document on an agenda item: its title, marking and visibility; its files are its versions."""

    class Visibility(models.TextChoices):
        MEMBERS = "members", _("All members of the coalition")
        SECRETARIAT = "secretariat", _("Secretariat only (and the delegation that submitted it)")

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=255)
    classification = models.ForeignKey(
        ClassificationMarking,
        verbose_name=_("classification marking"),
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
    )
    visibility = models.CharField(
        _("visible to"), max_length=16, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("submitted by the delegation of"),
        on_delete=models.PROTECT,
        related_name="meeting_documents",
        null=True,
        blank=True,
    )
    current_version = models.ForeignKey(
        "meetings.DocumentVersion",
        verbose_name=_("current version"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    history = HistoricalRecords()
    objects = DocumentQuerySet.as_manager()
    coalition_lookup = "agenda_item__meeting__coalition"
    owner_lookup = "participant"
    delegate_actions = frozenset({"add", "change"})  # a delegation uploads its papers and their versions

    class Meta:
        ordering = ["agenda_item", "title"]
        verbose_name = _("agenda document")
        verbose_name_plural = _("agenda documents")

    def __str__(self):
        return self.title

    @property
    def marking(self) -> str:
        return self.classification.label if self.classification_id else ""


class DocumentVersion(Timestamped):
    """One uploaded file of a document, checked for size and type, stored under a random name. Versions are
    numbered 1, 2, 3... and never changed; the latest is the document's current version."""

    document = models.ForeignKey(
        AgendaDocument, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(
        _("file"), upload_to=document_storage_name, storage=document_storage, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    history = HistoricalRecords()
    objects = DocumentVersionQuerySet.as_manager()
    coalition_lookup = "document__agenda_item__meeting__coalition"
    owner_lookup = "document__participant"

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique_number")
        ]

    def __str__(self):
        return f"{self.document} — v{self.number}"
