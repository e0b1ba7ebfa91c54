"""Writes to factories, their managers and blackout periods."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ietp.core.audit import log_action
from ietp.core.errors import DomainError
from ietp.core.roles import FACTORY_MANAGERS

from .models import BlackoutPeriod, Factory, FactoryMembership, default_report_language


def factory_create(
    *,
    name: str,
    seal_number: str,
    address: str,
    country: str,
    time_zone: str,
    headcount: int,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    province: str = "",
    city: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    report_language: str = "",
    by: Any,
) -> Factory:
    """Add a factory (its first certification status is ``certification.factory_register``'s)."""
    factory = Factory(
        name=name,
        seal_number=seal_number,
        address=address,
        country=country,
        time_zone=time_zone,
        headcount=headcount,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        province=province,
        city=city,
        latitude=latitude,
        longitude=longitude,
        report_language=report_language or default_report_language(country),
    )
    factory.full_clean()
    with transaction.atomic():
        factory.save()
        log_action(actor=by, action="factories.factory.created", obj=factory)
    return factory


def factory_locate(
    *,
    factory: Factory,
    province: str,
    city: str,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    by: Any,
) -> Factory:
    """Record where the factory is (province, city, coordinates where known), for planning."""
    before = {"province": factory.province, "city": factory.city}
    factory.province, factory.city = province.strip(), city.strip()
    factory.latitude, factory.longitude = latitude, longitude
    factory.full_clean()
    with transaction.atomic():
        factory.save(update_fields=["province", "city", "latitude", "longitude"])
        log_action(
            actor=by,
            action="factories.factory.located",
            obj=factory,
            data={"before": before, "after": {"province": factory.province, "city": factory.city}},
        )
    return factory


def factory_add_manager(*, factory: Factory, user: Any, by: Any) -> FactoryMembership:
    """Give ``user`` access to ``factory`` as a factory manager."""
    from django.contrib.auth.models import Group

    with transaction.atomic():
        membership, created = FactoryMembership.objects.get_or_create(factory=factory, user=user)
        user.groups.add(Group.objects.get(name=FACTORY_MANAGERS))
        if created:
            log_action(
                actor=by,
                action="factories.manager.added",
                obj=factory,
                data={"user": user.pk, "username": user.get_username()},
            )
    return membership


def blackout_add(
    *, factory: Factory | None, starts_on: date, ends_on: date, reason: str, by: Any
) -> BlackoutPeriod:
    """Add a blackout: program-wide when ``factory`` is None."""
    if ends_on < starts_on:
        raise DomainError(_("A blackout period must end on or after its first day."))
    if not reason.strip():
        raise DomainError(_("Say why there are no visits in this period."))
    with transaction.atomic():
        period = BlackoutPeriod.objects.create(
            factory=factory, starts_on=starts_on, ends_on=ends_on, reason=reason
        )
        log_action(
            actor=by,
            action="factories.blackout.added",
            obj=period,
            data={
                "starts_on": starts_on,
                "ends_on": ends_on,
                "factory": getattr(factory, "pk", None),
            },
        )
    return period
