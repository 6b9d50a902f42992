"""Tracking: statuses, progress with evidence, completion, editing, dashboards, 回头看."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings

from gongkai.core.exceptions import PermissionDenied, ValidationError
from gongkai.core.models import AuditEvent
from gongkai.ledger import selectors, services
from gongkai.ledger.models import ProgressFile
from gongkai.ledger.states import TaskStatus, task_status
from gongkai.ledger.tests.helpers import City, import_plan, make_city, task
from gongkai.publications.tests.helpers import make_desk, publish

pytestmark = pytest.mark.django_db

D = dt.date
S = TaskStatus


@pytest.mark.parametrize(
    ("done", "deadline", "recurring", "progress", "today", "expected"),
    [
        (False, None, False, False, D(2026, 5, 1), S.NOT_STARTED),
        (False, D(2026, 10, 31), False, True, D(2026, 5, 1), S.IN_PROGRESS),
        # The deadline day itself is still in time; the day after is 逾期.
        (False, D(2026, 10, 31), False, True, D(2026, 10, 31), S.IN_PROGRESS),
        (False, D(2026, 10, 31), False, False, D(2026, 11, 1), S.OVERDUE),
        (True, D(2026, 10, 31), False, True, D(2026, 11, 1), S.DONE),
        (False, None, True, True, D(2026, 11, 1), S.ONGOING),
        # "2021年10月底前……并长期坚持": the date still applies.
        (False, D(2026, 10, 31), True, False, D(2026, 11, 1), S.OVERDUE),
        (True, None, True, False, D(2026, 11, 1), S.DONE),
    ],
)
def test_task_status_rule(
    done: bool,
    deadline: dt.date | None,
    recurring: bool,
    progress: bool,
    today: dt.date,
    expected: TaskStatus,
) -> None:
    assert (
        task_status(
            done=done,
            deadline=deadline,
            recurring=recurring,
            has_progress=progress,
            today=today,
        )
        == expected
    )


@pytest.fixture
def city() -> City:
    return make_city()


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
def test_progress_with_evidence_moves_the_task_on(city: City) -> None:
    plan = import_plan(city)
    first = task(plan, "1")
    assert first.status == S.NOT_STARTED
    desk = make_desk(name="示例市教育局（信息）", serial=5)
    record = publish(desk, title="示例市教育局行政规范性文件目录")
    # The editor may link only records they can see: give them the desk's unit too.
    from gongkai.organizations.roles import Role
    from tests.factories import RoleAssignmentFactory

    RoleAssignmentFactory.create(
        staff=city.education_editor, unit=desk.unit, role=Role.EDITOR
    )
    progress = services.progress_add(
        actor=city.education_editor,
        task=first,
        unit=city.education,
        text="已完成本局规范性文件清理，目录已公开。",
        records=[record],
        links=["https://www.example.gov.cn/jyj/gfxwj/", ""],
        files=[("清理情况.pdf", b"%PDF-1.4 test")],
    )
    first.refresh_from_db()
    assert first.status == S.IN_PROGRESS
    assert list(progress.records.all()) == [record]
    assert progress.links == ["https://www.example.gov.cn/jyj/gfxwj/"]
    stored = ProgressFile.objects.get()
    path = Path(stored.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT) / "ledger")
    assert path.read_bytes() == b"%PDF-1.4 test"
    event = AuditEvent.objects.get(verb="ledger.progress.added")
    assert event.after["records"] == ["示例市教育局行政规范性文件目录"]
    assert event.unit_name == "示例市教育局"


def test_progress_is_validated(city: City) -> None:
    plan = import_plan(city)
    first = task(plan, "1")
    other = make_desk(name="示例市卫生健康委员会", serial=6)
    hidden = publish(other, title="别的单位的信息")
    cases: list[tuple[dict[str, Any], str]] = [
        ({"text": "  "}, "请填写进展情况"),
        ({"links": ["ftp://x"]}, "不是有效的网址"),
        ({"files": [("a.exe", b"x")]}, "不支持的佐证材料类型"),
        ({"files": [("a.pdf", b"")]}, "空文件"),
        ({"records": [hidden]}, "无权查看"),
    ]
    for extra, message in cases:
        arguments: dict[str, Any] = {
            "actor": city.education_editor,
            "task": first,
            "unit": city.education,
            "text": "进展",
        } | extra
        with pytest.raises(ValidationError, match=message):
            services.progress_add(**arguments)
    assert not first.progress.exists()


def test_task_is_done_when_every_unit_reports_done(city: City) -> None:
    from gongkai.organizations.roles import Role
    from tests.factories import staff_with_role

    plan = import_plan(city)
    first = task(plan, "1")  # 牵头 办公室、司法局; 责任 教育局、财政局
    reporters = {
        city.office: staff_with_role(city.office, Role.EDITOR),
        city.justice: staff_with_role(city.justice, Role.DISCLOSURE_OFFICE),
        city.education: city.education_editor,
        city.finance: city.finance_editor,
    }
    for n, (unit, person) in enumerate(reporters.items()):
        services.progress_add(
            actor=person, task=first, unit=unit, text="本单位已完成", done=True
        )
        first.refresh_from_db()
        last = n == len(reporters) - 1
        assert (first.done_at is not None) == last
    assert first.status == S.DONE
    assert AuditEvent.objects.filter(verb="ledger.task.completed").count() == 1


def test_manager_confirms_and_reopens(city: City) -> None:
    plan = import_plan(city)
    second = task(plan, "2")
    assert second.status == S.ONGOING
    services.task_set_done(actor=city.supervisor, task=second, done=True)
    second.refresh_from_db()
    assert second.status == S.DONE
    with pytest.raises(ValidationError, match="写明理由"):
        services.task_set_done(actor=city.supervisor, task=second, done=False)
    services.task_set_done(
        actor=city.supervisor, task=second, done=False, reason="发现尚有文件未解读"
    )
    second.refresh_from_db()
    assert second.status == S.ONGOING and second.done_at is None
    with pytest.raises(PermissionDenied):
        services.task_set_done(actor=city.education_editor, task=second, done=True)


def test_manager_edits_and_reassigns(city: City) -> None:
    plan = import_plan(city)
    third = task(plan, "3")
    assert third.unmatched_units
    services.task_update(
        actor=city.supervisor,
        task=third,
        title="公开财政预决算",
        requirement="按时公开部门预决算和“三公”经费。",
        deadline=D(2026, 7, 31),
        deadline_text="",
        recurring=False,
        lead_units=[city.finance],
        responsible_units=[city.education, city.justice],
    )
    third.refresh_from_db()
    assert third.deadline_text == "2026年7月31日"
    assert third.lead_text == "示例市财政局"
    assert third.responsible_text == "示例市教育局、示例市司法局"
    assert third.unmatched_units == []
    assert list(third.lead_units.all()) == [city.finance]
    event = AuditEvent.objects.filter(verb="ledger.task.updated").latest("id")
    assert event.after["deadline"] == "2026-07-31"
    with pytest.raises(PermissionDenied):
        services.task_update(
            actor=city.finance_editor,
            task=third,
            title="x",
            requirement="",
            deadline=None,
            deadline_text="",
            recurring=False,
            lead_units=[],
            responsible_units=[],
        )


def test_refresh_marks_overdue_on_the_day_after(city: City) -> None:
    plan = import_plan(city, year=2026)
    first = task(plan, "1")
    assert services.tasks_refresh_status(today=D(2026, 10, 31)) >= 0
    first.refresh_from_db()
    changed = services.tasks_refresh_status(today=D(2026, 11, 1))
    first.refresh_from_db()
    assert first.status == S.OVERDUE
    assert changed >= 1
    assert services.tasks_refresh_status(today=D(2026, 11, 1)) == 0


@time_machine.travel(dt.datetime(2026, 8, 1, 2, 0, tzinfo=dt.UTC), tick=False)
def test_dashboard_and_review_by_unit_and_section(city: City) -> None:
    plan = import_plan(city)
    services.progress_add(
        actor=city.finance_editor,
        task=task(plan, "3"),
        unit=city.finance,
        text="预决算已公开",
        done=True,
    )
    services.progress_add(
        actor=city.education_editor,
        task=task(plan, "1"),
        unit=city.education,
        text="正在清理",
    )
    board = selectors.plan_dashboard(plan)
    # On 2026-08-01: task 3 (6月底) is past its deadline, but 财政局 finished its part.
    assert [r.task.number for r in board.overdue] == ["3"]
    finance = next(t for t in board.by_unit if t.unit == city.finance)
    assert (finance.total, finance.done, finance.ongoing, finance.not_started) == (
        3,
        1,
        1,
        1,
    )
    assert finance.rate == "50%"
    education = next(t for t in board.by_unit if t.unit == city.education)
    assert (education.in_progress, education.ongoing) == (1, 1)
    assert [s.label for s in board.by_section] == [
        "一、提升政策文件公开水平",
        "二、优化平台功能",
    ]
    assert board.recent[0].text == "正在清理"
    review = selectors.plan_review(plan)
    summary = next(s for s in review.units if s.unit == city.finance)
    assert summary.text == (
        "示例市财政局承担任务3项（其中牵头0项）；已完成1项，长期推进1项，未开始1项；"
        "完成率50%（长期任务不计）；报送进展1条。"
    )
    assert len(review.tasks) == 4


def test_my_tasks_lists_the_units_open_tasks(city: City) -> None:
    plan = import_plan(city, year=2026)
    rows = selectors.my_tasks(city.education_editor, today=D(2026, 11, 2))
    assert [r.task.number for r in rows] == ["1", "2"]
    assert rows[0].status == S.OVERDUE
    assert selectors.my_tasks(city.supervisor) == []
    assert plan.tasks.count() == 4
