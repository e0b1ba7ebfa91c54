"""Date and time formats per language (Django's FORMAT_MODULE_PATH).

Templates name a format instead of spelling it ("DATE_FORMAT", not "j M Y"), so each language
writes dates its own way: 21 Dec 2026 · 2026年12月21日 · 21/12/2026. Besides Django's names
(DATE_FORMAT, DATETIME_FORMAT, SHORT_DATETIME_FORMAT, MONTH_DAY_FORMAT, YEAR_MONTH_FORMAT,
TIME_FORMAT) the modules define two of ours, read by ``ietp.core.dates``: WEEKDAY_DATE_FORMAT
(a date with its weekday) and DAY_HEADING_FORMAT (a calendar day's heading).

Input formats put ISO first: ``<input type="date">`` needs YYYY-MM-DD in every language.
"""
