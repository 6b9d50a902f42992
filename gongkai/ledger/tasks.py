"""Background task of the ledger: the daily upkeep, for a scheduler to enqueue.

Until gongkai has a scheduler, run ``gongkai workplan remind`` once a day (cron or a
systemd timer); it does the same.
"""

from __future__ import annotations

from django_tasks import task

from gongkai.ledger import services


@task()
def ledger_daily() -> dict[str, int]:
    """Bring task statuses up to date (逾期) and send the due reminders."""
    changed = services.tasks_refresh_status(actor=None)
    result = services.tasks_remind(actor=None)
    return {
        "status_changed": changed,
        "reminded_before": result.before,
        "reminded_overdue": result.overdue,
        "notifications": result.notifications,
    }
