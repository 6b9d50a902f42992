from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "公开专栏"

    def ready(self) -> None:
        from gongkai.portal.tasks import on_record_changed
        from gongkai.publications.signals import record_changed

        record_changed.connect(on_record_changed, dispatch_uid="portal.static_site")
