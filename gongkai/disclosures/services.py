"""All writes to applications (依申请公开). Each checks permission, audits, is atomic.

An application's state changes only in ``_move``, which consults
``states.TRANSITIONS``. Every event that affects the reply period is stored as an
``ApplicationEvent`` row and the clock is then recomputed by
``gongkai.calendars.services.deadline_store`` (clock ``disclosures.application``);
a rule of 条例第三十条至第三十五条 broken by the new event (a second 补正, more than
20 working days of extension …) comes back as a ``ValidationError`` and nothing is
saved.

Audit events never carry the applicant's personal data: the application is named
by its 申请编号.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.calendars.selectors import work_calendar
from gongkai.calendars.services import deadline_store
from gongkai.core.audit import audit_record
from gongkai.core.exceptions import NotFound, ValidationError
from gongkai.core.services import notification_send
from gongkai.disclosures import intake, reminders, selectors
from gongkai.disclosures.crypto import read_encrypted_file, store_encrypted_file
from gongkai.disclosures.models import (
    ApplicantType,
    Application,
    ApplicationEvent,
    ApplicationSequence,
    Channel,
    Consultation,
    Correction,
    Delay,
    DeliveryForm,
    DeliveryWay,
    EmailStatus,
    Extension,
    Fee,
    FeedToken,
    IdKind,
    LetterKind,
    LetterNumber,
    LetterPrefix,
    LetterSequence,
    OpinionAnswer,
    PartyKind,
    Referral,
    ReminderDigest,
    Reply,
    ReplyReason,
    ReviewCase,
    ReviewKind,
    ReviewOutcome,
    SameInformationDecision,
    SameInformationOutcome,
    Source,
)
from gongkai.disclosures.permissions import require_on
from gongkai.disclosures.reasons import (
    PARTIAL_GROUNDS,
    SYSTEM_REASONS,
    ReplyType,
    ensure_reason_library,
)
from gongkai.disclosures.states import Event, State, transition_for
from gongkai.organizations.models import Staff, Unit
from gongkai.organizations.permissions import can, require
from gongkai.organizations.roles import Action
from gongkai.publications.services import RevisionInput, record_create
from gongkai.rules.deadlines import CORRECTION_NOTICE_DAYS, ClockEvent, ClockEventKind
from gongkai.rules.fees import FeeStandard
from gongkai.rules.periods import PERIOD_RULES, Period
from gongkai.rules.privacy import is_credit_code, is_valid_id_card
from gongkai.rules.same_information import (
    information_key,
    information_title,
    single_doc_number,
)
from gongkai.rules.workdays import format_date_cn

CLOCK = "disclosures.application"
REPLY_PERIOD = PERIOD_RULES[Period.APPLICATION_REPLY].working_days
OPINION_PERIOD = PERIOD_RULES[Period.THIRD_PARTY_OPINION].working_days
FEE_PERIOD = PERIOD_RULES[Period.FEE_PAYMENT].working_days
DEFAULT_CORRECTION_DAYS = 15
MAX_CORRECTION_DAYS = 60
PUBLIC_ACTOR = "申请人（网上提交）"

logger = logging.getLogger(__name__)


# --- input ---------------------------------------------------------------------------


@dataclass
class ApplicationInput:
    """What an applicant fills in (条例第二十九条)."""

    applicant_type: str
    applicant_name: str
    description: str
    delivery_form: str
    delivery_way: str
    id_kind: str = IdKind.RESIDENT_ID
    id_number: str = ""
    legal_representative: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    doc_reference: str = ""
    purpose: str = ""


@dataclass(frozen=True)
class UploadedDocument:
    """An uploaded 身份证明: its file name and content."""

    name: str
    data: bytes


def _choice(value: str, allowed_values: Sequence[str], label: str) -> str:
    if value not in allowed_values:
        raise ValidationError(f"请选择{label}。")
    return value


def _clean(data: ApplicationInput, *, require_id: bool) -> dict[str, Any]:
    applicant_type = _choice(data.applicant_type, ApplicantType.values, "申请人类型")
    name = intake.normalize_text(data.applicant_name)
    natural = applicant_type == ApplicantType.NATURAL
    if not name:
        raise ValidationError(
            "请填写申请人姓名。" if natural else "请填写法人或其他组织的名称。"
        )
    if len(name) > 200:
        raise ValidationError("申请人姓名或名称过长（最多200个字）。")
    id_kind = _choice(data.id_kind, IdKind.values, "证件类型")
    id_number = intake.normalize_id(data.id_number)
    if require_id and not id_number:
        raise ValidationError(
            "请填写身份证件号码（条例第二十九条：申请应当包括申请人的身份证明）。"
            if natural
            else "请填写统一社会信用代码或其他证件号码。"
        )
    if id_number:
        if id_kind == IdKind.RESIDENT_ID and not is_valid_id_card(id_number):
            raise ValidationError("居民身份证号码不正确，请核对18位号码（末位可为X）。")
        if id_kind == IdKind.CREDIT_CODE and not is_credit_code(id_number):
            raise ValidationError("统一社会信用代码不正确，请核对18位代码。")
        if not 4 <= len(id_number) <= 40:
            raise ValidationError("证件号码的长度不正确，请核对。")
    phone = intake.normalize_text(data.phone)
    email = intake.normalize_text(data.email).lower()
    address = intake.normalize_text(data.address)
    postcode = intake.normalize_text(data.postcode)
    if phone and not 7 <= len(intake.phone_digits(phone)) <= 15:
        raise ValidationError("联系电话不正确，请填写手机号码或带区号的固定电话。")
    if email and ("@" not in email or "." not in email.rsplit("@", 1)[-1]):
        raise ValidationError("电子邮箱格式不正确，请核对。")
    if len(email) > 200 or len(address) > 300 or len(phone) > 40:
        raise ValidationError("联系方式过长，请核对。")
    if postcode and not (postcode.isdigit() and len(postcode) == 6):
        raise ValidationError("邮政编码应为6位数字。")
    if not phone and not email:
        raise ValidationError(
            "请至少填写联系电话或电子邮箱中的一项，以便告知办理情况和查询进度。"
        )
    delivery_form = _choice(data.delivery_form, DeliveryForm.values, "获取信息的形式")
    delivery_way = _choice(data.delivery_way, DeliveryWay.values, "获取信息的方式")
    if delivery_way == DeliveryWay.MAIL and not address:
        raise ValidationError("选择邮寄方式获取信息的，请填写通信地址。")
    if delivery_way == DeliveryWay.EMAIL and not email:
        raise ValidationError("选择电子邮件方式获取信息的，请填写电子邮箱。")
    description = (data.description or "").strip()
    if len(description) < 5:
        raise ValidationError(
            "请描述所需政府信息的内容（名称、文号或便于查询的其他特征），至少5个字。"
        )
    if len(description) > 5000:
        raise ValidationError("内容描述过长（最多5000个字），请精简或分件申请。")
    return {
        "applicant_type": applicant_type,
        "applicant_name": name,
        "id_kind": id_kind,
        "id_number": id_number,
        "legal_representative": intake.normalize_text(data.legal_representative)[:100],
        "phone": phone,
        "email": email,
        "address": address,
        "postcode": postcode,
        "description": description,
        "doc_reference": intake.normalize_text(data.doc_reference)[:300],
        "purpose": intake.normalize_text(data.purpose)[:300],
        "delivery_form": delivery_form,
        "delivery_way": delivery_way,
    }


# --- helpers ---------------------------------------------------------------------------


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _today() -> dt.date:
    return timezone.localdate()


def _locked(application: Application) -> Application:
    try:
        return (
            Application.objects.select_for_update(of=("self",))
            .select_related("unit", "department", "handler")
            .get(pk=application.pk)
        )
    except Application.DoesNotExist:
        raise NotFound("找不到该申请。") from None


def _day(value: dt.date | None, what: str, *, not_before: dt.date | None) -> dt.date:
    day = value or _today()
    if day > _today():
        raise ValidationError(f"{what}不能晚于今天，请核对。")
    if not_before is not None and day < not_before:
        raise ValidationError(
            f"{what}{format_date_cn(day)}早于{format_date_cn(not_before)}，请核对。"
        )
    return day


def _next_number(year: int) -> str:
    sequence, _ = ApplicationSequence.objects.get_or_create(year=year)
    sequence = ApplicationSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"YSQ-{year}-{sequence.last:06d}"


def _check(
    actor: Any, application: Application, event: Event, target: State | None = None
) -> None:
    """Refuse early (before any validation) what the state or the role forbids."""
    transition = transition_for(application.state, event, target)
    require_on(actor, transition.action, application)


def _move(
    actor: Any,
    application: Application,
    event: Event,
    *,
    target: State | None = None,
    reason: str = "",
    after: dict[str, Any] | None = None,
) -> Application:
    """The only place an application's state changes: check the table and the
    permission, save, audit."""
    transition = transition_for(application.state, event, target)
    require_on(actor, transition.action, application)
    old = application.state
    application.state = transition.target
    application.save(update_fields=["state"])
    audit_record(
        actor=actor,
        verb=f"disclosures.application.{event.value}",
        obj=application,
        unit=application.unit,
        before={"state": State(old).label},
        after={"state": State(transition.target).label} | (after or {}),
        reason=reason,
    )
    return application


def _clock_event(
    actor: Any,
    application: Application,
    kind: ClockEventKind,
    day: dt.date,
    *,
    working_days: int | None = None,
    until: dt.date | None = None,
    note: str = "",
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        kind=kind.value,
        day=day,
        working_days=working_days,
        until=until,
        note=note[:300],
        created_by=_user(actor),
    )


def _store_clock(actor: Any, application: Application) -> None:
    """Recompute the reply period from the stored events (the only way it changes)."""
    if application.received_on is None:
        return
    events = [
        ClockEvent(
            kind=ClockEventKind(e.kind),
            day=e.day,
            working_days=e.working_days,
            until=e.until,
        )
        for e in application.clock_events.order_by("day", "id")
    ]
    row = deadline_store(
        actor=actor,
        clock=CLOCK,
        obj=application,
        received=application.received_on,
        period=REPLY_PERIOD,
        events=events,
        unit=application.unit,
        responsible=application.handler,
    )
    if application.due_on != row.due or application.due_provisional != row.provisional:
        application.due_on = row.due
        application.due_provisional = row.provisional
        application.save(update_fields=["due_on", "due_provisional"])


def _allocate(
    actor: Any, application: Application, kind: LetterKind, on: dt.date
) -> LetterNumber:
    unit = application.unit
    sequence, _ = LetterSequence.objects.get_or_create(unit=unit, year=on.year)
    sequence = LetterSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    prefix = selectors.letter_prefix_for(unit)
    number = LetterNumber.objects.create(
        unit=unit,
        year=on.year,
        serial=sequence.last,
        text=f"{prefix}〔{on.year}〕{sequence.last}号",
        kind=kind,
        application=application,
        allocated_by=_user(actor),
    )
    audit_record(
        actor=actor,
        verb="disclosures.letter_number.allocated",
        obj=application,
        unit=unit,
        after={"文号": number.text, "文书": LetterKind(kind).label},
    )
    return number


def _save_document(application: Application, document: UploadedDocument | None) -> None:
    if document is None:
        return
    kind = intake.check_document(document.name, document.data)
    application.id_document_path = store_encrypted_file(
        document.data, application.arrived_on.year
    )
    application.id_document_name = (document.name or "身份证明")[-200:]
    application.id_document_type = kind
    application.id_document_size = len(document.data)
    application.save(
        update_fields=[
            "id_document_path",
            "id_document_name",
            "id_document_type",
            "id_document_size",
        ]
    )


def _create(
    *,
    actor: Any,
    unit: Unit,
    cleaned: dict[str, Any],
    channel: str,
    source: str,
    arrived_on: dt.date,
    received_on: dt.date | None,
    basis: str,
) -> Application:
    number = _next_number(arrived_on.year)
    application = Application(
        number=number,
        unit=unit,
        channel=channel,
        source=source,
        arrived_on=arrived_on,
        received_on=None,
        receipt_basis=basis,
        created_by=_user(actor),
        applicant_key=intake.applicant_key(
            id_kind=cleaned["id_kind"],
            id_number=cleaned["id_number"],
            name=cleaned["applicant_name"],
            phone=cleaned["phone"],
        ),
        track_phone_hash=intake.track_phone_hash(number, cleaned["phone"]),
        track_email_hash=intake.track_email_hash(number, cleaned["email"]),
        # 条例第四十四条: the grouping reads the key by (unit, key).
        information_key=information_key(cleaned["doc_reference"]),
        **cleaned,
    )
    application.save()
    return application


def _conclude(application: Application, row: str, on: dt.date) -> None:
    application.outcome_row = row
    application.concluded_on = on
    application.save(update_fields=["outcome_row", "concluded_on"])


# --- intake ------------------------------------------------------------------------------


@transaction.atomic
def application_submit_public(
    *,
    unit: Unit,
    data: ApplicationInput,
    document: UploadedDocument | None = None,
    source: str = Source.PORTAL,
) -> Application:
    """An application submitted on the portal (or through the public API).

    It is registered (登记) with the day it arrived; the day of receipt is the day
    the office confirms it with the applicant (条例第三十一条第（三）项), set by
    ``application_confirm_receipt``.
    """
    if unit not in selectors.units_accepting_public():
        raise ValidationError("请选择受理申请的机关。")
    if source not in {Source.PORTAL, Source.API}:
        raise ValidationError("登记来源不正确。")
    cleaned = _clean(data, require_id=True)
    if document is not None:
        intake.check_document(document.name, document.data)
    application = _create(
        actor=None,
        unit=unit,
        cleaned=cleaned,
        channel=Channel.ONLINE,
        source=source,
        arrived_on=_today(),
        received_on=None,
        basis=intake.RECEIPT_RULES[Channel.ONLINE].basis,
    )
    _save_document(application, document)
    audit_record(
        actor=PUBLIC_ACTOR,
        verb="disclosures.application.submitted",
        obj=application,
        unit=unit,
        after={
            "number": application.number,
            "channel": Channel.ONLINE.label,
            "applicant_type": ApplicantType(application.applicant_type).label,
            "id_document": bool(application.id_document_path),
        },
    )
    return application


@transaction.atomic
def application_register(
    *,
    actor: Any,
    unit: Unit,
    data: ApplicationInput,
    channel: str,
    arrived_on: dt.date,
    confirmed_on: dt.date | None = None,
    document: UploadedDocument | None = None,
) -> Application:
    """Staff entry of an application received 当面, by post, fax or e-mail.

    The day of receipt follows 条例第三十一条: 当面 = the day it was handed in; 挂号 =
    the day the office signed for it; 平信, 传真, e-mail = the day both sides
    confirmed it (``confirmed_on``; without it the application waits in 登记 for
    ``application_confirm_receipt``).
    """
    require(actor, Action.APPLICATION_REGISTER, unit)
    if not unit.is_active:
        raise ValidationError(f"单位“{unit.name}”已停用，不能登记申请。")
    received_on, basis = intake.receipt_day(
        channel, arrived_on, confirmed_on, today=_today()
    )
    cleaned = _clean(data, require_id=False)
    if document is not None:
        intake.check_document(document.name, document.data)
    application = _create(
        actor=actor,
        unit=unit,
        cleaned=cleaned,
        channel=channel,
        source=Source.STAFF,
        arrived_on=arrived_on,
        received_on=None,
        basis=basis,
    )
    _save_document(application, document)
    audit_record(
        actor=actor,
        verb="disclosures.application.registered",
        obj=application,
        unit=unit,
        after={
            "number": application.number,
            "channel": Channel(channel).label,
            "arrived_on": arrived_on,
            "applicant_type": ApplicantType(application.applicant_type).label,
        },
    )
    if received_on is not None:
        application.received_on = received_on
        application.save(update_fields=["received_on"])
        _move(
            actor,
            application,
            Event.CONFIRM_RECEIPT,
            after={"received_on": received_on, "basis": basis},
        )
        _store_clock(actor, application)
    return application


@transaction.atomic
def application_confirm_receipt(
    *, actor: Any, application: Application, confirmed_on: dt.date | None = None
) -> Application:
    """The office confirmed the application with the applicant: that day is the day
    of receipt (条例第三十一条) and the 20 working days start the day after."""
    application = _locked(application)
    _check(actor, application, Event.CONFIRM_RECEIPT)
    day = _day(confirmed_on, "确认日期", not_before=application.arrived_on)
    rule = intake.RECEIPT_RULES[Channel(application.channel)]
    received = day if rule.needs_confirmation else application.arrived_on
    application.received_on = received
    application.save(update_fields=["received_on"])
    _move(
        actor,
        application,
        Event.CONFIRM_RECEIPT,
        after={"received_on": received, "basis": rule.basis},
    )
    _store_clock(actor, application)
    return application


@transaction.atomic
def application_assign(
    *,
    actor: Any,
    application: Application,
    department: Unit,
    handler: Staff | None = None,
) -> Application:
    """Assign the application to the department holding the information (承办单位)
    and, optionally, to a handler there; again later to change either."""
    application = _locked(application)
    _check(actor, application, Event.ASSIGN)
    unit = application.unit
    if not department.is_active:
        raise ValidationError(f"单位“{department.name}”已停用，不能分办。")
    if department.pk != unit.pk and not department.path.startswith(unit.path):
        raise ValidationError(
            f"承办单位须为“{unit.name}”或其下属单位，“{department.name}”不是。"
        )
    if handler is not None:
        handles = can(handler, Action.APPLICATION_HANDLE, department) or can(
            handler, Action.APPLICATION_REGISTER, unit
        )
        if not handler.is_active or not handles:
            raise ValidationError(
                f"“{handler.display_name}”没有在“{department.name}”办理申请的角色，"
                "请选择该单位的部门信息员，或先为其授予角色。"
            )
    before = {
        "department": application.department.name if application.department else "",
        "handler": application.handler.display_name if application.handler else "",
    }
    application.department = department
    application.handler = handler
    application.save(update_fields=["department", "handler"])
    _move(
        actor,
        application,
        Event.ASSIGN,
        after={
            "department": department.name,
            "handler": handler.display_name if handler else "",
            "before": before,
        },
    )
    _store_clock(actor, application)
    if handler is not None and handler.pk != getattr(actor, "pk", None):
        due = format_date_cn(application.due_on) if application.due_on else "待定"
        notification_send(
            actor=actor,
            recipient=handler,
            title=f"分办给您的政府信息公开申请{application.number}",
            body=f"请在答复期限{due}前办理。",
            link=reverse("disclosures:detail", args=[application.pk]),
        )
    return application


# --- 补正 ----------------------------------------------------------------------------------


@transaction.atomic
def correction_request(
    *,
    actor: Any,
    application: Application,
    items: str,
    period_days: int = DEFAULT_CORRECTION_DAYS,
    notice_on: dt.date | None = None,
) -> Correction:
    """告知补正 (条例第三十条): once, listing what to correct and a reasonable period.

    A notice later than 7 working days after receipt is recorded (and the clock
    explanation says so) but not refused: the applicant is better served by a late
    notice than by none.
    """
    application = _locked(application)
    _check(actor, application, Event.REQUEST_CORRECTION)
    existing = Correction.objects.filter(application=application).first()
    if existing is not None:
        raise ValidationError(
            f"已于{format_date_cn(existing.notice_on)}告知补正。补正应当一次性告知"
            "（《政府信息公开条例》第三十条），不能再次要求补正。"
        )
    items = (items or "").strip()
    if not items:
        raise ValidationError("请写明需要补正的事项。")
    if (
        isinstance(period_days, bool)
        or not isinstance(period_days, int)
        or not 1 <= period_days <= MAX_CORRECTION_DAYS
    ):
        raise ValidationError(
            f"补正期限须为1至{MAX_CORRECTION_DAYS}个工作日，请填写合理的期限。"
        )
    received = application.received_on
    day = _day(notice_on, "告知补正日期", not_before=received)
    calendar = work_calendar()
    late = received is not None and (
        calendar.working_days_in(received, day) > CORRECTION_NOTICE_DAYS
    )
    correction = Correction.objects.create(
        application=application,
        items=items,
        period_days=period_days,
        notice_on=day,
        deadline_on=calendar.add_working_days(day, period_days),
        late=late,
        letter_number=_allocate(actor, application, LetterKind.CORRECTION, day),
        created_by=_user(actor),
    )
    _clock_event(actor, application, ClockEventKind.CORRECTION_REQUESTED, day)
    _move(
        actor,
        application,
        Event.REQUEST_CORRECTION,
        after={
            "notice_on": day,
            "period_days": period_days,
            "deadline_on": correction.deadline_on,
            "late": late,
        },
    )
    _store_clock(actor, application)
    audit_record(
        actor=actor,
        verb="disclosures.correction.requested",
        obj=application,
        unit=application.unit,
        after={"late": late},
    )
    return correction


@transaction.atomic
def correction_receive(
    *,
    actor: Any,
    application: Application,
    received_on: dt.date | None = None,
    content: str = "",
) -> Correction:
    """The corrected application arrived: the 20 working days start again the day
    after (条例第三十条) and the office reviews it again."""
    application = _locked(application)
    _check(actor, application, Event.RECEIVE_CORRECTION)
    correction = Correction.objects.filter(application=application).first()
    if correction is None or correction.received_on or correction.expired_on:
        raise ValidationError("该申请没有等待补正的告知。")
    day = _day(received_on, "收到补正日期", not_before=correction.notice_on)
    correction.received_on = day
    correction.corrected_text = (content or "").strip()
    correction.save(update_fields=["received_on", "corrected_text"])
    _clock_event(actor, application, ClockEventKind.CORRECTION_RECEIVED, day)
    _move(
        actor,
        application,
        Event.RECEIVE_CORRECTION,
        after={"received_on": day, "late": day > correction.deadline_on},
    )
    _store_clock(actor, application)
    return correction


def _closing_reply(
    actor: Any, application: Application, code: str, on: dt.date, text: str = ""
) -> Reply:
    ensure_reason_library()
    reason = ReplyReason.objects.get(code=code)
    reply = Reply.objects.filter(application=application).first()
    if reply is not None and reply.frozen:
        raise ValidationError("该申请已答复，不能再终止处理。")
    if reply is None:
        reply = Reply(application=application)
    reply.reply_type = reason.reply_type
    reply.reason_codes = [code]
    reply.report_row = reason.report_row
    reply.requires_review_notice = reason.requires_review_notice
    reply.text = text or reason.wording
    reply.delivery_way = application.delivery_way
    reply.sent_on = on
    reply.frozen = True
    reply.created_by = reply.created_by or _user(actor)
    reply.sent_by = _user(actor)
    reply.updated_at = timezone.now()
    reply.letter_number = _allocate(actor, application, LetterKind.REPLY, on)
    reply.save()
    reply.reasons.set([reason])
    _conclude(application, reason.report_row, on)
    return reply


@transaction.atomic
def correction_expire(
    *, actor: Any, application: Application, on: dt.date | None = None
) -> Reply:
    """逾期不补正: the applicant did not correct in time; the application is treated as
    abandoned (条例第三十条) and counts in 表三（六）其他处理 1."""
    application = _locked(application)
    _check(actor, application, Event.EXPIRE_CORRECTION)
    correction = Correction.objects.filter(application=application).first()
    if correction is None or correction.received_on:
        raise ValidationError("该申请没有等待补正的告知。")
    day = _day(on, "终止日期", not_before=correction.notice_on)
    if day <= correction.deadline_on:
        raise ValidationError(
            f"补正期限至{format_date_cn(correction.deadline_on)}，期满后才能按逾期不补正"
            "终止处理。"
        )
    correction.expired_on = day
    correction.save(update_fields=["expired_on"])
    reply = _closing_reply(actor, application, "other.no_correction", day)
    _move(actor, application, Event.EXPIRE_CORRECTION, after={"on": day})
    return reply


# --- 征求意见 ------------------------------------------------------------------------------


@transaction.atomic
def consultation_start(
    *,
    actor: Any,
    application: Application,
    party_kind: str,
    party_name: str,
    matter: str = "",
    started_on: dt.date | None = None,
) -> Consultation:
    """Ask a third party (条例第三十二条) or a co-producing agency (第三十四条) in writing;
    they have 15 working days, and the time is not counted (第三十三条第三款)."""
    application = _locked(application)
    _check(actor, application, Event.START_CONSULTATION)
    _choice(party_kind, PartyKind.values, "征求意见的对象")
    party_name = intake.normalize_text(party_name)
    if not party_name:
        raise ValidationError("请填写第三方或共同制作机关的名称。")
    day = _day(started_on, "发出征求意见书日期", not_before=application.received_on)
    consultation = Consultation.objects.create(
        application=application,
        party_kind=party_kind,
        party_name=party_name[:200],
        matter=(matter or "").strip(),
        started_on=day,
        answer_due=work_calendar().add_working_days(day, OPINION_PERIOD),
        letter_number=_allocate(actor, application, LetterKind.CONSULTATION, day),
        created_by=_user(actor),
    )
    _clock_event(
        actor,
        application,
        ClockEventKind.CONSULTATION_STARTED,
        day,
        note=PartyKind(party_kind).label,
    )
    _move(
        actor,
        application,
        Event.START_CONSULTATION,
        after={"party_kind": PartyKind(party_kind).label, "started_on": day},
    )
    _store_clock(actor, application)
    audit_record(
        actor=actor,
        verb="disclosures.consultation.started",
        obj=application,
        unit=application.unit,
        after={"answer_due": consultation.answer_due},
    )
    return consultation


@transaction.atomic
def consultation_end(
    *,
    actor: Any,
    consultation: Consultation,
    answer: str,
    answer_text: str = "",
    ended_on: dt.date | None = None,
) -> Consultation:
    """Record the opinion (or the silence) and stop excluding the time. A
    co-producing agency's silence counts as consent (条例第三十四条); a third
    party's silence leaves the decision to the office (第三十二条)."""
    application = _locked(consultation.application)
    _check(actor, application, Event.END_CONSULTATION)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.ended_on is not None:
        raise ValidationError("该征求意见已经结束。")
    _choice(answer, OpinionAnswer.values, "对方的意见")
    day = _day(ended_on, "征求意见结束日期", not_before=consultation.started_on)
    if answer == OpinionAnswer.SILENT and day <= consultation.answer_due:
        raise ValidationError(
            f"提出意见的期限至{format_date_cn(consultation.answer_due)}，期满后才能记录"
            "“逾期未提出意见”。"
        )
    consultation.ended_on = day
    consultation.answer = answer
    consultation.answer_text = (answer_text or "").strip()
    consultation.deemed_consent = (
        answer == OpinionAnswer.SILENT
        and consultation.party_kind == PartyKind.CO_PRODUCER
    )
    consultation.save()
    _clock_event(
        actor,
        application,
        ClockEventKind.CONSULTATION_ENDED,
        day,
        note=OpinionAnswer(answer).label,
    )
    still_open = application.consultations.filter(ended_on__isnull=True).exists()
    _move(
        actor,
        application,
        Event.END_CONSULTATION,
        target=State.CONSULTING if still_open else State.HANDLING,
        after={"answer": OpinionAnswer(answer).label, "ended_on": day},
    )
    _store_clock(actor, application)
    audit_record(
        actor=actor,
        verb="disclosures.consultation.ended",
        obj=application,
        unit=application.unit,
        after={"deemed_consent": consultation.deemed_consent},
    )
    return consultation


