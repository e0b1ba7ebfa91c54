from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import PasswordResetForm
from django.template import loader
from django.utils import translation

from .languages import language_of
from .outbox import outbox_put


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the email written to the outbox and sent by a worker after the
    request commits (a mail server or broker that is away never turns into an error page)."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # In the language of the account's owner, not of whoever asked for the reset.
        with translation.override(language_of(context.get("user"))):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            text = loader.render_to_string(email_template_name, context)
            html = (
                loader.render_to_string(html_email_template_name, context)
                if html_email_template_name
                else None
            )
        outbox_put(
            kind="core.email",
            payload={"subject": subject, "text": text, "html": html, "to": [to_email]},
            summary=subject,
        )
