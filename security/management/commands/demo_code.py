from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.demo import is_demo_device
from security.testing import current_code


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo login (only devices with the demo key)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", nargs="?", default="staff")

    def handle(self, *args, username: str, **options) -> None:
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is None or not is_demo_device(device):
            raise CommandError(f"{username} has no demo authenticator (only demo data has one).")
        self.stdout.write(current_code(device))