# --- 延期、延迟答复 ----------------------------------------------------------------------


@transaction.atomic
def extension_approve(
    *,
    actor: Any,
    application: Application,
    days: int,
    reason: str,
    approved_on: dt.date | None = None,
) -> Extension:
    """延长答复期限 with the consent of the head of the disclosure office; at most 20
    working days in total (条例第三十三条第二款); the applicant is told."""
    application = _locked(application)
    _check(actor, application, Event.EXTEND)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 20:
        raise ValidationError("延长的期限须为1至20个工作日。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请写明需要延长答复期限的理由。")
    day = _day(approved_on, "同意延期日期", not_before=application.received_on)
    before = application.due_on
    if before is not None and day > before:
        raise ValidationError(
            f"答复期限已于{format_date_cn(before)}届满，不能再延长；请尽快答复。"
        )
    _clock_event(actor, application, ClockEventKind.EXTENDED, day, working_days=days)
    _move(actor, application, Event.EXTEND, after={"days": days}, reason=reason)
    _store_clock(actor, application)
    extension = Extension.objects.create(
        application=application,
        days=days,
        reason=reason,
        approved_on=day,
        approved_by=_user(actor),
        due_before=before,
        due_after=application.due_on,
        letter_number=_allocate(actor, application, LetterKind.EXTENSION, day),
    )
    audit_record(
        actor=actor,
        verb="disclosures.extension.approved",
        obj=application,
        unit=application.unit,
        before={"due_on": before},
        after={"due_on": application.due_on, "days": days},
    )
    return extension


