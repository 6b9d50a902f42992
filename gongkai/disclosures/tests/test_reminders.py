"""The daily deadline digest of 依申请公开: who gets it, what it says (and never
says), once a day, by workbench notification and by e-mail."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Sequence
from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.core.mail.backends import locmem
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.utils import timezone

from gongkai.calendars.selectors import work_calendar
from gongkai.core.models import AuditEvent, Notification
from gongkai.core.periodic import registered_jobs
from gongkai.disclosures import services
from gongkai.disclosures.models import Application, EmailStatus, ReminderDigest
from gongkai.disclosures.tests.helpers import (
    ADDRESS,
    EMAIL,
    ID_NUMBER,
    NAME,
    PHONE,
    Office,
    app_input,
    assigned,
    register,
)
from gongkai.organizations.models import Staff

pytestmark = pytest.mark.django_db

DESCRIPTION = "2026年示例市义务教育学校新建校舍的立项批复文件"
PERSONAL = (NAME, ID_NUMBER, PHONE, EMAIL, ADDRESS, DESCRIPTION)
BASE = "https://gk.example.gov.cn"


def _today() -> dt.date:
    return timezone.localdate()


def _working_day_from(day: dt.date) -> dt.date:
    """``day`` if it is a working day, else the next one."""
    return work_calendar().add_working_days(day - dt.timedelta(days=1), 1)


def _notes(staff: Staff) -> list[Notification]:
    """The digests the person got (not the notices of assignment)."""
    return list(
        Notification.objects.filter(
            recipient=staff, title__startswith="依申请公开期限提醒"
        ).order_by("pk")
    )


def _with_email(staff: Staff, address: str) -> Staff:
    staff.email = address
    staff.save(update_fields=["email"])
    return staff


def _overdue_and_due_soon(o: Office) -> tuple[Application, Application, dt.date]:
    """Two applications of the education bureau's handler and a day on which the
    first is overdue and the second due within 5 working days (on its due date)."""
    overdue = assigned(o, _today() - dt.timedelta(days=60))
    due_soon = assigned(o, _today() - dt.timedelta(days=5))
    assert overdue.due_on is not None and due_soon.due_on is not None
    return overdue, due_soon, due_soon.due_on


def test_the_handler_gets_one_digest_of_overdue_and_nearly_due(o: Office) -> None:
    overdue, due_soon, day = _overdue_and_due_soon(o)
    assert overdue.due_on is not None and due_soon.due_on is not None

    assert services.reminders_send(today=day) == 1

    (note,) = _notes(o.editor)
    assert note.title == "依申请公开期限提醒：已超期1件，5个工作日内到期1件"
    assert overdue.number in note.body and due_soon.number in note.body
    assert "示例市人民政府" in note.body  # the unit applied to
    assert "办理" in note.body  # the state
    assert f"{overdue.due_on.year}年{overdue.due_on.month}月{overdue.due_on.day}日" in (
        note.body
    )
    overdue_part, soon_part = note.body.split("5个工作日内到期")
    assert overdue.number in overdue_part and due_soon.number in soon_part
    assert note.link == "/workbench/disclosures/?view=mine"
    for secret in PERSONAL:
        assert secret not in note.title and secret not in note.body
    row = ReminderDigest.objects.get(staff=o.editor, day=day)
    assert (row.overdue, row.due_soon) == (1, 1)
    assert row.numbers == [overdue.number, due_soon.number]
    event = AuditEvent.objects.get(verb="disclosures.reminder.sent")
    for secret in PERSONAL:
        assert secret not in str(event.after)


def test_once_a_day_and_again_the_next_working_day(o: Office, mailoutbox) -> None:
    _with_email(o.editor, "jyj_xxy@example.gov.cn")
    _overdue_and_due_soon(o)
    overdue_only = _working_day_from(_today() + dt.timedelta(days=1))
    assert services.reminders_send(today=overdue_only) == 1
    assert services.reminders_send(today=overdue_only) == 0
    assert len(_notes(o.editor)) == 1
    assert len(mailoutbox) == 1

    following = work_calendar().add_working_days(overdue_only, 1)
    assert services.reminders_send(today=following) == 1
    assert len(_notes(o.editor)) == 2
    assert len(mailoutbox) == 2


def test_nobody_without_due_items_gets_a_digest(o: Office) -> None:
    _with_email(o.finance_editor, "czj_xxy@example.gov.cn")
    # Assigned today to the finance bureau: 20 working days to go.
    fresh = register(o, _today())
    services.application_assign(
        actor=o.office,
        application=fresh,
        department=o.finance,
        handler=o.finance_editor,
    )
    day = _working_day_from(_today())
    assert services.reminders_send(today=day) == 0
    assert not Notification.objects.filter(title__startswith="依申请公开期限提醒")
    assert not ReminderDigest.objects.exists()


def test_assigned_applications_do_not_go_to_the_office(o: Office) -> None:
    _overdue_and_due_soon(o)
    day = _working_day_from(_today() + dt.timedelta(days=1))
    services.reminders_send(today=day)
    assert len(_notes(o.editor)) == 1
    for other in (o.office, o.finance_editor, o.leader, o.supervisor, o.other_office):
        assert _notes(other) == []


def test_without_a_handler_the_office_of_the_unit_is_reminded(o: Office) -> None:
    application = register(o, _today() - dt.timedelta(days=60))  # in 审核, no handler
    day = _working_day_from(_today())
    assert services.reminders_send(today=day) == 1
    (note,) = _notes(o.office)
    assert application.number in note.body
    assert note.title == "依申请公开期限提醒：已超期1件"
    for other in (o.editor, o.leader, o.supervisor, o.other_office):
        assert _notes(other) == []


def test_staff_of_another_unit_get_nothing_about_this_units_applications(
    o: Office,
) -> None:
    ours = register(o, _today() - dt.timedelta(days=60))
    theirs = services.application_register(
        actor=o.other_office,
        unit=o.other_city,
        data=app_input(),
        channel="in_person",
        arrived_on=_today() - dt.timedelta(days=60),
    )
    day = _working_day_from(_today())
    assert services.reminders_send(today=day) == 2
    (mine,) = _notes(o.office)
    (other,) = _notes(o.other_office)
    assert ours.number in mine.body and theirs.number not in mine.body
    assert theirs.number in other.body and ours.number not in other.body
    assert "另一市人民政府" not in mine.body


def test_the_email_carries_the_same_list_and_links_but_no_personal_data(
    o: Office, mailoutbox
) -> None:
    _with_email(o.editor, "jyj_xxy@example.gov.cn")
    overdue, due_soon, day = _overdue_and_due_soon(o)
    with override_settings(GONGKAI_WORKBENCH_URL=BASE + "/"):
        services.reminders_send(today=day)

    (mail,) = mailoutbox
    assert mail.to == ["jyj_xxy@example.gov.cn"]
    assert mail.subject == "依申请公开期限提醒：已超期1件，5个工作日内到期1件"
    body = mail.body
    assert body.startswith(f"{o.editor.display_name}：")
    for application in (overdue, due_soon):
        assert application.number in body
        assert f"{BASE}/workbench/disclosures/{application.pk}/" in body
    assert f"{BASE}/workbench/disclosures/?view=mine" in body
    for secret in PERSONAL:
        assert secret not in body and secret not in mail.subject
    assert ReminderDigest.objects.get().email_status == EmailStatus.SENT


def test_staff_without_an_address_get_only_the_notification(
    o: Office, mailoutbox
) -> None:
    _overdue_and_due_soon(o)
    services.reminders_send(today=_working_day_from(_today()))
    assert len(_notes(o.editor)) == 1
    assert mailoutbox == []
    assert ReminderDigest.objects.get().email_status == EmailStatus.NO_ADDRESS


class FailingBackend(BaseEmailBackend):
    """A mail server that cannot be reached."""

    attempts = 0

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        FailingBackend.attempts += 1
        raise OSError("无法连接到邮件服务器")


def test_a_failing_mail_server_loses_no_notification_and_is_not_retried(
    o: Office, caplog: Any
) -> None:
    _with_email(o.editor, "jyj_xxy@example.gov.cn")
    _with_email(o.office, "gkjg@example.gov.cn")
    _overdue_and_due_soon(o)
    register(o, _today() - dt.timedelta(days=60))  # the office's, no handler yet
    day = _working_day_from(_today())
    FailingBackend.attempts = 0
    backend = f"{__name__}.FailingBackend"
    with (
        override_settings(EMAIL_BACKEND=backend),
        caplog.at_level(logging.ERROR, logger="gongkai.disclosures.services"),
    ):
        assert services.reminders_send(today=day) == 2
        assert services.reminders_send(today=day) == 0

    # One attempt: the server could not be reached, so the run stopped trying it.
    assert FailingBackend.attempts == 1
    assert len(_notes(o.editor)) == 1 and len(_notes(o.office)) == 1
    first, second = ReminderDigest.objects.order_by("pk")
    assert first.email_status == second.email_status == EmailStatus.FAILED
    assert "无法连接到邮件服务器" in first.email_error
    assert second.email_error.startswith("邮件服务器不可用，本次未发送")
    assert "期限提醒邮件发送失败" in caplog.text
    failed = AuditEvent.objects.filter(verb="disclosures.reminder.email_failed")
    assert failed.count() == 2


class RefusingBackend(locmem.EmailBackend):
    """A server that refuses one address and delivers the others."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            if "gkjg@" in message.to[0]:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"no")})
        return super().send_messages(email_messages)


def test_a_refused_address_does_not_stop_the_others(o: Office, mailoutbox) -> None:
    _with_email(o.office, "gkjg@example.gov.cn")
    _with_email(o.editor, "jyj_xxy@example.gov.cn")
    register(o, _today() - dt.timedelta(days=60))  # the office's
    _overdue_and_due_soon(o)  # the editor's
    with override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend"):
        assert services.reminders_send(today=_working_day_from(_today())) == 2
    assert [m.to for m in mailoutbox] == [["jyj_xxy@example.gov.cn"]]
    statuses = dict(ReminderDigest.objects.values_list("staff_id", "email_status"))
    assert statuses == {o.office.pk: EmailStatus.FAILED, o.editor.pk: EmailStatus.SENT}


def test_no_digest_on_a_day_off(o: Office) -> None:
    _overdue_and_due_soon(o)
    calendar = work_calendar()
    day = _today()
    while calendar.is_workday(day):
        day += dt.timedelta(days=1)
    assert services.reminders_send(today=day) == 0
    assert not ReminderDigest.objects.exists()


def test_the_worker_runs_the_digest() -> None:
    assert "disclosures.deadline_reminders" in {job.name for job in registered_jobs()}
