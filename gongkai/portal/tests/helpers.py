"""A small public site for the portal tests, made through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from gongkai.publications import selectors, services
from gongkai.publications.models import Column, Record, Revision
from gongkai.publications.services import RevisionInput
from gongkai.publications.tests.helpers import Desk, advance, make_desk, publish
from gongkai.publications.vocab import (
    DocumentType,
    PolicyClass,
    RecordKind,
    Topic,
    Validity,
)

PDF = b"%PDF-1.4\n% test attachment\n"


def revision_of(record: Record) -> Revision:
    assert record.public_revision is not None
    return record.public_revision


def number_of(record: Record) -> str:
    assert record.index_number
    return record.index_number


@dataclass
class Site:
    desk: Desk
    notice: Record
    policy: Record
    old_policy: Record
    interpretation: Record
    policy_column: Column


def publish_with_attachment(desk: Desk, name: str, **fields: Any) -> Record:
    from gongkai.publications.tests.helpers import draft

    record = draft(desk, **fields)
    services.attachment_add(
        actor=desk.editor,
        revision=selectors.revision_current(record),
        name=name,
        data=b"%PDF-1.4\n% " + name.encode() + b"\n",
    )
    return advance(desk, record)


def make_site() -> Site:
    desk = make_desk()
    unit = desk.unit
    unit.address = "示例市人民路1号"
    unit.office_hours = "工作日 8:30—17:30"
    unit.phones = ["0531-12345678"]
    unit.fax = ""
    unit.email = "gk@example.gov.cn"
    unit.save()
    policy_column = services.column_create(actor=None, name="政策文件", slug="zcwj")
    interp_column = services.column_create(actor=None, name="政策解读", slug="zcjd")
    notice = publish_with_attachment(
        desk, "名单.pdf", title="关于公布2026年先进集体名单的通知"
    )
    today = timezone.localdate()
    old_policy = publish(
        desk,
        title="示例市校外培训管理办法（2025年）",
        doc_number="示教规〔2025〕1号",
        written_on=today - dt.timedelta(days=400),
        topic=Topic.EDUCATION,
        doc_type=DocumentType.MEASURES,
        policy_class=PolicyClass.NORMATIVE,
        column_ids=[policy_column.pk],
    )
    policy = publish(
        desk,
        title="示例市校外培训管理办法",
        doc_number="示教规〔2026〕2号",
        written_on=today - dt.timedelta(days=3),
        topic=Topic.EDUCATION,
        doc_type=DocumentType.MEASURES,
        policy_class=PolicyClass.NORMATIVE,
        column_ids=[policy_column.pk],
    )
    interpretation = services.record_create(
        actor=desk.editor,
        unit=unit,
        kind=RecordKind.INTERPRETATION,
        data=RevisionInput(
            title="《示例市校外培训管理办法》政策解读",
            formed_on=today - dt.timedelta(days=1),
            doc_type=DocumentType.INTERPRETATION_QA,
            body="<p>问：有哪些变化？</p>",
            column_ids=[interp_column.pk],
        ),
    )
    services.interpretation_link(
        actor=desk.editor, interpretation=interpretation, policy=policy
    )
    interpretation = advance(desk, interpretation)
    services.record_set_validity(
        actor=desk.leader,
        record=old_policy,
        validity=Validity.REPEALED,
        changed_on=today - dt.timedelta(days=2),
        successor=policy,
        reason="被新办法替代",
    )
    old_policy.refresh_from_db()
    return Site(desk, notice, policy, old_policy, interpretation, policy_column)
