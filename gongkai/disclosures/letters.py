"""The letters of 依申请公开 (答复书, 告知书, 补正告知书, 延期/延迟答复告知书, 征求意见书,
收费通知书): their text from editable templates, and their .docx and PDF in 公文 layout.

A letter belongs to one record of an application: the ``Correction``, a
``Consultation``, an ``Extension``, a ``Delay``, a ``Fee`` or the ``Reply``; it is named
by ``(kind, record id)`` where ``kind`` is a ``LetterKind`` value. Its text is

* the template of the unit applied to (``DATA_DIR/templates/letters/<unit>/<key>.txt``,
  edited on the staff page) or the default one in ``letter_templates/``, with the
  ``{占位符}`` filled from the application and the record;
* or the text a member of staff edited before signing off (a draft kept under
  ``DATA_DIR/letters/``);
* once sent (“确认发出”), the frozen text with the .docx and PDF made at that moment,
  kept under ``DATA_DIR/letters/…/sent/`` and served as they are from then on.

Layout follows GB/T 9704-2012 (党政机关公文格式), letter form: A4, margins 37/35/28/26
mm, title in 2号 (22 pt) bold, body in 3号 (16 pt) with a fixed 28.95 pt line pitch
(22 lines) and about 28 characters a line, 文号 at the top right, 发文机关署名 and
成文日期 at the bottom right with room for the seal, page numbers “— 1 —” at the
outer edge. The fonts are the CJK serif installed with Debian's fonts-noto-cjk
(Noto Serif CJK SC), standing in for 小标宋 and 仿宋_GB2312; the PDF prefers the
standard 公文 fonts when the server has them.

Reads only: every write (draft text, freezing, template overrides) goes through
the services at the end of ``gongkai.disclosures.services``, which call the
``store_*`` helpers below.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import json
import os
import re
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from gongkai.core.exceptions import NotFound, ValidationError
from gongkai.disclosures.models import (
    Application,
    Consultation,
    Correction,
    Delay,
    DeliveryForm,
    DeliveryWay,
    Extension,
    Fee,
    LetterKind,
    PartyKind,
    Reply,
)
from gongkai.disclosures.reasons import ReplyType
from gongkai.organizations.models import Unit, UnitKind
from gongkai.rules.fees import FeeStandard
from gongkai.rules.workdays import format_date_cn

LetterRecord = Correction | Consultation | Extension | Delay | Fee | Reply

# --- GB/T 9704 layout -------------------------------------------------------------------

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28
MARGIN_RIGHT_MM = 26
TITLE_PT = 22  # 2号
BODY_PT = 16  # 3号
PAGE_NUMBER_PT = 14  # 4号
LINE_PITCH_PT = 28.95  # 225 mm / 22 lines
TITLE_LINE_PT = 36
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# Word's character grid: pitch = body size + charSpace/4096 pt = 156 mm / 28.
DOCX_CHAR_SPACE = -849
DOCX_LINE_PITCH = 579  # twentieths of a point: 28.95 pt
# The same in CSS: 28 characters of 16 pt less this spacing fit in 156 mm.
CSS_LETTER_SPACING_PT = -0.25
DATE_RIGHT_CHARS = 4  # 成文日期右空四字
SEAL_SPACE_LINES = 2  # room above the signature for the seal (印章)

TITLE_FONT = "Noto Serif CJK SC"  # stands in for 方正小标宋简体
BODY_FONT = "Noto Serif CJK SC"  # stands in for 仿宋_GB2312
CSS_TITLE_FONTS = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", serif'
CSS_BODY_FONTS = (
    '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", serif'
)

DRAFT_MARK = "草稿（未发出）"
NUMBER_PENDING = "（文号在确认发出时生成）"

# --- templates ------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateSpec:
    key: str
    label: str
    short: str  # in file names
    kind: str  # LetterKind
    placeholders: tuple[str, ...]


COMMON: tuple[str, ...] = (
    "机关名称",
    "申请编号",
    "收到日期",
    "申请内容",
    "成文日期",
    "文号",
    "联系方式",
)
APPLICANT: tuple[str, ...] = ("申请人", "获取信息的形式", "获取信息的方式")
REPLY: tuple[str, ...] = (
    "答复类型",
    "答复理由",
    "答复内容",
    "法律依据",
    "复议前置告知",
    "救济途径",
    "复议机关",
    "人民法院",
)
CONSULT: tuple[str, ...] = ("征求对象", "征求事项", "提出意见期限")

TEMPLATES: dict[str, TemplateSpec] = {
    spec.key: spec
    for spec in (
        TemplateSpec(
            "reply_granted",
            "答复书（予以公开）",
            "答复书",
            LetterKind.REPLY,
            COMMON + APPLICANT + REPLY,
        ),
        TemplateSpec(
            "reply_partial",
            "答复书（部分公开）",
            "答复书",
            LetterKind.REPLY,
            COMMON + APPLICANT + REPLY,
        ),
        TemplateSpec(
            "reply_withheld",
            "答复书（不予公开）",
            "答复书",
            LetterKind.REPLY,
            COMMON + APPLICANT + REPLY,
        ),
        TemplateSpec(
            "reply_notice",
            "告知书（无法提供、不予处理、不属于本机关负责公开）",
            "告知书",
            LetterKind.REPLY,
            COMMON + APPLICANT + REPLY,
        ),
        TemplateSpec(
            "reply_closed",
            "终止处理告知书（逾期不补正、逾期未缴费）",
            "终止处理告知书",
            LetterKind.REPLY,
            COMMON + APPLICANT + REPLY,
        ),
        TemplateSpec(
            "correction",
            "补正告知书",
            "补正告知书",
            LetterKind.CORRECTION,
            (*COMMON, *APPLICANT, "补正事项", "补正期限", "补正截止日期"),
        ),
        TemplateSpec(
            "extension",
            "延期答复告知书",
            "延期答复告知书",
            LetterKind.EXTENSION,
            (
                *COMMON,
                *APPLICANT,
                "延长天数",
                "延期理由",
                "原答复期限",
                "新的答复期限",
            ),
        ),
        TemplateSpec(
            "delay",
            "延迟答复告知书（第三十五条）",
            "延迟答复告知书",
            LetterKind.DELAY,
            (*COMMON, *APPLICANT, "延迟答复期限", "延迟理由"),
        ),
        TemplateSpec(
            "consultation_third_party",
            "征求意见书（致第三方）",
            "征求意见书",
            LetterKind.CONSULTATION,
            COMMON + CONSULT,
        ),
        TemplateSpec(
            "consultation_co_producer",
            "征求意见书（致共同制作机关）",
            "征求意见书",
            LetterKind.CONSULTATION,
            COMMON + CONSULT,
        ),
        TemplateSpec(
            "fee",
            "收费通知书",
            "收费通知书",
            LetterKind.FEE,
            (
                *COMMON,
                *APPLICANT,
                "计费标准",
                "计费说明",
                "收费依据",
                "收费标准",
                "收费明细",
                "收费金额",
                "收费金额大写",
                "缴纳方式",
                "缴费截止日期",
            ),
        ),
    )
}

PLACEHOLDERS: dict[str, str] = {
    "机关名称": "受理申请的机关全称",
    "申请人": "申请人的姓名或名称（征求意见书不使用）",
    "申请编号": "申请编号，如 YSQ-2026-000012",
    "收到日期": "收到申请之日（条例第三十一条），如 2026年11月3日",
    "申请内容": "申请公开的政府信息的内容描述",
    "获取信息的形式": "申请人选择的形式：纸质或电子",
    "获取信息的方式": "申请人选择的方式：邮寄、电子邮件、当面领取、网上下载",
    "成文日期": "文书的日期（也排在文末）",
    "文号": "文书的文号（也排在文首）",
    "联系方式": "本机关的通信地址、邮政编码、联系电话（单位信息中填写的；都没有时该行不出现）",
    "答复类型": "予以公开、部分公开、不予公开、无法提供、不予处理、其他处理",
    "答复理由": "所选答复理由的名称",
    "答复内容": "答复的内容（答复理由库的文字，或起草答复时填写的内容），可有多段",
    "法律依据": "所选答复理由的法律依据，如《政府信息公开条例》第三十七条、第十五条",
    "复议前置告知": "不予公开（含部分公开中不予公开的部分）时告知须先申请行政复议（行政复议法第二十三条）；其他答复为空",
    "救济途径": "申请行政复议（60日）或者提起行政诉讼（6个月）的告知；不予公开的告知先申请行政复议",
    "复议机关": "行政复议机关：本机关所属的上一级人民政府（部门的为本级人民政府）",
    "人民法院": "提起行政诉讼的人民法院（默认写“人民法院”，可在本单位模板中改为具体法院）",
    "补正事项": "需要补正的事项，可有多段",
    "补正期限": "补正期限，如 15个工作日",
    "补正截止日期": "补正期限的最后一日",
    "延长天数": "延长的期限，如 10个工作日",
    "延期理由": "延长答复期限的理由",
    "原答复期限": "延长前的答复期限",
    "新的答复期限": "延长后的答复期限",
    "延迟答复期限": "依条例第三十五条确定的延迟答复期限",
    "延迟理由": "确定延迟答复期限的理由",
    "征求对象": "第三方或共同制作机关的名称",
    "征求事项": "征求意见的事项",
    "提出意见期限": "提出意见的期限的最后一日（发出之日起15个工作日）",
    "计费标准": "按件计收或按量计收",
    "计费说明": "本件是申请人本月第几件申请（按件），或提供的页数（按量）",
    "收费依据": "条例第四十二条和国办函〔2020〕109号的条款",
    "收费标准": "国办函〔2020〕109号规定的超额累进标准",
    "收费明细": "按档计算的明细，每档一段",
    "收费金额": "应缴金额，如 200.00元",
    "收费金额大写": "应缴金额的大写，如 人民币贰佰元整",
    "缴纳方式": "缴纳信息处理费的方式（可在本单位模板中改写）",
    "缴费截止日期": "缴费期限的最后一日（发出之日起20个工作日）",
}

REPLY_TEMPLATES: dict[str, str] = {
    ReplyType.GRANTED: "reply_granted",
    ReplyType.PARTIAL: "reply_partial",
    ReplyType.WITHHELD: "reply_withheld",
    ReplyType.UNABLE: "reply_notice",
    ReplyType.NOT_PROCESSED: "reply_notice",
    ReplyType.OTHER: "reply_closed",
}

MAX_TEMPLATE_CHARS = 20_000
MAX_LETTER_CHARS = 50_000
_PLACEHOLDER = re.compile(r"\{([^{}\s]{1,20})\}")

LETTER_VERB_LABELS: dict[str, str] = {
    "disclosures.letter.edited": "修改文书文字",
    "disclosures.letter.reset": "文书恢复为模板文字",
    "disclosures.letter.sent": "确认发出文书（定稿）",
    "disclosures.letter_template.saved": "修改本单位文书模板",
    "disclosures.letter_template.reset": "文书模板恢复为默认",
}


def default_template(key: str) -> str:
    spec = _spec(key)
    return (
        resources.files("gongkai.disclosures.letter_templates")
        .joinpath(f"{spec.key}.txt")
        .read_text(encoding="utf-8")
    )


def _spec(key: str) -> TemplateSpec:
    spec = TEMPLATES.get(key)
    if spec is None:
        raise NotFound("没有这种文书模板。")
    return spec


def _unit_dirs(unit: Unit) -> list[Path]:
    root = Path(settings.DATA_DIR) / "templates" / "letters"
    dirs = [root / f"id-{unit.pk}"]
    code = re.sub(r"[^0-9A-Za-z_-]", "", unit.code or "")
    if code:
        dirs.insert(0, root / code)
    return dirs


def template_path(unit: Unit, key: str) -> Path:
    """Where the unit's override of template ``key`` is written."""
    return _unit_dirs(unit)[0] / f"{_spec(key).key}.txt"


