"""What an import reports: each row's result and the file's."""

from dataclasses import dataclass, field


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
