"""The REST API: intake and tracking for the public (never any personal data), the
queues and every action for staff, through the same services."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.disclosures.models import Application
from gongkai.disclosures.tests.helpers import (
    ADDRESS,
    EMAIL,
    ID_NUMBER,
    NAME,
    PHONE,
    PNG,
    Office,
    login,
    register,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
PUBLIC = "/api/v1/public"
SECRETS = (ID_NUMBER, PHONE, EMAIL, ADDRESS, NAME)


def post(client: Client, path: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(
        API + path, json.dumps(body or {}), content_type="application/json"
    )


def intake(o: Office, client: Client | None = None, **fields: Any) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "unit_id": o.city.pk,
        "applicant_type": "natural",
        "applicant_name": NAME,
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "email": EMAIL,
        "address": ADDRESS,
        "description": "2026年示例市义务教育学校新建校舍的立项批复文件",
        "delivery_form": "electronic",
        "delivery_way": "email",
        "id_document": SimpleUploadedFile("身份证.png", PNG, "image/png"),
    } | fields
    return (client or Client()).post(PUBLIC + "/applications", data)


def no_secrets(response: Any) -> None:
    text = response.content.decode()
    for secret in SECRETS:
        assert secret not in text, secret


def test_public_intake_and_tracking_carry_no_personal_data(o):
    response = intake(o)
    assert response.status_code == 201, response.content
    number = response.json()["number"]
    no_secrets(response)
    application = Application.objects.get(number=number)
    assert application.source == "api" and application.id_document_path
    response = Client().get(
        PUBLIC + "/applications/track", {"number": number, "check": PHONE[-4:]}
    )
    assert response.status_code == 200
    assert response.json()["state_label"].startswith("已提交")
    no_secrets(response)
    wrong = Client().get(
        PUBLIC + "/applications/track", {"number": number, "check": "9999"}
    )
    assert wrong.status_code == 404
    units = Client().get(PUBLIC + "/applications/units").json()
    assert {u["name"] for u in units} == {"示例市人民政府", "另一市人民政府"}


def test_public_intake_is_validated_and_rate_limited(o, settings):
    response = intake(o, id_number="12345")
    assert response.status_code == 400
    assert "居民身份证号码不正确" in response.json()["message"]
    settings.GONGKAI_APPLICATIONS_PER_HOUR = 2
    client = Client()
    assert intake(o, client).status_code == 201
    assert intake(o, client).status_code == 201
    response = intake(o, client)
    assert response.status_code == 429
    assert Application.objects.count() == 2


def test_staff_api_walks_an_application_through(o):
    office = login(o.office)
    today = timezone.localdate()
    response = post(
        office,
        "/applications",
        {
            "unit_id": o.city.pk,
            "channel": "in_person",
            "arrived_on": today.isoformat(),
            "applicant_type": "business",
            "applicant_name": "示例建设有限公司",
            "id_kind": "other",
            "id_number": "ABC12345",
            "phone": PHONE,
            "description": "某项目的环评批复",
            "delivery_form": "paper",
            "delivery_way": "pickup",
        },
    )
    assert response.status_code == 201, response.content
    detail = response.json()
    assert detail["state"] == "review" and detail["due_on"]
    no_secrets(response)
    pk = detail["id"]
    base = f"/applications/{pk}"
    assert (
        post(office, base + "/assign", {"department_id": o.education.pk}).status_code
        == 200
    )
    editor = login(o.editor)
    response = post(
        editor,
        base + "/consultations",
        {"party_kind": "third_party", "party_name": "甲公司"},
    )
    assert response.json()["state"] == "consulting"
    cid = response.json()["consultations"][0]["id"]
    response = post(editor, base + f"/consultations/{cid}/end", {"answer": "disagree"})
    assert response.json()["state"] == "handling"
    response = post(office, base + "/extensions", {"days": 21, "reason": "x"})
    assert response.status_code == 400
    assert "1至20" in response.json()["message"]
    response = post(office, base + "/extensions", {"days": 10, "reason": "需调取档案"})
    assert response.status_code == 200
    response = post(
        editor,
        base + "/reply",
        {"reply_type": "partial", "reason_codes": ["partial", "withheld.third_party"]},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "replied" and body["outcome_row"] == "partial"
    assert [x["kind"] for x in body["letters"]] == [
        "consultation",
        "extension",
        "reply",
    ]
    personal = editor.get(API + base + "/personal")
    assert personal.status_code == 200 and personal.json()["phone"] == PHONE


def test_staff_api_hides_other_units_and_personal_data(o):
    application = register(o, timezone.localdate())
    base = f"/applications/{application.pk}"
    outsider = login(o.other_office)
    assert outsider.get(API + base).status_code == 404
    assert outsider.get(API + base + "/personal").status_code == 404
    assert post(outsider, base + "/archive").status_code == 404
    leader = login(o.leader)
    response = leader.get(API + base)
    assert response.status_code == 200
    no_secrets(response)
    assert leader.get(API + base + "/personal").status_code == 403
    listing = outsider.get(API + "/applications")
    assert listing.json()["count"] == 0
    assert Client().get(API + base).status_code == 401


def test_staff_queues(o):
    register(o, timezone.localdate() - dt.timedelta(days=60))
    office = login(o.office)
    for queue in ("mine", "due_soon", "overdue", "waiting", "confirm", "all"):
        response = office.get(API + "/applications", {"queue": queue})
        assert response.status_code == 200, queue
    overdue = office.get(API + "/applications", {"queue": "overdue"}).json()
    assert overdue["count"] == 1
    reasons = office.get(API + "/reply-reasons").json()
    assert len(reasons) == 23
