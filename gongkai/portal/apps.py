from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "公开专栏"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from gongkai.core.models import AuditEvent
        from gongkai.portal.pagecache import forget_marker
        from gongkai.portal.tasks import on_record_changed, on_records_changed
        from gongkai.publications.signals import record_changed, records_changed

        record_changed.connect(on_record_changed, dispatch_uid="portal.static_site")
        records_changed.connect(
            on_records_changed, dispatch_uid="portal.static_site.batch"
        )
        post_save.connect(
            forget_marker, sender=AuditEvent, dispatch_uid="portal.page_cache"
        )