@transaction.atomic
def delay_35(
    *,
    actor: Any,
    application: Application,
    until: dt.date,
    reason: str,
    decided_on: dt.date | None = None,
) -> Delay:
    """条例第三十五条: the applicant's requests clearly exceed a reasonable volume or
    frequency, their reasons are reasonable, but the office cannot answer within the
    第三十三条 period: it sets a reasonable later date and tells the applicant."""
    application = _locked(application)
    _check(actor, application, Event.DELAY)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请写明确定延迟答复期限的理由。")
    day = _day(decided_on, "告知日期", not_before=application.received_on)
    if until is None or until <= day:
        raise ValidationError("延迟答复的期限须晚于告知日期。")
    if application.due_on is not None and until <= application.due_on:
        raise ValidationError(
            f"延迟答复的期限须晚于现在的答复期限{format_date_cn(application.due_on)}；"
            "能在该期限内答复的，无需延迟。"
        )
    _clock_event(actor, application, ClockEventKind.DELAYED_REPLY, day, until=until)
    _move(actor, application, Event.DELAY, after={"until": until}, reason=reason)
    _store_clock(actor, application)
    return Delay.objects.create(
        application=application,
        decided_on=day,
        until=until,
        reason=reason,
        letter_number=_allocate(actor, application, LetterKind.DELAY, day),
        created_by=_user(actor),
    )


