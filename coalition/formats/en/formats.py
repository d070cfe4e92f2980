"""English as written in Europe (en-GB): day before month, 24-hour clock, no US dates anywhere."""

DATE_FORMAT = "j M Y"  # 2 Apr 2024
TIME_FORMAT = "H:i"  # 16:14
DATETIME_FORMAT = "j M Y, H:i"  # 2 Apr 2024, 16:14
YEAR_MONTH_FORMAT = "F Y"  # April 2024
MONTH_DAY_FORMAT = "j F"  # 2 April
SHORT_DATE_FORMAT = "d/m/Y"  # 02/04/2024
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 02/04/2024 16:14
FIRST_DAY_OF_WEEK = 1  # Monday
# ISO first: the <input type="date"> widgets submit ISO dates whatever the language.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %b %Y", "%d %B %Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
