# Tiếng Việt: 21/12/2026, Thứ 2, 21/12/2026, 09:00 (day before month, 24-hour clock).
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "l, d/m/Y, H:i"
SHORT_DATETIME_FORMAT = "d/m, H:i"
MONTH_DAY_FORMAT = "d/m"
YEAR_MONTH_FORMAT = "\\T\\h\\á\\n\\g n/Y"
TIME_FORMAT = "H:i"
WEEKDAY_DATE_FORMAT = "l, d/m/Y"
DAY_HEADING_FORMAT = "l, d/m"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
]
