from django.urls import URLPattern, URLResolver, path

from gongkai.reporting import views

app_name = "reporting"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.report_list, name="list"),
    path("figures/import/", views.figures_import, name="figures_import"),
    path("<int:report_id>/", views.report_detail, name="detail"),
    path("<int:report_id>/sections/", views.report_sections, name="sections"),
    path("<int:report_id>/override/", views.report_override, name="override"),
    path("<int:report_id>/publish/", views.report_publish, name="publish"),
    path("<int:report_id>/withdraw/", views.report_withdraw, name="withdraw"),
    path("<int:report_id>/figures/", views.figures, name="figures"),
    path("<int:report_id>/previous/", views.previous, name="previous"),
    path("<int:report_id>/cell/<str:cell>/", views.report_cell, name="cell"),
    path("<int:report_id>/export.<str:fmt>", views.report_export, name="export"),
]
