"""The app's URLs plus the benchmark's floor view."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from ietp.urls import urlpatterns as app_urlpatterns


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    """The least a page can cost: the session and user lookups of login, a tiny template."""
    return render(request, "demo/floor.html", {"name": request.user.get_username()})


urlpatterns = [path("benchmark/floor/", floor, name="benchmark_floor"), *app_urlpatterns]
