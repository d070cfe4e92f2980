"""Reading an import file: the size and row limits, the format (CSV or XLSX), the content's hash."""

import hashlib

import tablib
from django.conf import settings
from django.utils.translation import gettext as _

MAX_ROWS = 100_000  # the defaults of settings.IMPORT_MAX_ROWS / IMPORT_MAX_BYTES, which apply
MAX_BYTES = 20 * 1024 * 1024
FORMATS = {"csv": "csv", "xlsx": "xlsx"}


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", MAX_ROWS)


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", MAX_BYTES)


def too_large_message() -> str:
    return _("The file is larger than %(mb)s MB; split it.") % {"mb": f"{max_bytes() / 1024 / 1024:g}"}


def detect_format(name: str) -> str | None:
    return FORMATS.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None


def read_dataset(content: bytes, fmt: str) -> tablib.Dataset:
    if fmt == "csv":
        return tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
    return tablib.Dataset().load(content, format="xlsx")


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
