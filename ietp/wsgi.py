"""The WSGI application gunicorn serves (``ietp.wsgi:application``)."""

import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ietp.settings.production")

_django = get_wsgi_application()


def application(environ, start_response):
    return _django(environ, start_response)


if sys.version_info < (3, 12):
    # CPython 3.11 keeps Python frames in 16 KB chunks and frees a chunk as soon as the call
    # stack falls back below it, so a request whose depth hovers at a chunk's edge maps and
    # unmaps memory on every call made there: about 900 times per staff factory page under
    # gunicorn, 3-6 ms of CPU (3.12 keeps the chunk). A frame with a large, unused value stack
    # starts each request in a fresh 256 KB chunk with room for all of it: one map per request.
    application.__code__ = application.__code__.replace(
        co_stacksize=application.__code__.co_stacksize + 16_384
    )
