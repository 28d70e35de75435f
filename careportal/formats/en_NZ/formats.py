"""Django's own date output for en-NZ (admin, `|date` without a format): the portal's day-first style, the
same words `careportal.lib.dates.format_nz_date` writes. Input formats stay Django's."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
