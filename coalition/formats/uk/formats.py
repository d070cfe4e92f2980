"""Ukrainian: Django's formats, with ISO input accepted first (the date widgets submit ISO dates)."""

from django.conf.locale.uk import formats as _django

DATE_FORMAT = "j E Y \u0440."  # "2 квітня 2024" and the year mark
TIME_FORMAT = _django.TIME_FORMAT
DATETIME_FORMAT = "j E Y \u0440., H:i"
YEAR_MONTH_FORMAT = _django.YEAR_MONTH_FORMAT
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = _django.SHORT_DATE_FORMAT
SHORT_DATETIME_FORMAT = _django.SHORT_DATETIME_FORMAT
FIRST_DAY_OF_WEEK = _django.FIRST_DAY_OF_WEEK
DATE_INPUT_FORMATS = ["%Y-%m-%d", *_django.DATE_INPUT_FORMATS]
TIME_INPUT_FORMATS = _django.TIME_INPUT_FORMATS
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    *_django.DATETIME_INPUT_FORMATS,
]
DECIMAL_SEPARATOR = _django.DECIMAL_SEPARATOR
THOUSAND_SEPARATOR = _django.THOUSAND_SEPARATOR
NUMBER_GROUPING = _django.NUMBER_GROUPING
