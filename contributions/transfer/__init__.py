"""Imports (pledges, payments) and the pledge export, CSV and XLSX: see each module's doc."""

from contributions.transfer.common import AlreadyImported
from contributions.transfer.export import EXPORT_HEADERS, export_bytes, export_dataset
from contributions.transfer.files import (
    FORMATS,
    MAX_BYTES,
    MAX_ROWS,
    detect_format,
    max_bytes,
    max_rows,
    read_dataset,
    too_large_message,
)
from contributions.transfer.payments import import_payments
from contributions.transfer.pledges import import_pledges
from contributions.transfer.report import ImportReport, RowResult

__all__ = [
    "EXPORT_HEADERS",
    "FORMATS",
    "MAX_BYTES",
    "MAX_ROWS",
    "AlreadyImported",
    "ImportReport",
    "RowResult",
    "detect_format",
    "export_bytes",
    "export_dataset",
    "import_payments",
    "import_pledges",
    "max_bytes",
    "max_rows",
    "read_dataset",
    "too_large_message",
]
