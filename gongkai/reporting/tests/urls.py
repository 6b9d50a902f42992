"""The project's URLs with the public report pages mounted at /ndbg/ (as
config/urls.py mounts them)."""

from django.urls import include, path

from config.urls import handler404, handler500
from config.urls import urlpatterns as project

__all__ = ["handler404", "handler500", "urlpatterns"]

urlpatterns = [
    path("ndbg/", include("gongkai.reporting.urls_public")),
    *project,
]