def unit_template(unit: Unit, key: str) -> tuple[str, bool]:
    """The unit's template ``key`` and whether it is the unit's own (an override)."""
    for directory in _unit_dirs(unit):
        path = directory / f"{_spec(key).key}.txt"
        if path.is_file():
            return path.read_text(encoding="utf-8"), True
    return default_template(key), False


def check_template(key: str, text: str) -> str:
    """The template normalised, or ``ValidationError`` saying what is wrong."""
    spec = _spec(key)
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if len(text) > MAX_TEMPLATE_CHARS:
        raise ValidationError(f"模板过长（最多{MAX_TEMPLATE_CHARS}个字）。")
    lines = [line for line in text.split("\n") if not line.lstrip().startswith("#")]
    if not any(line.strip() for line in lines):
        raise ValidationError("模板不能为空：第一行是标题，以下每行一段。")
    unknown = sorted(
        {
            name
            for line in lines
            for name in _PLACEHOLDER.findall(line)
            if name not in spec.placeholders
        }
    )
    if unknown:
        raise ValidationError(
            f"模板中的占位符{'、'.join('{' + n + '}' for n in unknown)}"
            f"不能用于{spec.label}。可用的占位符见页面上的说明。"
        )
    if spec.kind == LetterKind.REPLY and "{救济途径}" not in text:
        raise ValidationError(
            "答复书、告知书的模板须保留{救济途径}：答复须告知申请人申请行政复议或者提起"
            "行政诉讼的途径和期限；不予公开的，须告知先申请行政复议（《中华人民共和国"
            "行政复议法》第二十三条）。"
        )
    return text + "\n"


