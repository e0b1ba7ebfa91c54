"""iCalendar for visits: the invitation attached to notices and the private feeds.

One stable UID per visit and SEQUENCE from ``Visit.ical_sequence``, so a calendar that received
the announcement replaces the event when an update or a cancellation (METHOD:CANCEL) arrives.
"""

from __future__ import annotations

from collections.abc import Iterable
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from visits.models import Visit, VisitStatus

PRODID = "-//ICTI Ethical Toy Program//IETP Progress Visits//EN"


def visit_uid(visit: Visit) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "ietp.local"
    return f"progress-visit-{visit.pk}@{host}"


def _calendar(method: str | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    return cal


def _description(visit: Visit, sections: Iterable[Any]) -> str:
    lines = [
        _("Progress Visit %(ref)s by %(org)s (%(kind)s).")
        % {
            "ref": visit.reference,
            "org": visit.organisation.name,
            "kind": visit.organisation.get_kind_display(),
        }
    ]
    titles = [str(s) for s in sections]
    if titles:
        lines += ["", _("Checklist sections to review:"), *[f"- {t}" for t in titles]]
    if visit.topics:
        lines += ["", _("Best-practice topics:"), *[f"- {t}" for t in visit.topics]]
    lines += ["", _("A Q&A session is held.") if visit.qa_session else _("No Q&A session.")]
    if visit.preparation_notes:
        lines += ["", _("What to prepare:"), visit.preparation_notes]
    lines += ["", settings.SITE_URL + reverse("portal:visit_detail", args=[visit.pk])]
    return "\n".join(lines)


def visit_event(
    visit: Visit, *, sections: Iterable[Any] = (), attendees: Iterable[Any] = ()
) -> Event:
    zone = visit.factory.zone
    event = Event()
    event.add("uid", visit_uid(visit))
    event.add("sequence", visit.ical_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", visit.starts_at.astimezone(zone))
    event.add("dtend", visit.ends_at.astimezone(zone))
    event.add(
        "summary",
        _("Progress Visit %(ref)s: %(factory)s")
        % {"ref": visit.reference, "factory": visit.factory.name},
    )
    event.add("location", vText(visit.factory.address.replace("\n", ", ")))
    event.add("description", _description(visit, sections))
    event.add("url", settings.SITE_URL + reverse("portal:visit_detail", args=[visit.pk]))
    cancelled = visit.status == VisitStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(name or "IETP Progress Visits")
    event.add("organizer", organizer)
    for user in attendees:
        if not user.email:
            continue
        attendee = vCalAddress(f"mailto:{user.email}")
        attendee.params["cn"] = vText(user.get_full_name() or user.get_username())
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    return event


def visit_invitation(
    visit: Visit, *, sections: Iterable[Any] = (), attendees: Iterable[Any] = ()
) -> bytes:
    """The .ics for a notice: METHOD:REQUEST, or METHOD:CANCEL once the visit is cancelled."""
    method = "CANCEL" if visit.status == VisitStatus.CANCELLED else "REQUEST"
    cal = _calendar(method)
    cal.add_component(visit_event(visit, sections=sections, attendees=attendees))
    cal.add_missing_timezones()
    return cal.to_ical()


def invitation_method(visit: Visit) -> str:
    return "CANCEL" if visit.status == VisitStatus.CANCELLED else "REQUEST"


def visits_feed(visits: Iterable[Visit], *, name: str) -> bytes:
    """A subscribable feed (no METHOD): each visit once, cancelled ones marked so."""
    cal = _calendar(None)
    cal.add("x-wr-calname", name)
    for visit in visits:
        cal.add_component(visit_event(visit, sections=visit.agenda_sections.all()))
    cal.add_missing_timezones()
    return cal.to_ical()
