from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from datetime import timedelta

        from gongkai.core.audit import register_verbs
        from gongkai.core.dbstats import refresh_statistics
        from gongkai.core.periodic import register_periodic

        register_periodic(
            "core.database_statistics", every=timedelta(days=1), run=refresh_statistics
        )

        register_verbs(
            {
                "core.notification.sent": "发送通知",
                "core.notification.read": "阅读通知",
            }
        )