def fill(template: str, context: dict[str, str]) -> str:
    """The template with its placeholders replaced. Comment lines (“#”) go; a line
    that held only placeholders whose values are empty goes too. Unknown
    placeholders stay as they are, so that they are seen."""
    out: list[str] = []
    for line in template.replace("\r\n", "\n").split("\n"):
        if line.lstrip().startswith("#"):
            continue
        has_placeholder = bool(_PLACEHOLDER.search(line))
        filled = _PLACEHOLDER.sub(lambda m: context.get(m[1], m[0]), line)
        if has_placeholder and not filled.strip():
            continue
        out.append(filled)
    return "\n".join(out).strip("\n") + "\n"


# --- the records a letter is made for -------------------------------------------------------

KIND_MODELS: dict[str, type[LetterRecord]] = {
    LetterKind.CORRECTION: Correction,
    LetterKind.CONSULTATION: Consultation,
    LetterKind.EXTENSION: Extension,
    LetterKind.DELAY: Delay,
    LetterKind.FEE: Fee,
    LetterKind.REPLY: Reply,
}


def record_for(application: Application, kind: str, record_id: Any) -> LetterRecord:
    """The record of ``application`` a letter of ``kind`` is made for."""
    model = KIND_MODELS.get(kind)
    try:
        pk = int(record_id)
    except (TypeError, ValueError):
        pk = 0
    if model is None or pk <= 0:
        raise NotFound("找不到该文书。")
    found = (
        model._default_manager.filter(application=application, pk=pk)
        .select_related("letter_number")
        .first()
    )
    if found is None:
        raise NotFound("找不到该文书。")
    return found


def kind_of(record: LetterRecord) -> str:
    for kind, model in KIND_MODELS.items():
        if isinstance(record, model):
            return kind
    raise TypeError(type(record).__name__)


def template_key(record: LetterRecord) -> str:
    if isinstance(record, Reply):
        return REPLY_TEMPLATES[record.reply_type]
    if isinstance(record, Consultation):
        if record.party_kind == PartyKind.CO_PRODUCER:
            return "consultation_co_producer"
        return "consultation_third_party"
    return kind_of(record)


def letter_date(record: LetterRecord) -> dt.date | None:
    """The 成文日期: the day the notice was given (None: a reply not yet sent)."""
    if isinstance(record, Correction | Fee):
        return record.notice_on
    if isinstance(record, Consultation):
        return record.started_on
    if isinstance(record, Extension):
        return record.approved_on
    if isinstance(record, Delay):
        return record.decided_on
    return record.sent_on if record.frozen else None


def letter_number(record: LetterRecord) -> str:
    number = record.letter_number
    return number.text if number is not None else ""


# --- context ------------------------------------------------------------------------------

PRC = "中华人民共和国"
REVIEW_LAW = f"《{PRC}行政复议法》"
LITIGATION_LAW = f"《{PRC}行政诉讼法》"
DEFAULT_COURT = "人民法院"
PAYMENT_WAY = (
    "请持本通知书到本机关政府信息公开工作机构领取非税收入缴款书，通过银行柜台或者"
    "非税收入电子缴款渠道缴纳，款项缴入国库。"
)
PIECE_SCALE = (
    "同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；累计申请11—30件"
    "（含30件）的部分，100元/件；累计申请31件以上的部分，以10件为一档，每增加一档，"
    "收费标准提高100元/件。"
)
PAGE_SCALE = (
    "30页以下（含30页）的，不收费；31—100页（含100页）的部分，10元/页；101—200页"
    "（含200页）的部分，20元/页；201页以上的部分，40元/页。"
)
FEE_BASIS = {
    FeeStandard.BY_PIECE: f"《{PRC}政府信息公开条例》第四十二条、《政府信息公开信息处理费"
    "管理办法》（国办函〔2020〕109号）第三条、第四条",
    FeeStandard.BY_PAGE: f"《{PRC}政府信息公开条例》第四十二条、《政府信息公开信息处理费"
    "管理办法》（国办函〔2020〕109号）第三条、第五条",
}
_LAW = re.compile(r"^(《[^》]+》(?:（[^）]*）)?)(.*)$")


