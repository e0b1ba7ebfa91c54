from django.core.management.base import BaseCommand

from demo.seed import DEMO_PASSWORD, seed_demo
from security.demo import DEMO_TOTP_SECRET_BASE32


class Command(BaseCommand):
    help = "Load demo factories, people and visits (idempotent) and print the demo logins."

    def handle(self, *args, **options) -> None:
        people = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at /accounts/login/ with:"))
        self.stdout.write(f"  {'username':<20} {'password':<18} role")
        for person in people:
            self.stdout.write(
                f"  {person.username:<20} {DEMO_PASSWORD:<18} {person.role} ({person.detail})"
            )
        self.stdout.write(
            "Program staff also enter a two-factor code after the password. For the demo `staff`"
            " login, get the current code with:\n"
            "  .venv/bin/python manage.py demo_code staff\n"
            f"or add the published demo secret {DEMO_TOTP_SECRET_BASE32} to an authenticator app."
        )
