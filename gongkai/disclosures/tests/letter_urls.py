"""The project's URLs with the letter pages mounted in the ``disclosures`` namespace
(until the lead adds ``*views_letters.urlpatterns`` to gongkai/disclosures/urls.py,
and unchanged afterwards)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from gongkai.disclosures import urls as disclosures_urls
from gongkai.disclosures import views_letters

_names = {getattr(p, "name", None) for p in disclosures_urls.urlpatterns}
_patterns: list[URLPattern | URLResolver] = [
    *(p for p in views_letters.urlpatterns if p.name not in _names),
    *disclosures_urls.urlpatterns,
]

# The project URLs by name: the layers forbid importing config from an app. The
# first ``disclosures`` namespace wins when reversing and resolving.
urlpatterns = [
    path("workbench/disclosures/", include((_patterns, "disclosures"))),
    path("", include("config.urls")),
]