def review_body(unit: Unit) -> str:
    """The 行政复议机关 (《行政复议法》2023 第二十四条): the nearest people's government
    above the unit — 本级人民政府 for a department, the government one level up for a
    government."""
    ancestors = unit.ancestor_ids()
    above = [pk for pk in ancestors if pk != unit.pk]
    government = (
        Unit.objects.filter(pk__in=above, kind=UnitKind.GOVERNMENT)
        .order_by("-depth")
        .first()
    )
    if government is not None:
        return government.name
    return "上一级人民政府" if unit.kind == UnitKind.GOVERNMENT else "本级人民政府"


def merge_articles(articles: list[str]) -> str:
    """“《政府信息公开条例》第三十七条” + “《政府信息公开条例》第十五条” →
    “《政府信息公开条例》第三十七条、第十五条”."""
    groups: dict[str, list[str]] = {}
    for article in articles:
        article = article.strip()
        if not article:
            continue
        match = _LAW.match(article)
        law, rest = (match[1], match[2].strip()) if match else (article, "")
        parts = groups.setdefault(law, [])
        for part in (p.strip() for p in rest.split("、")):
            if part and part not in parts:
                parts.append(part)
    return "、".join(law + "、".join(parts) for law, parts in groups.items())


def _line(text: str) -> str:
    return " ".join((text or "").split())


def _sentence(text: str) -> str:
    return _line(text).rstrip("。；;，,.")


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def contact_line(unit: Unit) -> str:
    parts = []
    if unit.address:
        parts.append(f"通信地址：{unit.address}")
    if unit.postcode:
        parts.append(f"邮政编码：{unit.postcode}")
    phones = [str(p) for p in (unit.phones or []) if str(p).strip()]
    if phones:
        parts.append(f"联系电话：{'、'.join(phones)}")
    return "；".join(parts) + "。" if parts else ""


def review_notice(reply: Reply) -> str:
    if not reply.requires_review_notice:
        return ""
    return (
        f"根据{REVIEW_LAW}第二十三条第一款第（四）项和第二款的规定，申请政府信息公开，"
        "行政机关决定不予公开的，申请人应当先向行政复议机关申请行政复议，对行政复议"
        "决定不服的，可以再依法向人民法院提起行政诉讼。"
    )


def remedy(reply: Reply, *, body: str, court: str, noun: str) -> str:
    """救济途径: 复议 within 60日 (复议法第二十条) or 诉讼 within 6个月 (行诉法第四十六条);
    for what is withheld, 复议 first (复议法第二十三条) and 诉讼 within 15日 of the
    复议 decision (行诉法第四十五条)."""
    direct = (
        f"可以自收到{noun}之日起60日内向{body}申请行政复议（{REVIEW_LAW}第二十条），"
        f"也可以自收到{noun}之日起6个月内依法向{court}提起行政诉讼"
        f"（{LITIGATION_LAW}第四十六条）。"
    )
    first = (
        f"应当先自收到{noun}之日起60日内向{body}申请行政复议（{REVIEW_LAW}第二十条、"
        f"第二十三条）；对行政复议决定不服的，可以自收到行政复议决定书之日起15日内依法向"
        f"{court}提起行政诉讼（{LITIGATION_LAW}第四十五条）。"
    )
    if not reply.requires_review_notice:
        return "如对本答复不服，" + direct
    if reply.reply_type == ReplyType.WITHHELD:
        return "如对本答复不服，" + first
    return (
        "对本答复中决定不予公开的部分不服的，"
        + first
        + "对本答复的其他内容不服的，"
        + direct
    )


def rmb_upper(amount: Decimal) -> str:
    """200 → “人民币贰佰元整”; 1.5 → “人民币壹元伍角整”."""
    cents = int((Decimal(amount) * 100).quantize(Decimal(1)))
    if cents < 0:
        raise ValueError("金额不能为负数")
    yuan, rest = divmod(cents, 100)
    jiao, fen = divmod(rest, 10)
    digits = "零壹贰叁肆伍陆柒捌玖"
    text = _integer_upper(yuan) + "元" if yuan else ""
    if not jiao and not fen:
        return "人民币" + (text or "零元") + "整"
    if jiao:
        text += digits[jiao] + "角"
    elif yuan:
        text += "零"
    text += digits[fen] + "分" if fen else "整"
    return "人民币" + text


def _integer_upper(n: int) -> str:
    digits = "零壹贰叁肆伍陆柒捌玖"
    units = ("", "拾", "佰", "仟")
    groups = ("", "万", "亿", "万亿")
    sections: list[int] = []
    while n:
        n, section = divmod(n, 10000)
        sections.append(section)
    text = ""
    zero = False
    for index in range(len(sections) - 1, -1, -1):
        section = sections[index]
        if section == 0:
            zero = bool(text)
            continue
        if text and (zero or section < 1000):
            text += "零"
        part = ""
        pending = False
        for pos in range(3, -1, -1):
            digit = section // 10**pos % 10
            if digit == 0:
                pending = bool(part)
                continue
            if pending:
                part += "零"
                pending = False
            part += digits[digit] + units[pos]
        text += part + groups[index]
        zero = False
    return text


def _money(value: Any) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('0.01'))}"


def _reply_context(reply: Reply, unit: Unit, noun: str) -> dict[str, str]:
    reasons = list(reply.reasons.all())
    order = {code: i for i, code in enumerate(reply.reason_codes or [])}
    reasons.sort(key=lambda r: order.get(r.code, len(order)))
    body = review_body(unit)
    return {
        "答复类型": ReplyType(reply.reply_type).label,
        "答复理由": "；".join(r.label for r in reasons),
        "答复内容": _lines(reply.text),
        "法律依据": merge_articles([r.article for r in reasons])
        or f"《{PRC}政府信息公开条例》",
        "复议前置告知": review_notice(reply),
        "救济途径": remedy(reply, body=body, court=DEFAULT_COURT, noun=noun),
        "复议机关": body,
        "人民法院": DEFAULT_COURT,
    }


