"""Reminders before deadlines (working days on the official calendar) and on the
first day overdue; sent once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command

from gongkai.core.models import AuditEvent, Notification
from gongkai.ledger import services
from gongkai.ledger.models import ReminderSent
from gongkai.ledger.tests.helpers import City, import_plan, make_city, task
from gongkai.organizations.models import Staff
from gongkai.organizations.roles import Role
from tests.factories import staff_with_role

pytestmark = pytest.mark.django_db

D = dt.date

# Deadline Monday 12 October 2026: 1–7 October is the National Day holiday and
# Saturday 10 October a 调休 working day.
PLAN = """示例市2026年政务公开重点任务
一、平台建设
1.完成政府网站改版。按新规范调整栏目。（牵头单位：市政府办公室；责任单位：市教育局、市财政局；完成时限：2026年10月12日前）
"""


@pytest.fixture
def city() -> City:
    return make_city()


def _titles(person: Staff) -> list[str]:
    return list(
        Notification.objects.filter(recipient=person)
        .order_by("id")
        .values_list("title", flat=True)
    )


def test_reminded_five_working_days_before_across_the_holiday(city: City) -> None:
    plan = import_plan(city, PLAN)
    # 28 Sept: 6 working days left (29, 30 Sept, 8, 9, 10 (调休), 12 Oct).
    assert services.tasks_remind(today=D(2026, 9, 28)).notifications == 0
    result = services.tasks_remind(today=D(2026, 9, 29))
    # 教育局 (editor and disclosure office), 财政局 (editor); 办公室 has no staff.
    assert (result.before, result.overdue, result.notifications) == (3, 0, 3)
    title = "任务即将到期：1.完成政府网站改版（2026年10月12日）"
    assert _titles(city.education_editor) == [title]
    assert _titles(city.education_office) == [title]
    assert _titles(city.finance_editor) == [title]
    note = Notification.objects.filter(recipient=city.finance_editor).get()
    assert "还有5个工作日" in note.body
    assert note.link == f"/workbench/ledger/tasks/{task(plan, '1').pk}/"
    # Not to a supervisor, not to another unit's staff.
    assert _titles(city.supervisor) == [] and _titles(city.district_editor) == []
    # Running again the same day, or the next days, sends nothing new.
    assert services.tasks_remind(today=D(2026, 9, 29)).notifications == 0
    assert services.tasks_remind(today=D(2026, 10, 12)).notifications == 0
    assert ReminderSent.objects.count() == 3


def test_overdue_reminder_once_and_not_to_units_that_finished(city: City) -> None:
    plan = import_plan(city, PLAN)
    first = task(plan, "1")
    services.progress_add(
        actor=city.finance_editor,
        task=first,
        unit=city.finance,
        text="已完成",
        done=True,
    )
    result = services.tasks_remind(today=D(2026, 10, 13))
    assert (result.before, result.overdue) == (0, 2)  # 办公室 and 教育局
    assert _titles(city.education_editor) == ["任务已逾期：1.完成政府网站改版"]
    assert _titles(city.finance_editor) == []
    first.refresh_from_db()
    assert first.status == "overdue"
    assert services.tasks_remind(today=D(2026, 10, 14)).notifications == 0
    assert AuditEvent.objects.filter(verb="ledger.reminders.sent").count() == 2


def test_a_new_deadline_is_reminded_again(city: City) -> None:
    plan = import_plan(city, PLAN)
    services.tasks_remind(today=D(2026, 9, 29))
    first = task(plan, "1")
    services.task_update(
        actor=city.supervisor,
        task=first,
        title=first.title,
        requirement=first.requirement,
        deadline=D(2026, 11, 20),
        deadline_text="2026年11月20日前",
        recurring=False,
        lead_units=list(first.lead_units.all()),
        responsible_units=list(first.responsible_units.all()),
    )
    assert services.tasks_remind(today=D(2026, 11, 16)).before == 3


def test_inactive_staff_and_other_roles_are_not_reminded(city: City) -> None:
    leader = staff_with_role(city.education, Role.LEADER)
    city.education_office.is_active = False
    city.education_office.save()
    import_plan(city, PLAN)
    services.tasks_remind(today=D(2026, 9, 30))
    assert _titles(leader) == []
    assert _titles(city.education_office) == []
    assert len(_titles(city.education_editor)) == 1


def test_remind_command_updates_statuses_and_reports(city: City) -> None:
    with time_machine.travel(dt.datetime(2026, 9, 1, 2, 0, tzinfo=dt.UTC)):
        import_plan(city, PLAN)
    out = io.StringIO()
    call_command("workplan", "remind", "--date", "2026-10-13", stdout=out)
    text = out.getvalue()
    assert "任务状态更新1项" in text
    assert "逾期提醒3个单位次" in text
    out = io.StringIO()
    call_command("workplan", "remind", "--date", "2026-10-13", stdout=out)
    assert "共发出0条通知" in out.getvalue()


def test_daily_task_runs_the_upkeep(city: City) -> None:
    from gongkai.ledger.tasks import ledger_daily

    import_plan(city, PLAN)
    result = ledger_daily.enqueue()
    assert result.return_value is not None
    assert set(result.return_value) == {
        "status_changed",
        "reminded_before",
        "reminded_overdue",
        "notifications",
    }
