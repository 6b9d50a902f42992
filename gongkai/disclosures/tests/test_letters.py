"""The letters: every kind generated from a real application (made through the
services) as .docx and PDF in 公文 layout, naming the legal grounds and the 救济途径;
editing before sign-off, freezing, the unit's templates, and who may see them."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.core.exceptions import PermissionDenied, ValidationError
from gongkai.core.extract import extract_text
from gongkai.core.models import AuditEvent
from gongkai.disclosures import letters, services
from gongkai.disclosures.models import Application, Reply
from gongkai.disclosures.tests.helpers import (
    NAME,
    Office,
    assigned,
    login,
    register,
)
from gongkai.disclosures.tests.letter_audit_setups import LETTER_SETUPS
from gongkai.rules.workdays import format_date_cn

pytestmark = [
    pytest.mark.django_db,
]

REVIEW_LAW = "《中华人民共和国行政复议法》"
LITIGATION_LAW = "《中华人民共和国行政诉讼法》"


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> Path:
    """Letters and templates are files under DATA_DIR: one directory per test."""
    settings.DATA_DIR = tmp_path / "data"
    return Path(settings.DATA_DIR)


def today() -> dt.date:
    return timezone.localdate()


def flat(text: str) -> str:
    return "".join(text.split())


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def pdf_text(data: bytes) -> str:
    return extract_text(data=data, filename="letter.pdf")


def files(application: Application, kind: str, record_id: int) -> tuple[str, str]:
    view = letters.letter_view(application, kind, record_id)
    docx = letters.letter_file(view, "docx")
    pdf = letters.letter_file(view, "pdf")
    assert docx.content_type.endswith("wordprocessingml.document")
    assert pdf.content_type == "application/pdf"
    return docx_text(docx.data), pdf_text(pdf.data)


# --- applications in every letter situation, through the services -----------------------

Made = tuple[Application, str, int]


def correction(o: Office) -> Made:
    app = register(o, today())
    made = services.correction_request(
        actor=o.office,
        application=app,
        items="请写明合同签订的年份或合同编号。\n请说明所需信息的获取形式。",
        period_days=15,
    )
    return app, "correction", made.pk


def third_party(o: Office) -> Made:
    app = assigned(o, today())
    made = services.consultation_start(
        actor=o.editor,
        application=app,
        party_kind="third_party",
        party_name="示例餐饮管理有限公司",
        matter="合同中的报价部分",
    )
    return app, "consultation", made.pk


def co_producer(o: Office) -> Made:
    app = assigned(o, today())
    made = services.consultation_start(
        actor=o.editor,
        application=app,
        party_kind="co_producer",
        party_name="示例市财政局",
    )
    return app, "consultation", made.pk


def extension(o: Office) -> Made:
    app = assigned(o, today())
    made = services.extension_approve(
        actor=o.office,
        application=app,
        days=10,
        reason="需要与第三方进一步核实区分处理的范围。",
    )
    return app, "extension", made.pk


def delay(o: Office) -> Made:
    app = assigned(o, today())
    app.refresh_from_db()
    assert app.due_on is not None
    made = services.delay_35(
        actor=o.office,
        application=app,
        until=app.due_on + dt.timedelta(days=30),
        reason="您本月申请公开的政府信息数量较多，需要逐件检索。",
    )
    return app, "delay", made.pk


def fee_35th(o: Office) -> Made:
    """The applicant's 35th application this month: 109号 charges it 200元 (the band
    of the 31st to the 40th application)."""
    for _ in range(34):
        register(o, today())
    app = assigned(o, today())
    fee = services.fee_notice(actor=o.office, application=app, standard="by_piece")
    assert fee.month_position == 35 and fee.month_previous == 34
    assert fee.amount == Decimal("200.00")
    return app, "fee", fee.pk


def replied(reply_type: str, codes: list[str]) -> Callable[[Office], Made]:
    def make(o: Office) -> Made:
        app = assigned(o, today())
        answer = services.reply(
            actor=o.editor, application=app, reply_type=reply_type, reason_codes=codes
        )
        return app, "reply", answer.pk

    return make


def referral(o: Office) -> Made:
    app = register(o, today())
    services.referral(
        actor=o.office,
        application=app,
        agency_name="示例市市场监督管理局",
        agency_contact="0531-12345678",
    )
    return app, "reply", Reply.objects.get(application=app).pk


def closed(o: Office) -> Made:
    """逾期不补正: the application is closed with a 终止处理告知书."""
    arrived = today() - dt.timedelta(days=60)
    app = register(o, arrived)
    services.correction_request(
        actor=o.office,
        application=app,
        items="请写明文号。",
        period_days=5,
        notice_on=arrived + dt.timedelta(days=1),
    )
    services.correction_expire(actor=o.office, application=app)
    return app, "reply", Reply.objects.get(application=app).pk


DIRECT = ["60日", "6个月", f"{REVIEW_LAW}第二十条", f"{LITIGATION_LAW}第四十六条"]
FIRST = [
    "60日",
    "应当先",
    f"{REVIEW_LAW}第二十三条第一款第（四）项",
    "15日",
    f"{LITIGATION_LAW}第四十五条",
]

# kind of letter → (how to make it, what the letter must say, what it must not say)
CASES: dict[str, tuple[Callable[[Office], Made], list[str], list[str]]] = {
    "补正告知书": (
        correction,
        [
            "示例市人民政府政府信息公开申请补正告知书",
            f"{NAME}：",
            "第二十九条、第三十条",
            "请写明合同签订的年份或合同编号。",
            "请说明所需信息的获取形式。",
            "15个工作日",
            "视为放弃申请",
        ],
        [],
    ),
    "征求意见书（第三方）": (
        third_party,
        [
            "示例市人民政府政府信息公开征求意见书",
            "示例餐饮管理有限公司：",
            "第三十二条",
            "15个工作日",
            "合同中的报价部分",
            "由本机关依照",
        ],
        [NAME],  # the third party is not told who applied
    ),
    "征求意见书（共同制作机关）": (
        co_producer,
        ["示例市财政局：", "第三十四条", "15个工作日", "视为同意公开"],
        [NAME],
    ),
    "延期答复告知书": (
        extension,
        [
            "延期答复告知书",
            "第三十三条第二款",
            "10个工作日",
            "政府信息公开工作机构负责人同意",
            "因需要与第三方进一步核实区分处理的范围，",
        ],
        [],
    ),
    "延迟答复告知书": (
        delay,
        ["延迟答复告知书", "第三十五条", "需要逐件检索"],
        [],
    ),
    "收费通知书": (
        fee_35th,
        [
            "信息处理费收费通知书",
            "第35件",
            "当月此前已提出34件",
            "第35件，200元/件，计1件，200.00元",
            "200.00元",
            "人民币贰佰元整",
            "按件计收",
            "《中华人民共和国政府信息公开条例》第四十二条",
            "国办函〔2020〕109号）第三条、第四条",
            "31件以上的部分，以10件为一档",
            "20个工作日",
            "逾期未缴纳的，视为放弃申请",
            "缴纳方式",
        ],
        [],
    ),
    "答复书（予以公开）": (
        replied("granted", ["granted"]),
        [
            "示例市人民政府政府信息公开申请答复书",
            "《政府信息公开条例》第三十六条第（二）项",
            *DIRECT,
        ],
        ["第二十三条", "应当先"],
    ),
    "答复书（部分公开）": (
        replied("partial", ["partial", "withheld.third_party"]),
        [
            "政府信息公开申请答复书",
            "《政府信息公开条例》第三十七条、第十五条",
            "区分处理",
            *DIRECT,
            *FIRST,
            "对本答复中决定不予公开的部分不服的",
        ],
        [],
    ),
    "答复书（不予公开）": (
        replied("withheld", ["withheld.process_info"]),
        [
            "政府信息公开申请答复书",
            "《政府信息公开条例》第十六条第二款",
            "不予公开",
            *FIRST,
        ],
        ["6个月"],  # 复议前置: no direct suit
    ),
    "告知书（无法提供）": (
        replied("unable", ["unable.not_held"]),
        [
            "示例市人民政府政府信息公开申请告知书",
            "《政府信息公开条例》第三十六条第（四）项",
            "本告知书",
            *DIRECT,
        ],
        ["第二十三条"],
    ),
    "告知书（不属于本机关）": (
        referral,
        ["示例市市场监督管理局", "0531-12345678", "第三十六条第（五）项", *DIRECT],
        [],
    ),
    "终止处理告知书": (
        closed,
        ["终止处理告知书", "《政府信息公开条例》第三十条", "视为放弃申请", *DIRECT],
        [],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_letter_is_a_docx_and_a_pdf_naming_its_grounds(
    o: Office, case: str
) -> None:
    make, must, must_not = CASES[case]
    app, kind, pk = make(o)
    view = letters.letter_view(app, kind, pk)
    assert view.doc.number, "every notice sent has its 文号"
    docx, pdf = files(app, kind, pk)
    for text in (docx, pdf):
        for expected in [*must, view.doc.number, app.number, "示例市人民政府"]:
            assert flat(expected) in flat(text), (case, expected)
        for unexpected in must_not:
            assert flat(unexpected) not in flat(text), (case, unexpected)
    assert "{" not in docx, "no placeholder is left"


def test_review_body_is_the_government_above(o: Office) -> None:
    assert letters.review_body(o.education) == "示例市人民政府"
    assert letters.review_body(o.city) == "上一级人民政府"
    app = assigned(o, today())
    app.unit = o.education
    answer = services.reply(
        actor=o.editor,
        application=app,
        reply_type="granted",
        reason_codes=["granted"],
    )
    text = letters.letter_view(app, "reply", answer.pk).text
    assert "60日内向示例市人民政府申请行政复议" in text


def test_fee_35th_breakdown_lines_are_printed(o: Office) -> None:
    app, kind, pk = fee_35th(o)
    view = letters.letter_view(app, kind, pk)
    assert "第35件，200元/件，计1件，200.00元" in view.doc.paragraphs
    assert "您应缴纳信息处理费200.00元（大写：人民币贰佰元整）。" in view.doc.paragraphs


# --- layout -------------------------------------------------------------------------------


def test_docx_is_a4_in_gbt9704_layout(o: Office) -> None:
    app, kind, pk = replied("partial", ["partial", "withheld.third_party"])(o)
    view = letters.letter_view(app, kind, pk)
    data = letters.letter_file(view, "docx").data
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    for value, mm in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert value is not None and abs(value.mm - mm) < 0.1, (value, mm)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 22 lines of 28.95 pt
    assert grid.get(qn("w:type")) == "linesAndChars"

    paragraphs = document.paragraphs
    number = next(p for p in paragraphs if p.text == view.doc.number)
    assert number.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    title = next(p for p in paragraphs if p.text == view.doc.title)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22) and title.runs[0].font.bold
    addressee = next(p for p in paragraphs if p.text == f"{NAME}：")
    assert not addressee.paragraph_format.first_line_indent
    body = next(p for p in paragraphs if p.text.startswith("本机关于"))
    assert body.paragraph_format.first_line_indent == Pt(32)  # two characters
    assert body.paragraph_format.line_spacing == Pt(28.95)
    run = body.runs[0]
    assert run.font.size == Pt(16)
    r_pr = run._r.rPr
    assert r_pr is not None and r_pr.rFonts is not None
    assert r_pr.rFonts.get(qn("w:eastAsia")) == "Noto Serif CJK SC"
    signature, date = paragraphs[-2], paragraphs[-1]
    assert signature.text == "示例市人民政府"
    assert signature.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.text == format_date_cn(today())
    assert date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent == Pt(64)  # 右空四字
    # Page numbers in the footers (odd right, even left).
    assert document.settings.odd_and_even_pages_header_footer
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "— " in footer_xml


def test_pdf_is_a4_with_the_margins(o: Office) -> None:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    app, kind, pk = correction(o)
    view = letters.letter_view(app, kind, pk)
    data = letters.letter_file(view, "pdf").data
    mm = 72 / 25.4
    pages = list(extract_pages(io.BytesIO(data)))
    assert pages
    for page in pages:
        x0, y0, x1, y1 = page.bbox
        assert abs((x1 - x0) - 210 * mm) < 1 and abs((y1 - y0) - 297 * mm) < 1
        for box in page:
            if not isinstance(box, LTTextContainer):
                continue
            text = box.get_text().strip()
            if text.startswith(("—", "草稿")):
                continue  # page number and draft mark live in the margins
            assert box.x0 >= 28 * mm - 1, (text, box.x0)
            assert box.x1 <= (210 - 26) * mm + 1, (text, box.x1)
            assert box.y1 <= (297 - 37) * mm + 1, (text, box.y1)
            assert box.y0 >= 35 * mm - 1, (text, box.y0)


def test_text_fills_placeholders_and_drops_empty_lines() -> None:
    template = "# 说明\n标题{甲}\n{乙}\n正文{丙}。\n{未知}\n"
    filled = letters.fill(template, {"甲": "一", "乙": "", "丙": "二\n三"})
    assert filled == "标题一\n正文二\n三。\n{未知}\n"


def test_rmb_upper() -> None:
    cases = {
        "200": "人民币贰佰元整",
        "3000": "人民币叁仟元整",
        "1005": "人民币壹仟零伍元整",
        "100100": "人民币壹拾万零壹佰元整",
        "1.5": "人民币壹元伍角整",
        "10.05": "人民币壹拾元零伍分",
        "0.05": "人民币伍分",
        "0": "人民币零元整",
        "100000000": "人民币壹亿元整",
    }
    for amount, text in cases.items():
        assert letters.rmb_upper(Decimal(amount)) == text, amount


def test_merge_articles() -> None:
    assert (
        letters.merge_articles(
            [
                "《政府信息公开条例》第三十七条",
                "《政府信息公开条例》第十五条",
                "《政府信息公开条例》第三十六条、第三十八条",
                "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
            ]
        )
        == "《政府信息公开条例》第三十七条、第十五条、第三十六条、第三十八条、"
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
    )


# --- editing, sending, freezing -------------------------------------------------------------


def test_edited_text_is_what_is_sent_and_then_frozen(
    o: Office, _data_dir: Path
) -> None:
    app, kind, pk = correction(o)
    view = letters.letter_view(app, kind, pk)
    edited = view.text.replace("特此告知。", "特此告知，请予配合。")
    services.letter_update_text(
        actor=o.office, application=app, kind=kind, record_id=pk, text=edited
    )
    view = letters.letter_view(app, kind, pk)
    assert view.draft is not None and not view.frozen
    assert "特此告知，请予配合。" in view.doc.paragraphs

    sent = services.letter_send(
        actor=o.office, application=app, kind=kind, record_id=pk
    )
    view = letters.letter_view(app, kind, pk)
    assert view.frozen and view.draft is None
    assert sent.number == view.doc.number
    stored = (sent.path / "letter.docx").read_bytes()
    docx = letters.letter_file(view, "docx")
    assert docx.data == stored  # served as frozen, not made again
    assert hashlib.sha256(stored).hexdigest() == sent.docx_sha256
    assert "特此告知，请予配合。" in docx_text(docx.data)
    assert "草稿" not in pdf_text(letters.letter_file(view, "pdf").data)
    assert docx.name == f"{app.number}-补正告知书.docx"

    with pytest.raises(ValidationError, match="定稿"):
        services.letter_update_text(
            actor=o.office, application=app, kind=kind, record_id=pk, text=edited
        )
    with pytest.raises(ValidationError, match="不能再次发出"):
        services.letter_send(actor=o.office, application=app, kind=kind, record_id=pk)
    # A later change of the template does not touch what was sent.
    template, _ = letters.unit_template(o.city, "correction")
    services.letter_template_save(
        actor=o.office,
        unit=o.city,
        key="correction",
        text=template.replace("特此告知。", "此致。"),
    )
    assert letters.letter_view(app, kind, pk).text == view.text
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"disclosures.letter.edited", "disclosures.letter.sent"} <= verbs


def test_tampered_frozen_file_is_refused(o: Office) -> None:
    app, kind, pk = correction(o)
    sent = services.letter_send(
        actor=o.office, application=app, kind=kind, record_id=pk
    )
    (sent.path / "letter.pdf").write_bytes(b"%PDF-1.7 changed")
    view = letters.letter_view(app, kind, pk)
    with pytest.raises(ValidationError, match="校验值"):
        letters.letter_file(view, "pdf")


def test_reset_goes_back_to_the_template(o: Office) -> None:
    app, kind, pk = correction(o)
    original = letters.letter_view(app, kind, pk).text
    services.letter_update_text(
        actor=o.office, application=app, kind=kind, record_id=pk, text="标题\n正文"
    )
    assert letters.letter_view(app, kind, pk).text == "标题\n正文\n"
    services.letter_update_text(
        actor=o.office, application=app, kind=kind, record_id=pk, text=""
    )
    view = letters.letter_view(app, kind, pk)
    assert view.text == original and view.draft is None


def test_edits_are_checked(o: Office) -> None:
    app, kind, pk = correction(o)
    for text, message in (
        ("只有一行", "标题"),
        ("标题\n{申请人}：", "占位符"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.letter_update_text(
                actor=o.office, application=app, kind=kind, record_id=pk, text=text
            )


def test_sending_a_draft_reply_letter_sends_the_reply(o: Office) -> None:
    app = assigned(o, today())
    draft = services.reply_draft(
        actor=o.editor,
        application=app,
        reply_type="partial",
        reason_codes=["partial", "withheld.third_party"],
    )
    view = letters.letter_view(app, "reply", draft.pk)
    assert view.reply_pending and not view.doc.number
    assert letters.NUMBER_PENDING in docx_text(letters.letter_file(view, "docx").data)
    sent = services.letter_send(
        actor=o.editor, application=app, kind="reply", record_id=draft.pk
    )
    app.refresh_from_db()
    reply = Reply.objects.get(pk=draft.pk)
    assert app.state == "replied" and reply.frozen and reply.letter_number
    assert sent.number == reply.letter_number.text
    docx, pdf = files(app, "reply", draft.pk)
    for text in (docx, pdf):
        assert flat(reply.letter_number.text) in flat(text)
        assert flat(f"{REVIEW_LAW}第二十三条") in flat(text)


def test_reply_letters_keep_the_remedies(o: Office) -> None:
    app, kind, pk = replied("withheld", ["withheld.process_info"])(o)
    view = letters.letter_view(app, kind, pk)
    without_first = "\n".join(
        line.replace("、第二十三条", "")
        for line in view.text.splitlines()
        if not line.startswith("根据《中华人民共和国行政复议法》第二十三条")
    )
    assert "行政复议" in without_first and "第二十三条" not in without_first
    services.letter_update_text(
        actor=o.editor, application=app, kind=kind, record_id=pk, text=without_first
    )
    with pytest.raises(ValidationError, match="先申请行政复议"):
        services.letter_send(actor=o.editor, application=app, kind=kind, record_id=pk)
    without_remedies = "\n".join(
        line for line in view.text.splitlines() if "行政复议" not in line
    )
    services.letter_update_text(
        actor=o.editor, application=app, kind=kind, record_id=pk, text=without_remedies
    )
    with pytest.raises(ValidationError, match="救济途径"):
        services.letter_send(actor=o.editor, application=app, kind=kind, record_id=pk)
    assert not letters.letter_view(app, kind, pk).frozen


def test_stale_files_of_a_record_that_no_longer_exists_are_ignored(
    o: Office,
) -> None:
    app, kind, pk = correction(o)
    directory = letters.letter_dir(app, kind, pk) / "sent"
    directory.mkdir(parents=True)
    (directory / "meta.json").write_text(
        '{"identity": {"application": "YSQ-2000-000001"}}', encoding="utf-8"
    )
    assert not letters.letter_view(app, kind, pk).frozen
    services.letter_send(actor=o.office, application=app, kind=kind, record_id=pk)
    assert letters.letter_view(app, kind, pk).frozen
    assert any(p.name.startswith("stale-") for p in directory.parent.iterdir())


# --- templates ---------------------------------------------------------------------------------


def test_unit_template_is_used_and_can_be_reset(o: Office, _data_dir: Path) -> None:
    template = letters.default_template("correction").replace(
        "特此告知。", "特此告知。\n{机关名称}政府信息公开办公室"
    )
    services.letter_template_save(
        actor=o.office, unit=o.city, key="correction", text=template
    )
    assert (_data_dir / "templates" / "letters" / f"id-{o.city.pk}").is_dir()
    app, kind, pk = correction(o)
    assert "示例市人民政府政府信息公开办公室" in letters.letter_view(app, kind, pk).text
    services.letter_template_save(
        actor=o.office, unit=o.city, key="correction", text=""
    )
    assert letters.unit_template(o.city, "correction") == (
        letters.default_template("correction"),
        False,
    )
    assert "政府信息公开办公室" not in letters.letter_view(app, kind, pk).text


def test_templates_are_checked(o: Office) -> None:
    with pytest.raises(ValidationError, match="收费金额"):
        services.letter_template_save(
            actor=o.office, unit=o.city, key="correction", text="标题\n{收费金额}"
        )
    reply = letters.default_template("reply_withheld").replace("{救济途径}", "")
    with pytest.raises(ValidationError, match="救济途径"):
        services.letter_template_save(
            actor=o.office, unit=o.city, key="reply_withheld", text=reply
        )
    with pytest.raises(ValidationError):
        services.letter_template_save(
            actor=o.office, unit=o.city, key="nonsense", text="标题\n正文"
        )


def test_every_default_template_is_valid_and_complete() -> None:
    for key, spec in letters.TEMPLATES.items():
        text = letters.default_template(key)
        assert letters.check_template(key, text)
        body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
        used = set(letters._PLACEHOLDER.findall(body))
        assert used <= set(spec.placeholders), key
        assert set(spec.placeholders) <= set(letters.PLACEHOLDERS), key


def test_only_the_disclosure_office_edits_templates(o: Office) -> None:
    with pytest.raises(PermissionDenied):
        services.letter_template_save(
            actor=o.editor, unit=o.city, key="correction", text="标题\n正文"
        )
    with pytest.raises(PermissionDenied):
        services.letter_template_save(
            actor=o.other_office, unit=o.city, key="correction", text="标题\n正文"
        )


def test_staff_of_another_unit_cannot_edit_or_send(o: Office) -> None:
    app, kind, pk = correction(o)
    for call in (services.letter_update_text, services.letter_send):
        kwargs: dict[str, Any] = (
            {"text": "标题\n正文"} if call is services.letter_update_text else {}
        )
        with pytest.raises(PermissionDenied):
            call(
                actor=o.other_office,
                application=app,
                kind=kind,
                record_id=pk,
                **kwargs,
            )


@pytest.mark.parametrize("qualified_name", sorted(LETTER_SETUPS))
def test_letter_services_write_an_audit_event(qualified_name: str) -> None:
    service = getattr(services, qualified_name.rsplit(".", 1)[1])
    invoke = LETTER_SETUPS[qualified_name](service)
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    invoke()
    verbs = list(AuditEvent.objects.filter(id__gt=last).values_list("verb", flat=True))
    assert any(v.startswith("disclosures.letter") for v in verbs), verbs


# --- pages ---------------------------------------------------------------------------------------


def urls(app: Application, kind: str, pk: int) -> dict[str, str]:
    args = [app.pk, kind, pk]
    return {
        name: reverse(f"disclosures:{name}", args=args)
        for name in ("letter", "letter_send", "letter_docx", "letter_pdf")
    }


def test_letter_pages_preview_edit_download_and_send(o: Office) -> None:
    app, kind, pk = correction(o)
    u = urls(app, kind, pk)
    client = login(o.office)
    page = client.get(u["letter"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "补正告知书" in html and "确认发出" in html and "草稿，尚未发出" in html

    view = letters.letter_view(app, kind, pk)
    edited = view.text.replace("特此告知。", "特此告知，谢谢。")
    response = client.post(u["letter"], {"action": "save", "text": edited})
    assert response.status_code == 302
    assert "特此告知，谢谢。" in client.get(u["letter"]).content.decode()
    bad = client.post(u["letter"], {"action": "save", "text": "一行"})
    assert bad.status_code == 400 and "标题" in bad.content.decode()

    docx = client.get(u["letter_docx"])
    assert docx.status_code == 200
    assert docx["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in docx["Content-Disposition"]
    assert docx["Cache-Control"] == "no-store, private"
    assert "特此告知，谢谢。" in docx_text(docx.content)
    pdf = client.get(u["letter_pdf"])
    assert pdf["Content-Type"] == "application/pdf"
    assert "特此告知，谢谢。" in flat(pdf_text(pdf.content))

    assert client.post(u["letter_send"]).status_code == 302
    html = client.get(u["letter"]).content.decode()
    assert "已确认发出（定稿）" in html and 'name="text"' not in html
    # Sending twice is refused with a message, nothing changes.
    client.post(u["letter_send"])
    assert AuditEvent.objects.filter(verb="disclosures.letter.sent").count() == 1


def test_staff_of_another_unit_get_404_on_letter_pages(o: Office) -> None:
    app, kind, pk = correction(o)
    u = urls(app, kind, pk)
    client = login(o.other_office)
    for name in ("letter", "letter_docx", "letter_pdf"):
        assert client.get(u[name]).status_code == 404, name
    assert client.post(u["letter_send"]).status_code == 404
    assert client.post(u["letter"], {"text": "标题\n正文"}).status_code == 404
    assert not letters.letter_view(app, kind, pk).frozen


def test_staff_without_personal_data_rights_get_403(o: Office) -> None:
    app, kind, pk = correction(o)
    # The leader sees applications (without the applicant's details), not letters.
    response = login(o.leader).get(urls(app, kind, pk)["letter"])
    assert response.status_code == 403


def test_application_page_links_to_its_letters(o: Office) -> None:
    app, kind, pk = correction(o)
    html = login(o.office).get(reverse("disclosures:detail", args=[app.pk]))
    text = html.content.decode()
    assert urls(app, kind, pk)["letter_docx"] in text
    assert reverse("disclosures:letter_templates") in text


def test_template_page(o: Office) -> None:
    client = login(o.office)
    url = reverse("disclosures:letter_templates")
    page = client.get(url, {"unit": str(o.city.pk), "key": "fee"})
    assert page.status_code == 200 and "{收费金额}" in page.content.decode()
    template = letters.default_template("fee").replace("特此通知。", "特此通知！")
    response = client.post(
        url, {"unit": o.city.pk, "key": "fee", "action": "save", "text": template}
    )
    assert response.status_code == 302
    assert "特此通知！" in letters.unit_template(o.city, "fee")[0]
    bad = client.post(
        url, {"unit": o.city.pk, "key": "fee", "action": "save", "text": "标题\n{没有}"}
    )
    assert bad.status_code == 400
    client.post(url, {"unit": o.city.pk, "key": "fee", "action": "reset"})
    assert not letters.unit_template(o.city, "fee")[1]
    assert login(o.editor).get(url).status_code == 403
