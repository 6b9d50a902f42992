from django.urls import path

from gongkai.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("deadline/", views.deadline, name="deadline"),
    path("xxgk/", views.catalogue, name="catalogue"),
    path("xxgk/column/<slug:slug>/", views.column, name="column"),
    path(
        "xxgk/doc/<path:index_number>/file/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path("xxgk/doc/<path:index_number>/", views.document, name="document"),
]
