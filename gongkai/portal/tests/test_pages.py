"""The public pages read from the services' data: what appears where."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from gongkai.organizations.models import UnitKind
from gongkai.portal.tests.helpers import make_site, number_of, revision_of
from gongkai.publications import services
from gongkai.publications.tests.helpers import make_desk, publish
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def get(path: str, status: int = 200) -> str:
    response = Client().get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.content.decode()


def titles(html: str) -> list[str]:
    return re.findall(r"通知第\d\d号", html)


def doc_url(record) -> str:
    return f"/xxgk/doc/{record.index_number}/"


def test_home_shows_latest_items_columns_and_links() -> None:
    site = make_site()
    html = get("/")
    assert "最新公开" in html
    assert revision_of(site.notice).title in html
    for title in ("政府信息公开指南", "政府信息公开制度", "政策文件库", "依申请公开"):
        assert title in html
    for href in ("/xxgkzn/", "/xxgkzd/", "/zcwjk/", "/ndbg/", "/yisqgk/", "/deadline/"):
        assert f'href="{href}"' in html
    assert 'action="/search/"' in html
    assert 'id="toggle-large-text"' in html
    assert '<link rel="alternate" type="application/rss+xml"' in html


def test_empty_home_says_what_will_appear() -> None:
    html = get("/")
    assert "尚未发布政府信息" in html
    assert "本栏目暂无内容。将在这里发布" in html


def test_document_page_metadata_body_links_and_print_button() -> None:
    site = make_site()
    html = get(doc_url(site.policy))
    for label in ("索引号", "发布机构", "文号", "成文日期", "发布日期", "有效性"):
        assert f"<dt>{label}</dt>" in html
    assert number_of(site.policy) in html
    assert "示教规〔2026〕2号" in html
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">\d{4}年', html)
    assert "相关解读" in html and doc_url(site.interpretation) in html
    assert 'id="print-page" hidden' in html
    assert "/static/gongkai/portal.js" in html
    # … and the 解读 links back to its policy.
    interp = get(doc_url(site.interpretation))
    assert "解读的政策文件" in interp and doc_url(site.policy) in interp


def test_repealed_policy_has_a_banner_with_its_successor() -> None:
    site = make_site()
    html = get(doc_url(site.old_policy))
    assert 'class="banner"' in html and "本文件已废止" in html
    assert f'现行文件：<a href="{doc_url(site.policy)}">' in html


def test_attachment_has_a_named_address_and_downloads() -> None:
    site = make_site()
    html = get(doc_url(site.notice))
    attachment = revision_of(site.notice).attachments.get()
    url = f"{doc_url(site.notice)}file/{attachment.pk}/%E5%90%8D%E5%8D%95.pdf"
    assert f'href="{url}"' in html
    response = Client().get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert (
        Client().get(f"{doc_url(site.notice)}file/{attachment.pk}/").status_code == 200
    )
    assert Client().get(f"{doc_url(site.notice)}file/999999/x.pdf").status_code == 404


def test_column_pages_count_from_the_oldest_and_keep_their_content() -> None:
    desk = make_desk()
    for n in range(45):
        publish(desk, title=f"通知第{n:02d}号")
    front = get("/xxgk/column/tzgg/")
    assert "共45条，本页为最新的25条" in front
    assert "通知第44号" in front and "通知第20号" in front
    assert "通知第19号" not in front
    assert 'href="/xxgk/column/tzgg/page/1/" rel="next">更早的信息' in front
    oldest = get("/xxgk/column/tzgg/page/1/")
    assert "通知第00号" in oldest and "通知第19号" in oldest
    assert "通知第20号" not in oldest
    assert "第1页（按时间由早到晚编号" in oldest
    assert 'href="/xxgk/column/tzgg/">最新信息' in oldest
    assert "共45条" not in oldest  # numbered pages show no totals
    get("/xxgk/column/tzgg/page/2/", status=404)
    get("/xxgk/column/tzgg/page/0/", status=404)

    for n in range(45, 61):
        publish(desk, title=f"通知第{n:02d}号")
    still_oldest = get("/xxgk/column/tzgg/page/1/")
    assert titles(still_oldest) == titles(oldest)  # same records at the same address
    assert 'href="/xxgk/column/tzgg/page/2/" rel="prev">‹ 较新的信息' in still_oldest
    second = get("/xxgk/column/tzgg/page/2/")
    assert "通知第20号" in second and "通知第39号" in second
    assert "共61条，本页为最新的21条" in get("/xxgk/column/tzgg/")

    old_style = Client().get("/xxgk/column/tzgg/?page=2")
    assert old_style.status_code == 301
    assert old_style["Location"] == "/xxgk/column/tzgg/"
    get("/xxgk/column/nope/", status=404)


def test_guide_lists_units_with_their_office_and_says_what_is_missing() -> None:
    site = make_site()
    UnitFactory.create(name="示例市司法局", kind=UnitKind.DEPARTMENT)
    index = get("/xxgkzn/")
    assert "示例市教育局" in index and "示例市司法局" in index
    assert "尚未公布：办公地址、办公时间、联系电话、传真号码、电子邮箱" in index
    html = get(f"/xxgkzn/{site.desk.unit.pk}/")
    for part in (
        "一、政府信息的分类",
        "二、编排体系",
        "三、获取方式",
        "四、政府信息公开工作机构",
        "示例市人民路1号",
        "工作日 8:30—17:30",
        "0531-12345678",
        "gk@example.gov.cn",
        "第十二条",
    ):
        assert part in html, part
    assert "传真号码</dt><dd>尚未公布" in html
    assert "本单位尚未在系统中公布传真号码" in html
    assert site.desk.unit.code in html  # the 索引号 example
    get("/xxgkzn/999999/", status=404)


def test_government_without_own_data_names_its_office() -> None:
    government = UnitFactory.create(name="示例县人民政府", kind=UnitKind.GOVERNMENT)
    UnitFactory.create(
        name="示例县人民政府办公室",
        kind=UnitKind.DEPARTMENT,
        parent=government,
        address="示例县府前路8号",
        phones=["0531-7654321"],
    )
    html = get(f"/xxgkzn/{government.pk}/")
    assert "本机关的政府信息公开日常工作由示例县人民政府办公室承担" in html
    assert "示例县府前路8号" in html


def test_rules_and_reports_pages_are_honest_when_empty_and_list_when_filled() -> None:
    assert "本机关尚未在本栏目发布政府信息公开制度" in get("/xxgkzd/")
    assert "尚未发布政府信息公开工作年度报告" in get("/ndbg/")
    rules = services.column_create(actor=None, name="政府信息公开制度", slug="xxgkzd")
    reports = services.column_create(actor=None, name="年度报告", slug="ndbg")
    desk = make_desk(column=rules)
    publish(desk, title="示例市教育局政府信息公开保密审查办法")
    publish(
        desk,
        title="示例市教育局2025年政府信息公开工作年度报告",
        column_ids=[reports.pk],
    )
    assert "政府信息公开保密审查办法" in get("/xxgkzd/")
    assert "2025年政府信息公开工作年度报告" in get("/ndbg/")


def test_policy_library_filters_and_counts() -> None:
    site = make_site()
    publish(site.desk, title="普通通知，不是政策文件")
    html = get("/zcwjk/")
    assert "共2件" in html
    assert "不是政策文件" not in html
    assert '<select id="f-publisher" name="publisher">' in html
    assert ">有效（1）<" in html and ">已废止（1）<" in html
    assert ">办法（2）<" in html
    filtered = get("/zcwjk/?validity=repealed")
    assert "共1件" in filtered and "2025年" in filtered
    assert ">有效（1）</option>" in filtered  # counts ignore the facet's own filter
    messy = Client().get("/zcwjk/?publisher=&validity=repealed&year=abcd")
    assert messy.status_code == 302
    assert messy["Location"] == "/zcwjk/?validity=repealed"
    assert Client().get("/zcwjk/?page=3")["Location"] == "/zcwjk/"


def test_interpretations_page_lists_them() -> None:
    site = make_site()
    html = get("/zcjd/")
    assert revision_of(site.interpretation).title in html


def test_not_found_is_chinese() -> None:
    html = get("/no-such-page/", status=404)
    assert "页面不存在" in html


def test_robots_points_at_the_sitemap() -> None:
    text = get("/robots.txt")
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /workbench/" in text
