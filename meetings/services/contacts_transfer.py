"""CSV import and export of delegation contacts (tablib).

Import updates: a row is the contact of the coalition with the same e-mail address, else the contact of
the same delegation with the same name, else a new contact. It is all-or-nothing: every row goes through
`contact_create`/`contact_update` (so every rule and permission applies) inside one transaction, each in
its own savepoint so that every row's errors are collected; any error, or a dry run, rolls everything back.
"""

from dataclasses import dataclass, field

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalition import spreadsheets
from coalition.models import Coalition, Participant
from meetings.models import Contact
from meetings.services.delegations import contact_create, contact_update

COLUMNS = (
    "participant",
    "name",
    "function",
    "delegation_role",
    "email",
    "phone",
    "language",
    "is_active",
    "note",
)
REQUIRED = ("participant", "name")
MAX_ROWS = 2000
MAX_BYTES = 1024 * 1024
TRUE = {"1", "true", "yes", "y", "x"}
FALSE = {"", "0", "false", "no", "n"}


@dataclass
class RowResult:
    line: int
    name: str = ""
    action: str = ""  # "created" / "updated"
    errors: list = field(default_factory=list)  # [(column, message)]


@dataclass
class ImportReport:
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    dry_run: bool = True
    created: int = 0
    updated: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and all(not row.errors for row in self.rows)

    @property
    def written(self) -> int:
        return 0 if self.dry_run or not self.is_valid else self.created + self.updated


class _Rollback(Exception):
    pass


def export_contacts(contacts) -> bytes:
    """The contacts as CSV (UTF-8 with BOM, so spreadsheet programs read the accents), formulas defused
    (coalition.spreadsheets, as every export of the portal)."""
    dataset = tablib.Dataset(headers=list(COLUMNS))
    for c in contacts:
        dataset.append(
            [
                c.participant.code,
                c.name,
                c.function,
                c.delegation_role,
                c.email,
                c.phone,
                c.language,
                "yes" if c.is_active else "no",
                c.note,
            ]
        )
    return spreadsheets.export_bytes(dataset, "csv")


def _read(content: bytes, report: ImportReport):
    if len(content) > MAX_BYTES:
        report.file_errors.append(_("The file is larger than 1 MB; split it."))
        return None
    try:
        text = content.decode("utf-8-sig")
        dataset = tablib.Dataset().load(text, format="csv")
    except (UnicodeDecodeError, tablib.InvalidDimensions, tablib.UnsupportedFormat, ValueError) as exc:
        report.file_errors.append(_("The file is not a UTF-8 CSV file: %(error)s") % {"error": exc})
        return None
    headers = [str(h or "").strip().lower() for h in dataset.headers or []]
    missing = [c for c in REQUIRED if c not in headers]
    if missing:
        report.file_errors.append(
            _("Missing columns: %(missing)s. Expected: %(columns)s.")
            % {"missing": ", ".join(missing), "columns": ", ".join(COLUMNS)}
        )
        return None
    if len(dataset) > MAX_ROWS:
        report.file_errors.append(_("More than %(n)s rows; split the file.") % {"n": MAX_ROWS})
        return None
    return [dict(zip(headers, (str(v or "").strip() for v in row), strict=False)) for row in dataset]


def _values(row: dict, errors: list) -> dict:
    values = {k: row[k] for k in ("name", "function", "email", "phone", "note") if k in row}
    if row.get("delegation_role"):
        values["delegation_role"] = row["delegation_role"].lower()
    if row.get("language"):
        values["language"] = row["language"].lower()
    if "is_active" in row:
        flag = row["is_active"].lower()
        if flag in TRUE or flag in FALSE:
            values["is_active"] = flag in TRUE or flag == ""
        else:
            errors.append(("is_active", _("Write yes or no.")))
    return values


def _existing(coalition, participant, values):
    if values.get("email"):
        found = Contact.objects.filter(coalition=coalition, email__iexact=values["email"]).first()
        if found is not None:
            return found
    return Contact.objects.filter(
        coalition=coalition, participant=participant, name__iexact=values["name"]
    ).first()


def _import_row(actor, coalition, line, row) -> RowResult:
    result = RowResult(line=line, name=row.get("name", ""))
    participant = Participant.objects.filter(code=row.get("participant", "").upper()).first()
    if participant is None:
        result.errors.append(
            (
                "participant",
                _("No participant with the code “%(code)s”.") % {"code": row.get("participant", "")},
            )
        )
        return result
    values = _values(row, result.errors)
    if result.errors:
        return result
    existing = _existing(coalition, participant, values)
    try:
        with transaction.atomic():
            if existing is None:
                contact_create(actor=actor, coalition=coalition, participant=participant, **values)
                result.action = "created"
            else:
                if existing.participant_id != participant.pk:
                    raise ValidationError({"email": _("This address is the contact of another delegation.")})
                contact_update(actor=actor, contact=existing, **values)
                result.action = "updated"
    except ValidationError as exc:
        for column, messages in exc.message_dict.items():
            for message in messages:
                result.errors.append(("" if column == NON_FIELD_ERRORS else column, message))
    except PermissionDenied:
        result.errors.append(("participant", _("You may import only your own delegation's contacts.")))
    return result


def import_contacts(*, actor, coalition: Coalition, content: bytes, dry_run: bool = True) -> ImportReport:
    """Check (dry run) or import a CSV of contacts; nothing is written unless every row is valid."""
    report = ImportReport(dry_run=dry_run)
    rows = _read(content, report)
    if rows is None:
        return report
    if not rows:
        report.file_errors.append(_("The file has no rows."))
        return report
    try:
        with transaction.atomic():
            for line, row in enumerate(rows, start=2):
                result = _import_row(actor, coalition, line, row)
                report.rows.append(result)
                if result.action == "created":
                    report.created += 1
                elif result.action == "updated":
                    report.updated += 1
            if dry_run or not report.is_valid:
                raise _Rollback
    except _Rollback:
        pass
    return report
