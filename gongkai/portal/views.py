"""Public pages. They read only through ``*_public()`` selectors."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.portal.columns import HOME_COLUMNS


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"columns": HOME_COLUMNS})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "portal/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/500.html", status=500)
