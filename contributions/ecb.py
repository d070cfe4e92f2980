"""Reading the ECB euro foreign exchange reference rates as the ECB publishes them.

The ECB publishes the same CSV layout three ways, each also zipped:

- the daily file (`eurofxref.csv`): one row, `Date, USD, JPY, ...` with a space after each comma, a trailing
  comma, and the date written `12 April 2024`;
- the last 90 days and the full history since 1999 (`eurofxref-hist.csv`): one row per business day,
  **newest first**, ISO dates, a trailing comma, and `N/A` wherever a currency had no rate that day. The
  history's header still carries the currencies the euro replaced or that were withdrawn (CYP, EEK, HRK,
  LTL, LVL, MTL, ROL, SIT, SKK, TRL...): their columns are skipped and counted, not loaded.

Each value is the number of units of that currency per 1 EUR; the text is kept with its decimals
(`places`), so a rate is shown as published. Every error is reported by line and column; a file with an
error loads nothing.
"""

import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from coalition.figures import day as day_text
from contributions.currencies import ISO_4217

MISSING_VALUES = {"", "N/A", "NA", "-"}
MAX_BYTES = 20 * 1024 * 1024  # the full history is about 2 MB uncompressed
MAX_ROWS = 20000  # 250 business days a year for 80 years

# ISO 4217 codes that were withdrawn and still head columns of the ECB's history file (or could).
WITHDRAWN = frozenset(
    {
        "ATS", "BEF", "BGL", "CYP", "DEM", "EEK", "ESP", "FIM", "FRF", "GRD", "HRK", "IEP", "ITL", "LTL",
        "LUF", "LVL", "MTL", "NLG", "PTE", "ROL", "SIT", "SKK", "TRL",
    }
)  # fmt: skip

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WRITTEN_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")


@dataclass
class ParsedRates:
    """What a file holds: (currency, date, rate, places) rows, and everything that was not loaded."""

    rates: list[tuple[str, date, Decimal, int]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "line 3, column USD: ..."
    missing: int = 0  # N/A (or empty) cells
    withdrawn: Counter = field(default_factory=Counter)  # withdrawn currency -> cells with a value skipped
    dates: int = 0  # rows (days) read

    @property
    def skipped(self) -> int:
        return self.missing

    @property
    def newest(self) -> date | None:
        return max((day for _c, day, _r, _p in self.rates), default=None)

    @property
    def withdrawn_columns(self) -> list[str]:
        return sorted(self.withdrawn)

    @property
    def withdrawn_cells(self) -> int:
        return sum(self.withdrawn.values())


def parse_date(text: str) -> date:
    """`2024-04-12` or `12 April 2024` (the daily file); ValueError otherwise."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = WRITTEN_DATE.match(text)
    if match and match.group(2).lower() in MONTHS:
        return date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
    raise ValueError(text)


def _places(raw: str) -> int:
    return len(raw.split(".", 1)[1]) if "." in raw else 0


def parse_ecb_csv(text: str) -> ParsedRates:
    """Parse the file's text into (currency, date, rate, places) rows, with every error by line and column."""
    result = ParsedRates()
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), skipinitialspace=True)
    header = next(reader, None)
    if not header or header[0].strip().lower() != "date":
        result.errors.append(_("line 1: the header must start with “Date” (ECB reference-rate layout)."))
        return result
    columns, withdrawn_columns, seen = [], [], set()
    for index, name in enumerate(header[1:], start=1):
        code = name.strip().upper()
        if not code:
            continue  # the trailing comma
        if code in seen:
            result.errors.append(_("line 1, column %(c)s: this currency appears twice.") % {"c": code})
        seen.add(code)
        if code == "EUR":
            result.errors.append(_("line 1, column EUR: the euro is the base currency and has no rate."))
        elif code in WITHDRAWN:
            withdrawn_columns.append((index, code))
        elif code not in ISO_4217:
            result.errors.append(
                _("line 1, column %(c)s: not an ISO 4217 currency code.") % {"c": name.strip()}
            )
        else:
            columns.append((index, code))
    days = set()
    for line_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if line_number > MAX_ROWS + 1:
            result.errors.append(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
            break
        try:
            day = parse_date(row[0])
        except ValueError:
            result.errors.append(
                _("line %(n)d, column Date: “%(v)s” is not a date (2024-04-12 or 12 April 2024).")
                % {"n": line_number, "v": row[0]}
            )
            continue
        if day in days:
            result.errors.append(
                _("line %(n)d, column Date: %(d)s appears twice.") % {"n": line_number, "d": day_text(day)}
            )
            continue
        days.add(day)
        result.dates += 1
        for index, code in withdrawn_columns:
            raw = row[index].strip() if index < len(row) else ""
            if raw.upper() not in MISSING_VALUES:
                result.withdrawn[code] += 1
        for index, code in columns:
            raw = row[index].strip() if index < len(row) else ""
            if raw.upper() in MISSING_VALUES:
                result.missing += 1
                continue
            try:
                rate = Decimal(raw)
            except InvalidOperation:
                rate = None
            if rate is None or not rate.is_finite() or rate <= 0 or _places(raw) > 8 or rate >= 10**12:
                result.errors.append(
                    _("line %(n)d, column %(c)s: “%(v)s” is not a positive rate (at most 8 decimals).")
                    % {"n": line_number, "c": code, "v": raw}
                )
                continue
            result.rates.append((code, day, rate, _places(raw)))
    for _index, code in withdrawn_columns:
        result.withdrawn.setdefault(code, 0)
    return result


def read_rates_file(content: bytes, name: str = "") -> ParsedRates:
    """The rates of an uploaded file: the CSV itself, or a zip holding one CSV (as the ECB serves both)."""
    if len(content) > MAX_BYTES:
        return ParsedRates(errors=[_("The file is larger than 20 MB.")])
    if content[:4] == b"PK\x03\x04" or name.lower().endswith(".zip"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                members = [i for i in archive.infolist() if i.filename.lower().endswith(".csv")]
                if len(members) != 1:
                    return ParsedRates(errors=[_("The zip file must hold exactly one CSV file.")])
                if members[0].file_size > MAX_BYTES:
                    return ParsedRates(errors=[_("The CSV file in the zip is larger than 20 MB.")])
                content = archive.read(members[0])
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError):
            return ParsedRates(errors=[_("The file cannot be read as a zip file.")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParsedRates(errors=[_("The file is not UTF-8 text (the ECB's CSV files are).")])
    return parse_ecb_csv(text)
