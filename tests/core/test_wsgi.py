"""The WSGI entry point gunicorn serves answers requests (through the roomy first frame)."""

from __future__ import annotations

import sys
from wsgiref.util import setup_testing_defaults

import pytest
from django.test import override_settings
from django.urls import reverse

from ietp import wsgi

pytestmark = pytest.mark.django_db


@override_settings(ALLOWED_HOSTS=["testserver", "127.0.0.1"])
def test_the_wsgi_application_serves_a_request():
    environ = {"PATH_INFO": reverse("health"), "REQUEST_METHOD": "GET"}
    setup_testing_defaults(environ)
    answered = []
    body = b"".join(wsgi.application(environ, lambda status, headers: answered.append(status)))
    assert answered and answered[0].startswith("200") and body


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="only 3.11 frees frame chunks eagerly")
def test_each_request_starts_with_room_for_its_frames():
    assert wsgi.application.__code__.co_stacksize > 16_000