def _fee_context(fee: Fee, application: Application) -> dict[str, str]:
    day = application.received_on or application.arrived_on
    month = f"{day.year}年{day.month}月"
    by_piece = fee.standard == FeeStandard.BY_PIECE
    unit_word = "件" if by_piece else "页"
    if by_piece:
        first, last = fee.month_previous + 1, fee.month_position
        if first == last:
            which = f"本件申请是您在{month}累计提出的第{last}件政府信息公开申请"
        else:
            which = (
                f"本件申请按照“一事一申请”的原则计为{fee.pieces}件，是您在{month}累计"
                f"提出的第{first}至第{last}件政府信息公开申请"
            )
        explain = (
            f"{which}（当月此前已提出{fee.month_previous}件）。本机关根据同一申请人一个"
            "自然月内累计申请的件数，按件计收信息处理费。"
        )
    else:
        way = DeliveryWay(application.delivery_way).label
        explain = (
            f"您要求以{way}方式获取政府信息，本机关提供的政府信息共{fee.pages}页，"
            "按量计收信息处理费。"
        )
    lines = []
    for line in fee.breakdown or []:
        label = str(line.get("label", ""))
        if Decimal(str(line.get("unit_price", "0"))) > 0:
            lines.append(
                f"{label}，计{line.get('count')}{unit_word}，{_money(line.get('amount'))}元"
            )
        else:
            lines.append(label)
    return {
        "计费标准": fee.get_standard_display(),
        "计费说明": explain,
        "收费依据": FEE_BASIS[FeeStandard(fee.standard)],
        "收费标准": PIECE_SCALE if by_piece else PAGE_SCALE,
        "收费明细": "\n".join(lines),
        "收费金额": f"{_money(fee.amount)}元",
        "收费金额大写": rmb_upper(Decimal(str(fee.amount))),
        "缴纳方式": PAYMENT_WAY,
        "缴费截止日期": format_date_cn(fee.pay_by),
    }


def context_for(application: Application, record: LetterRecord) -> dict[str, str]:
    """The values of the placeholders for the letter of ``record``."""
    unit = application.unit
    on = letter_date(record) or timezone.localdate()
    context = {
        "机关名称": unit.name,
        "申请编号": application.number,
        "收到日期": format_date_cn(application.received_on or application.arrived_on),
        "申请内容": _line(application.description),
        "成文日期": format_date_cn(on),
        "文号": letter_number(record),
        "联系方式": contact_line(unit),
    }
    if not isinstance(record, Consultation):
        context |= {
            "申请人": application.applicant_name,
            "获取信息的形式": DeliveryForm(application.delivery_form).label,
            "获取信息的方式": DeliveryWay(application.delivery_way).label,
        }
    if isinstance(record, Reply):
        noun = (
            "本答复书"
            if TEMPLATES[template_key(record)].short == "答复书"
            else "本告知书"
        )
        context |= _reply_context(record, unit, noun)
    elif isinstance(record, Correction):
        context |= {
            "补正事项": _lines(record.items),
            "补正期限": f"{record.period_days}个工作日",
            "补正截止日期": format_date_cn(record.deadline_on),
        }
    elif isinstance(record, Extension):
        before = record.due_before
        after = record.due_after
        context |= {
            "延长天数": f"{record.days}个工作日",
            "延期理由": _sentence(record.reason),
            "原答复期限": format_date_cn(before) if before else "原答复期限",
            "新的答复期限": format_date_cn(after)
            if after
            else f"原答复期限届满后的第{record.days}个工作日",
        }
    elif isinstance(record, Delay):
        context |= {
            "延迟答复期限": format_date_cn(record.until),
            "延迟理由": _lines(record.reason),
        }
    elif isinstance(record, Consultation):
        context |= {
            "征求对象": record.party_name,
            "征求事项": _line(record.matter) or "是否同意公开上述政府信息",
            "提出意见期限": format_date_cn(record.answer_due),
        }
    elif isinstance(record, Fee):
        context |= _fee_context(record, application)
    return context


# --- the letter as a document ---------------------------------------------------------------


@dataclass(frozen=True)
class LetterDoc:
    """What is laid out: the title, the paragraphs (the first one is the addressee
    when it ends with “：”), the 文号, the 发文机关署名 and the 成文日期."""

    title: str
    paragraphs: tuple[str, ...]
    number: str
    issuer: str
    date: dt.date
    draft: bool = False

    @property
    def date_text(self) -> str:
        return format_date_cn(self.date)

    def is_addressee(self, index: int) -> bool:
        return index == 0 and self.paragraphs[0].endswith(("：", ":"))


