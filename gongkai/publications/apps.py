from __future__ import annotations

from datetime import date
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


class PublicationsConfig(AppConfig):
    name = "gongkai.publications"
    label = "publications"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.calendars.clocks import register_clock
        from gongkai.core.audit import register_verbs
        from gongkai.publications.states import VERB_LABELS

        register_verbs(VERB_LABELS)
        register_clock(
            "publications.record",
            label="主动公开期限（条例第二十六条）",
            on_changed=_mirror_due_date,
            start_label="信息生成（变更）",
        )
