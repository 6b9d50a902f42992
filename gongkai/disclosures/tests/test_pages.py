"""The portal pages (form, confirmation, tracking) and the staff pages: privacy,
visibility, rate limits, the ID document download and the .ics feed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.disclosures import services
from gongkai.disclosures.models import Application
from gongkai.disclosures.states import State
from gongkai.disclosures.tests.helpers import (
    ADDRESS,
    EMAIL,
    ID_NUMBER,
    NAME,
    PHONE,
    PNG,
    Office,
    assigned,
    login,
    register,
)

pytestmark = pytest.mark.django_db

SECRETS = (ID_NUMBER, PHONE, EMAIL, ADDRESS, "PNG-BODY-SECRET", "身份证.png")


def form_data(o: Office, **fields: Any) -> dict[str, Any]:
    return {
        "unit": str(o.city.pk),
        "applicant_type": "natural",
        "applicant_name": NAME,
        "id_kind": "resident_id",
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "email": EMAIL,
        "address": ADDRESS,
        "postcode": "250001",
        "description": "2026年示例市义务教育学校新建校舍的立项批复文件",
        "delivery_form": "electronic",
        "delivery_way": "email",
        "promise": "on",
    } | fields


def submit(client: Client, o: Office, **fields: Any) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = form_data(o, **fields)
    data.setdefault("id_document", SimpleUploadedFile("身份证.png", PNG, "image/png"))
    return client.post(reverse("disclosures_public:apply"), data, follow=True)


def assert_no_secrets(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


# --- the portal -----------------------------------------------------------------------


def test_the_form_lists_units_with_a_disclosure_office(o):
    page = Client().get(reverse("disclosures_public:apply")).content.decode()
    assert "示例市人民政府" in page and "另一市人民政府" in page
    assert "示例市教育局" not in page  # no office there


def test_public_submission_shows_the_number_and_what_happens_next(o):
    response = submit(Client(), o)
    page = response.content.decode()
    application = Application.objects.get()
    assert application.number in page
    assert "双方确认之日" in page
    assert application.state == State.REGISTERED and application.id_document_path
    assert_no_secrets(page)


def test_validation_messages_are_chinese_and_nothing_is_saved(o):
    response = submit(Client(), o, id_number="123", phone="", email="")
    page = response.content.decode()
    assert "居民身份证号码不正确" in page
    assert not Application.objects.exists()
    response = submit(Client(), o, description="", promise="")
    page = response.content.decode()
    assert "此项必填" in page and "请确认所填信息真实有效" in page


def test_uploads_must_be_real_images_or_pdfs_within_10_mb(o):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("身份证.png", b"MZ\x90\x00 not a png", "image/png")
    page = submit(Client(), o, id_document=fake).content.decode()
    assert "内容与扩展名不符" in page
    exe = SimpleUploadedFile("a.exe", b"MZ", "application/octet-stream")
    page = submit(Client(), o, id_document=exe).content.decode()
    assert "只能上传 JPG、PNG 或 PDF" in page
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "application/pdf"
    )
    page = submit(Client(), o, id_document=big).content.decode()
    assert "不能超过10MB" in page
    assert not Application.objects.exists()


def test_rate_limit_per_address(o, settings):
    settings.GONGKAI_APPLICATIONS_PER_HOUR = 3
    client = Client()
    for _ in range(3):
        submit(client, o)
    response = submit(client, o)
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert Application.objects.count() == 3
    other = Client(REMOTE_ADDR="10.0.0.9")
    submit(other, o)
    assert Application.objects.count() == 4


def test_honeypot_keeps_nothing(o):
    response = submit(Client(), o, website="http://spam.example")
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_tracking_needs_the_right_check_and_shows_no_personal_data(o):
    submit(Client(), o)
    application = Application.objects.get()
    services.application_confirm_receipt(actor=o.office, application=application)
    url = reverse("disclosures_public:track")
    wrong = Client().post(url, {"number": application.number, "check": "0000"})
    assert "不匹配" in wrong.content.decode()
    for check in (PHONE[-4:], EMAIL.upper()):
        page = Client().post(url, {"number": application.number, "check": check})
        text = page.content.decode()
        assert "已收到，正在审核" in text
        application.refresh_from_db()
        assert application.due_on is not None
        assert (
            f"{application.due_on.year}年{application.due_on.month}月{application.due_on.day}日"
            in text
        )
        assert "自次日起算" in text
        assert_no_secrets(text)
        assert NAME not in text


def test_tracking_failures_are_limited(o, settings):
    settings.GONGKAI_TRACKING_FAILURES_PER_HOUR = 2
    client = Client()
    url = reverse("disclosures_public:track")
    for _ in range(2):
        client.post(url, {"number": "YSQ-2026-000001", "check": "1234"})
    response = client.post(url, {"number": "YSQ-2026-000001", "check": "1234"})
    assert response.status_code == 429


# --- staff pages ---------------------------------------------------------------------


def test_staff_of_another_unit_get_404_for_page_and_document(o):
    today = timezone.localdate()
    application = register(o, today, document=True)
    for outsider in (o.other_office, o.finance_editor):
        client = login(outsider)
        assert (
            client.get(reverse("disclosures:detail", args=[application.pk])).status_code
            == 404
        )
        response = client.get(reverse("disclosures:id_document", args=[application.pk]))
        assert response.status_code == 404
        assert b"PNG-BODY-SECRET" not in response.content


def test_leader_sees_the_application_but_not_the_applicant(o):
    application = register(o, timezone.localdate(), document=True)
    client = login(o.leader)
    page = client.get(
        reverse("disclosures:detail", args=[application.pk])
    ).content.decode()
    assert application.number in page
    assert_no_secrets(page)
    assert NAME not in page
    response = client.get(reverse("disclosures:id_document", args=[application.pk]))
    assert response.status_code == 403


def test_the_handler_downloads_the_document_and_it_is_audited(o):
    application = assigned(o, timezone.localdate(), document=True)
    client = login(o.editor)
    page = client.get(
        reverse("disclosures:detail", args=[application.pk])
    ).content.decode()
    assert ID_NUMBER in page and PHONE in page
    response = client.get(reverse("disclosures:id_document", args=[application.pk]))
    assert response.status_code == 200
    assert response.content == PNG
    assert response["Content-Type"] == "image/png"
    assert (
        AuditEvent.objects.filter(verb="disclosures.id_document.downloaded").count()
        == 1
    )


def test_the_document_is_encrypted_on_disk(o, settings):
    from pathlib import Path

    application = register(o, timezone.localdate(), document=True)
    stored = Path(settings.MEDIA_ROOT) / application.id_document_path
    assert application.id_document_path.startswith("private/disclosures/")
    assert b"PNG-BODY-SECRET" not in stored.read_bytes()


def test_staff_entry_form_computes_the_receipt_day(o):
    client = login(o.office)
    today = timezone.localdate()
    data = form_data(
        o,
        channel="email",
        arrived_on=(today - dt.timedelta(days=2)).isoformat(),
        confirmed_on=today.isoformat(),
    )
    data.pop("promise")
    response = client.post(reverse("disclosures:create"), data, follow=True)
    assert response.status_code == 200
    application = Application.objects.get()
    assert application.received_on == today
    assert "双方确认之日" in application.receipt_basis


def test_actions_through_the_detail_page(o):
    application = register(o, timezone.localdate())
    client = login(o.office)
    url = reverse("disclosures:act", args=[application.pk, "assign"])
    response = client.post(
        url, {"department": o.education.pk, "handler": o.editor.pk}, follow=True
    )
    assert "已分办给示例市教育局" in response.content.decode()
    response = client.post(
        reverse("disclosures:act", args=[application.pk, "extend"]),
        {"days": 25, "reason": "x"},
        follow=True,
    )
    assert "延长的工作日数" in response.content.decode()
    editor = login(o.editor)
    response = editor.post(
        reverse("disclosures:act", args=[application.pk, "reply"]),
        {"reply_type": "granted", "reasons": ["granted"]},
        follow=True,
    )
    assert "已答复" in response.content.decode()
    application.refresh_from_db()
    assert application.state == State.REPLIED


def test_an_editor_cannot_act_on_an_unassigned_application(o):
    application = register(o, timezone.localdate())
    response = login(o.editor).post(
        reverse("disclosures:act", args=[application.pk, "assign"]),
        {"department": o.education.pk},
    )
    assert response.status_code == 404


def test_queue_pages(o):
    assigned(o, timezone.localdate())
    client = login(o.office)
    for view in ("mine", "due_soon", "overdue", "waiting", "confirm", "all"):
        response = client.get(reverse("disclosures:queue") + f"?view={view}")
        assert response.status_code == 200
    assert (
        "YSQ-"
        in client.get(reverse("disclosures:queue") + "?view=all").content.decode()
    )


def test_ics_feed_lists_my_deadlines(o):
    application = assigned(o, timezone.localdate())
    client = login(o.editor)
    client.post(reverse("disclosures:feed_page"))
    token = services.feed_token_reset  # the page made one
    from gongkai.disclosures.models import FeedToken

    secret = FeedToken.objects.get(staff=o.editor).token
    response = Client().get(reverse("disclosures:feed", args=[secret]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VCALENDAR" in body and application.number in body
    assert application.due_on is not None
    assert f"DTSTART;VALUE=DATE:{application.due_on:%Y%m%d}" in body
    assert Client().get(reverse("disclosures:feed", args=["wrong"])).status_code == 404
    assert token is not None


def test_library_page(o):
    assert login(o.office).get(reverse("disclosures:library")).status_code == 200
    response = login(o.supervisor).get(reverse("disclosures:library"))
    assert "属于四类过程性信息" in response.content.decode()