def parse_text(text: str) -> tuple[str, tuple[str, ...]]:
    """A letter's text: the first line is the title, every other line a paragraph."""
    lines = [line.strip() for line in (text or "").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if len(lines) < 2:
        raise ValidationError("文书须有标题（第一行）和正文（以下各行）。")
    return lines[0], tuple(lines[1:])


def check_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > MAX_LETTER_CHARS:
        raise ValidationError(f"文书过长（最多{MAX_LETTER_CHARS}个字）。")
    parse_text(text)
    left = sorted(set(_PLACEHOLDER.findall(text)) & set(PLACEHOLDERS))
    if left:
        raise ValidationError(
            f"文书中还有未替换的占位符{'、'.join('{' + n + '}' for n in left)}，请改为具体内容。"
        )
    return text + "\n"


def _width(text: str) -> float:
    """Width in body characters (ASCII counts half)."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def signature_right_indent_pt(doc: LetterDoc) -> float:
    """发文机关署名 centred over the 成文日期, which stands 4 characters from the
    right edge (GB/T 9704-2012 7.3.5.1)."""
    centre = (DATE_RIGHT_CHARS + _width(doc.date_text) / 2) * BODY_PT
    return max(0.0, centre - _width(doc.issuer) * BODY_PT / 2)


# --- .docx --------------------------------------------------------------------------------


def to_docx(doc: LetterDoc) -> bytes:
    """The letter as a Word document in 公文 layout (python-docx)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(23)
    sect_pr = section._sectPr
    for grid in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(grid)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(DOCX_LINE_PITCH))
    grid.set(qn("w:charSpace"), str(DOCX_CHAR_SPACE))
    sect_pr.append(grid)

    def fonts(element: Any, name: str) -> None:
        r_pr = element.get_or_add_rPr()
        r_fonts = r_pr.get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            r_fonts.set(qn(attribute), name)
        lang = r_pr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            r_pr.append(lang)
        lang.set(qn("w:eastAsia"), "zh-CN")

    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_PT)
    fonts(normal.element, BODY_FONT)
    normal_format = normal.paragraph_format
    normal_format.space_before = Pt(0)
    normal_format.space_after = Pt(0)
    normal_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal_format.line_spacing = Pt(LINE_PITCH_PT)

    def paragraph(
        text: str,
        *,
        align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
        indent: bool = False,
        right_pt: float = 0,
        font: str = BODY_FONT,
        size: float = BODY_PT,
        bold: bool = False,
        line_pt: float = LINE_PITCH_PT,
        container: Any = document,
    ) -> Any:
        p = container.add_paragraph()
        p.alignment = align
        fmt = p.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line_pt)
        if indent:
            fmt.first_line_indent = Pt(2 * BODY_PT)
            p._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")
        if right_pt:
            fmt.right_indent = Pt(right_pt)
        if text:
            run = p.add_run(text)
            run.font.name = font
            run.font.size = Pt(size)
            run.font.bold = bold
            fonts(run._r, font)
        return p

    if doc.number or doc.draft:
        paragraph(doc.number or NUMBER_PENDING, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph("")
    paragraph(
        doc.title,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        font=TITLE_FONT,
        size=TITLE_PT,
        bold=True,
        line_pt=TITLE_LINE_PT,
    )
    paragraph("")
    for index, text in enumerate(doc.paragraphs):
        paragraph(text, indent=not doc.is_addressee(index))
    for _ in range(SEAL_SPACE_LINES):
        paragraph("")
    paragraph(
        doc.issuer,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        right_pt=signature_right_indent_pt(doc),
    )
    paragraph(
        doc.date_text,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        right_pt=DATE_RIGHT_CHARS * BODY_PT,
    )

    # Page numbers “— 1 —”: odd pages on the right, even pages on the left, one
    # character in from the edge; drafts say so in the header.
    document.settings.odd_and_even_pages_header_footer = True

    def page_number(footer: Any, align: Any, left: bool) -> None:
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.alignment = align
        if left:
            p.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)
        else:
            p.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
        for text, field in (("— ", False), ("PAGE", True), (" —", False)):
            run = p.add_run()
            run.font.size = Pt(PAGE_NUMBER_PT)
            fonts(run._r, BODY_FONT)
            if not field:
                run.text = text
                continue
            for kind in ("begin", "instr", "end"):
                if kind == "instr":
                    node = OxmlElement("w:instrText")
                    node.set(qn("xml:space"), "preserve")
                    node.text = " PAGE "
                else:
                    node = OxmlElement("w:fldChar")
                    node.set(qn("w:fldCharType"), kind)
                run._r.append(node)

    page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT, left=False)
    page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, left=True)
    if doc.draft:
        for header in (section.header, section.even_page_header):
            p = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            run = p.add_run(DRAFT_MARK)
            run.font.size = Pt(12)
            fonts(run._r, BODY_FONT)

    core = document.core_properties
    core.title = doc.title
    core.author = doc.issuer
    core.last_modified_by = doc.issuer
    core.comments = ""
    core.keywords = ""
    stamp = dt.datetime(doc.date.year, doc.date.month, doc.date.day, tzinfo=dt.UTC)
    core.created = stamp
    core.modified = stamp
    core.revision = 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- HTML and PDF -------------------------------------------------------------------------------


def _css(doc: LetterDoc) -> str:
    draft = (
        f'@top-left {{ content: "{DRAFT_MARK}"; font-size: 12pt; color: #666; '
        "white-space: nowrap; width: 12em; }"
        if doc.draft
        else ""
    )
    number = (
        f"font-family: {CSS_BODY_FONTS}; font-size: {PAGE_NUMBER_PT}pt; "
        "vertical-align: top; padding-top: 7mm; white-space: nowrap; width: 6em;"
    )
    return f"""
@page {{
  size: A4;
  margin: {MARGIN_TOP_MM}mm {MARGIN_RIGHT_MM}mm {MARGIN_BOTTOM_MM}mm {MARGIN_LEFT_MM}mm;
  {draft}
}}
@page :right {{ @bottom-right {{ content: "— " counter(page) " —"; {number} padding-right: 1em; }} }}
@page :left {{ @bottom-left {{ content: "— " counter(page) " —"; {number} padding-left: 1em; }} }}
html {{ font-family: {CSS_BODY_FONTS}; font-size: {BODY_PT}pt; line-height: {LINE_PITCH_PT}pt;
  letter-spacing: {CSS_LETTER_SPACING_PT}pt; }}
body {{ margin: 0; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; orphans: 1; widows: 1; }}
p.to, p.number, p.sign, p.date, p.blank {{ text-indent: 0; }}
p.number {{ text-align: right; }}
p.blank {{ height: {LINE_PITCH_PT}pt; }}
h1 {{ font-family: {CSS_TITLE_FONTS}; font-size: {TITLE_PT}pt; font-weight: bold;
  line-height: {TITLE_LINE_PT}pt; text-align: center; margin: {LINE_PITCH_PT}pt 0; }}
p.sign {{ text-align: right; margin-top: {SEAL_SPACE_LINES * LINE_PITCH_PT}pt;
  padding-right: {signature_right_indent_pt(doc):.1f}pt; }}
p.date {{ text-align: right; padding-right: {DATE_RIGHT_CHARS}em; }}
"""


