"""In a real browser: the public portal is usable with the keyboard, on a phone, in
large-text mode and in print, and axe-core finds no serious or critical problem."""

from __future__ import annotations

import re
from typing import Any

import pytest

from gongkai.ops.demo import load_demo
from gongkai.publications.models import Record
from gongkai.publications.vocab import RecordKind, Validity
from tests.browser import blocking_violations, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def demo_records() -> tuple[Record, Record]:
    """The demo's current policy (with its 解读) and the revised one it replaced."""
    policy = Record.objects.get(
        is_public=True,
        interpretations__kind=RecordKind.INTERPRETATION,
        public_revision__title="示例市2026年义务教育招生入学工作实施方案",
    )
    old = Record.objects.get(
        is_public=True,
        validity=Validity.REVISED,
        public_revision__title="示例市2025年义务教育招生入学工作实施方案",
    )
    return policy, old


def test_main_pages_have_no_serious_accessibility_violations(
    live_server: Any, portal: Any
) -> None:
    load_demo()
    policy, _ = demo_records()
    base = live_server.url
    pages = {
        "首页": "/",
        "政府信息公开指南": "/xxgkzn/",
        "单位指南": f"/xxgkzn/{policy.unit_id}/",
        "栏目": "/xxgk/column/gfxwj/",
        "文件": f"/xxgk/doc/{policy.index_number}/",
        "政策文件库": "/zcwjk/",
        "法定主动公开内容": "/xxgk/",
        "政策解读": "/zcjd/",
        "年度报告": "/ndbg/",
        "公开制度": "/xxgkzd/",
        "申请表": "/yisqgk/",
        "申请查询": "/yisqgk/track/",
        "答复期限计算器": "/deadline/",
        "检索（无结果）": "/search/?q=%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84%E8%AF%8D",
        "工作台登录": "/workbench/login/",
    }
    found: dict[str, list[dict[str, Any]]] = {}
    for name, path in pages.items():
        response = portal.goto(base + path)
        assert response is not None and response.status == 200, path
        blocking = blocking_violations(portal)
        if blocking:
            found[name] = blocking
    assert not found, found


def test_document_page_links_its_interpretation_and_shows_the_banner(
    live_server: Any, page: Any
) -> None:
    load_demo()
    policy, old = demo_records()
    base = live_server.url
    page.goto(f"{base}/xxgk/doc/{old.index_number}/")
    banner = page.get_by_role("note").filter(has_text="本文件已修订")
    expect(banner).to_be_visible()
    banner.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(str(policy))
    metadata = page.get_by_label("信息元数据")
    expect(metadata).to_contain_text(policy.index_number or "")
    written = policy.public_revision.written_on if policy.public_revision else None
    assert written is not None
    expect(metadata.locator("time").first).to_have_attribute(
        "datetime", written.isoformat()
    )
    page.get_by_role("region", name="相关解读").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("政策解读")
    page.get_by_role("region", name="解读的政策文件").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(str(policy))
    # The print button appears with JavaScript; print hides the navigation.
    expect(page.get_by_role("button", name="打印本页")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="主导航")).to_be_hidden()
    expect(page.get_by_role("button", name="打印本页")).to_be_hidden()
    expect(metadata).to_be_visible()


def test_large_text_mode_is_remembered(live_server: Any, page: Any) -> None:
    load_demo()
    base = live_server.url
    page.goto(base + "/")
    size = page.evaluate("getComputedStyle(document.body).fontSize")
    toggle = page.get_by_role("button", name="大字模式")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    larger = page.evaluate("getComputedStyle(document.body).fontSize")
    assert float(larger.rstrip("px")) > float(size.rstrip("px"))
    page.goto(base + "/xxgkzn/")
    expect(page.locator("html")).to_have_class("large-text")
    expect(page.get_by_role("button", name="大字模式")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.get_by_role("button", name="大字模式").click()
    expect(page.locator("html")).not_to_have_class("large-text")


def test_keyboard_skip_link_navigation_and_policy_filters(
    live_server: Any, page: Any
) -> None:
    load_demo()
    base = live_server.url
    page.goto(base + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到正文")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    # The fragment navigation completes asynchronously: wait for it, never read
    # page.url straight after the key press.
    expect(page).to_have_url(re.compile(r"#main$"))
    page.keyboard.press("Tab")
    page.wait_for_function(
        "document.getElementById('main').contains(document.activeElement)"
    )
    # From the top of a page, reach the 政策文件库 in the main navigation by keyboard.
    page.goto(base + "/xxgkzn/")
    nav_link = page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="政策文件库"
    )
    for _ in range(30):
        page.keyboard.press("Tab")
        if nav_link.evaluate("e => e === document.activeElement"):
            break
    expect(nav_link).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/zcwjk/")
    validity = page.get_by_label("有效性")
    validity.focus()
    validity.select_option(value="revised")
    page.get_by_role("button", name="筛选").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/zcwjk/?validity=revised")
    revised = Record.objects.filter(is_public=True, validity=Validity.REVISED)
    expect(page.get_by_role("heading", level=2, name="筛选结果")).to_contain_text(
        f"共{revised.count()}件"
    )
    expect(
        page.get_by_role("link", name="示例市2025年义务教育招生入学工作实施方案")
    ).to_be_visible()


def test_phone_layout_has_no_horizontal_scroll(live_server: Any, browser: Any) -> None:
    load_demo()
    policy, _ = demo_records()
    base = live_server.url
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    try:
        phone = context.new_page()
        for path in (
            "/",
            "/xxgkzn/",
            f"/xxgkzn/{policy.unit_id}/",
            "/xxgk/",
            "/xxgk/column/gfxwj/",
            f"/xxgk/doc/{policy.index_number}/",
            "/zcwjk/",
            "/deadline/",
        ):
            phone.goto(base + path)
            widths = phone.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert widths[0] <= widths[1], (path, widths)
            for large in (False, True):
                if large:
                    phone.evaluate(
                        "document.documentElement.classList.add('large-text')"
                    )
                    widths = phone.evaluate(
                        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
                    )
                    assert widths[0] <= widths[1], (path, "大字", widths)
    finally:
        context.close()
