"""Workbench pages of the calendar, the public calculator and the public API."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from ninja.testing import TestClient

from gongkai.calendars.api import router
from gongkai.calendars.models import CalendarDay, CalendarYear, UnitClockSettings
from gongkai.calendars.tests.conftest import notice_text
from gongkai.organizations.models import Staff
from gongkai.organizations.roles import Role
from tests.factories import OrgTree, staff_with_role

pytestmark = pytest.mark.django_db


def logged_in(staff: Staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


# --- workbench ---------------------------------------------------------------------


def test_any_staff_reviews_a_year(clerk: Staff) -> None:
    client = logged_in(clerk)
    page = client.get(reverse("calendars:year"), {"year": "2026"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "2026年节假日安排" in html
    assert "已载入" in html
    assert "chinese-calendar 1.11.0" in html
    assert "10月10日" in html
    assert "导入放假安排通知" not in html  # not an administrator

    estimated = client.get(reverse("calendars:year"), {"year": "2027"}).content.decode()
    assert "估算" in estimated
    assert "尚未载入" in estimated

    bad = client.get(reverse("calendars:year"), {"year": "abc"})
    assert bad.status_code == 200
    assert "年份“abc”无效" in bad.content.decode()


def test_the_calendar_needs_a_login() -> None:
    page = Client().get(reverse("calendars:year"))
    assert page.status_code == 302
    assert reverse("workbench:login") in page["Location"]


def test_import_preview_then_confirm(admin: Staff) -> None:
    client = logged_in(admin)
    url = reverse("calendars:import")
    assert client.get(url).status_code == 200

    preview = client.post(url, {"text": notice_text(2027), "confirm": "0"})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "预览：2027年（尚未保存）" in html
    assert "2027年2月14日" in html
    assert "核对无误，保存2027年安排" in html
    assert not CalendarYear.objects.filter(year=2027).exists()

    done = client.post(url, {"text": notice_text(2027), "confirm": "1"})
    html = done.content.decode()
    assert "已保存2027年节假日安排" in html
    assert "重新计算的期限" in html
    assert CalendarYear.objects.get(year=2027).loaded_by == admin
    assert CalendarDay.objects.filter(day__year=2027).count() == 33


def test_import_shows_a_chinese_error_for_unparseable_text(admin: Staff) -> None:
    page = logged_in(admin).post(
        reverse("calendars:import"),
        {"text": "国务院办公厅关于2027年部分节假日安排的通知\n请大家注意休息。"},
    )
    assert page.status_code == 200
    assert (
        "没有识别出任何放假安排，请粘贴国务院办公厅通知的正文" in page.content.decode()
    )
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_non_administrator_cannot_import(tree: OrgTree, clerk: Staff) -> None:
    department_admin = staff_with_role(tree.education, Role.ADMIN)
    for user in (clerk, department_admin):
        client = logged_in(user)
        assert client.get(reverse("calendars:import")).status_code == 403
        page = client.post(
            reverse("calendars:import"), {"text": notice_text(2027), "confirm": "1"}
        )
        assert page.status_code == 403
        assert "维护节假日安排" in page.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(day__year=2027).exists()


def test_periods_page_sets_the_message_reply_period(
    tree: OrgTree, clerk: Staff
) -> None:
    client = logged_in(clerk)
    url = reverse("calendars:periods")
    page = client.get(url)
    html = page.content.decode()
    assert "一次性告知补正期限" in html
    assert "留言答复期限为<strong>5个工作日</strong>" in html

    bad = client.post(url, {"unit": tree.education.pk, "working_days": "0"})
    assert "留言答复期限至少为1个工作日" in bad.content.decode()
    done = client.post(url, {"unit": tree.education.pk, "working_days": "3"})
    assert done.status_code == 302
    assert UnitClockSettings.objects.get(unit=tree.education).message_reply_days == 3
    forbidden = client.post(url, {"unit": tree.finance.pk, "working_days": "3"})
    assert forbidden.status_code == 404  # a unit the clerk cannot see


# --- the public calculator ----------------------------------------------------------------


def test_the_calculator_is_public_and_linked_from_the_home_page() -> None:
    client = Client()
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:deadline") in home
    page = client.get(reverse("portal:deadline"))
    assert page.status_code == 200
    assert "收到申请日期" in page.content.decode()


def test_the_calculator_gives_the_due_date_and_its_explanation() -> None:
    page = Client().post(
        reverse("portal:deadline"), {"received": "2026-09-30", "period": "20"}
    )
    html = page.content.decode()
    assert "答复期限：<strong>2026年11月3日</strong>" in html
    assert "10月1日至7日国庆节假期不计；" in html
    assert "10月10日（周六）调休上班，计入；" in html
    assert "尚未发布" not in html


def test_the_calculator_marks_a_provisional_date() -> None:
    page = Client().post(
        reverse("portal:deadline"), {"received": "2026-12-15", "period": "20"}
    )
    html = page.content.decode()
    assert "2027年1月13日" in html
    assert "2027年节假日安排尚未发布，以上日期按周末和法定节日估算，仅供参考" in html


def test_the_calculator_with_extension_and_events() -> None:
    client = Client()
    extended = client.post(
        reverse("portal:deadline"),
        {"received": "2026-09-30", "period": "extended", "extension_days": "20"},
    ).content.decode()
    assert "2026年12月1日" in extended
    with_consultation = client.post(
        reverse("portal:deadline"),
        {
            "received": "2026-09-30",
            "period": "20",
            "consultation_start": "2026-10-12",
            "consultation_end": "2026-10-16",
        },
    ).content.decode()
    assert "其间4个工作日不计" in with_consultation
    waiting = client.post(
        reverse("portal:deadline"),
        {
            "received": "2026-09-30",
            "period": "20",
            "correction_requested": "2026-10-09",
        },
    ).content.decode()
    assert "等待申请人补正" in waiting


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"received": "2026-02-30", "period": "20"}, "收到申请日期不是有效日期"),
        ({"received": "", "period": "20"}, "请填写收到申请日期"),
        (
            {"received": "2026-09-30", "period": "extended", "extension_days": "25"},
            "延长答复期限累计不得超过20个工作日",
        ),
        (
            {"received": "2026-09-30", "period": "custom", "custom_days": "90"},
            "请填写1至60之间的工作日数",
        ),
        (
            {
                "received": "2026-09-30",
                "period": "20",
                "consultation_start": "2026-10-16",
                "consultation_end": "2026-10-12",
            },
            "征求意见结束日期早于开始征求意见日期",
        ),
        ({"received": "1990-01-05", "period": "20"}, "超出了系统支持的范围"),
    ],
)
def test_bad_input_gets_a_chinese_message_not_an_error_page(
    data: dict[str, str], message: str
) -> None:
    page = Client().post(reverse("portal:deadline"), data)
    assert page.status_code == 200
    html = page.content.decode()
    assert message in html
    assert "计算结果" not in html


# --- the public API --------------------------------------------------------------


def test_api_deadline_and_calendar() -> None:
    client = TestClient(router)
    result = client.get("/deadline?received=2026-09-30&days=20").json()
    assert result["due"] == "2026-11-03"
    assert result["provisional"] is False
    provisional = client.get("/deadline?received=2026-12-15").json()
    assert provisional["provisional_years"] == [2027]
    year = client.get("/calendar/2026").json()
    assert year["loaded"] is True
    assert {"date": "2026-10-10", "kind": "workday"}.items() <= year["entries"][
        -1
    ].items()
    assert date.fromisoformat(year["entries"][0]["date"]) == date(2026, 1, 1)
