"""In a real browser: the public search finds the demo's published information by
simplified and traditional characters and by a 文号 typed in other brackets, narrows
by facets, passes axe-core, and never shows what is not published."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from gongkai.ops.demo import load_demo
from gongkai.publications.models import Record
from gongkai.search import index as ix
from tests.browser import blocking_violations, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDUCATION = {
    "示例市2026年义务教育招生入学工作实施方案",
    "示例市2025年义务教育招生入学工作实施方案",
    "《示例市2026年义务教育招生入学工作实施方案》政策解读",
}


@pytest.fixture
def demo(settings: Any, tmp_path: Path) -> None:
    """The demo data, indexed in a directory of this test's own."""
    settings.GONGKAI_SEARCH_INDEX_DIR = tmp_path / "index"
    load_demo()
    ix.rebuild()


def hit_titles(page: Any) -> list[str]:
    titles: list[str] = page.locator(".search-hits h3 a").all_inner_texts()
    return titles


def test_traditional_and_simplified_queries_find_the_same_documents(
    live_server: Any, page: Any, demo: None
) -> None:
    base = live_server.url
    page.goto(base + "/")
    # The box in every page's header.
    page.get_by_label("检索政府信息").fill("義務教育")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    expect(page.get_by_role("status")).to_contain_text("共找到 3 条")
    assert set(hit_titles(page)) == EDUCATION
    # The traditional query highlights the simplified text it matched.
    expect(page.locator(".search-hits mark").first).to_have_text("义务教育")
    # The page's own box, now in simplified characters.
    box = page.get_by_label("关键词、文号或索引号")
    expect(box).to_have_value("義務教育")
    box.fill("义务教育")
    page.get_by_role("button", name="检索", exact=True).last.click()
    expect(page.get_by_role("status")).to_contain_text("“义务教育”共找到 3 条")
    assert set(hit_titles(page)) == EDUCATION


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("示教发【2026】3号", "示例市2026年义务教育招生入学工作实施方案"),
        ("示教发(2026)第3号", "示例市2026年义务教育招生入学工作实施方案"),
        # Stored with square brackets, found with the official ones.
        ("示教发〔2025〕2号", "示例市2025年义务教育招生入学工作实施方案"),
    ],
)
def test_a_doc_number_in_other_brackets_puts_its_document_first(
    live_server: Any, page: Any, demo: None, typed: str, title: str
) -> None:
    page.goto(f"{live_server.url}/search/?q={quote(typed)}")
    first = page.locator(".search-hits > li").first
    expect(first.locator("h3 a")).to_have_text(title)
    expect(first.locator(".badge")).to_have_text("文号一致")


def test_facets_narrow_the_results_and_can_be_taken_back(
    live_server: Any, portal: Any, demo: None
) -> None:
    page = portal
    page.goto(f"{live_server.url}/search/?q={quote('义务教育')}")
    facets = page.get_by_role("complementary", name="筛选结果")
    publisher = facets.get_by_role("region", name="发布机构")
    expect(publisher.get_by_role("link")).to_have_text(["示例市教育局 (3)"])
    validity = facets.get_by_role("region", name="有效性")
    expect(validity.get_by_role("link")).to_have_count(2)
    assert sorted(validity.get_by_role("link").all_inner_texts()) == [
        "已修订 (1)",
        "有效 (1)",
    ]

    blocking = blocking_violations(page)
    assert not blocking, blocking

    validity.get_by_role("link", name="已修订 (1)").click()
    page.wait_for_url(re.compile(r"validity=revised"))
    expect(page.get_by_role("status")).to_contain_text("共找到 1 条")
    assert hit_titles(page) == ["示例市2025年义务教育招生入学工作实施方案"]
    chosen = page.get_by_role("link", name="取消筛选 有效性：已修订")
    expect(chosen).to_be_visible()
    expect(
        page.get_by_role("region", name="有效性").get_by_role(
            "link", name=re.compile("已修订")
        )
    ).to_have_attribute("aria-current", "true")

    chosen.click()
    expect(page.get_by_role("status")).to_contain_text("共找到 3 条")
    assert "validity=" not in page.url


def test_information_not_published_is_never_found(
    live_server: Any, page: Any, demo: None
) -> None:
    waiting = Record.objects.get(
        revisions__title="关于2026年秋季学期中小学校开学安排的通知"
    )
    assert not waiting.is_public
    page.goto(f"{live_server.url}/search/?q={quote('秋季学期')}")
    expect(page.get_by_role("status")).to_contain_text("共找到 0 条")
    expect(page.get_by_text("没有找到包含“秋季学期”的政府信息。")).to_be_visible()
    expect(page.locator(".search-hits")).to_have_count(0)
