from django.urls import URLPattern, URLResolver

app_name = "disclosures"

urlpatterns: list[URLPattern | URLResolver] = []
