"""What every import shares: reading a CSV or XLSX file, parsing its cells, the report, and the driver
that checks every row (each in its own savepoint, so every row's errors are collected) inside one
transaction, rolled back for a dry run or when any row has an error, and written at once otherwise.

An import is written once: the checked file's token is recorded (`ImportRecord.token`, unique), so posting
the same checked file again writes nothing; and a file whose content was already imported into the
coalition is recognised by its SHA-256 and the dry run warns before it is written again.
"""

import datetime
import hashlib
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.spreadsheets import is_formula_like, strip_neutralised
from contributions.models import ImportRecord

MAX_ROWS = 100_000  # the defaults of settings.IMPORT_MAX_ROWS / IMPORT_MAX_BYTES, which apply
MAX_BYTES = 20 * 1024 * 1024
FORMATS = {"csv": "csv", "xlsx": "xlsx"}
TRUE = {"1", "true", "yes", "y", "x", "✓"}
FALSE = {"", "0", "false", "no", "n"}


class AlreadyImported(Exception):
    """The checked file of this token was written already (a second click): nothing is written again."""

    def __init__(self, record: ImportRecord):
        super().__init__(str(record))
        self.record = record


@dataclass
class RowResult:
    line: int  # line in the file (the header is line 1)
    values: dict
    action: str = ""  # "created", "changed", "unchanged" (once checked without error)
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, old, new) of a change
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    record: str = ""  # what the row is (or will be), as text

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def pledge(self) -> str:  # the name pages and tests knew
        return self.record

    @property
    def subject(self) -> str:
        """What the row is about, for the report: the record, else the donor or pledge it names."""
        values = self.values
        return (
            self.record
            or values.get("donor")
            or values.get("pledge_reference")
            or values.get("pledge_id", "")
        )


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = True
    written: int = 0
    sha256: str = ""
    earlier_imports: list = field(default_factory=list)  # ImportRecords of the same content

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and all(row.ok for row in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(len(row.errors) for row in self.rows)

    @property
    def warning_count(self) -> int:
        return sum(len(row.warnings) for row in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.ok and row.action == action)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def changed(self) -> int:
        return self.count("changed")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")


class _Rollback(Exception):
    pass


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


def run_import(
    *,
    actor,
    coalition,
    kind: str,
    content: bytes,
    fmt: str,
    dry_run: bool,
    required: tuple,
    optional: tuple,
    handle_row,
    prepare=None,
    finish=None,
    token: str = "",
    file_name: str = "",
) -> ImportReport:
    """Check every row with `handle_row(row, cells, context)` and, unless `dry_run` or any error, write them
    all and record the import (see the module doc). `prepare(headers)` builds the context once;
    `finish(report, context)`, once every row is checked without error, writes in bulk what the rows
    collected (in the same transaction: a dry run writes it too, then rolls it all back).

    The summary after the change is asked for once per import, after its commit, not once per row."""
    report = ImportReport(dry_run=dry_run, sha256=content_hash(content))
    if len(content) > max_bytes():
        report.file_errors.append(too_large_message())
        return report
    try:
        dataset = read_dataset(content, fmt)
    except Exception:  # any unreadable file is the user's input: reported, never a 500
        report.file_errors.append(_("The file cannot be read as %(fmt)s.") % {"fmt": fmt.upper()})
        return report
    headers = [text(h).lower() for h in (dataset.headers or [])]
    missing = [c for c in required if isinstance(c, str) and c not in headers]
    missing += [" or ".join(c) for c in required if isinstance(c, tuple) and not set(c) & set(headers)]
    if missing:
        report.file_errors.append(_("Missing column(s): %(cols)s.") % {"cols": ", ".join(missing)})
        return report
    known = {c for item in required for c in (item if isinstance(item, tuple) else (item,))} | set(optional)
    report.ignored_columns = [h for h in headers if h and h not in known]
    if dataset.height > max_rows():
        report.file_errors.append(_("At most %(n)d rows per file.") % {"n": max_rows()})
        return report
    if dataset.height == 0:
        report.file_errors.append(_("The file has no rows."))
        return report
    report.earlier_imports = list(
        ImportRecord.objects.filter(coalition=coalition, kind=kind, sha256=report.sha256).select_related(
            "imported_by"
        )
    )
    if not dry_run and token:
        done = ImportRecord.objects.filter(token=token).select_related("imported_by").first()
        if done is not None:
            raise AlreadyImported(done)
    context = prepare(headers) if prepare else {}
    from summaries.signals import after_change, held_after_change

    try:
        with held_after_change(), transaction.atomic():
            record = None
            if not dry_run:
                record = _claim(actor, coalition, kind, file_name, report.sha256, token)
            for index, raw in enumerate(dataset, start=2):
                values = {k: v for k, v in zip(headers, raw, strict=False) if k in known}
                row = RowResult(line=index, values={k: text(v) for k, v in values.items()})
                row.warnings = formula_warnings(
                    {k: strip_neutralised(v) for k, v in values.items() if isinstance(v, str)}
                )
                report.rows.append(row)
                handle_row(row, Cells(values, row.errors), context)
            if finish is not None and report.is_valid:
                _finish(report, context, finish)
            if dry_run or not report.is_valid:
                raise _Rollback
            report.written = len(report.rows)
            record.created, record.changed, record.unchanged = (
                report.created,
                report.changed,
                report.unchanged,
            )
            record.save(update_fields=["created", "changed", "unchanged"])
    except _Rollback:
        pass
    if report.written:
        after_change(coalition.pk)
    return report


def _finish(report, context, finish) -> None:
    try:
        with transaction.atomic():
            finish(report, context)
    except IntegrityError:  # a unique value (a reference) written meanwhile by a concurrent request
        report.file_errors.append(
            _("Another record with these values was written meanwhile; check the file again.")
        )


def _claim(actor, coalition, kind, file_name, sha256, token) -> ImportRecord:
    """Record the import before writing its rows: a second request with the same token (a double click
    reaching another worker) waits on the unique token until this one commits, then writes nothing."""
    try:
        with transaction.atomic():
            return ImportRecord.objects.create(
                coalition=coalition,
                kind=kind,
                file_name=file_name[:255],
                sha256=sha256,
                token=token or f"direct-{uuid.uuid4().hex}",
                imported_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError:
        raise AlreadyImported(ImportRecord.objects.select_related("imported_by").get(token=token)) from None


def in_savepoint(row: RowResult, column_of: dict, work) -> None:
    """Run one row's writes in a savepoint: its errors go to the row, the other rows go on."""
    try:
        with transaction.atomic():
            work()
    except (ValidationError, Conflict, PermissionDenied) as exc:
        row.errors.extend(errors_of(exc, column_of))
    except IntegrityError:  # a unique value (a reference) written meanwhile by a concurrent request
        row.errors.append(
            ("", _("Another record with these values was written meanwhile; check the file again."))
        )


def create_in_bulk(model, objs: list, *, actor, batch_size: int = 5000) -> list:
    """`bulk_create` the new records with their "created" history rows, as a save would write them (the
    actor, now, type "+"). On PostgreSQL the history rows are copied from the inserted rows by one
    `INSERT ... SELECT` per batch (the same columns django-simple-history writes; its per-object path
    builds a second model instance per row, which costs more than the insert); elsewhere
    `bulk_create_with_history`. No post-save signal is sent: the import asks for its summary once."""
    from simple_history.utils import bulk_create_with_history

    user = actor if getattr(actor, "pk", None) else None
    if connection.vendor != "postgresql":
        return bulk_create_with_history(objs, model, batch_size=batch_size, default_user=user)
    created = model.objects.bulk_create(objs, batch_size=batch_size)
    history = model.history.model
    columns = [field.column for field in history.tracked_fields]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(history._meta.db_table)} ({quoted}, history_date, "  # noqa: S608
        f"history_change_reason, history_type, history_user_id) SELECT {quoted}, %s, NULL, '+', %s "
        f"FROM {connection.ops.quote_name(model._meta.db_table)} WHERE {model._meta.pk.column} = ANY(%s) "
        f"ORDER BY {model._meta.pk.column}"
    )
    now = timezone.now()
    with connection.cursor() as cursor:
        for start in range(0, len(created), batch_size):
            pks = [obj.pk for obj in created[start : start + batch_size]]
            cursor.execute(sql, [now, getattr(user, "pk", None), pks])
    return created
