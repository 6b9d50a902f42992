"""The project's URLs plus a test API mounting the disclosure routers (until the
lead wires them into config/api.py, and independently of it afterwards)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from ninja import NinjaAPI
from ninja.security import django_auth

from gongkai.core.exceptions import ApplicationError
from gongkai.disclosures.api import public_router, staff_router

api = NinjaAPI(title="disclosures test", urls_namespace="disclosures-test-api")


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": exc.code, "message": exc.message, "extra": exc.extra},
        status=exc.status_code,
    )


api.add_router("/v1/public/", public_router)
api.add_router("/v1/", staff_router, auth=django_auth)

# The project URLs by name: the layers forbid importing config from an app.
urlpatterns = [path("test-api/", api.urls), path("", include("config.urls"))]
