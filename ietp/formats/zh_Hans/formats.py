# 简体中文: 2026年12月21日, 2026年12月21日 星期一 09:00.
DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 l H:i"
SHORT_DATETIME_FORMAT = "n月j日 H:i"
MONTH_DAY_FORMAT = "n月j日"
YEAR_MONTH_FORMAT = "Y年n月"
TIME_FORMAT = "H:i"
WEEKDAY_DATE_FORMAT = "Y年n月j日 l"
DAY_HEADING_FORMAT = "n月j日 l"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
]
