"""A department with a staff member for every step of the 三审 chain."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from gongkai.organizations.models import Staff, Unit, UnitKind
from gongkai.organizations.roles import Role
from gongkai.publications import selectors, services
from gongkai.publications.models import Column, Record
from gongkai.publications.services import RevisionInput
from tests.factories import UnitFactory, staff_with_role, valid_uscc


@dataclass
class Desk:
    unit: Unit
    editor: Staff
    reviewer: Staff
    secrecy: Staff
    leader: Staff
    column: Column

    @property
    def chain(self) -> list[Staff]:
        return [self.reviewer, self.secrecy, self.leader]


def make_desk(
    name: str = "示例市教育局", serial: int = 1, column: Column | None = None
) -> Desk:
    unit = UnitFactory.create(
        name=name, kind=UnitKind.DEPARTMENT, code=valid_uscc(serial)
    )
    if column is None:
        column = Column.objects.filter(slug="tzgg").first() or services.column_create(
            actor=None, name="通知公告", slug="tzgg"
        )
    return Desk(
        unit=unit,
        editor=staff_with_role(unit, Role.EDITOR),
        reviewer=staff_with_role(unit, Role.REVIEWER),
        secrecy=staff_with_role(unit, Role.SECRECY_REVIEWER),
        leader=staff_with_role(unit, Role.LEADER),
        column=column,
    )


def draft(desk: Desk, **fields: Any) -> Record:
    data: dict[str, Any] = {
        "title": "关于做好2026年秋季开学工作的通知",
        "formed_on": timezone.localdate() - dt.timedelta(days=1),
        "body": "<p>各学校：请按时开学。</p>",
        "column_ids": [desk.column.pk],
    } | fields
    return services.record_create(
        actor=desk.editor, unit=desk.unit, data=RevisionInput(**data)
    )


def advance(desk: Desk, record: Record, steps: int = 3) -> Record:
    """Submit the record's open revision and pass ``steps`` review steps."""
    services.revision_submit(
        actor=desk.editor, revision=selectors.revision_current(record)
    )
    for actor in desk.chain[:steps]:
        services.revision_approve(
            actor=actor, revision=selectors.revision_current(record)
        )
    record.refresh_from_db()
    return record


def publish(desk: Desk, **fields: Any) -> Record:
    return advance(desk, draft(desk, **fields))
