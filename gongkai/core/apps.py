from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from gongkai.core.audit import register_verbs

        register_verbs(
            {
                "core.notification.sent": "发送通知",
                "core.notification.read": "阅读通知",
            }
        )