# --- 信息处理费 ----------------------------------------------------------------------------


@transaction.atomic
def fee_notice(
    *,
    actor: Any,
    application: Application,
    standard: str,
    pieces: int = 1,
    pages: int | None = None,
    notice_on: dt.date | None = None,
) -> Fee:
    """收费通知 (国办函〔2020〕109号): computed with ``gongkai.rules.fees`` from the
    applicant's applications in the same natural month; the time until payment is
    not counted in the reply period (the reading this system takes)."""
    application = _locked(application)
    _check(actor, application, Event.SEND_FEE_NOTICE)
    result, previous, month_total = selectors.fee_preview(
        application, standard=standard, pieces=pieces, pages=pages
    )
    if result.fee_yuan <= 0:
        if standard == FeeStandard.BY_PIECE:
            what = f"本件是该申请人本月第{previous + pieces}件，10件以内不收费"
        else:
            what = f"共{pages}页，30页以内不收费"
        raise ValidationError(f"{what}（国办函〔2020〕109号），无需发出收费通知。")
    day = _day(notice_on, "发出收费通知日期", not_before=application.received_on)
    fee = Fee.objects.create(
        application=application,
        standard=standard,
        pieces=pieces if standard == FeeStandard.BY_PIECE else 1,
        pages=pages if standard == FeeStandard.BY_PAGE else None,
        month_previous=previous,
        month_position=previous + (pieces if standard == FeeStandard.BY_PIECE else 1),
        month_total_by_piece=month_total,
        amount=result.fee_yuan,
        breakdown=[line.to_json() for line in result.breakdown],
        notice_on=day,
        pay_by=work_calendar().add_working_days(day, FEE_PERIOD),
        letter_number=_allocate(actor, application, LetterKind.FEE, day),
        created_by=_user(actor),
    )
    _clock_event(actor, application, ClockEventKind.FEE_NOTICE_SENT, day)
    _move(
        actor,
        application,
        Event.SEND_FEE_NOTICE,
        after={"amount": fee.amount, "pay_by": fee.pay_by},
    )
    _store_clock(actor, application)
    audit_record(
        actor=actor,
        verb="disclosures.fee.noticed",
        obj=application,
        unit=application.unit,
        after={
            "standard": fee.get_standard_display(),
            "amount": fee.amount,
            "month_position": fee.month_position,
        },
    )
    return fee


