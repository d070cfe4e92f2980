"""Reading the ECB euro reference-rate CSV layout.

The file has a header `Date,USD,JPY,...` (often with a trailing comma) and one row per date; each value is
the number of units of that currency per 1 EUR; "N/A" (or an empty cell) means no rate that day.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from contributions.currencies import ISO_4217

MISSING_VALUES = {"", "N/A", "NA", "-"}


@dataclass
class ParsedRates:
    rates: list[tuple[str, date, Decimal]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "line 3, column USD: ..."
    skipped: int = 0  # N/A cells


def parse_ecb_csv(text: str) -> ParsedRates:
    """Parse the file's text into (currency, date, rate) triples, with every error by line and column."""
    result = ParsedRates()
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if not header or header[0].strip().lower() != "date":
        result.errors.append(_("line 1: the header must start with “Date” (ECB reference-rate layout)."))
        return result
    columns = []
    for index, name in enumerate(header[1:], start=1):
        code = name.strip().upper()
        if not code:
            continue
        if code == "EUR":
            result.errors.append(_("line 1, column EUR: the euro is the base currency and has no rate."))
        elif code not in ISO_4217:
            result.errors.append(
                _("line 1, column %(c)s: not an ISO 4217 currency code.") % {"c": name.strip()}
            )
        else:
            columns.append((index, code))
    for line_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            day = date.fromisoformat(row[0].strip())
        except ValueError:
            result.errors.append(
                _("line %(n)d, column Date: “%(v)s” is not a date (YYYY-MM-DD).")
                % {"n": line_number, "v": row[0]}
            )
            continue
        for index, code in columns:
            raw = row[index].strip() if index < len(row) else ""
            if raw.upper() in MISSING_VALUES:
                result.skipped += 1
                continue
            try:
                rate = Decimal(raw)
            except InvalidOperation:
                rate = None
            if rate is None or not rate.is_finite() or rate <= 0:
                result.errors.append(
                    _("line %(n)d, column %(c)s: “%(v)s” is not a positive rate.")
                    % {"n": line_number, "c": code, "v": raw}
                )
                continue
            result.rates.append((code, day, rate))
    return result
