"""Checks on the e-mail or document that evidences a confirmation received outside the portal.

The meetings' document checks apply (an allow-list of types, the size limit, content matching the
extension: meetings.documents.check_upload), and e-mails saved from a mail program are accepted too:
`.eml` (text, RFC 5322) and `.msg` (Outlook, an OLE compound file).
"""

import hashlib
import os

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from meetings.documents import (
    ALLOWED_TYPES,
    SNIFF_BYTES,
    _is_text,
    check_upload,
    clean_original_name,
    max_bytes,
)

MAIL_TYPES = {
    ".eml": ("message/rfc822", "e-mail (EML)"),
    ".msg": ("application/vnd.ms-outlook", "Outlook e-mail (MSG)"),
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def content_type_of(name: str) -> str:
    ext = os.path.splitext(name)[1].lower()
    return (MAIL_TYPES.get(ext) or ALLOWED_TYPES.get(ext) or ("application/octet-stream", ""))[0]


def check_evidence(upload, *, field: str = "evidence") -> tuple[str, str]:
    """Validate the file; return its clean original name and its SHA-256. A ValidationError names `field`."""
    if upload is None:
        raise ValidationError({field: _("Attach the e-mail or document that carries the confirmation.")})
    name = clean_original_name(getattr(upload, "name", ""))
    ext = os.path.splitext(name)[1].lower()
    if ext not in MAIL_TYPES:
        checked = check_upload(upload, field=field)
        return checked.original_name, checked.sha256
    if upload.size == 0:
        raise ValidationError({field: _("“%(name)s” is empty.") % {"name": name}})
    if upload.size > max_bytes():
        raise ValidationError(
            {
                field: _("“%(name)s” is %(size)s; documents may be at most %(limit)s.")
                % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())}
            }
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    matches = head.startswith(OLE_MAGIC) if ext == ".msg" else _is_text(head) and b":" in head
    if not matches:
        raise ValidationError(
            {
                field: _("“%(name)s” does not look like a %(label)s file.")
                % {"name": name, "label": MAIL_TYPES[ext][1]}
            }
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return name, digest.hexdigest()
