from __future__ import annotations

import zoneinfo
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ietp.core.dates import format_in_zone


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not an IANA time zone (e.g. Asia/Shanghai)."), params={"value": value}
        )


class Country(models.TextChoices):
    CHINA = "CN", _("China (mainland)")
    VIETNAM = "VN", _("Vietnam")
    INDONESIA = "ID", _("Indonesia")
    INDIA = "IN", _("India")
    MALAYSIA = "MY", _("Malaysia")
    THAILAND = "TH", _("Thailand")
    OTHER = "XX", _("Other")


# The language a factory's reports are written in when staff have not chosen one: Chinese for
# mainland China, Vietnamese for Vietnam, English elsewhere.
REPORT_LANGUAGE_BY_COUNTRY = {Country.CHINA: "zh-hans", Country.VIETNAM: "vi"}


def default_report_language(country: str) -> str:
    return REPORT_LANGUAGE_BY_COUNTRY.get(country, settings.LANGUAGE_CODE)


seal_number_validator = RegexValidator(
    r"^C\d{6}$", _("A seal number is a C followed by six digits, e.g. C001234.")
)


class Factory(models.Model):
    name = models.CharField(_("name"), max_length=200)
    seal_number = models.CharField(
        _("seal number"), max_length=7, unique=True, validators=[seal_number_validator]
    )
    address = models.TextField(_("address"))
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    time_zone = models.CharField(
        _("time zone"), max_length=64, validators=[validate_time_zone], help_text=_("IANA name")
    )
    province = models.CharField(
        _("province"), max_length=100, blank=True, help_text=_("Province or state, e.g. Guangdong.")
    )
    city = models.CharField(
        _("city"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("The city the visiting team travels to, e.g. Dongguan."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    headcount = models.PositiveIntegerField(_("headcount"))
    report_language = models.CharField(
        _("report language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The language of the factory's visit reports; staff can always download the English "
            "version too. Leave empty for the country's language (Chinese for China, Vietnamese "
            "for Vietnam, English elsewhere)."
        ),
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="FactoryMembership",
        related_name="managed_factories",
        verbose_name=_("managers"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("factory")
        verbose_name_plural = _("factories")
        ordering = ["name"]
        # The factory list pages in name order: the index hands over a page without sorting
        # every factory.
        indexes = [models.Index(fields=["name"], name="factory_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.seal_number})"

    @property
    def report_language_code(self) -> str:
        """The language the factory's reports are rendered in (chosen, or the country's)."""
        return self.report_language or default_report_language(self.country)

    @property
    def report_language_name(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.report_language_code, ""))

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def local_label(self, moment: datetime) -> str:
        """A moment as the factory lives it, with the zone named, in the reader's language:
        "Mon 21 Dec 2026, 09:00 (Asia/Shanghai)", "2026年12月21日 星期一 09:00（中国时间）"."""
        return format_in_zone(moment, self.time_zone)


class FactoryMembership(models.Model):
    """A factory manager's access to one factory."""

    factory = models.ForeignKey(Factory, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="factory_memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("factory manager membership")
        constraints = [
            models.UniqueConstraint(fields=["factory", "user"], name="unique_factory_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.factory}"


class BlackoutPeriod(models.Model):
    """Dates with no visits: program-wide when ``factory`` is empty (e.g. Chinese New Year)."""

    factory = models.ForeignKey(
        Factory,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="blackout_periods",
        help_text=_("Leave empty for a program-wide blackout."),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("blackout period")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="blackout_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        scope = self.factory.name if self.factory_id else _("Program-wide")
        return f"{scope}: {self.starts_on} – {self.ends_on} ({self.reason})"

    def overlaps(self, first: date, last: date) -> bool:
        return self.starts_on <= last and first <= self.ends_on
