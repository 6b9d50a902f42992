from django.urls import path

from gongkai.disclosures import views, views_letters

app_name = "disclosures"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.create, name="create"),
    path("library/", views.library, name="library"),
    path("feed/", views.feed_page, name="feed_page"),
    path("same-information/", views.same_information, name="same_information"),
    path(
        "same-information/<slug:decision>/",
        views.same_information_decide,
        name="same_information_decide",
    ),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("<int:application_id>/", views.detail, name="detail"),
    path("<int:application_id>/id-document/", views.id_document, name="id_document"),
    *views_letters.urlpatterns,
    path("<int:application_id>/<slug:action>/", views.act, name="act"),
]
