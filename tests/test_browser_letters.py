"""In a real browser: the letters of a 部分公开 reply.

The education bureau drafts a 部分公开 reply; its handler opens the 答复书 from the
application page, edits one sentence, confirms sending (which sends the reply and
freezes the letter) and downloads the .docx and the PDF. Both are real files in
公文 layout that name the legal grounds, the 复议前置 notice and the 救济途径 —
and are byte for byte what was frozen when the letter was sent.

``check_letter_files`` downloads every letter of an application from its page; the
end-to-end test of tests/test_browser_applications.py can call it from its
``check_letters`` hook.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from gongkai.core.extract import extract_text
from gongkai.disclosures import letters, selectors, services
from gongkai.disclosures.models import Application
from gongkai.disclosures.services import ApplicationInput
from gongkai.ops.demo import DEMO_PASSWORD, load_demo
from gongkai.organizations.models import Staff, Unit
from gongkai.rules.privacy import id_check_char
from tests.browser import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

ID_BODY = "37010219850601123"
REVIEW_LAW = "《中华人民共和国行政复议法》"
LITIGATION_LAW = "《中华人民共和国行政诉讼法》"
REMEDIES = [
    "60日",
    "6个月",
    f"{REVIEW_LAW}第二十条",
    f"{LITIGATION_LAW}第四十六条",
    f"{REVIEW_LAW}第二十三条第一款第（四）项",
    "应当先",
    f"{LITIGATION_LAW}第四十五条",
]


def flat(text: str) -> str:
    return "".join(text.split())


def as_user(browser: Any, base: str, username: str) -> Any:
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(f"{base}/workbench/login/")
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/workbench/")
    return page


def download(page: Any, link: Any) -> tuple[str, bytes]:
    with page.expect_download() as info:
        link.click()
    got = info.value
    return got.suggested_filename, Path(got.path()).read_bytes()


def docx_text(data: bytes) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def check_letter_files(page: Any, base: str, application: Application) -> None:
    """Download the .docx and PDF of every letter from the application page and
    check that each is a real file with its title and 文号, and that the reply
    names the 救济途径."""
    page.goto(f"{base}/workbench/disclosures/{application.pk}/")
    region = page.get_by_role("region", name="文书")
    for letter in selectors.letters_for(application):
        for fmt in (".docx", "PDF"):
            label = f"{letter.title}{letter.number} {fmt}"
            name, data = download(page, region.get_by_label(label, exact=True))
            if fmt == ".docx":
                assert name.endswith(".docx") and data[:2] == b"PK"
                text = docx_text(data)
            else:
                assert name.endswith(".pdf") and data.startswith(b"%PDF")
                text = extract_text(data=data, filename=name)
            assert flat(letter.number) in flat(text), (letter.title, fmt)
            if letter.kind == "reply":
                for expected in ("60日", "行政复议", "行政诉讼"):
                    assert expected in flat(text), (fmt, expected)


def test_partial_reply_letter_is_edited_sent_and_downloaded(
    live_server: Any, browser: Any, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path / "data"  # the letters' files, for this test only
    load_demo()
    base = live_server.url
    office = Staff.objects.get(username="gkjg")
    bureau = Staff.objects.get(username="jyj_xxy")
    city = Unit.objects.get(name="示例市人民政府")
    education = Unit.objects.get(name="示例市教育局")
    application = services.application_register(
        actor=office,
        unit=city,
        data=ApplicationInput(
            applicant_type="natural",
            applicant_name="赵小梅",
            id_number=ID_BODY + id_check_char(ID_BODY),
            phone="13966668888",
            description="示例市第一中学食堂承包合同及其履行情况",
            delivery_form="electronic",
            delivery_way="email",
            email="citizen@example.com",
        ),
        channel="in_person",
        arrived_on=timezone.localdate(),
    )
    services.application_assign(
        actor=office, application=application, department=education, handler=bureau
    )
    draft = services.reply_draft(
        actor=bureau,
        application=application,
        reply_type="partial",
        reason_codes=["partial", "withheld.third_party"],
    )

    page = as_user(browser, base, "jyj_xxy")
    page.goto(f"{base}/workbench/disclosures/{application.pk}/")
    page.get_by_role("link", name="答复书（草稿）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("答复书（部分公开）")
    expect(page.locator("#letter-state")).to_have_text("草稿，尚未发出")
    expect(page.locator("#letter-preview")).to_contain_text("第二十三条")

    # Edited before sign-off.
    text = page.get_by_label("文书内容")
    text.fill(
        text.input_value().replace("特此答复。", "合同的主体和期限见附件。\n特此答复。")
    )
    page.get_by_role("button", name="保存修改").click()
    expect(page.get_by_text("已保存文书的修改")).to_be_visible()
    expect(page.locator("#letter-preview")).to_contain_text("合同的主体和期限见附件。")

    # 确认发出: the reply is sent (文号, 答复日期) and the letter frozen.
    page.get_by_role("button", name="确认发出").click()
    expect(page.locator("#letter-state")).to_have_text("已确认发出（定稿）")
    expect(page.get_by_label("文书内容")).to_have_count(0)
    application.refresh_from_db()
    assert application.state == "replied" and application.outcome_row == "partial"
    draft.refresh_from_db()
    assert draft.frozen and draft.letter_number is not None
    number = draft.letter_number.text
    expect(page.get_by_text(number).first).to_be_visible()

    sent = letters.read_sent(application, draft)
    assert sent is not None
    name, docx = download(page, page.get_by_role("link", name="下载 .docx"))
    assert name == f"{application.number}-答复书.docx"
    assert docx == (sent.path / "letter.docx").read_bytes()
    name, pdf = download(page, page.get_by_role("link", name="下载 PDF"))
    assert name == f"{application.number}-答复书.pdf"
    assert pdf == (sent.path / "letter.pdf").read_bytes()

    from docx import Document

    document = Document(io.BytesIO(docx))
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert section.top_margin is not None and round(section.top_margin.mm) == 37
    for text_of_file in (docx_text(docx), extract_text(data=pdf, filename=name)):
        body = flat(text_of_file)
        for expected in [
            number,
            "示例市人民政府政府信息公开申请答复书",
            "赵小梅：",
            "《政府信息公开条例》第三十七条、第十五条",
            "合同的主体和期限见附件。",
            *REMEDIES,
        ]:
            assert flat(expected) in body, expected
        assert "草稿" not in body

    # The application page lists the letter with its downloads.
    check_letter_files(page, base, application)
