from django.urls import include, path

from config.api import api

urlpatterns = [
    path("api/", api.urls),
    path("workbench/calendar/", include("gongkai.calendars.urls")),
    path("workbench/publications/", include("gongkai.publications.urls")),
    path("workbench/disclosures/", include("gongkai.disclosures.urls")),
    path("workbench/ledger/", include("gongkai.ledger.urls")),
    path("workbench/reports/", include("gongkai.reporting.urls")),
    path("yisqgk/", include("gongkai.disclosures.urls_public")),
    path("ndbg/", include("gongkai.reporting.urls_public")),
    path("search/", include("gongkai.search.urls")),
    path("workbench/", include("gongkai.workbench.urls")),
    path("", include("gongkai.portal.urls")),
]

handler404 = "gongkai.portal.views.not_found"
handler500 = "gongkai.portal.views.server_error"
