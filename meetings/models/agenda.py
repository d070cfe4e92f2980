"""The agenda of a meeting and the documents attached to its items (private storage)."""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coalition.models import Participant, Timestamped
from coalition.querysets import CoalitionScopedQuerySet
from meetings.models.meeting import Meeting


class AgendaItem(Timestamped):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    presenter = models.ForeignKey(
        Participant,
        verbose_name=_("presented by (participant)"),
        on_delete=models.PROTECT,
        related_name="presented_agenda_items",
        null=True,
        blank=True,
    )
    presenter_name = models.CharField(
        _("presenter"), max_length=200, blank=True, help_text=_("The person presenting, if known.")
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)

    history = HistoricalRecords()
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "meeting__coalition"

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="agenda_item_unique_position",
                violation_error_message=_("Another agenda item already has this position."),
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="agenda_item_position_positive"),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"


class PrivateDocumentStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT: never served by a web server, only by the permission-checked view.

    The location is read from settings on each use, so tests can point it at a temporary directory.
    """

    def __init__(self):
        super().__init__()

    @property
    def base_location(self):
        default = Path(settings.BASE_DIR) / "var" / "private" / "meeting-documents"
        return str(getattr(settings, "MEETINGS_DOCUMENT_ROOT", default))

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):  # pragma: no cover - a private file has no public URL
        raise ValueError("Meeting documents have no public URL; use the download view.")


def document_storage():
    return PrivateDocumentStorage()


def document_storage_name(instance, filename):
    """A random name with the (lowercased, checked) extension; the original name is kept in a field."""
    ext = os.path.splitext(filename)[1].lower()
    return f"meetings/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class AgendaDocument(Timestamped):
    """A file attached to an agenda item, checked for size and type, stored under a random name."""

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(
        _("file"), upload_to=document_storage_name, storage=document_storage, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
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
    objects = CoalitionScopedQuerySet.as_manager()
    coalition_lookup = "agenda_item__meeting__coalition"

    class Meta:
        ordering = ["agenda_item", "original_name"]
        verbose_name = _("agenda document")
        verbose_name_plural = _("agenda documents")

    def __str__(self):
        return self.original_name
