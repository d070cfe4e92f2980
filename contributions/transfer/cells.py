"""Parsing an import row's cells, each error collected by column; formula-like cells; a service's errors
as (column, message)."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from coalition.spreadsheets import is_formula_like, strip_neutralised

TRUE = {"1", "true", "yes", "y", "x", "✓"}
FALSE = {"", "0", "false", "no", "n"}

# Cell parsing: each returns a value or raises ValueError with the message for that column.


def text(value) -> str:
    """A cell as text, stripped; what an export neutralised (a leading apostrophe) is read back."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return strip_neutralised(str(value).strip())


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text(value)
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw[:10])
    except ValueError:
        raise ValueError(_("“%(v)s” is not a date (YYYY-MM-DD).") % {"v": raw}) from None


def parse_decimal(value):
    if value is None or text(value) == "":
        return None
    raw = text(value) if not isinstance(value, float) else repr(value)
    try:
        number = Decimal(raw.replace(" ", "").replace("\u00a0", ""))
    except InvalidOperation:
        raise ValueError(_("“%(v)s” is not a number.") % {"v": raw}) from None
    if not number.is_finite():
        raise ValueError(_("“%(v)s” is not a number.") % {"v": raw})
    return number


def parse_amount(value):
    """A positive amount to the cent (an empty cell is None)."""
    number = parse_decimal(value)
    if number is None:
        return None
    if number <= 0:
        raise ValueError(_("An amount must be greater than zero."))
    if number != number.quantize(Decimal("0.01")):
        raise ValueError(_("“%(v)s” has more than 2 decimals.") % {"v": text(value)})
    return number.quantize(Decimal("0.01"))


def parse_bool(value):
    raw = text(value).lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise ValueError(_("“%(v)s” is not yes or no.") % {"v": raw})


def choice(choices):
    keys = {key for key, _label in choices}

    def parse(value):
        raw = text(value).lower()
        if not raw:
            return None
        if raw in keys:
            return raw
        by_label = {str(label).lower(): key for key, label in choices}  # translated: built only if needed
        if raw in by_label:
            return by_label[raw]
        raise ValueError(
            _("“%(v)s” is not one of: %(choices)s.")
            % {"v": raw, "choices": ", ".join(k for k, _l in choices)}
        )

    return parse


class Cells:
    """Parses a row's cells, collecting every error (by column) instead of stopping at the first."""

    def __init__(self, values: dict, errors: list):
        self.values, self.errors = values, errors

    def has(self, column) -> bool:
        return column in self.values

    def get(self, column, parse=text):
        try:
            return parse(self.values.get(column))
        except ValueError as exc:
            self.errors.append((column, str(exc)))
            return None

    def failed(self, column) -> bool:
        return any(c == column for c, _m in self.errors)


def formula_warnings(values: dict) -> list[tuple[str, str]]:
    """Text cells a spreadsheet program would run as formulas: imported as text, exported neutralised."""
    return [
        (column, _("starts like a formula (%(c)s); it is kept as text and exported neutralised.")
         % {"c": repr(raw[:1])})
        for column, raw in values.items()
        if is_formula_like(raw)
    ]  # fmt: skip


def errors_of(exc: Exception, column_of: dict) -> list[tuple[str, str]]:
    if isinstance(exc, ValidationError):
        if not hasattr(exc, "error_dict"):
            return [("", message) for message in exc.messages]
        return [
            (column_of.get(name, "" if name == NON_FIELD_ERRORS else name), message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [("", str(getattr(exc, "message", exc)))]
