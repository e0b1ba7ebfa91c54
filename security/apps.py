from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = _("Security")

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image

        from ietp.core.fields import install_date_limits

        from . import signals  # noqa: F401  (connects the lockout receiver)

        install_date_limits()

        # Pillow refuses to decode more pixels than an upload may have (decompression bombs).
        Image.MAX_IMAGE_PIXELS = settings.UPLOAD_MAX_PIXELS
