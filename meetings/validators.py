"""Field validators shared by the meetings models: dates within a range a calendar can show.

A date such as 9999-12-31 23:30 UTC is valid for Python but cannot be shown in a time zone east of UTC
(year 10000), so a page rendering it fails. Dates of meetings and of the work around them stay within
FIRST_YEAR..LAST_YEAR; the message names the range.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FIRST_YEAR = 1900
LAST_YEAR = 2200


def _check_year(value: date | datetime) -> None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Choose a date between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="date_out_of_range",
        )


def validate_sane_date(value: date) -> None:
    _check_year(value)


def validate_sane_datetime(value: datetime) -> None:
    _check_year(value)


# coalition.validators.attach_sane_date_validators() leaves fields with these alone (one error per field).
validate_sane_date.checks_date_range = True
validate_sane_datetime.checks_date_range = True


def check_sane_dates(**values) -> None:
    """Raise one ValidationError naming every field whose date is out of range (before anything shows it)."""
    errors = {}
    for field, value in values.items():
        try:
            _check_year(value)
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)
