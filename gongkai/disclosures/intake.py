"""Intake rules: the day of receipt per channel (条例第三十一条), identity keys for
the monthly fee count, and the checks of an uploaded 身份证明."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from gongkai.core.exceptions import ValidationError
from gongkai.disclosures.crypto import keyed_hash
from gongkai.disclosures.models import Channel
from gongkai.rules.workdays import format_date_cn

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".pdf": "application/pdf",
}


@dataclass(frozen=True)
class ReceiptRule:
    """What to ask the staff member for a channel, and how 条例第三十一条 fixes the day."""

    channel: Channel
    arrived_question: str
    needs_confirmation: bool
    basis: str


RECEIPT_RULES: dict[Channel, ReceiptRule] = {
    Channel.IN_PERSON: ReceiptRule(
        Channel.IN_PERSON,
        "申请人当面提交的日期",
        False,
        "当面提交，以提交之日为收到申请之日（条例第三十一条第（一）项）",
    ),
    Channel.REGISTERED_MAIL: ReceiptRule(
        Channel.REGISTERED_MAIL,
        "本机关签收邮件的日期",
        False,
        "以需要签收的邮寄方式提交，以行政机关签收之日为收到申请之日"
        "（条例第三十一条第（二）项）",
    ),
    Channel.ORDINARY_MAIL: ReceiptRule(
        Channel.ORDINARY_MAIL,
        "收到平常信函的日期",
        True,
        "以平常信函等无需签收的方式邮寄，收到当日与申请人确认，以确认之日为收到申请之日"
        "（条例第三十一条第（二）项）",
    ),
    Channel.FAX: ReceiptRule(
        Channel.FAX,
        "收到传真的日期",
        True,
        "通过政府信息公开工作机构的传真提交，以双方确认之日为收到申请之日"
        "（条例第三十一条第（三）项）",
    ),
    Channel.EMAIL: ReceiptRule(
        Channel.EMAIL,
        "电子邮件到达的日期",
        True,
        "通过电子邮件（互联网渠道）提交，以双方确认之日为收到申请之日"
        "（条例第三十一条第（三）项）",
    ),
    Channel.ONLINE: ReceiptRule(
        Channel.ONLINE,
        "网上提交的日期",
        True,
        "通过互联网渠道提交，以双方确认之日为收到申请之日（条例第三十一条第（三）项）",
    ),
}


def receipt_day(
    channel: str, arrived_on: date, confirmed_on: date | None, *, today: date
) -> tuple[date | None, str]:
    """The day of receipt and its basis; ``None`` while a confirmation is missing."""
    try:
        rule = RECEIPT_RULES[Channel(channel)]
    except ValueError:
        raise ValidationError("提交方式不正确，请从列表中选择。") from None
    if arrived_on > today:
        raise ValidationError(f"{rule.arrived_question}不能晚于今天，请核对。")
    if not rule.needs_confirmation:
        return arrived_on, rule.basis
    if confirmed_on is None:
        return None, rule.basis
    if confirmed_on < arrived_on:
        raise ValidationError(
            f"确认日期{format_date_cn(confirmed_on)}早于{rule.arrived_question}"
            f"{format_date_cn(arrived_on)}，请核对。"
        )
    if confirmed_on > today:
        raise ValidationError("确认日期不能晚于今天，请核对。")
    return confirmed_on, rule.basis


# --- identity ---------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def normalize_text(value: str) -> str:
    """Full-width to half-width, trimmed, inner spaces collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", value or "")).strip()


def normalize_id(value: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", value or "")).upper()


def phone_digits(value: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKC", value or "") if ch.isdigit()
    )


def applicant_key(*, id_kind: str, id_number: str, name: str, phone: str) -> str:
    """The same applicant (国办函〔2020〕109号 “同一申请人”): the same normalised ID
    number; without one, the same name and phone number."""
    number = normalize_id(id_number)
    if number:
        return keyed_hash("applicant.id", f"{id_kind}:{number}")
    return keyed_hash(
        "applicant.name_phone", f"{normalize_text(name)}:{phone_digits(phone)}"
    )


def track_phone_hash(number: str, phone: str) -> str:
    digits = phone_digits(phone)
    return keyed_hash("track.phone", f"{number}:{digits[-4:]}") if digits else ""


def track_email_hash(number: str, email: str) -> str:
    value = normalize_id(email).lower()
    return keyed_hash("track.email", f"{number}:{value}") if value else ""


# --- the uploaded 身份证明 ----------------------------------------------------------------


def check_document(name: str, data: bytes) -> str:
    """The MIME type of an acceptable upload, or a ``ValidationError``."""
    lower = (name or "").lower()
    suffix = lower[lower.rfind(".") :] if "." in lower else ""
    if suffix not in DOCUMENT_TYPES:
        raise ValidationError("身份证明只能上传 JPG、PNG 或 PDF 文件。")
    if not data:
        raise ValidationError("上传的身份证明是空文件，请重新选择。")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError("身份证明文件不能超过10MB，请压缩后重新上传。")
    kind = DOCUMENT_TYPES[suffix]
    signatures = {
        "image/jpeg": (b"\xff\xd8\xff",),
        "image/png": (b"\x89PNG\r\n\x1a\n",),
        "application/pdf": (b"%PDF-",),
    }
    if not data.startswith(signatures[kind]):
        raise ValidationError(
            "上传的文件内容与扩展名不符，请上传真实的 JPG、PNG 或 PDF 文件。"
        )
    return kind
