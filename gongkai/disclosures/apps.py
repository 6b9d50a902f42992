from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "gongkai.disclosures"
    label = "disclosures"
    verbose_name = "依申请公开"