def to_html(doc: LetterDoc) -> str:
    """The letter as a standalone HTML page (what the PDF is printed from)."""
    e = html.escape
    body = []
    if doc.number or doc.draft:
        body.append(f'<p class="number">{e(doc.number or NUMBER_PENDING)}</p>')
    body.append(f"<h1>{e(doc.title)}</h1>")
    for index, text in enumerate(doc.paragraphs):
        css = ' class="to"' if doc.is_addressee(index) else ""
        body.append(f"<p{css}>{e(text)}</p>")
    body.append(f'<p class="sign">{e(doc.issuer)}</p>')
    body.append(f'<p class="date">{e(doc.date_text)}</p>')
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{e(doc.title)}</title>"
        f'<meta name="author" content="{e(doc.issuer)}">'
        f"<style>{_css(doc)}</style></head><body>" + "\n".join(body) + "</body></html>"
    )


def to_pdf(doc: LetterDoc) -> bytes:
    """The letter as PDF, printed by WeasyPrint from ``to_html``: local fonts only,
    nothing is fetched (every URL is refused)."""
    import weasyprint  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    no_fetch = URLFetcher(allowed_protocols=frozenset())
    base = resources.files("gongkai.disclosures.letter_templates")
    pdf: bytes = weasyprint.HTML(
        string=to_html(doc), base_url=str(base), url_fetcher=no_fetch
    ).write_pdf()
    return pdf


# --- storage: drafts, sent letters, template overrides ------------------------------------------


def _letters_root() -> Path:
    return Path(settings.DATA_DIR) / "letters"


def letter_dir(application: Application, kind: str, record_id: int) -> Path:
    year = application.arrived_on.year
    number = re.sub(r"[^0-9A-Za-z_-]", "_", application.number)
    return _letters_root() / str(year) / number / f"{kind}-{record_id}"


def _identity(application: Application, record: LetterRecord) -> dict[str, str]:
    """What ties stored files to the records (ids can be given again after a
    restore or a rolled-back transaction; the time of submission cannot)."""
    return {
        "application": application.number,
        "submitted_at": application.submitted_at.isoformat(),
        "kind": kind_of(record),
        "record": str(record.pk),
    }


@dataclass(frozen=True)
class Draft:
    text: str
    saved_at: dt.datetime
    saved_by: str


@dataclass(frozen=True)
class Sent:
    text: str
    number: str
    date: dt.date
    sent_at: dt.datetime
    sent_by: str
    docx_sha256: str
    pdf_sha256: str
    path: Path


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def read_draft(application: Application, record: LetterRecord) -> Draft | None:
    path = letter_dir(application, kind_of(record), record.pk) / "draft.json"
    data = _read_json(path)
    if data is None or data.get("identity") != _identity(application, record):
        return None
    return Draft(
        text=str(data["text"]),
        saved_at=dt.datetime.fromisoformat(str(data["saved_at"])),
        saved_by=str(data.get("saved_by", "")),
    )


def read_sent(application: Application, record: LetterRecord) -> Sent | None:
    path = letter_dir(application, kind_of(record), record.pk) / "sent"
    data = _read_json(path / "meta.json")
    if data is None or data.get("identity") != _identity(application, record):
        return None
    return Sent(
        text=(path / "letter.txt").read_text(encoding="utf-8"),
        number=str(data["number"]),
        date=dt.date.fromisoformat(str(data["date"])),
        sent_at=dt.datetime.fromisoformat(str(data["sent_at"])),
        sent_by=str(data.get("sent_by", "")),
        docx_sha256=str(data["docx_sha256"]),
        pdf_sha256=str(data["pdf_sha256"]),
        path=path,
    )


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def store_draft(
    application: Application, record: LetterRecord, text: str, by: str
) -> None:
    """Called by ``services.letter_update_text`` only."""
    data = {
        "identity": _identity(application, record),
        "text": text,
        "saved_at": timezone.now().isoformat(),
        "saved_by": by,
    }
    path = letter_dir(application, kind_of(record), record.pk) / "draft.json"
    _write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1).encode())


def delete_draft(application: Application, record: LetterRecord) -> None:
    """Called by the letter services only."""
    path = letter_dir(application, kind_of(record), record.pk) / "draft.json"
    path.unlink(missing_ok=True)


def store_sent(
    application: Application,
    record: LetterRecord,
    *,
    doc: LetterDoc,
    text: str,
    docx: bytes,
    pdf: bytes,
    by: str,
) -> Sent:
    """Freeze the letter: its text, .docx and PDF, written into a new directory that
    is moved into place in one step (a second freeze finds it there and fails).
    Called by ``services.letter_send`` only, as its last step."""
    directory = letter_dir(application, kind_of(record), record.pk)
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / "sent"
    if final.exists():
        if read_sent(application, record) is not None:
            raise ValidationError("该文书已确认发出，不能再次发出。")
        # Left by records that no longer exist (ids given again): keep, aside.
        final.rename(directory / f"stale-{uuid.uuid4().hex}")
    staging = Path(tempfile.mkdtemp(prefix=".sending-", dir=directory))
    sent_at = timezone.now()
    docx_sha256 = hashlib.sha256(docx).hexdigest()
    pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    meta = {
        "identity": _identity(application, record),
        "number": doc.number,
        "title": doc.title,
        "date": doc.date.isoformat(),
        "sent_at": sent_at.isoformat(),
        "sent_by": by,
        "docx_sha256": docx_sha256,
        "pdf_sha256": pdf_sha256,
        "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
    }
    try:
        for name, data in (
            ("letter.txt", text.encode()),
            ("letter.docx", docx),
            ("letter.pdf", pdf),
            ("meta.json", json.dumps(meta, ensure_ascii=False, indent=1).encode()),
        ):
            _write_atomic(staging / name, data)
        try:
            staging.rename(final)
        except OSError:
            raise ValidationError("该文书已确认发出，不能再次发出。") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    (directory / "draft.json").unlink(missing_ok=True)
    return Sent(
        text=text,
        number=doc.number,
        date=doc.date,
        sent_at=sent_at,
        sent_by=by,
        docx_sha256=docx_sha256,
        pdf_sha256=pdf_sha256,
        path=final,
    )


