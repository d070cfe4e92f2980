"""Import of pledges from CSV/XLSX and export of a (filtered) pledge list, with tablib.

Import is all-or-nothing: every row goes through `services.pledge_create` inside one transaction (each row in
its own savepoint, so every row's errors are collected); a dry run, or any error in any row, rolls the whole
transaction back. Only a valid file with `dry_run=False` is written, all rows at once.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.errors import Conflict
from coalition.models import Participant
from coalition.permissions import ADD, require
from contributions import services
from contributions.models import Pledge
from meetings.models import Meeting

REQUIRED_COLUMNS = ("donor", "currency", "announced_on")
OPTIONAL_COLUMNS = (
    "amount",
    "kind",
    "status",
    "status_on",
    "purpose",
    "conditions",
    "meeting",
    "source",
    "is_illustrative",
    "note",
)
MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024
FORMATS = {"csv": "csv", "xlsx": "xlsx"}
TRUE = {"1", "true", "yes", "y", "x", "✓"}
FALSE = {"", "0", "false", "no", "n"}
# Service field -> file column, for errors.
COLUMN_OF = {"announced_at": "meeting", NON_FIELD_ERRORS: "", "to_status": "status"}


@dataclass
class RowResult:
    line: int  # line in the file (the header is line 1)
    values: dict
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    pledge: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = True
    written: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and all(row.ok for row in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(len(row.errors) for row in self.rows)


class _Rollback(Exception):
    pass


def detect_format(name: str) -> str | None:
    return FORMATS.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None


def read_dataset(content: bytes, fmt: str) -> tablib.Dataset:
    if fmt == "csv":
        return tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
    return tablib.Dataset().load(content, format="xlsx")


# Cell parsing: each returns a value or raises ValueError with the message for that column.


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(_("“%(v)s” is not a date (YYYY-MM-DD).") % {"v": text}) from None


def _decimal(value):
    if value is None or _text(value) == "":
        return None
    text = _text(value) if not isinstance(value, float) else repr(value)
    try:
        number = Decimal(text.replace(" ", "").replace("\u00a0", ""))
    except InvalidOperation:
        raise ValueError(_("“%(v)s” is not a number.") % {"v": text}) from None
    if not number.is_finite():
        raise ValueError(_("“%(v)s” is not a number.") % {"v": text})
    return number


def _bool(value):
    text = _text(value).lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(_("“%(v)s” is not yes or no.") % {"v": text})


def _choice(choices):
    def parse(value):
        text = _text(value).lower()
        if not text:
            return None
        by_label = {str(label).lower(): key for key, label in choices}
        if text in dict(choices):
            return text
        if text in by_label:
            return by_label[text]
        raise ValueError(
            _("“%(v)s” is not one of: %(choices)s.")
            % {"v": text, "choices": ", ".join(k for k, _l in choices)}
        )

    return parse


def _parse_row(values: dict, coalition, donors: dict, meetings: dict) -> tuple[dict, list[tuple[str, str]]]:
    kwargs, errors = {}, []

    def cell(column, parse):
        try:
            return parse(values.get(column))
        except ValueError as exc:
            errors.append((column, str(exc)))
            return None

    code = _text(values.get("donor")).upper()
    if not code:
        errors.append(("donor", _("A donor code is required.")))
    elif code not in donors:
        errors.append(("donor", _("Unknown state or organisation “%(c)s”.") % {"c": code}))
    else:
        kwargs["donor"] = donors[code]
    kwargs["amount"] = cell("amount", _decimal)
    kwargs["currency"] = _text(values.get("currency")).upper()
    kwargs["announced_on"] = cell("announced_on", _date)
    if kwargs["announced_on"] is None and not any(c == "announced_on" for c, _m in errors):
        errors.append(("announced_on", _("A date is required.")))
    kind = cell("kind", _choice(Pledge.Kind.choices))
    if kind:
        kwargs["kind"] = kind
    status = cell("status", _choice(Pledge.Status.choices))
    if status:
        kwargs["status"] = status
    kwargs["status_on"] = cell("status_on", _date)
    number = _text(values.get("meeting"))
    if number:
        if number not in meetings:
            errors.append(("meeting", _("No meeting number %(n)s in this coalition.") % {"n": number}))
        else:
            kwargs["announced_at"] = meetings[number]
    for column in ("purpose", "conditions", "source", "note"):
        kwargs[column] = _text(values.get(column))
    illustrative = cell("is_illustrative", _bool)
    kwargs["is_illustrative"] = bool(illustrative)
    return kwargs, errors


def _errors_of(exc: ValidationError) -> list[tuple[str, str]]:
    if not hasattr(exc, "error_dict"):
        return [("", message) for message in exc.messages]
    return [
        (COLUMN_OF.get(name, name), message)
        for name, errors in exc.message_dict.items()
        for message in errors
    ]


def import_pledges(*, actor, coalition, content: bytes, fmt: str, dry_run: bool = True) -> ImportReport:
    """Check (and unless `dry_run`, write) every row of a CSV or XLSX file of pledges. See module doc."""
    require(actor, ADD, Pledge, coalition=coalition)
    report = ImportReport(dry_run=dry_run)
    if len(content) > MAX_BYTES:
        report.file_errors.append(_("The file is larger than 2 MB; split it."))
        return report
    try:
        dataset = read_dataset(content, fmt)
    except Exception:  # any unreadable file is the user's input: reported, never a 500
        report.file_errors.append(_("The file cannot be read as %(fmt)s.") % {"fmt": fmt.upper()})
        return report
    headers = [_text(h).lower() for h in (dataset.headers or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        report.file_errors.append(_("Missing column(s): %(cols)s.") % {"cols": ", ".join(missing)})
        return report
    report.ignored_columns = [h for h in headers if h and h not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if dataset.height > MAX_ROWS:
        report.file_errors.append(_("At most %(n)d rows per file.") % {"n": MAX_ROWS})
        return report
    if dataset.height == 0:
        report.file_errors.append(_("The file has no rows."))
        return report
    donors = {p.code: p for p in Participant.objects.all()}
    meetings = {str(m.number): m for m in Meeting.objects.filter(coalition=coalition)}
    try:
        with transaction.atomic():
            for index, raw in enumerate(dataset, start=2):
                values = dict(zip(headers, raw, strict=False))
                kwargs, errors = _parse_row(values, coalition, donors, meetings)
                row = RowResult(line=index, values={k: _text(v) for k, v in values.items()}, errors=errors)
                report.rows.append(row)
                if errors:
                    continue
                try:
                    with transaction.atomic():
                        pledge = services.pledge_create(actor=actor, coalition=coalition, **kwargs)
                        row.pledge = str(pledge)
                except ValidationError as exc:
                    row.errors.extend(_errors_of(exc))
                except (Conflict, PermissionDenied) as exc:
                    row.errors.append(("", str(getattr(exc, "message", exc))))
            if dry_run or not report.is_valid:
                raise _Rollback
            report.written = len(report.rows)
    except _Rollback:
        pass
    return report


# Export ----------

EXPORT_HEADERS = [
    ("id", gettext_lazy("id")),
    ("donor", gettext_lazy("donor")),
    ("donor_name", gettext_lazy("donor name")),
    ("kind", gettext_lazy("kind")),
    ("status", gettext_lazy("status")),
    ("amount", gettext_lazy("amount")),
    ("currency", gettext_lazy("currency")),
    ("amount_eur", gettext_lazy("amount EUR")),
    ("fx_rate", gettext_lazy("rate (per EUR)")),
    ("fx_rate_date", gettext_lazy("rate date")),
    ("paid", gettext_lazy("paid")),
    ("outstanding", gettext_lazy("outstanding")),
    ("overpaid", gettext_lazy("over-paid")),
    ("outstanding_eur", gettext_lazy("outstanding EUR")),
    ("announced_on", gettext_lazy("announced on")),
    ("confirmed_on", gettext_lazy("confirmed on")),
    ("committed_on", gettext_lazy("committed on")),
    ("fulfilled_on", gettext_lazy("fulfilled on")),
    ("withdrawn_on", gettext_lazy("withdrawn on")),
    ("meeting", gettext_lazy("meeting")),
    ("purpose", gettext_lazy("purpose")),
    ("conditions", gettext_lazy("conditions")),
    ("review_status", gettext_lazy("review")),
    ("source", gettext_lazy("source")),
    ("is_illustrative", gettext_lazy("is_illustrative")),
    ("note", gettext_lazy("note")),
]


def export_dataset(pledges) -> tablib.Dataset:
    """A dataset of annotated pledges (see selectors.pledges_for). Column keys match the import's, so an
    export can be edited and imported into another coalition. An undisclosed amount is an empty cell."""
    dataset = tablib.Dataset(headers=[key for key, _label in EXPORT_HEADERS], title="pledges")
    for p in pledges:
        dataset.append(
            [
                p.pk,
                p.donor.code,
                p.donor.name,
                p.kind,
                p.status,
                p.amount,
                p.currency,
                p.amount_eur,
                p.fx_rate,
                p.fx_rate_date,
                p.paid,
                p.outstanding,
                p.overpaid,
                p.outstanding_eur,
                p.announced_on,
                p.confirmed_on,
                p.committed_on,
                p.fulfilled_on,
                p.withdrawn_on,
                p.announced_at.number if p.announced_at_id else None,
                p.purpose,
                p.conditions,
                p.review_status,
                p.source,
                "yes" if p.is_illustrative else "no",
                p.note,
            ]
        )
    return dataset


def export_bytes(pledges, fmt: str) -> bytes:
    dataset = export_dataset(pledges)
    if fmt == "csv":
        return dataset.export("csv").encode("utf-8")
    return dataset.export("xlsx")
