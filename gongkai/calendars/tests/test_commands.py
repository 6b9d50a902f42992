"""gongkai calendar / deadline / fee on the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.calendars.models import CalendarYear
from gongkai.calendars.tests.conftest import DATA, RULES_DATA

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def run_json(*args: str) -> Any:
    return json.loads(run(*args, "--format", "json"))


def test_deadline_json_has_the_keys_of_the_issue() -> None:
    result = run_json("deadline", "--received", "2026-09-30")
    for key in (
        "received",
        "due",
        "working_days",
        "excluded_working_days",
        "provisional",
        "explanation",
    ):
        assert key in result
    assert result["received"] == "2026-09-30"
    assert result["due"] == "2026-11-03"
    assert result["working_days"] == 20
    assert result["provisional"] is False
    assert result["explanation"] == [
        "2026年9月30日收到申请，自次日起算；",
        "10月1日至7日国庆节假期不计；",
        "10月10日（周六）调休上班，计入；",
        "第20个工作日为2026年11月3日",
    ]


def test_deadline_text_is_readable_chinese() -> None:
    text = run("deadline", "--received", "2026-09-30", "--days", "40")
    assert "答复期限：2026年12月1日" in text
    assert "第40个工作日为2026年12月1日" in text


def test_deadline_marks_an_estimated_year() -> None:
    result = run_json("deadline", "--received", "2026-12-15")
    assert (result["due"], result["provisional"]) == ("2027-01-13", True)
    assert "（暂定）" in run("deadline", "--received", "2026-12-15")


def test_deadline_with_an_events_file(tmp_path: Path) -> None:
    events = tmp_path / "events.json"
    events.write_text(
        json.dumps(
            [
                {"kind": "consultation_started", "date": "2026-10-12"},
                {"kind": "consultation_ended", "date": "2026-10-16"},
                {"kind": "extended", "date": "2026-10-20", "working_days": 10},
                {
                    "kind": "delayed_reply",
                    "date": "2026-10-21",
                    "until": "2026-12-31",
                },
            ]
        ),
        encoding="utf-8",
    )
    result = run_json("deadline", "--received", "2026-09-30", "--events", str(events))
    assert result["excluded_working_days"] == 4  # 10月13日至16日
    assert result["working_days"] == 30
    assert result["due"] == "2026-12-31"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--received", "2026-02-30"], "不是有效日期"),
        (["--received", "昨天"], "不是有效日期"),
        (["--received", "2026-09-30", "--days", "0"], "正整数"),
        (["--received", "1990-01-01"], "超出了系统支持的范围"),
        (["--received", "2026-09-30", "--events", "/nonexistent.json"], "找不到"),
    ],
)
def test_deadline_bad_input_is_a_chinese_command_error(
    args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        run("deadline", *args)


def test_deadline_rule_errors_become_command_errors(tmp_path: Path) -> None:
    events = tmp_path / "events.json"
    events.write_text(
        '[{"kind": "extended", "date": "2026-10-09", "working_days": 25}]',
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="累计不得超过20个工作日"):
        run("deadline", "--received", "2026-09-30", "--events", str(events))
    events.write_text("[{kind: 1}]", encoding="utf-8")
    with pytest.raises(CommandError, match="不是有效的 JSON"):
        run("deadline", "--received", "2026-09-30", "--events", str(events))


def test_fee_by_piece_and_by_page() -> None:
    piece = run_json("fee", "by-piece", "--previous", "0", "--new", "35")
    assert piece["fee_yuan"] == "3000.00"
    assert [line["amount"] for line in piece["breakdown"]] == [
        "0.00",
        "2000.00",
        "1000.00",
    ]
    page = run_json("fee", "by-page", "--pages", "150")
    assert page["fee_yuan"] == "1700.00"
    assert "breakdown" in page
    assert "应收信息处理费：1700.00元" in run("fee", "by-page", "--pages", "150")
    with pytest.raises(CommandError, match="页数必须为正整数"):
        run("fee", "by-page", "--pages", "0")


def test_calendar_show_says_loaded_or_estimated() -> None:
    text = run("calendar", "show", "2026")
    assert "2026年节假日安排（已载入" in text
    assert "10月10日（周六）调休上班" in text
    data = run_json("calendar", "show", "2027")
    assert data["loaded"] is False
    assert data["status"] == "估算"
    assert data["entries"][0]["date"] == "2027-01-01"


def test_calendar_is_workday() -> None:
    assert run("calendar", "is-workday", "2026-10-10").startswith(
        "2026年10月10日：工作日"
    )
    holiday = run_json("calendar", "is-workday", "2025-10-01")
    assert holiday["workday"] is False
    assert holiday["label"] == "休息日"
    assert "国庆节" in holiday["reason"]
    with pytest.raises(CommandError, match="不是有效日期"):
        run("calendar", "is-workday", "2026-13-01")


def test_import_notice_refuses_without_yes_when_not_interactive(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    out = io.StringIO()
    with pytest.raises(CommandError, match="--yes"):
        call_command(
            "calendar",
            "import-notice",
            str(DATA / "notice_2027_sample.txt"),
            stdout=out,
        )
    assert "2027年2月5日  放假  春节" in out.getvalue()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_import_notice_with_yes_stores_and_reports() -> None:
    text = run(
        "calendar", "import-notice", str(DATA / "notice_2027_sample.txt"), "--yes"
    )
    assert "已保存2027年节假日安排（33天）" in text
    assert "重新计算了0个期限" in text
    assert CalendarYear.objects.filter(year=2027).exists()
    again = run_json(
        "calendar", "import-notice", str(RULES_DATA / "notice_2026.txt"), "--yes"
    )
    assert again["year"] == 2026
    assert again["differences"] == []
    assert again["changed"] == 0


def test_import_notice_of_a_missing_file() -> None:
    with pytest.raises(CommandError, match="找不到文件"):
        run("calendar", "import-notice", "/nonexistent/notice.txt", "--yes")
