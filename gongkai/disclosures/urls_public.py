from django.urls import URLPattern, URLResolver

app_name = "disclosures_public"

urlpatterns: list[URLPattern | URLResolver] = []
