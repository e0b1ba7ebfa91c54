"""Pages in each person's own language, whatever the browser says."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from .languages import SESSION_KEY, supported


class UserLanguageMiddleware:
    """Activate the language stored in the session (the person's choice, set at login or by the
    switcher). Runs after Django's LocaleMiddleware, which still serves visitors who have not
    chosen (browser language) and sets Content-Language from what is active here."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        language = supported(session.get(SESSION_KEY)) if session is not None else None
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
