"""In a real browser: one application from the portal form to a 部分公开 reply.

The issue's "done when": a citizen applies on the portal (uploading an ID
document); the disclosure office confirms receipt, asks for a correction once and
records it; the education bureau consults a third party; the office head extends
the period; the bureau replies 部分公开. After every step the tracking page shows
the state, and its due date equals what ``gongkai deadline`` computes for the same
events. No page the citizen sees shows the ID number, the phone number or the
e-mail address.

The letters (.docx / PDF of each notice) are checked by ``check_letters`` below:
the letters engineer fills it in.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.disclosures import selectors
from gongkai.disclosures.models import Application
from gongkai.ops.demo import DEMO_PASSWORD, load_demo
from gongkai.rules.privacy import id_check_char
from tests.browser import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ID_BODY = "37010219850601123"
ID_NUMBER = ID_BODY + id_check_char(ID_BODY)
PHONE = "13966668888"
EMAIL = "citizen@example.com"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32 + b"ID-DOCUMENT"
PRIVATE = (ID_NUMBER, PHONE, EMAIL, "ID-DOCUMENT")


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


def cli_due_text(application: Application, tmp: Path) -> str:
    """The due date ``gongkai deadline`` gives for the application's received day
    and events, written as the tracking page writes it (or "" when stopped)."""
    application.refresh_from_db()
    assert application.received_on is not None
    events = tmp / "events.json"
    events.write_text(
        json.dumps(selectors.clock_events_json(application)), encoding="utf-8"
    )
    out = StringIO()
    call_command(
        "deadline",
        received=application.received_on.isoformat(),
        events=str(events),
        today=timezone.localdate().isoformat(),
        format="json",
        stdout=out,
    )
    due = json.loads(out.getvalue())["due"]
    if due is None:
        return ""
    year, month, day = (int(x) for x in due.split("-"))
    return f"{year}年{month}月{day}日"


def track(citizen: Any, base: str, number: str) -> tuple[str, str]:
    """The state and the due date the tracking page shows."""
    citizen.goto(f"{base}/yisqgk/track/")
    citizen.get_by_label("申请编号").fill(number)
    citizen.get_by_label("手机号码后4位或电子邮箱").fill(PHONE[-4:])
    citizen.get_by_role("button", name="查询").click()
    state = citizen.locator("#track-state").inner_text()
    due = citizen.locator("#track-due")
    due_text = due.inner_text() if due.count() else ""
    content = citizen.content()
    for secret in PRIVATE:
        assert secret not in content
    return state, due_text


def check_step(
    citizen: Any, base: str, application: Application, tmp: Path, state: str
) -> None:
    shown_state, shown_due = track(citizen, base, application.number)
    assert state in shown_state
    expected = cli_due_text(application, tmp)
    if expected:
        assert shown_due.startswith(expected), (shown_due, expected)
    else:
        assert shown_due == ""


def open_application(page: Any, base: str, application: Application) -> None:
    page.goto(f"{base}/workbench/disclosures/{application.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"申请{application.number}"
    )


def region(page: Any, name: str) -> Any:
    """An action of the application page, opened (actions start folded)."""
    found = page.get_by_role("region", name=name, exact=True)
    if found.count() and found.locator("details").count():
        found.locator("details").evaluate("d => { d.open = true; }")
    return found


def check_letters(page: Any, application: Application) -> None:
    """Hook for the letters engineer: download the 补正告知书, 征求意见书, 延期答复告知书
    and the 答复书 as .docx and PDF here and check the legal grounds and the
    救济途径. Until then: every notice has its 文号 on the application page."""
    letters = selectors.letters_for(application)
    assert [x.kind for x in letters] == [
        "correction",
        "consultation",
        "extension",
        "reply",
    ]
    for letter in letters:
        assert letter.number
        expect(page.get_by_role("region", name="文书")).to_contain_text(letter.number)


def test_portal_application_to_partial_reply(
    live_server: Any, browser: Any, tmp_path: Path
) -> None:
    load_demo()
    base = live_server.url
    citizen = browser.new_context(locale="zh-CN").new_page()

    # 1. The portal form.
    citizen.goto(f"{base}/yisqgk/")
    citizen.get_by_label("向哪个机关申请").select_option(label="示例市人民政府")
    citizen.get_by_label("自然人", exact=True).check()
    citizen.get_by_label("姓名或名称").fill("赵小梅")
    citizen.get_by_label("证件号码").fill(ID_NUMBER)
    citizen.get_by_label("身份证明（可选").set_input_files(
        {"name": "身份证.png", "mimeType": "image/png", "buffer": PNG}
    )
    citizen.get_by_label("联系电话").fill(PHONE)
    citizen.get_by_label("电子邮箱").fill(EMAIL)
    citizen.get_by_label("所需政府信息的内容描述").fill(
        "示例市第一中学食堂承包合同及其履行情况"
    )
    citizen.get_by_label("电子", exact=True).check()
    citizen.get_by_label("电子邮件", exact=True).check()
    citizen.get_by_label("我承诺所填信息真实有效").check()
    citizen.get_by_role("button", name="提交申请").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("申请已提交")
    number = citizen.locator("#application-number").inner_text()
    application = Application.objects.get(number=number)
    assert application.id_document_path
    for secret in PRIVATE:
        assert secret not in citizen.content()
    state, due = track(citizen, base, number)
    assert "等待工作人员确认收到" in state and due == ""

    # 2. The office confirms receipt: the clock starts.
    office = as_user(browser, base, "gkjg")
    office.goto(f"{base}/workbench/disclosures/")
    office.get_by_role("link", name="待确认收到").click()
    office.get_by_role("link", name=number).click()
    region(office, "确认收到申请").get_by_role("button", name="确认收到").click()
    expect(office.get_by_text("已确认收到申请")).to_be_visible()
    check_step(citizen, base, application, tmp_path, "已收到，正在审核")

    # 3. 补正: asked once, then received; the period restarts.
    form = region(office, "告知补正")
    form.get_by_label("需要补正的事项").fill("请写明合同签订的年份或合同编号。")
    form.get_by_role("button", name="告知补正").click()
    expect(office.get_by_text("已告知补正")).to_be_visible()
    check_step(citizen, base, application, tmp_path, "等待您补正申请")
    region(office, "收到补正").get_by_label("补正的内容").fill("2025年签订的合同")
    region(office, "收到补正").get_by_role("button", name="记录收到补正").click()
    expect(office.get_by_text("已记录收到补正")).to_be_visible()
    check_step(citizen, base, application, tmp_path, "已收到，正在审核")
    # A second 补正 is not offered any more.
    expect(region(office, "告知补正")).to_have_count(0)

    # 4. Assigned to the education bureau.
    form = region(office, "分办")
    form.get_by_label("承办单位").select_option(label="示例市教育局")
    form.get_by_label("承办人").select_option(label="张敏（示例市教育局）")
    form.get_by_role("button", name="分办").click()
    expect(office.get_by_text("已分办给示例市教育局")).to_be_visible()
    check_step(citizen, base, application, tmp_path, "正在办理")

    # 5. The bureau consults the third party; the time is not counted.
    bureau = as_user(browser, base, "jyj_xxy")
    open_application(bureau, base, application)
    expect(bureau.get_by_label("申请人信息")).to_contain_text(ID_NUMBER)
    form = region(bureau, "征求意见")
    form.get_by_label("征求对象").select_option(label="第三方（条例第三十二条）")
    form.get_by_label("第三方或机关名称").fill("示例餐饮管理有限公司")
    form.get_by_role("button", name="记录发出征求意见书").click()
    expect(bureau.get_by_text("已记录征求意见")).to_be_visible()
    check_step(citizen, base, application, tmp_path, "正在征求")
    form = region(bureau, "记录示例餐饮管理有限公司的意见")
    form.get_by_label("对方的意见").select_option(label="部分同意公开")
    form.get_by_label("意见内容").fill("同意公开合同主体和期限，不同意公开报价")
    form.get_by_role("button", name="记录意见").click()
    expect(bureau.get_by_text("已记录意见")).to_be_visible()
    check_step(citizen, base, application, tmp_path, "正在办理")

    # 6. The head of the disclosure office extends the period.
    open_application(office, base, application)
    form = region(office, "延长答复期限")
    form.get_by_label("延长的工作日数").fill("10")
    form.get_by_label("延长理由").fill("需要与第三方进一步核实区分处理的范围")
    form.get_by_role("button", name="同意延长").click()
    expect(office.get_by_text("已延长10个工作日")).to_be_visible()
    check_step(citizen, base, application, tmp_path, "正在办理")

    # 7. 部分公开.
    open_application(bureau, base, application)
    form = region(bureau, "答复")
    form.get_by_label("答复类型").select_option(label="部分公开")
    form.get_by_label("部分公开（区分处理）").check()
    form.get_by_label("保护第三方合法权益").check()
    form.get_by_role("button", name="定稿并答复").click()
    expect(bureau.get_by_text("已答复，答复内容已定稿")).to_be_visible()
    application.refresh_from_db()
    assert application.state == "replied" and application.outcome_row == "partial"
    state, due = track(citizen, base, number)
    assert "已答复" in state and due == ""
    letters = citizen.get_by_role("region", name="已发出的文书")
    expect(letters).to_contain_text("政府信息公开申请答复书")
    expect(letters).to_contain_text("延期答复告知书")
    expect(letters).to_contain_text("补正告知书")
    expect(letters).not_to_contain_text("征求意见书")  # sent to the third party

    open_application(bureau, base, application)
    check_letters(bureau, application)
