"""Checks on uploaded agenda documents: size limit, an allow-list of types, and the content must match the
extension (sniffed from the first bytes, and for Office files from the archive's contents).

A file passes only when its extension is allowed AND its bytes look like that type, so `report.exe` renamed
`report.pdf` is refused.
"""

import hashlib
import os
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
SNIFF_BYTES = 8192

# extension: (content type, label)
ALLOWED_TYPES = {
    ".pdf": ("application/pdf", "PDF"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (DOCX)"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint (PPTX)",
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", "OpenDocument text (ODT)"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet (ODS)"),
    ".txt": ("text/plain; charset=utf-8", "text (TXT)"),
    ".csv": ("text/csv; charset=utf-8", "CSV"),
    ".png": ("image/png", "PNG"),
    ".jpg": ("image/jpeg", "JPEG"),
    ".jpeg": ("image/jpeg", "JPEG"),
}
_OOXML_PART = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
_ODF_MIMETYPE = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}


@dataclass(frozen=True)
class CheckedUpload:
    original_name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "MEETINGS_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def allowed_extensions_label() -> str:
    return ", ".join(sorted({ext.lstrip(".") for ext in ALLOWED_TYPES if ext != ".jpeg"}))


def clean_original_name(name: str) -> str:
    """The name to show and offer on download: no directories, no control characters, at most 255 chars."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?')
    base = base.strip(" .") or "document"
    stem, ext = os.path.splitext(base)
    return stem[: 255 - len(ext)] + ext


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
    return True


def _zip_matches(upload, ext: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if ext in _OOXML_PART:
                return "[Content_Types].xml" in names and any(n.startswith(_OOXML_PART[ext]) for n in names)
            if "mimetype" not in names:
                return False
            return archive.read("mimetype").decode("ascii", "replace").strip() == _ODF_MIMETYPE[ext]
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return False
    finally:
        upload.seek(0)


def _content_matches(upload, ext: str, head: bytes) -> bool:
    if ext == ".pdf":
        return head.startswith(b"%PDF-")
    if ext == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext in (".txt", ".csv"):
        return _is_text(head)
    if ext in _OOXML_PART or ext in _ODF_MIMETYPE:
        return head.startswith(b"PK\x03\x04") and _zip_matches(upload, ext)
    return False


def check_upload(upload, *, field: str = "file") -> CheckedUpload:
    """Validate an uploaded file; raise ValidationError({field: message}) saying what is wrong."""
    if upload is None:
        raise ValidationError({field: _("Choose a file to upload.")})
    name = clean_original_name(getattr(upload, "name", ""))
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_TYPES:
        raise ValidationError(
            {
                field: _("“%(name)s” is not an allowed type of document. Allowed: %(types)s.")
                % {"name": name, "types": allowed_extensions_label()}
            }
        )
    size = upload.size
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            {
                field: _("“%(name)s” is %(size)s; documents may be at most %(limit)s.")
                % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
            }
        )
    if size == 0:
        raise ValidationError({field: _("“%(name)s” is empty.") % {"name": name}})
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    content_type, label = ALLOWED_TYPES[ext]
    if not _content_matches(upload, ext, head):
        raise ValidationError(
            {
                field: _(
                    "“%(name)s” does not look like a %(label)s file: its content does not match its "
                    "extension."
                )
                % {"name": name, "label": label}
            }
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(
        original_name=name, extension=ext, content_type=content_type, size=size, sha256=digest.hexdigest()
    )
