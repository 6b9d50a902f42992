"""A city government with its disclosure office, two departments and a second city,
and helpers that make applications through the services."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.test import Client

from gongkai.disclosures import selectors, services
from gongkai.disclosures.models import Application
from gongkai.disclosures.services import ApplicationInput, UploadedDocument
from gongkai.organizations.models import Staff, Unit, UnitKind
from gongkai.organizations.roles import Role
from gongkai.rules.privacy import id_check_char
from tests.factories import UnitFactory, staff_with_role

ID_BODY = "37010219800101123"
ID_NUMBER = ID_BODY + id_check_char(ID_BODY)
PHONE = "13912345678"
EMAIL = "shenqingren@example.com"
ADDRESS = "示例市幸福路88号3单元501室"
POSTCODE = "250001"
NAME = "王小明"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"PNG-BODY-SECRET"


@dataclass
class Office:
    city: Unit
    education: Unit
    finance: Unit
    other_city: Unit
    office: Staff  # 政府信息公开工作机构 of the city government
    editor: Staff  # 部门信息员 of the education bureau
    finance_editor: Staff  # 部门信息员 of the finance bureau
    leader: Staff
    supervisor: Staff
    other_office: Staff  # the office of another city


def login(user: Any) -> Client:
    """A test client logged in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def make_office() -> Office:
    city = UnitFactory.create(name="示例市人民政府", kind=UnitKind.GOVERNMENT)
    education = UnitFactory.create(
        name="示例市教育局", parent=city, short_names=["市教育局"]
    )
    finance = UnitFactory.create(name="示例市财政局", parent=city)
    other_city = UnitFactory.create(name="另一市人民政府", kind=UnitKind.GOVERNMENT)
    return Office(
        city=city,
        education=education,
        finance=finance,
        other_city=other_city,
        office=staff_with_role(city, Role.DISCLOSURE_OFFICE, username="gkjg"),
        editor=staff_with_role(education, Role.EDITOR, username="jyj_xxy"),
        finance_editor=staff_with_role(finance, Role.EDITOR, username="czj_xxy"),
        leader=staff_with_role(city, Role.LEADER, username="ld"),
        supervisor=staff_with_role(city, Role.SUPERVISOR, username="zgbm"),
        other_office=staff_with_role(
            other_city, Role.DISCLOSURE_OFFICE, username="other_gkjg"
        ),
    )


def app_input(**fields: Any) -> ApplicationInput:
    data: dict[str, Any] = {
        "applicant_type": "natural",
        "applicant_name": NAME,
        "id_kind": "resident_id",
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "email": EMAIL,
        "address": ADDRESS,
        "postcode": POSTCODE,
        "description": "2026年示例市义务教育学校新建校舍的立项批复文件",
        "doc_reference": "示发改〔2026〕5号",
        "delivery_form": "electronic",
        "delivery_way": "email",
    } | fields
    return ApplicationInput(**data)


def register(
    o: Office,
    arrived_on: dt.date,
    *,
    channel: str = "in_person",
    confirmed_on: dt.date | None = None,
    document: bool = False,
    **fields: Any,
) -> Application:
    return services.application_register(
        actor=o.office,
        unit=o.city,
        data=app_input(**fields),
        channel=channel,
        arrived_on=arrived_on,
        confirmed_on=confirmed_on,
        document=UploadedDocument("身份证.png", PNG) if document else None,
    )


def assigned(o: Office, arrived_on: dt.date, **fields: Any) -> Application:
    application = register(o, arrived_on, **fields)
    return services.application_assign(
        actor=o.office,
        application=application,
        department=o.education,
        handler=o.editor,
    )


def cli_due(application: Application, today: dt.date, tmp: Path) -> str | None:
    """What ``gongkai deadline`` says for the same received day and events."""
    application.refresh_from_db()
    assert application.received_on is not None
    events = tmp / f"events-{application.pk}.json"
    events.write_text(
        json.dumps(selectors.clock_events_json(application)), encoding="utf-8"
    )
    out = StringIO()
    call_command(
        "deadline",
        received=application.received_on.isoformat(),
        events=str(events),
        today=today.isoformat(),
        format="json",
        stdout=out,
    )
    due = json.loads(out.getvalue())["due"]
    return due if due is None else str(due)


def due_text(application: Application) -> str | None:
    application.refresh_from_db()
    return application.due_on.isoformat() if application.due_on else None


def applicant_id(n: int) -> str:
    """A valid ID number of the n-th test applicant (a different applicant each)."""
    body = f"37010219800101{n:03d}"
    return body + id_check_char(body)


def answered(
    o: Office,
    *,
    applicant: int,
    doc_reference: str,
    reply_type: str = "granted",
    reason_codes: tuple[str, ...] = ("granted",),
    arrived_on: dt.date | None = None,
) -> Application:
    """An application of the n-th applicant to the city, assigned and answered."""
    from django.utils import timezone

    day = arrived_on or timezone.localdate() - dt.timedelta(days=10)
    application = assigned(
        o, day, id_number=applicant_id(applicant), doc_reference=doc_reference
    )
    services.reply(
        actor=o.editor,
        application=application,
        reply_type=reply_type,
        reason_codes=list(reason_codes),
    )
    application.refresh_from_db()
    return application
