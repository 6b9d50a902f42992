"""The workbench pages (tables with drill-down links, checks, editors) and the public
page of a published report."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.reporting import services
from gongkai.reporting.models import AnnualReport
from gongkai.reporting.tests.helpers import (
    EXPECTED_TABLE3,
    YEAR,
    World,
    build_year,
    make_world,
)
from tests.factories import xlsx_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gongkai.reporting.tests.urls")]

SECTIONS = {"overview": "总体情况。", "problems": "问题和改进。", "other": "无。"}


@pytest.fixture
def world() -> World:
    return build_year(make_world())


@pytest.fixture
def report(world: World) -> AnnualReport:
    return services.report_create(actor=world.office, unit=world.education, year=YEAR)


def login(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_list_offers_a_new_report_and_shows_deadlines(
    client: Client, world: World
) -> None:
    login(client, world.office)
    page = client.get(reverse("reporting:list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "新建年度报告" in html
    response = client.post(
        reverse("reporting:list"),
        {"unit": str(world.education.pk), "year": str(YEAR), "coverage": ""},
    )
    report = AnnualReport.objects.get(unit=world.education, year=YEAR)
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:detail", args=[report.pk])
    login(client, world.supervisor)
    html = client.get(reverse("reporting:list")).content.decode()
    assert 'id="new-h"' not in html
    assert report.title in html
    assert "示例市教育局" in html and "1月31日" in html


def test_report_page_links_every_number_to_its_records(
    client: Client, world: World, report: AnnualReport
) -> None:
    login(client, world.office)
    html = client.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    links = re.findall(r'href="(/workbench/reports/\d+/cell/[^"]+)"', html)
    # table 二: 2×3 + 4 entered; table 三: 25 rows × 7; table 四: 15
    assert len(links) == 10 + 25 * 7 + 15
    assert "发布前的核验" in html and "发布年度报告" in html
    cell = reverse("reporting:cell", args=[report.pk, "t3:carried_out:总计"])
    page = client.get(cell).content.decode()
    numbers = {a.number for a in world.apps.values() if a.pk}
    listed = set(re.findall(r"YSQ-\d{4}-\d{6}", page))
    expected = {
        world.apps[name].number
        for name in (
            "open_since_2023",
            "carried_out_granted",
            "open_2024",
            "waiting_correction",
        )
    }
    assert listed == expected and expected <= numbers
    assert f"<strong>{EXPECTED_TABLE3['carried_out']['总计']}</strong>" in page
    assert "13912345678" not in page and "王小明" not in page  # no personal data
    unable = client.get(
        reverse("reporting:cell", args=[report.pk, "t3:unable.not_held:社会公益组织"])
    ).content.decode()
    assert set(re.findall(r"YSQ-\d{4}-\d{6}", unable)) == {
        world.apps["referred"].number
    }
    repealed = client.get(
        reverse(
            "reporting:cell", args=[report.pk, "t2:normative_documents:本年废止件数"]
        )
    ).content.decode()
    assert (
        "示例市中小学学籍管理办法" in repealed and "示例市义务教育招生办法" in repealed
    )
    cases = client.get(
        reverse("reporting:cell", args=[report.pk, "t4:review:尚未审结"])
    ).content.decode()
    assert set(re.findall(r"YSQ-\d{4}-\d{6}", cases)) == {
        world.apps["enforcement"].number,
        world.apps["query"].number,
    }
    figures = client.get(
        reverse("reporting:cell", args=[report.pk, "t2:licensing:本年处理决定数量"])
    ).content.decode()
    assert "示例市教育局" in figures and "120" in figures
    missing = client.get(reverse("reporting:cell", args=[report.pk, "t3:nothing:总计"]))
    assert missing.status_code == 404


def test_hidden_reports_are_not_found(
    client: Client, world: World, report: AnnualReport
) -> None:
    login(client, world.editor)
    assert client.get(reverse("reporting:detail", args=[report.pk])).status_code == 404
    cell = reverse("reporting:cell", args=[report.pk, "t3:new:总计"])
    assert client.get(cell).status_code == 404


def test_edit_text_publish_and_read_on_the_portal(
    client: Client, world: World, report: AnnualReport
) -> None:
    login(client, world.office)
    page = client.get(reverse("reporting:sections", args=[report.pk]))
    assert page.status_code == 200 and "按记录生成的文字" in page.content.decode()
    data = dict.fromkeys(("proactive", "applications", "review_litigation"), "")
    client.post(reverse("reporting:sections", args=[report.pk]), {**data, **SECTIONS})
    report.refresh_from_db()
    assert report.sections["problems"] == "问题和改进。"
    public = f"/ndbg/{world.education.code}/{YEAR}/"
    assert client.get(public).status_code == 404
    login(client, world.leader)
    client.post(reverse("reporting:publish", args=[report.pk]))
    report.refresh_from_db()
    assert report.is_published
    client.logout()
    page = client.get(public)
    assert page.status_code == 200
    html = page.content.decode()
    assert report.title in html and "<style>" not in html
    assert "table3" in html and "问题和改进" in html
    assert 'href="/static/reporting/annual-report.css"' in html
    download = client.get(f"{public}report.xlsx")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxml")
    assert client.get(f"{public}report.exe").status_code == 404
    login(client, world.office)
    detail = client.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    assert public in detail


def test_publish_refused_shows_the_reason(
    client: Client, world: World, report: AnnualReport
) -> None:
    login(client, world.leader)
    response = client.post(reverse("reporting:publish", args=[report.pk]), follow=True)
    assert "请先填写" in response.content.decode()
    report.refresh_from_db()
    assert not report.is_published


def test_exports_download(client: Client, world: World, report: AnnualReport) -> None:
    login(client, world.supervisor)
    for fmt in ("json", "html", "docx", "xlsx"):
        response = client.get(reverse("reporting:export", args=[report.pk, fmt]))
        assert response.status_code == 200, fmt
        assert "attachment" in response["Content-Disposition"]
    data = client.get(reverse("reporting:export", args=[report.pk, "json"])).json()
    assert data["table3"][0]["values"]["总计"] == EXPECTED_TABLE3["new"]["总计"]


def test_figures_and_previous_pages(
    client: Client, world: World, report: AnnualReport
) -> None:
    login(client, world.office)
    url = reverse("reporting:figures", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200 and "行政许可" in page.content.decode()
    form = page.context["form"]
    data = dict.fromkeys(form.fields, "")
    for name, row, _column in form.cells:
        data[name] = {"licensing": "7", "penalty": "1", "coercion": "0", "fees": "2.5"}[
            row
        ]
    assert client.post(url, data).status_code == 302
    from gongkai.reporting.models import EnteredFigures

    stored = EnteredFigures.objects.get(unit=world.education, year=YEAR)
    assert stored.values["licensing"] == {"本年处理决定数量": 7}
    previous = reverse("reporting:previous", args=[report.pk])
    assert client.get(previous).status_code == 200
    text = "一、本年新收政府信息公开申请数量|1|0|0|0|0|0|1\n"
    response = client.post(previous, {"text": text})
    assert response.status_code == 200  # not readable: the form says why
    assert "没有读出" in response.content.decode()
    upload = client.get(reverse("reporting:figures_import"))
    assert upload.status_code == 200
    sheet = xlsx_bytes(
        [(world.education.name, YEAR + 1, 3, 0, 0, 0)],
        header=(
            "单位",
            "年度",
            "行政许可",
            "行政处罚",
            "行政强制",
            "行政事业性收费（万元）",
        ),
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("reporting:figures_import"),
        {"file": SimpleUploadedFile("figures.xlsx", sheet)},
    )
    assert response.status_code == 302
    login(client, world.editor)
    assert client.get(reverse("reporting:figures_import")).status_code == 403
