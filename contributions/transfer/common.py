"""The driver every import shares (reading the file: `files`; its cells: `cells`; the report: `report`;
bulk writes: `bulk`): it checks every row (each in its own savepoint, so every row's errors are
collected) inside one transaction, rolled back for a dry run or when any row has an error, and written at
once otherwise.

An import is written once: the checked file's token is recorded (`ImportRecord.token`, unique), so posting
the same checked file again writes nothing; and a file whose content was already imported into the
coalition is recognised by its SHA-256 and the dry run warns before it is written again.
"""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coalition.errors import Conflict
from coalition.permissions import ADD, require
from coalition.spreadsheets import strip_neutralised
from contributions.models import ImportRecord
from contributions.transfer.cells import Cells, errors_of, formula_warnings, text
from contributions.transfer.files import content_hash, max_bytes, max_rows, read_dataset, too_large_message
from contributions.transfer.report import ImportReport, RowResult


class AlreadyImported(Exception):
    """The checked file of this token was written already (a second click): nothing is written again."""

    def __init__(self, record: ImportRecord):
        super().__init__(str(record))
        self.record = record


class _Rollback(Exception):
    pass


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
    settle=None,
    finish=None,
    token: str = "",
    file_name: str = "",
) -> ImportReport:
    """Check every row with `handle_row(row, cells, context)` and, unless `dry_run` or any error, write them
    all and record the import (see the module doc). `prepare(headers)` builds the context once;
    `settle(report, context)`, once every row is handled, checks what needs the rows together (a bulk
    update: the pledges locked, their payments and allocations read once), adding each row's errors;
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
            if settle is not None:
                settle(report, context)
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


def importer(model, kind, *, required, optional, handle, prepare, settle=None, finish=None):
    """An import function of `model` rows (the actor needs ADD on it in the coalition): each of
    `handle`, `prepare`, `settle`, `finish` is called with the actor (or coalition, for `prepare`) and
    returns what `run_import` takes of that name."""

    def import_file(
        *, actor, coalition, content: bytes, fmt: str, dry_run: bool = True, token: str = "", file_name=""
    ) -> ImportReport:
        require(actor, ADD, model, coalition=coalition)
        return run_import(
            actor=actor,
            coalition=coalition,
            kind=kind,
            content=content,
            fmt=fmt,
            dry_run=dry_run,
            required=required,
            optional=optional,
            handle_row=handle(actor),
            prepare=prepare(coalition),
            settle=settle(actor) if settle else None,
            finish=finish(actor) if finish else None,
            token=token,
            file_name=file_name,
        )

    return import_file