def store_template(unit: Unit, key: str, text: str) -> None:
    """Called by ``services.letter_template_save`` only."""
    _write_atomic(template_path(unit, key), text.encode())


def delete_template(unit: Unit, key: str) -> bool:
    """Called by ``services.letter_template_save`` only. Whether one was removed."""
    removed = False
    for directory in _unit_dirs(unit):
        path = directory / f"{_spec(key).key}.txt"
        if path.is_file():
            path.unlink()
            removed = True
    return removed


# --- one letter, as the pages and the services see it ----------------------------------------


@dataclass(frozen=True)
class LetterView:
    application: Application
    record: LetterRecord
    kind: str
    template: TemplateSpec
    text: str
    doc: LetterDoc
    sent: Sent | None
    draft: Draft | None
    # The reply was changed after its letter's text was edited.
    stale: bool

    @property
    def frozen(self) -> bool:
        return self.sent is not None

    @property
    def record_id(self) -> int:
        return int(self.record.pk)

    @property
    def kind_label(self) -> str:
        return LetterKind(self.kind).label

    @property
    def reply_pending(self) -> bool:
        """A reply letter whose reply is still a draft: 确认发出 sends the reply too."""
        return isinstance(self.record, Reply) and not self.record.frozen

    def file_name(self, suffix: str) -> str:
        mark = "" if self.frozen else "-草稿"
        return f"{self.application.number}-{self.template.short}{mark}.{suffix}"


def template_text(application: Application, record: LetterRecord) -> str:
    """The letter's text as the unit's template makes it (no edits)."""
    template, _ = unit_template(application.unit, template_key(record))
    return fill(template, context_for(application, record))


def build_doc(
    application: Application, record: LetterRecord, text: str, *, draft: bool
) -> LetterDoc:
    title, paragraphs = parse_text(text)
    return LetterDoc(
        title=title,
        paragraphs=paragraphs,
        number=letter_number(record),
        issuer=application.unit.name,
        date=letter_date(record) or timezone.localdate(),
        draft=draft,
    )


def letter_view(application: Application, kind: str, record_id: Any) -> LetterView:
    """The letter of one record of ``application`` (which the caller may see)."""
    record = record_for(application, kind, record_id)
    spec = TEMPLATES[template_key(record)]
    sent = read_sent(application, record)
    draft = None if sent is not None else read_draft(application, record)
    if sent is not None:
        title, paragraphs = parse_text(sent.text)
        doc = LetterDoc(
            title=title,
            paragraphs=paragraphs,
            number=sent.number,
            issuer=application.unit.name,
            date=sent.date,
        )
        text = sent.text
    else:
        text = draft.text if draft is not None else template_text(application, record)
        doc = build_doc(application, record, text, draft=True)
    stale = (
        draft is not None
        and isinstance(record, Reply)
        and record.updated_at > draft.saved_at
    )
    return LetterView(
        application=application,
        record=record,
        kind=kind_of(record),
        template=spec,
        text=text,
        doc=doc,
        sent=sent,
        draft=draft,
        stale=stale,
    )


def letter_views(application: Application) -> list[LetterView]:
    """Every letter of the application: the notices sent, oldest first, and the
    reply (a draft reply too)."""
    records: list[LetterRecord] = []
    correction = Correction.objects.filter(application=application).first()
    if correction is not None:
        records.append(correction)
    records += list(application.consultations.all())
    records += list(application.extensions.all())
    records += list(application.delays.all())
    records += list(application.fees.all())
    records.sort(key=lambda r: (letter_date(r) or dt.date.max, r.pk))
    reply = Reply.objects.filter(application=application).first()
    if reply is not None:
        records.append(reply)
    return [letter_view(application, kind_of(r), r.pk) for r in records]


@dataclass(frozen=True)
class LetterFile:
    name: str
    content_type: str
    data: bytes


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"


def letter_file(view: LetterView, fmt: str) -> LetterFile:
    """The .docx or PDF: as frozen when sent, else made now from the current text."""
    if fmt not in {"docx", "pdf"}:
        raise NotFound("没有这种格式。")
    content_type = DOCX_TYPE if fmt == "docx" else PDF_TYPE
    if view.sent is not None:
        data = (view.sent.path / f"letter.{fmt}").read_bytes()
        expected = view.sent.docx_sha256 if fmt == "docx" else view.sent.pdf_sha256
        if hashlib.sha256(data).hexdigest() != expected:
            raise ValidationError(
                "已发出文书的存档文件与发出时的校验值不一致，可能已被改动。请联系系统管理员"
                "从备份中恢复。"
            )
    else:
        data = to_docx(view.doc) if fmt == "docx" else to_pdf(view.doc)
    return LetterFile(view.file_name(fmt), content_type, data)


def check_remedies(view: LetterView, text: str) -> None:
    """A reply letter must tell the applicant how to seek review or sue, and, when
    something is withheld, that review comes first (行政复议法第二十三条第二款)."""
    record = view.record
    if not isinstance(record, Reply):
        return
    if "行政复议" not in text or not re.search(r"60日|六十日", text):
        raise ValidationError(
            "答复书、告知书须告知救济途径：自收到之日起60日内申请行政复议，或者6个月内"
            "提起行政诉讼。请恢复模板中的救济途径一段。"
        )
    if record.requires_review_notice and "第二十三条" not in text:
        raise ValidationError(
            "答复中有不予公开的内容，须依《中华人民共和国行政复议法》第二十三条告知申请人"
            "先申请行政复议。请恢复模板中的复议前置告知一段。"
        )
