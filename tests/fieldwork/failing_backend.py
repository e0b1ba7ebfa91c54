"""An email backend whose server is down: the outer boundary a retry must survive."""

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise OSError("mail server unreachable")
