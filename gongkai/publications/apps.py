from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from gongkai.calendars.models import StoredDeadline


def _mirror_due_date(row: StoredDeadline, old_due: date | None) -> None:
    """Copy a recomputed 主动公开 deadline onto the revision it belongs to."""
    from gongkai.publications.models import Revision

    Revision.objects.filter(pk=int(row.object_id)).update(
        due_on=row.due, due_provisional=row.provisional
    )


def _publish_due() -> None:
    """Publish scheduled revisions whose time has come (run by the worker)."""
    from gongkai.publications.services import revisions_publish_due

    revisions_publish_due(actor=None)


class PublicationsConfig(AppConfig):
    name = "gongkai.publications"
    label = "publications"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.calendars.clocks import register_clock
        from gongkai.core.audit import register_verbs
        from gongkai.core.periodic import register_periodic
        from gongkai.publications.states import VERB_LABELS

        register_verbs(VERB_LABELS)
        register_periodic(
            "publications.publish_due", every=timedelta(minutes=1), run=_publish_due
        )
        register_clock(
            "publications.record",
            label="主动公开期限（条例第二十六条）",
            on_changed=_mirror_due_date,
            start_label="信息生成（变更）",
        )
