from __future__ import annotations

from datetime import timedelta

from django.apps import AppConfig

VERB_LABELS: dict[str, str] = {
    "reporting.report.created": "新建年度报告",
    "reporting.report.sections_updated": "修改年度报告正文",
    "reporting.report.checks_overridden": "确认核验不通过的年度报告可以发布",
    "reporting.report.published": "发布年度报告",
    "reporting.report.withdrawn": "撤回已发布的年度报告",
    "reporting.figures.entered": "填写年度报告表二数字",
    "reporting.figures.imported": "导入年度报告表二数字",
    "reporting.previous.imported": "导入往年已发布的年度报告",
    "reporting.reminder.sent": "提醒年度报告发布期限",
}


def _send_reminders() -> object:
    from gongkai.reporting.services import reminders_send

    return reminders_send(actor=None)


class ReportingConfig(AppConfig):
    name = "gongkai.reporting"
    label = "reporting"
    verbose_name = "年度报告"

    def ready(self) -> None:
        from gongkai.core.audit import register_verbs
        from gongkai.core.periodic import register_periodic

        register_verbs(VERB_LABELS)
        # Daily is enough (the deadlines are days); each reminder goes out once.
        register_periodic(
            "reporting.deadline_reminders",
            every=timedelta(hours=6),
            run=_send_reminders,
        )
