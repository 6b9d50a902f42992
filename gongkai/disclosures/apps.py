from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from gongkai.calendars.models import StoredDeadline


def _mirror_due_date(row: StoredDeadline, old_due: date | None) -> None:
    """Copy a recomputed reply deadline onto the application it belongs to."""
    from gongkai.disclosures.models import Application

    Application.objects.filter(pk=int(row.object_id)).update(
        due_on=row.due, due_provisional=row.provisional
    )


def _refresh_clocks() -> None:
    """Move on the due dates of applications paused by a consultation or an unpaid fee."""
    from gongkai.disclosures.services import application_clocks_refresh

    application_clocks_refresh(actor=None)


# The digest goes out on the first run of the day from this hour (local time) on.
REMINDER_HOUR = 7


def _send_reminders() -> int:
    """The daily deadline digest; sent once a day per person (``ReminderDigest``)."""
    from django.utils import timezone

    from gongkai.disclosures.services import reminders_send

    if timezone.localtime().hour < REMINDER_HOUR:
        return 0
    return reminders_send(actor=None)


class DisclosuresConfig(AppConfig):
    name = "gongkai.disclosures"
    label = "disclosures"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.calendars.clocks import register_clock
        from gongkai.core.audit import register_verbs
        from gongkai.core.periodic import register_periodic
        from gongkai.disclosures.letters import LETTER_VERB_LABELS
        from gongkai.disclosures.states import VERB_LABELS

        register_verbs(VERB_LABELS)
        register_verbs(LETTER_VERB_LABELS)
        register_periodic(
            "disclosures.refresh_clocks", every=timedelta(hours=6), run=_refresh_clocks
        )
        # Hourly: the job sends nothing before REMINDER_HOUR or twice on one day.
        register_periodic(
            "disclosures.deadline_reminders",
            every=timedelta(hours=1),
            run=_send_reminders,
        )
        register_clock(
            "disclosures.application",
            label="依申请公开答复期限（条例第三十三条）",
            on_changed=_mirror_due_date,
            start_label="收到申请",
        )
