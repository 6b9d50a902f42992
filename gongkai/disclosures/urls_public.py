from django.urls import path

from gongkai.disclosures import views_public

app_name = "disclosures_public"

urlpatterns = [
    path("", views_public.apply, name="apply"),
    path("submitted/", views_public.submitted, name="submitted"),
    path("track/", views_public.track, name="track"),
]
