from django.urls import path

from gongkai.calendars import views

app_name = "calendars"

urlpatterns = [
    path("", views.calendar_year, name="year"),
    path("import/", views.calendar_import, name="import"),
    path("periods/", views.periods, name="periods"),
]
