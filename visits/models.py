from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    AUDIT_FIRM = "audit_firm", _("Accredited audit firm")
    IETP_TEAM = "ietp_team", _("IETP team")
    SPECIALIST = "specialist", _("Specialist organisation")


class VisitingOrganisation(models.Model):
    """Who visits: an accredited audit firm, the IETP team, or a specialist organisation."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    accreditation_reference = models.CharField(
        _("accreditation reference"), max_length=100, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("visiting organisation")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="audit_firm") | ~Q(accreditation_reference=""),
                name="audit_firm_has_accreditation",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Visitor(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="visitor"
    )
    organisation = models.ForeignKey(
        VisitingOrganisation, on_delete=models.PROTECT, related_name="visitors"
    )
    apsca_number = models.CharField(_("APSCA number"), max_length=30, blank=True)
    base_city = models.CharField(
        _("base city"),
        max_length=100,
        blank=True,
        help_text=_("Where the visitor travels from, e.g. Shenzhen; used to plan visit rounds."),
    )
    may_lead = models.BooleanField(
        _("may lead a visit"),
        default=True,
        help_text=_(
            "Untick for a visitor who joins teams but may not lead a visit yet (e.g. in training)."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("visitor")
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Severity(models.TextChoices):
    """Risk grading, most to least severe, plus Good practice (what the factory does well)."""

    ZERO_TOLERANCE = "zero_tolerance", _("Zero Tolerance")
    CRITICAL = "critical", _("Critical")
    MAJOR = "major", _("Major")
    MINOR = "minor", _("Minor")
    OBSERVATION = "observation", _("Observation")
    GOOD_PRACTICE = "good_practice", _("Good practice")


class ChecklistVersion(models.Model):
    version = models.CharField(_("version"), max_length=10, unique=True)
    effective_date = models.DateField(_("effective date"))

    class Meta:
        verbose_name = _("checklist version")
        ordering = ["-effective_date"]

    def __str__(self) -> str:
        return str(_("Audit Checklist v%(v)s") % {"v": self.version})


class ChecklistSection(models.Model):
    version = models.ForeignKey(ChecklistVersion, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("checklist section")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="unique_section_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.display_title}"

    @property
    def display_title(self) -> str:
        """The title in the reader's language: a shipped checklist's titles are in the
        catalogues (visits/checklists); one typed in the admin shows as typed."""
        return gettext(self.title)


class ChecklistItem(models.Model):
    section = models.ForeignKey(ChecklistSection, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=12)
    title = models.CharField(_("title"), max_length=300)
    default_severity = models.CharField(
        _("default severity"), max_length=20, choices=Severity.choices
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("checklist item")
        ordering = ["section__number", "position"]
        constraints = [models.UniqueConstraint(fields=["section", "code"], name="unique_item_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.display_title}"

    @property
    def display_title(self) -> str:
        """The title in the reader's language (see ChecklistSection.display_title)."""
        return gettext(self.title)


class VisitStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ANNOUNCED = "announced", _("Announced")
    CONFIRMED = "confirmed", _("Confirmed")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


V = VisitStatus
# The one table of allowed moves. confirmed → announced: a reschedule needs a new acknowledgement;
# submitted → in_progress: staff return a report with comments.
VISIT_TRANSITIONS: dict[str, frozenset[str]] = {
    V.DRAFT: frozenset({V.ANNOUNCED, V.CANCELLED}),
    V.ANNOUNCED: frozenset({V.CONFIRMED, V.IN_PROGRESS, V.CANCELLED}),
    V.CONFIRMED: frozenset({V.ANNOUNCED, V.IN_PROGRESS, V.CANCELLED}),
    V.IN_PROGRESS: frozenset({V.SUBMITTED}),
    V.SUBMITTED: frozenset({V.PUBLISHED, V.IN_PROGRESS}),
    V.PUBLISHED: frozenset(),
    V.CANCELLED: frozenset(),
}
UPCOMING_STATUSES = frozenset({V.DRAFT, V.ANNOUNCED, V.CONFIRMED})
# Visits whose report is still to come (announced, not yet published nor cancelled): the
# report deadline counts them (``deadlines.py``) and an index holds them.
REPORT_PENDING_STATUSES = (V.ANNOUNCED, V.CONFIRMED, V.IN_PROGRESS, V.SUBMITTED)


