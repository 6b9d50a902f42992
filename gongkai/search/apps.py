from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "检索"

    def ready(self) -> None:
        from gongkai.publications.signals import record_changed, records_changed
        from gongkai.search.receivers import on_record_changed, on_records_changed

        record_changed.connect(
            on_record_changed, dispatch_uid="gongkai.search.record_changed"
        )
        records_changed.connect(
            on_records_changed, dispatch_uid="gongkai.search.records_changed"
        )
