"""The project's URLs with the public report pages mounted at /ndbg/ (as
config/urls.py is to mount them). The project URLconf is included by name."""

from django.urls import include, path

urlpatterns = [
    path("ndbg/", include("gongkai.reporting.urls_public")),
    path("", include("config.urls")),
]
