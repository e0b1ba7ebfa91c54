# English as the program writes it: 21 Dec 2026, Mon 21 Dec 2026, 09:00.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "D j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M, H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
WEEKDAY_DATE_FORMAT = "D j M Y"
DAY_HEADING_FORMAT = "l j F"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %b %Y", "%d %B %Y"]