class Visit(models.Model):
    factory = models.ForeignKey(
        "factories.Factory", on_delete=models.PROTECT, related_name="visits"
    )
    organisation = models.ForeignKey(
        VisitingOrganisation, on_delete=models.PROTECT, related_name="visits"
    )
    lead_visitor = models.ForeignKey(
        Visitor, on_delete=models.PROTECT, related_name="led_visits", verbose_name=_("lead visitor")
    )
    # The whole team, the lead included, so "visits assigned to me" is one join.
    visitors = models.ManyToManyField(Visitor, related_name="visits", verbose_name=_("visitors"))
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    checklist_version = models.ForeignKey(
        ChecklistVersion, on_delete=models.PROTECT, related_name="visits"
    )
    agenda_sections = models.ManyToManyField(
        ChecklistSection, blank=True, related_name="visits", verbose_name=_("sections to review")
    )
    best_practice_topics = models.TextField(
        _("best-practice topics"), blank=True, help_text=_("One topic per line.")
    )
    qa_session = models.BooleanField(_("Q&A session"), default=True)
    preparation_notes = models.TextField(_("what to prepare"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=VisitStatus.choices, default=V.DRAFT, db_index=True
    )
    notice_override_reason = models.TextField(_("short-notice reason"), blank=True)
    cancel_reason = models.TextField(_("cancellation reason"), blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    # iCalendar SEQUENCE: bumped on every change the factory is told about.
    ical_sequence = models.PositiveIntegerField(default=0)
    best_practice_shared = models.TextField(_("best practice shared"), blank=True)
    discussion_notes = models.TextField(_("discussion notes"), blank=True)
    announced_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Progress Visit")
        ordering = ["-starts_at"]
        # Program scale (issue 14): the planner list (newest first), the calendar and feed
        # windows (a range of starts_at), and the review queue (submitted, oldest first).
        indexes = [
            # Covering: the calendars count and pick a range's visits from the index alone
            # (PostgreSQL; other databases make it a plain index).
            models.Index(
                fields=["starts_at", "id"],
                include=["factory", "organisation", "status"],
                name="visit_starts_covering",
            ),
            models.Index(fields=["factory", "starts_at"], name="visit_factory_starts"),
            models.Index(fields=["status", "submitted_at", "id"], name="visit_status_submitted"),
            # The few visits still waiting for their report, in the order their reports fall
            # due, with what the staff dashboard's deadlines read: counted from the index alone
            # and the late ones listed without reading every waiting visit.
            models.Index(
                fields=["ends_at"],
                include=["id", "factory", "status", "starts_at", "announced_at"],
                condition=Q(status__in=REPORT_PENDING_STATUSES),
                name="visit_report_pending",
            ),
            # Published visits are most visits, so "published" narrows little: the visit list
            # filtered by status and country counts and orders them from this narrow index (the
            # other statuses are few and found by the status index).
            models.Index(
                fields=["factory", "starts_at", "id"],
                condition=Q(status=V.PUBLISHED),
                name="visit_published_factory",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="visit_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="cancelled_visit_has_reason",
            ),
        ]
        permissions = [
            ("schedule_visit", "Can schedule, announce, reschedule and cancel visits"),
            ("override_notice_period", "Can schedule a visit at short notice, with a reason"),
            ("publish_visit", "Can review and publish visit reports"),
            ("acknowledge_visit", "Can acknowledge a visit notice for their factory"),
            ("record_findings", "Can record findings on assigned visits"),
        ]

    def __str__(self) -> str:
        return f"PV-{self.pk:05d} {self.factory.name}" if self.pk else "New visit"

    @property
    def reference(self) -> str:
        return f"PV-{self.pk:05d}"

    @property
    def topics(self) -> list[str]:
        return [line.strip() for line in self.best_practice_topics.splitlines() if line.strip()]

    def local_starts_at(self):
        return self.starts_at.astimezone(self.factory.zone)

    def local_ends_at(self):
        return self.ends_at.astimezone(self.factory.zone)
