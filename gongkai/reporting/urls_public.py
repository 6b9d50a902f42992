"""Public pages of published yearly reports, mounted at /ndbg/ (the portal's 年报
list itself is ``portal:reports`` at /ndbg/)."""

from django.urls import URLPattern, URLResolver, path

from gongkai.reporting import views_public

app_name = "reporting_public"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:code>/<int:year>/", views_public.report, name="report"),
    path(
        "<str:code>/<int:year>/report.<str:fmt>",
        views_public.report_file,
        name="report_file",
    ),
]
