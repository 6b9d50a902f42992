"""In a real browser: a notice with a 身份证号 goes through the 三审 chain.

The issue's "done when": an editor drafts a notice containing a valid 身份证号; the
保密审查 reviewer sees the masked finding and cannot publish until it is overridden
with a reason; after 发布审查 the record is on the portal with its 索引号; nothing
of it was public before.
"""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.core.models import AuditEvent
from gongkai.ops.demo import DEMO_PASSWORD, load_demo
from gongkai.publications.models import Record
from gongkai.rules.privacy import id_check_char
from tests.browser import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于2026年城乡低保复核结果的公示"
ID_BODY = "37010219800101123"
ID_NUMBER = ID_BODY + id_check_char(ID_BODY)


def as_user(browser: Any, base: str, username: str) -> Any:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base}/workbench/login/")
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/workbench/")
    return page


def public_pages_mention(page: Any, base: str, text: str) -> bool:
    for path in ("/", "/xxgk/", "/xxgk/column/tzgg/"):
        page.goto(base + path)
        if text in page.content():
            return True
    return False


def open_record(page: Any, base: str) -> None:
    record = Record.objects.get(revisions__title=TITLE)
    page.goto(f"{base}/workbench/publications/{record.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_notice_with_an_id_number_is_held_until_overridden_then_published(
    live_server: Any, browser: Any
) -> None:
    load_demo()
    base = live_server.url
    citizen = browser.new_context(locale="zh-CN").new_page()

    editor = as_user(browser, base, "jyj_xxy")
    editor.get_by_role("link", name="主动公开").first.click()
    editor.get_by_role("link", name="新建政府信息").click()
    editor.get_by_label("名称", exact=True).fill(TITLE)
    editor.get_by_label("生成日期").fill("2026-11-20")
    editor.get_by_label("所属栏目").select_option(label="通知公告")
    editor.get_by_label("正文").fill(
        f"<p>经复核，以下家庭继续享受城乡低保：</p><p>户主李四，身份证号{ID_NUMBER}，保障人口3人。</p>"
    )
    editor.get_by_role("button", name="保存草稿").click()
    expect(editor.get_by_role("heading", level=1)).to_have_text(TITLE)
    editor.get_by_role("button", name="提交审核").click()
    expect(editor.get_by_text("已提交源头审查")).to_be_visible()
    assert not public_pages_mention(citizen, base, TITLE)

    reviewer = as_user(browser, base, "jyj_sh")
    reviewer.get_by_role("link", name=TITLE).click()
    reviewer.get_by_role("button", name="审核通过").click()
    expect(reviewer.get_by_text("审核通过。")).to_be_visible()

    secrecy = as_user(browser, base, "jyj_bm")
    open_record(secrecy, base)
    findings = secrecy.get_by_role("region", name="保密审查发现")
    expect(findings).to_contain_text("身份证号")
    expect(findings).to_contain_text(ID_NUMBER[:4])
    assert ID_NUMBER not in secrecy.content()  # masked in the findings and in the body
    expect(secrecy.locator("mark").first).to_contain_text(ID_NUMBER[:4])
    secrecy.get_by_role("button", name="审核通过").click()
    expect(secrecy.get_by_text("还有1处可能的个人信息")).to_be_visible()
    assert not public_pages_mention(citizen, base, TITLE)

    secrecy.get_by_label("可以公开的理由").fill(
        "低保公示依《社会救助暂行办法》须公开户主信息，经本人书面同意"
    )
    secrecy.get_by_role("button", name="确认可以公开").click()
    expect(secrecy.get_by_text("理由已记录")).to_be_visible()
    secrecy.get_by_role("button", name="审核通过").click()
    expect(secrecy.get_by_text("审核通过。")).to_be_visible()
    assert AuditEvent.objects.filter(verb="publications.finding.overridden").exists()
    assert not public_pages_mention(citizen, base, TITLE)

    leader = as_user(browser, base, "jyj_ld")
    open_record(leader, base)
    leader.get_by_role("button", name="审核通过并发布").click()
    expect(leader.get_by_text("审核通过。")).to_be_visible()

    record = Record.objects.get(revisions__title=TITLE)
    assert record.index_number and record.index_number.startswith("11370100004000040Y/")
    citizen.goto(f"{base}/xxgk/column/tzgg/")
    citizen.get_by_role("link", name=TITLE).click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(citizen.get_by_label("信息元数据")).to_contain_text(record.index_number)