def _open_fee(application: Application) -> Fee:
    fee = (
        Fee.objects.select_for_update()
        .filter(application=application, paid_on__isnull=True, expired_on__isnull=True)
        .first()
    )
    if fee is None:
        raise ValidationError("该申请没有待缴费的收费通知。")
    return fee


@transaction.atomic
def fee_paid(
    *, actor: Any, application: Application, paid_on: dt.date | None = None
) -> Fee:
    """The applicant paid: the reply period runs again from the next day."""
    application = _locked(application)
    _check(actor, application, Event.RECORD_PAYMENT)
    fee = _open_fee(application)
    day = _day(paid_on, "缴费日期", not_before=fee.notice_on)
    fee.paid_on = day
    fee.save(update_fields=["paid_on"])
    _clock_event(actor, application, ClockEventKind.FEE_PAID, day)
    _move(actor, application, Event.RECORD_PAYMENT, after={"paid_on": day})
    _store_clock(actor, application)
    audit_record(
        actor=actor,
        verb="disclosures.fee.paid",
        obj=application,
        unit=application.unit,
        after={"amount": fee.amount},
    )
    return fee


@transaction.atomic
def fee_expire(
    *, actor: Any, application: Application, on: dt.date | None = None
) -> Reply:
    """逾期未缴费: 20 working days after the notice passed without payment; the
    application is treated as abandoned and counts in 表三（六）其他处理 2."""
    application = _locked(application)
    _check(actor, application, Event.EXPIRE_FEE)
    fee = _open_fee(application)
    day = _day(on, "终止日期", not_before=fee.notice_on)
    if day <= fee.pay_by:
        raise ValidationError(
            f"缴费期限至{format_date_cn(fee.pay_by)}，期满后才能按逾期未缴费终止处理。"
        )
    fee.expired_on = day
    fee.save(update_fields=["expired_on"])
    reply = _closing_reply(actor, application, "other.fee_unpaid", day)
    _move(actor, application, Event.EXPIRE_FEE, after={"on": day})
    return reply


# --- 答复 ------------------------------------------------------------------------------------


