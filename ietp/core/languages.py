"""Each person's language: stored on the user, chosen in the switcher or on first login from the
browser, used for their pages and for every email sent to them.

The active language of a request comes from the session (``SESSION_KEY``), filled at login from
the stored preference, so pages cost no extra query; ``ietp.core.middleware`` activates it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from .models import UserPreference

SESSION_KEY = "ietp_language"


def supported(language: str | None) -> str | None:
    """``language`` as one of settings.LANGUAGES ('zh-Hans' → 'zh-hans'), or None."""
    if not language:
        return None
    try:
        return translation.get_supported_language_variant(language.lower())
    except LookupError:
        return None


def language_of(user: Any) -> str:
    """The language to write to ``user`` in: their stored choice, else the site's default."""
    if user is None or not getattr(user, "pk", None):
        return settings.LANGUAGE_CODE
    try:
        return supported(user.preference.language) or settings.LANGUAGE_CODE
    except UserPreference.DoesNotExist:
        return settings.LANGUAGE_CODE


def addresses_by_language(
    users: Iterable[Any], extra_addresses: Iterable[str] = ()
) -> dict[str, list[str]]:
    """Email addresses grouped by the language each recipient reads, each address once.

    An address that belongs to no user (the program's alert mailbox) gets the default language.
    """
    groups: dict[str, list[str]] = {}
    seen: set[str] = set()
    for user in users:
        if user.email and user.email not in seen:
            seen.add(user.email)
            groups.setdefault(language_of(user), []).append(user.email)
    for address in extra_addresses:
        if address and address not in seen:
            seen.add(address)
            groups.setdefault(settings.LANGUAGE_CODE, []).append(address)
    return groups


def browser_language(request: HttpRequest) -> str | None:
    """The language the browser asks for (language cookie, then Accept-Language), if it says one."""
    stated = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or request.META.get(
        "HTTP_ACCEPT_LANGUAGE"
    )
    if not stated:
        return None
    return translation.get_language_from_request(request)


def user_language_set(*, user: Any, language: str) -> UserPreference:
    """Store ``user``'s language (one of settings.LANGUAGES); ValueError for any other."""
    code = supported(language)
    if code is None or code not in dict(settings.LANGUAGES):
        raise ValueError(f"unsupported language: {language!r}")
    preference, _created = UserPreference.objects.update_or_create(
        user=user, defaults={"language": code}
    )
    return preference


def user_language_on_login(*, user: Any, request: HttpRequest) -> str:
    """The language for a session that starts now; the first login stores the browser's choice.

    A stored choice wins over the browser. With nothing stored, the language the browser asks
    for (or the one picked on the login page) becomes the person's choice; a browser that states
    none leaves nothing stored and the site's default in use.
    """
    try:
        return supported(user.preference.language) or settings.LANGUAGE_CODE
    except UserPreference.DoesNotExist:
        pass
    language = browser_language(request)
    if language is None:
        return settings.LANGUAGE_CODE
    return user_language_set(user=user, language=language).language
