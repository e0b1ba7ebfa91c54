"""Static files compressed (gzip, Brotli) and fingerprinted in every setting, DEBUG included.

Django's manifest storage hands out plain names under DEBUG, so a laptop never sees what a
phone gets; this one names the fingerprinted file whenever collectstatic has made it (`make run`
does), and WhiteNoise then serves it compressed and cached as immutable. Under DEBUG a file
added since the last collectstatic falls back to its plain name, served from static/.
"""

from __future__ import annotations

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url(self, name: str | None, force: bool = False) -> str:
        try:
            return super().url(name, force=True)
        except ValueError:
            if settings.DEBUG:
                return super().url(name, force=False)
            raise