def _reasons_for(reply_type: str, codes: Sequence[str]) -> list[ReplyReason]:
    _choice(reply_type, ReplyType.values, "答复类型")
    ensure_reason_library()
    codes = list(dict.fromkeys(c for c in codes if c))
    if not codes:
        raise ValidationError("请从答复理由库中选择理由。")
    found = {r.code: r for r in ReplyReason.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationError(f"答复理由“{'、'.join(missing)}”不在理由库中。")
    reasons = [found[c] for c in codes]
    for reason in reasons:
        if not reason.is_active:
            raise ValidationError(f"答复理由“{reason.label}”已停用，请另选。")
        if reason.code in SYSTEM_REASONS:
            raise ValidationError(
                f"“{reason.label}”由系统在相应操作中记录（逾期不补正、逾期未缴费、"
                "告知不属于本机关），不能在答复中直接选择。"
            )
    label = ReplyType(reply_type).label
    if reply_type == ReplyType.PARTIAL:
        if reasons[0].code != "partial":
            reasons.sort(key=lambda r: r.code != "partial")
        if reasons[0].code != "partial":
            raise ValidationError("部分公开须选择“部分公开（区分处理）”。")
        grounds = reasons[1:]
        if not grounds:
            raise ValidationError(
                "部分公开须说明不予公开部分的理由：请另选至少一项不予公开或无法提供的理由"
                "（条例第三十七条）。"
            )
        if any(ReplyType(r.reply_type) not in PARTIAL_GROUNDS for r in grounds):
            raise ValidationError(
                "部分公开中不予公开部分的理由只能选不予公开或无法提供类的理由。"
            )
        return reasons
    if any(r.reply_type != reply_type for r in reasons):
        raise ValidationError(f"所选理由不属于“{label}”，请重新选择。")
    if reply_type != ReplyType.WITHHELD and len(reasons) > 1:
        raise ValidationError(f"“{label}”只能选择一项理由。")
    return reasons


def _default_text(reasons: Sequence[ReplyReason]) -> str:
    lines = [f"{r.wording}（{r.article}）" if r.wording else r.article for r in reasons]
    return "\n".join(lines)


def _editable_reply(application: Application) -> Reply | None:
    reply = Reply.objects.select_for_update().filter(application=application).first()
    if reply is not None and reply.frozen:
        raise ValidationError(
            f"该申请已于{format_date_cn(reply.sent_on) if reply.sent_on else ''}答复，"
            "答复已定稿，不能修改。"
        )
    return reply


@transaction.atomic
def reply_draft(
    *,
    actor: Any,
    application: Application,
    reply_type: str,
    reason_codes: Sequence[str],
    text: str = "",
) -> Reply:
    """Save (or change) the draft reply, before it is signed off and sent. The letter
    generator reads the draft to preview the 答复书."""
    application = _locked(application)
    require_on(actor, Action.APPLICATION_HANDLE, application)
    if application.state not in {
        State.REVIEW,
        State.HANDLING,
        State.CONSULTING,
        State.AWAITING_FEE,
    }:
        raise ValidationError(
            f"申请当前为“{application.state_label}”状态，不能起草答复。"
        )
    reasons = _reasons_for(reply_type, reason_codes)
    reply = _editable_reply(application) or Reply(
        application=application, created_by=_user(actor)
    )
    reply.reply_type = reply_type
    reply.reason_codes = [r.code for r in reasons]
    reply.report_row = (
        "partial" if reply_type == ReplyType.PARTIAL else reasons[0].report_row
    )
    reply.requires_review_notice = any(r.requires_review_notice for r in reasons)
    reply.text = (text or "").strip() or _default_text(reasons)
    reply.updated_at = timezone.now()
    reply.save()
    reply.reasons.set(reasons)
    audit_record(
        actor=actor,
        verb="disclosures.reply.drafted",
        obj=application,
        unit=application.unit,
        after={
            "reply_type": ReplyType(reply_type).label,
            "reasons": reply.reason_codes,
        },
    )
    return reply


@transaction.atomic
def reply(
    *,
    actor: Any,
    application: Application,
    reply_type: str | None = None,
    reason_codes: Sequence[str] | None = None,
    text: str | None = None,
    sent_on: dt.date | None = None,
    delivery_way: str | None = None,
) -> Reply:
    """答复 (条例第三十六条至第三十九条): the type and reasons from the library, the
    text, the day it was sent. Without ``reply_type`` the saved draft is sent. A
    部分公开 counts once, in row （二）. The sent reply is frozen."""
    application = _locked(application)
    _check(actor, application, Event.REPLY)
    if application.consultations.filter(ended_on__isnull=True).exists():
        raise ValidationError("仍有征求意见尚未结束，请先记录对方的意见再答复。")
    draft = _editable_reply(application)
    if reply_type is None:
        if draft is None:
            raise ValidationError("请选择答复类型和理由。")
        reply_type = draft.reply_type
        reason_codes = draft.reason_codes if reason_codes is None else reason_codes
        text = draft.text if text is None else text
    reasons = _reasons_for(reply_type, reason_codes or [])
    way = delivery_way or application.delivery_way
    _choice(way, DeliveryWay.values, "送达方式")
    day = _day(
        sent_on,
        "答复日期",
        not_before=application.received_on or application.arrived_on,
    )
    answer = draft or Reply(application=application, created_by=_user(actor))
    answer.reply_type = reply_type
    answer.reason_codes = [r.code for r in reasons]
    answer.report_row = (
        "partial" if reply_type == ReplyType.PARTIAL else reasons[0].report_row
    )
    answer.requires_review_notice = any(r.requires_review_notice for r in reasons)
    answer.text = (text or "").strip() or _default_text(reasons)
    answer.delivery_way = way
    answer.sent_on = day
    answer.frozen = True
    answer.sent_by = _user(actor)
    answer.updated_at = timezone.now()
    _move(
        actor,
        application,
        Event.REPLY,
        after={
            "reply_type": ReplyType(reply_type).label,
            "report_row": answer.report_row,
            "sent_on": day,
        },
    )
    answer.letter_number = _allocate(actor, application, LetterKind.REPLY, day)
    answer.save()
    answer.reasons.set(reasons)
    _conclude(application, answer.report_row, day)
    audit_record(
        actor=actor,
        verb="disclosures.reply.sent",
        obj=application,
        unit=application.unit,
        after={
            "reply_type": ReplyType(reply_type).label,
            "reasons": answer.reason_codes,
            "review_notice": answer.requires_review_notice,
            "late": application.due_on is not None and day > application.due_on,
        },
    )
    return answer


@transaction.atomic
def referral(
    *,
    actor: Any,
    application: Application,
    agency_name: str,
    agency_contact: str = "",
    reason: str = "",
    referred_on: dt.date | None = None,
) -> Referral:
    """条例第三十六条第（五）项: not ours to disclose; tell the applicant, naming the
    responsible agency and its contact when they can be determined."""
    application = _locked(application)
    _check(actor, application, Event.REFER)
    agency_name = intake.normalize_text(agency_name)
    if not agency_name:
        raise ValidationError("请填写负责公开该政府信息的行政机关名称。")
    day = _day(
        referred_on,
        "告知日期",
        not_before=application.received_on or application.arrived_on,
    )
    made = Referral.objects.create(
        application=application,
        agency_name=agency_name[:200],
        agency_contact=intake.normalize_text(agency_contact)[:300],
        reason=(reason or "").strip(),
        referred_on=day,
    )
    _move(actor, application, Event.REFER, after={"agency": made.agency_name})
    ensure_reason_library()
    wording = ReplyReason.objects.get(code="unable.not_responsible").wording
    contact = f"（联系方式：{made.agency_contact}）" if made.agency_contact else ""
    text = f"{wording}{made.agency_name}{contact}。" + (
        f"\n{made.reason}" if made.reason else ""
    )
    _closing_reply(actor, application, "unable.not_responsible", day, text=text)
    audit_record(
        actor=actor,
        verb="disclosures.referral.recorded",
        obj=application,
        unit=application.unit,
        after={"agency": made.agency_name},
    )
    return made


@transaction.atomic
def mark_duplicate(
    *, actor: Any, application: Application, original: Application, note: str = ""
) -> Application:
    """The same application registered twice (for example sent by post and online):
    this registration is merged into ``original`` and not counted again."""
    application = _locked(application)
    _check(actor, application, Event.MARK_DUPLICATE)
    if original.pk == application.pk:
        raise ValidationError("不能把申请标记为自身的重复登记。")
    if original.unit_id != application.unit_id:
        raise ValidationError("原申请须是向同一机关提出的申请。")
    if original.duplicate_of_id is not None or original.state == State.DUPLICATE:
        raise ValidationError(
            f"{original.number}本身是重复登记，请选择最早登记的那件申请。"
        )
    application.duplicate_of = original
    application.save(update_fields=["duplicate_of"])
    _move(
        actor,
        application,
        Event.MARK_DUPLICATE,
        after={"original": original.number},
        reason=note,
    )
    return application


@transaction.atomic
def archive(*, actor: Any, application: Application, note: str = "") -> Application:
    """归档 (条例第四十五条): the file is complete."""
    application = _locked(application)
    _check(actor, application, Event.ARCHIVE)
    return _move(actor, application, Event.ARCHIVE, reason=note)


# --- 行政复议、行政诉讼 --------------------------------------------------------------------


def _check_outcome(outcome: str, filed_on: dt.date, decided_on: dt.date | None) -> None:
    _choice(outcome, ReviewOutcome.values, "结果")
    if outcome == ReviewOutcome.PENDING:
        if decided_on is not None:
            raise ValidationError("尚未审结的案件不能填写审结日期。")
        return
    if decided_on is None:
        raise ValidationError("请填写审结日期。")
    if decided_on < filed_on:
        raise ValidationError("审结日期不能早于申请或起诉日期。")
    if decided_on > _today():
        raise ValidationError("审结日期不能晚于今天。")


@transaction.atomic
def review_case_add(
    *,
    actor: Any,
    application: Application,
    kind: str,
    body: str,
    filed_on: dt.date,
    case_number: str = "",
    outcome: str = ReviewOutcome.PENDING,
    decided_on: dt.date | None = None,
    note: str = "",
) -> ReviewCase:
    """A 行政复议 or 行政诉讼 about the application (年度报告表四)."""
    application = _locked(application)
    require_on(actor, Action.APPLICATION_REGISTER, application)
    if application.state in {State.REGISTERED, State.DUPLICATE}:
        raise ValidationError("尚未登记收到或重复登记的申请不能登记复议、诉讼。")
    _choice(kind, ReviewKind.values, "类型")
    body = intake.normalize_text(body)
    if not body:
        raise ValidationError("请填写复议机关或人民法院的名称。")
    if filed_on is None or filed_on > _today():
        raise ValidationError("请填写申请复议或起诉的日期（不能晚于今天）。")
    _check_outcome(outcome, filed_on, decided_on)
    case = ReviewCase.objects.create(
        application=application,
        kind=kind,
        body=body[:200],
        case_number=intake.normalize_text(case_number)[:100],
        filed_on=filed_on,
        outcome=outcome,
        decided_on=decided_on,
        note=(note or "").strip(),
        created_by=_user(actor),
    )
    audit_record(
        actor=actor,
        verb="disclosures.review_case.added",
        obj=application,
        unit=application.unit,
        after={
            "kind": ReviewKind(kind).label,
            "outcome": ReviewOutcome(outcome).label,
        },
    )
    return case


@transaction.atomic
def review_case_update(
    *,
    actor: Any,
    case: ReviewCase,
    outcome: str,
    decided_on: dt.date | None = None,
    note: str | None = None,
) -> ReviewCase:
    case = (
        ReviewCase.objects.select_for_update(of=("self",))
        .select_related("application__unit")
        .get(pk=case.pk)
    )
    require_on(actor, Action.APPLICATION_REGISTER, case.application)
    _check_outcome(outcome, case.filed_on, decided_on)
    before = ReviewOutcome(case.outcome).label
    case.outcome = outcome
    case.decided_on = decided_on
    if note is not None:
        case.note = note.strip()
    case.save()
    audit_record(
        actor=actor,
        verb="disclosures.review_case.updated",
        obj=case.application,
        unit=case.application.unit,
        before={"outcome": before},
        after={"outcome": ReviewOutcome(outcome).label, "decided_on": decided_on},
    )
    return case


# --- the daily refresh of paused clocks --------------------------------------------------


@transaction.atomic
def application_clocks_refresh(*, actor: Any = None) -> int:
    """Store again the clocks paused by an open consultation or an unpaid fee notice:
    their due date moves one working day later for every working day that passes
    (条例第三十三条第三款; 国办函〔2020〕109号 as this system reads it). Run daily by
    the worker (``gongkai refresh_application_clocks``). Returns how many changed."""
    if actor is not None:
        require(actor, Action.APPLICATION_REGISTER, None)
    changed = 0
    paused = Application.objects.filter(
        state__in=[State.CONSULTING, State.AWAITING_FEE], received_on__isnull=False
    ).select_related("unit", "handler")
    for application in paused.iterator(chunk_size=500):
        before = application.due_on
        _store_clock(actor, application)
        changed += application.due_on != before
    audit_record(
        actor=actor,
        verb="disclosures.application.clocks_refreshed",
        after={"paused": paused.count(), "changed": changed},
    )
    return changed


# --- letters, reasons, feeds, documents ----------------------------------------------------


@transaction.atomic
def letter_number_allocate(
    *,
    actor: Any,
    application: Application,
    kind: str,
    on: dt.date | None = None,
) -> LetterNumber:
    """Give the next 文号 of the unit applied to (per unit and year) to a letter."""
    application = _locked(application)
    require_on(actor, Action.APPLICATION_HANDLE, application)
    _choice(kind, LetterKind.values, "文书种类")
    return _allocate(actor, application, LetterKind(kind), on or _today())


@transaction.atomic
def letter_prefix_set(*, actor: Any, unit: Unit, prefix: str) -> LetterPrefix:
    """The 文号 prefix of the unit's letters, e.g. “示教依复”."""
    require(actor, Action.APPLICATION_REGISTER, unit)
    prefix = intake.normalize_text(prefix)
    if not 2 <= len(prefix) <= 20 or any(c in prefix for c in "〔〕[]()（）"):
        raise ValidationError("文号前缀须为2至20个字，不含括号和年份，例如“示教依复”。")
    before = selectors.letter_prefix_for(unit)
    made, _ = LetterPrefix.objects.update_or_create(
        unit=unit, defaults={"prefix": prefix}
    )
    audit_record(
        actor=actor,
        verb="disclosures.letter_prefix.set",
        obj=unit,
        unit=unit,
        before={"prefix": before},
        after={"prefix": prefix},
    )
    return made


@transaction.atomic
def reply_reason_update(
    *,
    actor: Any,
    reason: ReplyReason,
    wording: str,
    label: str | None = None,
    is_active: bool | None = None,
) -> ReplyReason:
    """Change the wording of a reason (its code, type and report row stay)."""
    require(actor, Action.APPLICATION_REASONS_MANAGE, None)
    reason = ReplyReason.objects.select_for_update().get(pk=reason.pk)
    before = {
        "label": reason.label,
        "wording": reason.wording,
        "active": reason.is_active,
    }
    if label is not None:
        label = intake.normalize_text(label)
        if not label:
            raise ValidationError("理由名称不能为空。")
        reason.label = label[:200]
    reason.wording = (wording or "").strip()
    if is_active is not None:
        reason.is_active = bool(is_active)
    reason.save()
    audit_record(
        actor=actor,
        verb="disclosures.reason.updated",
        obj=reason,
        before=before,
        after={
            "label": reason.label,
            "wording": reason.wording,
            "active": reason.is_active,
        },
    )
    return reason


@transaction.atomic
def feed_token_reset(*, actor: Any) -> FeedToken:
    """A new secret for the actor's .ics deadline feed (the old URL stops working)."""
    if _user(actor) is None:
        raise ValidationError("请先登录。")
    token, _ = FeedToken.objects.update_or_create(
        staff=actor,
        defaults={"token": secrets.token_urlsafe(32), "created_at": timezone.now()},
    )
    audit_record(actor=actor, verb="disclosures.feed_token.reset", obj=actor)
    return token


@dataclass(frozen=True)
class DocumentContent:
    name: str
    content_type: str
    data: bytes


@transaction.atomic
def id_document_read(*, actor: Any, application: Application) -> DocumentContent:
    """Decrypt the applicant's 身份证明 for a member of staff handling the
    application; every read is recorded."""
    require_on(actor, Action.APPLICATION_VIEW_PERSONAL, application)
    if not application.id_document_path:
        raise NotFound("该申请没有上传身份证明。")
    data = read_encrypted_file(application.id_document_path)
    audit_record(
        actor=actor,
        verb="disclosures.id_document.downloaded",
        obj=application,
        unit=application.unit,
    )
    return DocumentContent(
        name=application.id_document_name,
        content_type=application.id_document_type,
        data=data,
    )


# --- letters -----------------------------------------------------------------------------
# The letters (答复书, 告知书, 补正告知书, 延期/延迟答复告知书, 征求意见书, 收费通知书):
# text from the unit's templates, edited before sign-off, frozen when sent. The
# rendering and the files are in ``gongkai.disclosures.letters``.


def _actor_name(actor: Any) -> str:
    user = _user(actor)
    if user is None:
        return "系统"
    return str(getattr(user, "display_name", "") or user.get_username())


@transaction.atomic
def letter_update_text(
    *, actor: Any, application: Application, kind: str, record_id: int, text: str
) -> str:
    """Change the text of a letter before it is sent (empty ``text``: back to what
    the template makes). A sent letter is frozen and cannot be changed."""
    from gongkai.disclosures import letters

    application = _locked(application)
    require_on(actor, Action.APPLICATION_HANDLE, application)
    view = letters.letter_view(application, kind, record_id)
    if view.frozen:
        raise ValidationError("该文书已确认发出并定稿，不能修改。")
    verb = "disclosures.letter.edited"
    if not (text or "").strip():
        letters.delete_draft(application, view.record)
        verb = "disclosures.letter.reset"
        cleaned = letters.template_text(application, view.record)
    else:
        cleaned = letters.check_text(text)
        letters.store_draft(application, view.record, cleaned, _actor_name(actor))
    audit_record(
        actor=actor,
        verb=verb,
        obj=application,
        unit=application.unit,
        after={"文书": view.kind_label, "文号": view.doc.number or "（未取号）"},
    )
    return cleaned


@transaction.atomic
def letter_send(
    *, actor: Any, application: Application, kind: str, record_id: int
) -> Any:
    """确认发出: freeze the letter — its text, .docx and PDF are kept as they are now
    and never change again. For a reply still in draft this also sends the reply
    (``reply``: 文号, 答复日期). Returns ``letters.Sent``."""
    from gongkai.disclosures import letters

    application = _locked(application)
    require_on(actor, Action.APPLICATION_HANDLE, application)
    view = letters.letter_view(application, kind, record_id)
    if view.frozen:
        raise ValidationError("该文书已确认发出，不能再次发出。")
    letters.check_remedies(view, view.text)
    text = view.text
    if view.reply_pending:
        reply(actor=actor, application=application)
        application = _locked(application)
    record = letters.record_for(application, view.kind, view.record_id)
    if view.draft is None:
        # Not edited: made again now that the reply has its 文号 and date.
        text = letters.template_text(application, record)
        letters.check_remedies(view, text)
    doc = letters.build_doc(application, record, text, draft=False)
    if not doc.number:
        raise ValidationError("该文书还没有文号，不能发出。")
    docx = letters.to_docx(doc)
    pdf = letters.to_pdf(doc)
    audit_record(
        actor=actor,
        verb="disclosures.letter.sent",
        obj=application,
        unit=application.unit,
        after={
            "文书": view.kind_label,
            "文号": doc.number,
            "成文日期": doc.date,
            "edited": view.draft is not None,
        },
    )
    # Last: the files are written only when everything else has succeeded.
    return letters.store_sent(
        application,
        record,
        doc=doc,
        text=text,
        docx=docx,
        pdf=pdf,
        by=_actor_name(actor),
    )


@transaction.atomic
def letter_template_save(*, actor: Any, unit: Unit, key: str, text: str) -> str:
    """The unit's own template of a letter kind (empty ``text``: back to the
    default). Letters already sent keep their frozen text."""
    from gongkai.disclosures import letters

    require(actor, Action.APPLICATION_REGISTER, unit)
    spec = letters.TEMPLATES.get(key)
    if spec is None:
        raise ValidationError("请选择文书模板。")
    if not (text or "").strip():
        removed = letters.delete_template(unit, key)
        audit_record(
            actor=actor,
            verb="disclosures.letter_template.reset",
            obj=unit,
            unit=unit,
            after={"模板": spec.label, "removed": removed},
        )
        return letters.default_template(key)
    cleaned = letters.check_template(key, text)
    before, _ = letters.unit_template(unit, key)
    letters.store_template(unit, key, cleaned)
    audit_record(
        actor=actor,
        verb="disclosures.letter_template.saved",
        obj=unit,
        unit=unit,
        before={"模板": spec.label, "chars": len(before)},
        after={"模板": spec.label, "chars": len(cleaned)},
    )
    return cleaned


# --- the daily deadline digest --------------------------------------------------------------


def _digest_record(actor: Any, digest: selectors.Digest) -> ReminderDigest | None:
    """Store the day's digest and send the workbench notification, in one
    transaction of their own; ``None`` when someone else stored it first."""
    staff = digest.staff
    try:
        with transaction.atomic():
            row = ReminderDigest.objects.create(
                staff=staff,
                day=digest.day,
                overdue=len(digest.overdue),
                due_soon=len(digest.due_soon),
                numbers=digest.numbers,
            )
            notification_send(
                actor=actor,
                recipient=staff,
                title=reminders.title(digest),
                body=reminders.notification_body(digest),
                link=reminders.queue_path(),
            )
            audit_record(
                actor=actor,
                verb="disclosures.reminder.sent",
                obj=row,
                after={
                    "recipient": staff.get_username(),
                    "overdue": len(digest.overdue),
                    "due_soon": len(digest.due_soon),
                    "numbers": digest.numbers,
                    "email": bool(staff.email),
                },
            )
    except IntegrityError:
        return None
    return row


_SERVER_DOWN = "邮件服务器不可用，本次未发送："


def _digest_email_failed(
    actor: Any, row: ReminderDigest, staff: Staff, error: str
) -> None:
    ReminderDigest.objects.filter(pk=row.pk).update(
        email_status=EmailStatus.FAILED, email_error=error[:300]
    )
    audit_record(
        actor=actor,
        verb="disclosures.reminder.email_failed",
        obj=row,
        after={"recipient": staff.get_username(), "error": error[:300]},
    )


def _digest_email(actor: Any, row: ReminderDigest, digest: selectors.Digest) -> str:
    """Send the digest by e-mail once. A failure is logged and kept on the row (and
    in the operation records); it is not tried again. Returns "" when sent, else
    the error; a server that cannot be reached at all is reported as such
    (``_SERVER_DOWN``) so that the run does not wait for it once per person."""
    staff = digest.staff
    try:
        EmailMessage(
            subject=reminders.email_subject(digest),
            body=reminders.email_body(digest),
            to=[staff.email],
        ).send()
    except Exception as exc:  # anything the mail server or the network does
        logger.exception(
            "依申请公开期限提醒邮件发送失败（工作人员 %s）", staff.username
        )
        error = f"{type(exc).__name__}: {exc}"
        _digest_email_failed(actor, row, staff, error)
        refused = isinstance(exc, smtplib.SMTPRecipientsRefused)
        return error if refused else _SERVER_DOWN + error
    ReminderDigest.objects.filter(pk=row.pk).update(email_status=EmailStatus.SENT)
    return ""


def reminders_send(*, actor: Any = None, today: dt.date | None = None) -> int:
    """The daily deadline digest: every member of staff responsible for running
    applications (the handler; without a handler, the disclosure office of the unit
    applied to) gets one workbench notification listing their applications past the
    reply deadline and due within 5 working days, and the same by e-mail when their
    account has an address. No applicant data: 申请编号, unit, state, deadline.

    At most once per person and day (``ReminderDigest``), on working days only (the
    official calendar with 调休). Each digest is stored with its notification in a
    transaction of its own, and the e-mail is sent after that commit, so a mail
    server that fails loses no notification and is not tried again (nor, within the
    run, for the next people once it could not be reached at all). Run by the
    worker (``apps.py``). Returns how many people got a digest."""
    if actor is not None:
        require(actor, Action.APPLICATION_REGISTER, None)
    day = today or _today()
    if not work_calendar().is_workday(day):
        return 0
    already = selectors.reminder_digests_sent(day)
    sent = 0
    server_down = ""  # after the server failed once, the run stops trying it
    for staff in selectors.reminder_candidates(today=day):
        if staff.pk in already:
            continue
        digest = selectors.reminder_digest_for(staff, today=day)
        if not digest.overdue and not digest.due_soon:
            continue
        row = _digest_record(actor, digest)
        if row is None:
            continue
        if staff.email and server_down:
            _digest_email_failed(actor, row, staff, server_down)
        elif staff.email:
            error = _digest_email(actor, row, digest)
            if error.startswith(_SERVER_DOWN):
                server_down = error
        sent += 1
    return sent


# --- 条例第四十四条: information several applicants asked for ------------------------------
# The disclosure office of the unit decides (``APPLICATION_REGISTER`` in the unit: the
# same people who register, assign and answer its applications). Converting also
# starts a 主动公开 draft, so it needs ``PUBLICATION_DRAFT`` there too (the office has
# both); the draft then goes through the normal 三审 before anything is public.


def _decision_start(
    actor: Any,
    group: selectors.SameInformationGroup,
    outcome: SameInformationOutcome,
    reason: str = "",
) -> SameInformationDecision:
    try:
        with transaction.atomic():
            return SameInformationDecision.objects.create(
                unit=group.unit,
                key=group.key,
                information=group.information[:300],
                outcome=outcome,
                reason=reason,
                application_numbers=group.numbers,
                applicants=group.applicants,
                decided_by=_user(actor),
            )
    except IntegrityError:
        raise ValidationError("该组申请已经处理过了，请刷新页面。") from None


def _draft_summary(group: selectors.SameInformationGroup) -> str:
    return (
        f"依据《政府信息公开条例》第四十四条，{group.applicants}个申请人就该信息向"
        f"{group.unit.name}申请公开（申请编号：{'、'.join(group.numbers)}），"
        "已予以公开或部分公开，现纳入主动公开范围。"
    )


@transaction.atomic
def same_information_convert(
    *, actor: Any, unit: Unit, key: str
) -> SameInformationDecision:
    """“转为主动公开”: start a 主动公开 draft of the information (title from what the
    applicants wrote, the 文号 when there is one, the application numbers in its
    summary) and mark the group decided. Nothing is published here: the draft is
    completed and goes through the review like any other."""
    group = selectors.same_information_group_get(actor, unit.pk, key)
    require(actor, Action.APPLICATION_REGISTER, group.unit)
    require(actor, Action.PUBLICATION_DRAFT, group.unit)
    decision = _decision_start(actor, group, SameInformationOutcome.CONVERTED)
    record = record_create(
        actor=actor,
        unit=group.unit,
        data=RevisionInput(
            title=information_title(group.information),
            formed_on=_today(),
            summary=_draft_summary(group),
            doc_number=single_doc_number(group.information),
        ),
    )
    decision.record = record
    decision.save(update_fields=["record"])
    audit_record(
        actor=actor,
        verb="disclosures.same_information.converted",
        obj=decision,
        unit=group.unit,
        after={
            "information": group.information,
            "applicants": group.applicants,
            "numbers": group.numbers,
            "draft": record.pk,
        },
    )
    return decision


@transaction.atomic
def same_information_decline(
    *, actor: Any, unit: Unit, key: str, reason: str
) -> SameInformationDecision:
    """“不转”: keep the information out of 主动公开, with the reason, and mark the
    group decided."""
    group = selectors.same_information_group_get(actor, unit.pk, key)
    require(actor, Action.APPLICATION_REGISTER, group.unit)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            "请填写不转为主动公开的理由，例如“该信息只涉及特定申请人，不具有普遍性”。"
        )
    if len(reason) > 2000:
        raise ValidationError("理由过长（最多2000个字），请精简。")
    decision = _decision_start(
        actor, group, SameInformationOutcome.DECLINED, reason=reason
    )
    audit_record(
        actor=actor,
        verb="disclosures.same_information.declined",
        obj=decision,
        unit=group.unit,
        after={
            "information": group.information,
            "applicants": group.applicants,
            "numbers": group.numbers,
        },
        reason=reason,
    )
    return decision
