"""The workbench pages, through Django's test client."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.ledger import selectors
from gongkai.ledger.models import IndicatorSheet, Progress, UnitAlias, WorkPlan
from gongkai.ledger.tests.helpers import PLAN, City, import_plan, make_city, task
from gongkai.organizations.models import UnitKind
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city() -> City:
    return make_city()


def test_paste_preview_then_confirm(city: City, client: Client) -> None:
    client.force_login(city.supervisor)
    page = client.get(reverse("ledger:import"))
    assert page.status_code == 200 and "工作要点全文" in page.content.decode()
    preview = client.post(reverse("ledger:import"), {"text": PLAN, "action": "preview"})
    html = preview.content.decode()
    assert "预览（尚未保存）" in html
    assert "市统筹办（未匹配）" in html
    assert "示例市东城区人民政府" in html  # "各区县政府" shown with its unit
    assert not WorkPlan.objects.exists()
    saved = client.post(
        reverse("ledger:import"),
        {"action": "confirm", "source": PLAN, "title": "", "year": ""},
    )
    plan = WorkPlan.objects.get()
    assert saved.status_code == 302 and saved["Location"] == reverse(
        "ledger:plan", args=[plan.pk]
    )
    page = client.get(saved["Location"])
    assert "已导入《示例市2026年政务公开工作要点》，共4项任务" in page.content.decode()


def test_upload_preview(city: City, client: Client) -> None:
    client.force_login(city.supervisor)
    upload = SimpleUploadedFile("要点.txt", PLAN.encode("gb18030"))
    preview = client.post(
        reverse("ledger:import"), {"file": upload, "action": "preview"}
    )
    html = preview.content.decode()
    assert "任务（4项）" in html
    assert 'name="source_name" value="要点.txt"' in html


def test_missing_title_can_be_filled_in_the_preview(city: City, client: Client) -> None:
    client.force_login(city.supervisor)
    text = "\n".join(PLAN.splitlines()[2:])  # no 文号, no title
    preview = client.post(reverse("ledger:import"), {"text": text, "action": "preview"})
    assert "未识别到计划标题" in preview.content.decode()
    client.post(
        reverse("ledger:import"),
        {
            "action": "confirm",
            "source": text,
            "title": "示例市重点任务",
            "year": "2026",
        },
    )
    assert WorkPlan.objects.get().title == "示例市重点任务"


def test_progress_form_with_a_record_and_the_pages(city: City, client: Client) -> None:
    from gongkai.organizations.roles import Role
    from gongkai.publications import services as publications
    from gongkai.publications.tests.helpers import Desk, publish
    from tests.factories import staff_with_role

    plan = import_plan(city)
    desk = Desk(
        unit=city.education,
        editor=city.education_editor,
        reviewer=staff_with_role(city.education, Role.REVIEWER),
        secrecy=staff_with_role(city.education, Role.SECRECY_REVIEWER),
        leader=staff_with_role(city.education, Role.LEADER),
        column=publications.column_create(actor=None, name="通知公告", slug="tzgg"),
    )
    record = publish(desk, title="示例市教育局规范性文件目录")
    first = task(plan, "1")
    client.force_login(city.education_editor)
    form = client.get(reverse("ledger:task", args=[first.pk])).content.decode()
    assert "示例市教育局规范性文件目录（示例市教育局）" in form
    posted = client.post(
        reverse("ledger:task", args=[first.pk]),
        {
            "unit": city.education.pk,
            "text": "目录已公开",
            "records": [record.pk],
            "links": "https://www.example.gov.cn/a\nhttps://www.example.gov.cn/b",
            "attachments": [SimpleUploadedFile("说明.pdf", b"%PDF-1.4")],
        },
    )
    assert posted.status_code == 302
    progress = Progress.objects.get()
    assert list(progress.records.all()) == [record]
    assert len(progress.links) == 2 and progress.files.count() == 1
    page = client.get(reverse("ledger:task", args=[first.pk])).content.decode()
    assert "《示例市教育局规范性文件目录》" in page
    download = client.get(
        reverse("ledger:progress_file", args=[progress.files.get().pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4"  # type: ignore[attr-defined]
    bad = client.post(
        reverse("ledger:task", args=[first.pk]),
        {"unit": city.education.pk, "text": "x", "links": "not-a-url"},
    )
    assert "不是有效的网址" in bad.content.decode()

    client.force_login(city.supervisor)
    board = client.get(reverse("ledger:dashboard", args=[plan.pk])).content.decode()
    assert "目录已公开" in board and "按单位" in board
    review = client.get(reverse("ledger:review", args=[plan.pk])).content.decode()
    assert "示例市教育局承担任务2项" in review
    export = client.get(reverse("ledger:export", args=[plan.pk]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    assert "目录已公开" in str(sheet["F4"].value)
    listing = client.get(
        reverse("ledger:plan", args=[plan.pk]) + f"?unit={city.education.pk}"
    )
    assert "1.全面公开现行有效行政规范性文件" in listing.content.decode()
    assert "3.公开财政预决算" not in listing.content.decode()


def test_manager_edits_a_task_and_resolves_a_name(city: City, client: Client) -> None:
    plan = import_plan(city)
    bureau = UnitFactory.create(
        name="示例市统计局", kind=UnitKind.DEPARTMENT, parent=city.government
    )
    client.force_login(city.supervisor)
    names = client.get(reverse("ledger:aliases")).content.decode()
    assert "市统筹办" in names
    client.post(reverse("ledger:aliases"), {"name": "市统筹办", "units": [bureau.pk]})
    assert UnitAlias.objects.get().unit == bureau
    third = task(plan, "3")
    assert bureau in third.responsible_units.all()
    edit = client.post(
        reverse("ledger:task_edit", args=[third.pk]),
        {
            "title": "公开财政预决算",
            "requirement": "按时公开。",
            "deadline": "2026-07-31",
            "deadline_text": "",
            "lead_units": [city.finance.pk],
            "responsible_units": [bureau.pk],
        },
    )
    assert edit.status_code == 302
    third.refresh_from_db()
    assert list(third.lead_units.all()) == [city.finance]
    done = client.post(reverse("ledger:task_done", args=[third.pk]), {"done": "1"})
    assert done.status_code == 302
    third.refresh_from_db()
    assert third.status == "done"
    alias = UnitAlias.objects.get()
    client.post(reverse("ledger:alias_remove", args=[alias.pk]))
    assert not UnitAlias.objects.exists()


def test_assessment_pages(city: City, client: Client) -> None:
    client.force_login(city.supervisor)
    created = client.post(
        reverse("ledger:sheets"),
        {
            "name": "政务公开工作考评",
            "period": "2026年第三季度",
            "start": "2026-07-01",
            "end": "2026-09-30",
        },
    )
    sheet = IndicatorSheet.objects.get()
    assert created["Location"] == reverse("ledger:sheet", args=[sheet.pk])
    assert not sheet.indicators.exists()
    client.post(
        reverse("ledger:sheet", args=[sheet.pk]),
        {
            "section": "平台建设",
            "name": "栏目更新",
            "max_points": "20",
            "method": "manual",
            "auto_key": "",
        },
    )
    indicator = sheet.indicators.get()
    for unit in sheet.units.all():
        page = client.get(
            reverse("ledger:score", args=[sheet.pk, indicator.pk, unit.pk])
        )
        assert page.status_code == 200
        client.post(
            reverse("ledger:score", args=[sheet.pk, indicator.pk, unit.pk]),
            {
                "d_points_0": "2" if unit == city.education else "",
                "d_reason_0": "栏目未更新" if unit == city.education else "",
                "evidence": "检查",
            },
        )
    detail = client.get(reverse("ledger:sheet", args=[sheet.pk])).content.decode()
    assert "扣2分：栏目未更新" in detail
    client.post(reverse("ledger:sheet_publish", args=[sheet.pk]))
    sheet.refresh_from_db()
    assert sheet.published
    report = client.get(reverse("ledger:report", args=[sheet.pk])).content.decode()
    assert "关于2026年第三季度政务公开工作考评结果的通报" in report
    html = client.get(reverse("ledger:report_file", args=[sheet.pk, "html"]))
    assert "attachment" in html["Content-Disposition"]
    pdf = client.get(reverse("ledger:report_file", args=[sheet.pk, "pdf"]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    # The assessed units see the published 通报 and their rank.
    client.force_login(city.education_editor)
    assert list(selectors.sheets_visible_to(city.education_editor)) == [sheet]
    assert client.get(reverse("ledger:report", args=[sheet.pk])).status_code == 200
    assert (
        client.get(
            reverse("ledger:score", args=[sheet.pk, indicator.pk, city.education.pk])
        ).status_code
        == 403
    )


def test_home_lists_my_tasks(city: City, client: Client) -> None:
    import_plan(city)
    client.force_login(city.finance_editor)
    home = client.get(reverse("ledger:home")).content.decode()
    assert "3.公开财政预决算" in home
    assert "示例市2026年政务公开工作要点" in home


def test_a_refused_confirmation_shows_the_preview_again(
    city: City, client: Client
) -> None:
    client.force_login(city.supervisor)
    text = "\n".join(PLAN.splitlines()[2:])
    page = client.post(
        reverse("ledger:import"),
        {"action": "confirm", "source": text, "title": "", "year": "2026"},
    ).content.decode()
    assert "不能保存：未识别到计划标题" in page
    assert "预览（尚未保存）" in page and 'id="fix-title"' in page
    assert not WorkPlan.objects.exists()
