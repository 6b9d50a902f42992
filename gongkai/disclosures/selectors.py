"""Reads of applications. Staff see an application when they may view it in the unit
applied to or handle it in the department it was assigned to; a hidden application
is ``NotFound`` exactly like a missing one. The applicant's personal data is read
only through ``personal_data`` (the people handling the application).

The public (tracking page, public API) reads only through ``*_public`` functions,
which never return the ID document, the ID number or the contact details.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone

from gongkai.calendars.models import StoredDeadline
from gongkai.calendars.selectors import deadline_get, work_calendar
from gongkai.core.exceptions import NotFound, PermissionDenied, ValidationError
from gongkai.disclosures import intake
from gongkai.disclosures.crypto import hashes_equal
from gongkai.disclosures.models import (
    ApplicantType,
    Application,
    Channel,
    Consultation,
    FeedToken,
    IdKind,
    LetterKind,
    LetterPrefix,
    ReminderDigest,
    Reply,
    ReplyReason,
    SameInformationDecision,
)
from gongkai.disclosures.permissions import (
    may_see_personal,
    visible_q,
    visible_units_q,
)
from gongkai.disclosures.reasons import ReplyType, ensure_reason_library
from gongkai.disclosures.states import (
    CLOCK_RUNNING_STATES,
    OPEN_STATES,
    PUBLIC_LABELS,
    WAITING_FOR_APPLICANT,
    State,
)
from gongkai.organizations.models import RoleAssignment, Staff, Unit
from gongkai.organizations.permissions import can, scope_for
from gongkai.organizations.roles import ROLE_ACTIONS, Action, Role
from gongkai.rules.deadlines import ClockEvent, ClockEventKind
from gongkai.rules.fees import FeeResult, FeeStandard, fee_by_page, fee_by_piece
from gongkai.rules.same_information import is_doc_number_key
from gongkai.rules.workdays import format_date_cn

CLOCK = "disclosures.application"
_PLACE = re.compile(r"^(.+?[省市县区旗镇乡])(.*)$")
DUE_SOON_WORKING_DAYS = 5

# --- units -----------------------------------------------------------------------------


def units_accepting_public() -> QuerySet[Unit]:
    """Units the public may apply to: active units where someone holds a role that
    registers applications (the 政府信息公开工作机构)."""
    roles = [
        role
        for role, actions in ROLE_ACTIONS.items()
        if Action.APPLICATION_REGISTER in actions and role != Role.ADMIN
    ]
    unit_ids = RoleAssignment.objects.filter(
        role__in=roles, staff__is_active=True
    ).values_list("unit_id", flat=True)
    return Unit.objects.filter(pk__in=unit_ids, is_active=True).order_by("path")


def unit_accepting_public_get(unit_id: Any) -> Unit:
    try:
        return units_accepting_public().get(pk=unit_id)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise ValidationError("请选择受理申请的机关。") from None


def letter_prefix_for(unit: Unit) -> str:
    """The unit's 文号 prefix, or one made from its name: 示例市教育局 → “示教依复”,
    示例市人民政府 → “示政依复” (offices set their own on the library page)."""
    found = LetterPrefix.objects.filter(unit=unit).values_list("prefix", flat=True)
    for prefix in found:
        return prefix
    match = _PLACE.match(unit.name)
    place, rest = match.groups() if match else (unit.name, "")
    rest = rest.removeprefix("人民")
    body = "政" if rest.startswith("政府") else rest[:1]
    return f"{place[:1]}{body}依复"


# --- staff reads ------------------------------------------------------------------------


def applications_visible_to(actor: Any) -> QuerySet[Application]:
    return Application.objects.filter(visible_q(actor)).select_related(
        "unit", "department", "handler"
    )


def application_get(actor: Any, application_id: Any) -> Application:
    try:
        return applications_visible_to(actor).get(pk=application_id)
    except (Application.DoesNotExist, ValueError, TypeError):
        raise NotFound("找不到该申请，或您无权查看。") from None


def application_by_number(actor: Any, number: str) -> Application:
    try:
        return applications_visible_to(actor).get(number=(number or "").strip())
    except Application.DoesNotExist:
        raise NotFound("找不到该申请，或您无权查看。") from None


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def due_soon_limit(today: dt.date | None = None) -> dt.date:
    """The last day of "due within 5 working days" (today not counted)."""
    return work_calendar().add_working_days(_today(today), DUE_SOON_WORKING_DAYS)


def _running(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.filter(state__in=[s.value for s in CLOCK_RUNNING_STATES])


# No queue shows the applicant's identity or contact details: the queues neither read
# nor decrypt them (a page of 50 rows would otherwise decrypt 250 tokens).
NOT_IN_QUEUES = ("id_number", "phone", "email", "address", "postcode")


def _queue_rows(actor: Any) -> QuerySet[Application]:
    return applications_visible_to(actor).defer(*NOT_IN_QUEUES)


def applications_mine(actor: Any) -> QuerySet[Application]:
    """Open applications the actor handles; for the disclosure office also the ones
    not yet assigned to anybody in its units."""
    register = scope_for(actor, Action.APPLICATION_REGISTER)
    q = Q(handler=actor) if getattr(actor, "pk", None) else Q(pk__in=[])
    if not register.empty:
        q |= Q(handler__isnull=True) & register.q("unit__")
    return (
        _queue_rows(actor)
        .filter(q, state__in=[s.value for s in OPEN_STATES])
        .order_by("due_on", "submitted_at")
    )


def applications_due_soon(
    actor: Any, *, today: dt.date | None = None
) -> QuerySet[Application]:
    """Running clocks due today or within the next 5 working days."""
    day = _today(today)
    return (
        _running(_queue_rows(actor))
        .filter(due_on__gte=day, due_on__lte=due_soon_limit(day))
        .order_by("due_on", "id")
    )


def applications_overdue(
    actor: Any, *, today: dt.date | None = None
) -> QuerySet[Application]:
    """Running clocks past their due date and not answered."""
    return (
        _running(_queue_rows(actor))
        .filter(due_on__lt=_today(today))
        .order_by("due_on", "id")
    )


def applications_waiting(actor: Any) -> QuerySet[Application]:
    """Waiting for the applicant: a correction or a payment."""
    return (
        _queue_rows(actor)
        .filter(state__in=[s.value for s in WAITING_FOR_APPLICANT])
        .order_by("submitted_at")
    )


def applications_to_confirm(actor: Any) -> QuerySet[Application]:
    return _queue_rows(actor).filter(state=State.REGISTERED).order_by("submitted_at")


def applications_of_unit(actor: Any, unit_id: Any) -> QuerySet[Application]:
    return applications_visible_to(actor).filter(
        Q(unit_id=unit_id) | Q(department_id=unit_id)
    )


def applications_of_handler(actor: Any, handler_id: Any) -> QuerySet[Application]:
    return applications_visible_to(actor).filter(handler_id=handler_id)


@dataclass(frozen=True)
class QueueFilterChoices:
    units: list[Unit]
    handlers: list[Staff]


def _handling_roles() -> list[str]:
    """Roles that handle or register applications (whoever may be a 承办人)."""
    return [
        role
        for role, actions in ROLE_ACTIONS.items()
        if Action.APPLICATION_HANDLE in actions
        or Action.APPLICATION_REGISTER in actions
    ]


def queue_filter_choices(actor: Any) -> QueueFilterChoices:
    """The choices of the queue page's unit and handler filters, read from the
    organisation, not from the applications (a few hundred rows at most, however many
    applications there are): the active units where the actor may see applications
    (``permissions.visible_units_q``), and the active staff holding a role that
    handles or registers applications in one of those units. The filters themselves
    still apply to the applications the actor may see."""
    units = list(
        Unit.objects.filter(visible_units_q(actor), is_active=True).order_by("path")
    )
    holders = RoleAssignment.objects.filter(
        role__in=_handling_roles(), unit_id__in=[u.pk for u in units]
    ).values("staff_id")
    handlers = Staff.objects.filter(pk__in=holders, is_active=True)
    return QueueFilterChoices(units=units, handlers=list(handlers.order_by("username")))


def queue_items(user: Any) -> list[tuple[str, str, str]]:
    """The user's open applications for the workbench queue, overdue first:
    (title, url, note)."""
    today = timezone.localdate()
    items: list[tuple[str, str, str]] = []
    groups = same_information_pending_count(user)
    if groups:
        items.append(
            (
                f"可转为主动公开的信息（条例第四十四条）{groups}组",
                reverse("disclosures:same_information"),
                "多个申请人申请并已获公开的相同信息，请决定是否纳入主动公开",
            )
        )
    seen: set[int] = set()
    for application in applications_overdue(user, today=today)[:50]:
        seen.add(application.pk)
        items.append(
            (
                f"{application.number}（{application.unit.name}）",
                reverse("disclosures:detail", args=[application.pk]),
                f"已超过答复期限{format_date_cn(application.due_on)}"
                if application.due_on
                else "已超过答复期限",
            )
        )
    for application in applications_mine(user)[:100]:
        if application.pk in seen:
            continue
        if application.due_on is not None:
            mark = "（暂定）" if application.due_provisional else ""
            note = f"{application.state_label} · 答复期限{format_date_cn(application.due_on)}{mark}"
        else:
            note = application.state_label
        items.append(
            (
                f"{application.number}（{application.unit.name}）",
                reverse("disclosures:detail", args=[application.pk]),
                note,
            )
        )
    return items


# --- one application ---------------------------------------------------------------------


@dataclass(frozen=True)
class PersonalData:
    applicant_name: str
    applicant_type: str
    id_kind: str
    id_number: str
    legal_representative: str
    phone: str
    email: str
    address: str
    postcode: str
    has_document: bool
    document_name: str


def personal_data(actor: Any, application: Application) -> PersonalData:
    """The applicant's identity and contact details, for those handling it."""
    if not may_see_personal(actor, application):
        raise PermissionDenied(
            "申请人的身份证明和联系方式只向办理该申请的工作人员显示。"
        )
    return PersonalData(
        applicant_name=application.applicant_name,
        applicant_type=ApplicantType(application.applicant_type).full_label,
        id_kind=IdKind(application.id_kind).label,
        id_number=application.id_number,
        legal_representative=application.legal_representative,
        phone=application.phone,
        email=application.email,
        address=application.address,
        postcode=application.postcode,
        has_document=bool(application.id_document_path),
        document_name=application.id_document_name,
    )


def stored_deadline(application: Application) -> StoredDeadline | None:
    return deadline_get(clock=CLOCK, obj=application)


def deadline_explanation(application: Application) -> list[str]:
    row = stored_deadline(application)
    return list(row.explanation) if row is not None else []


def clock_events(application: Application) -> list[ClockEvent]:
    return [
        ClockEvent(
            kind=ClockEventKind(e.kind),
            day=e.day,
            working_days=e.working_days,
            until=e.until,
        )
        for e in application.clock_events.order_by("day", "id")
    ]


def clock_events_json(application: Application) -> list[dict[str, Any]]:
    """The events in the JSON form ``gongkai deadline --events`` reads."""
    from gongkai.calendars.events import events_to_json

    return events_to_json(clock_events(application))


def applicant_month_count(application: Application) -> int:
    """How many applications the same applicant made to the same body earlier in the
    same natural month (国办函〔2020〕109号 第四条: 同一申请人一个自然月内累计申请; the
    body charging the fee counts the applications made to it), registrations merged
    as duplicates not counted."""
    day = application.received_on or application.arrived_on
    first = day.replace(day=1)
    earlier = Q(received_on__lt=day) | Q(received_on=day, pk__lt=application.pk)
    return (
        Application.objects.filter(
            unit_id=application.unit_id,
            applicant_key=application.applicant_key,
            received_on__gte=first,
            received_on__lte=day,
            duplicate_of__isnull=True,
        )
        .filter(earlier)
        .exclude(pk=application.pk)
        .exclude(state=State.DUPLICATE)
        .count()
    )


def fee_preview(
    application: Application,
    *,
    standard: str,
    pieces: int = 1,
    pages: int | None = None,
) -> tuple[FeeResult, int, Decimal]:
    """The fee under 国办函〔2020〕109号 (nothing saved): the result, the applicant's
    earlier applications this month, and what the whole month would cost by piece."""
    previous = applicant_month_count(application)
    try:
        if standard == FeeStandard.BY_PIECE:
            if isinstance(pieces, bool) or not isinstance(pieces, int):
                raise ValidationError("计费件数须为正整数。")
            result = fee_by_piece(previous=previous, new=pieces)
            count = pieces
        elif standard == FeeStandard.BY_PAGE:
            if pages is None or isinstance(pages, bool) or not isinstance(pages, int):
                raise ValidationError("按量计收时请填写提供的页数。")
            result = fee_by_page(pages=pages)
            count = 1
        else:
            raise ValidationError("请选择计费标准：按件计收或按量计收。")
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    month_total = fee_by_piece(previous=0, new=previous + count).fee_yuan
    return result, previous, month_total


@dataclass(frozen=True)
class SentLetter:
    """A notice that went to the applicant (or to a consulted party): what the letter
    generator renders, and what the tracking page lists."""

    kind: str
    title: str
    number: str
    date: dt.date
    to_applicant: bool
    record: Any = field(compare=False)

    @property
    def kind_label(self) -> str:
        return LetterKind(self.kind).label


_REPLY_TITLES: dict[str, str] = {
    ReplyType.GRANTED: "政府信息公开申请答复书",
    ReplyType.PARTIAL: "政府信息公开申请答复书",
    ReplyType.WITHHELD: "政府信息公开申请答复书",
    ReplyType.UNABLE: "政府信息公开申请告知书",
    ReplyType.NOT_PROCESSED: "政府信息公开申请告知书",
    ReplyType.OTHER: "终止处理告知书",
}


def letters_for(application: Application) -> list[SentLetter]:
    """Every notice sent for the application, oldest first, with its 文号."""
    letters: list[SentLetter] = []

    def number(record: Any) -> str:
        ln = record.letter_number
        return ln.text if ln is not None else ""

    correction = getattr(application, "correction", None)
    if correction is not None:
        letters.append(
            SentLetter(
                LetterKind.CORRECTION,
                "补正告知书",
                number(correction),
                correction.notice_on,
                True,
                correction,
            )
        )
    for c in application.consultations.select_related("letter_number"):
        letters.append(
            SentLetter(
                LetterKind.CONSULTATION,
                f"征求意见书（致{c.party_name}）",
                number(c),
                c.started_on,
                False,
                c,
            )
        )
    for e in application.extensions.select_related("letter_number"):
        letters.append(
            SentLetter(
                LetterKind.EXTENSION,
                "延期答复告知书",
                number(e),
                e.approved_on,
                True,
                e,
            )
        )
    for d in application.delays.select_related("letter_number"):
        letters.append(
            SentLetter(
                LetterKind.DELAY, "延迟答复告知书", number(d), d.decided_on, True, d
            )
        )
    for f in application.fees.select_related("letter_number"):
        letters.append(
            SentLetter(LetterKind.FEE, "收费通知书", number(f), f.notice_on, True, f)
        )
    reply = getattr(application, "reply", None)
    if reply is not None and reply.frozen and reply.sent_on is not None:
        letters.append(
            SentLetter(
                LetterKind.REPLY,
                _REPLY_TITLES[reply.reply_type],
                number(reply),
                reply.sent_on,
                True,
                reply,
            )
        )

    def order(item: SentLetter) -> tuple[dt.date, int]:
        return (item.date, getattr(item.record, "letter_number_id", None) or 0)

    return sorted(letters, key=order)


def open_consultations(application: Application) -> QuerySet[Consultation]:
    return application.consultations.filter(ended_on__isnull=True)


def departments_for(application: Application) -> QuerySet[Unit]:
    """The units the application may be assigned to: the unit applied to and below."""
    unit = application.unit
    return Unit.objects.filter(
        Q(pk=unit.pk) | Q(path__startswith=unit.path), is_active=True
    ).order_by("path")


def handlers_for(application: Application) -> list[Staff]:
    """Staff who may handle the application if assigned to one of its departments."""
    units = list(departments_for(application))
    people = Staff.objects.filter(
        is_active=True, role_assignments__unit__in=units
    ).distinct()
    return [
        p
        for p in people.order_by("username")
        if can(p, Action.APPLICATION_REGISTER, application.unit)
        or any(can(p, Action.APPLICATION_HANDLE, u) for u in units)
    ]


def reasons_active(reply_type: str | None = None) -> QuerySet[ReplyReason]:
    ensure_reason_library()
    qs = ReplyReason.objects.filter(is_active=True)
    if reply_type:
        qs = qs.filter(reply_type=reply_type)
    return qs.order_by("sort_order", "id")


def reasons_all() -> QuerySet[ReplyReason]:
    ensure_reason_library()
    return ReplyReason.objects.order_by("sort_order", "id")


def receipt_rules() -> list[dict[str, Any]]:
    """For the staff entry form: the question to ask per channel."""
    return [
        {
            "channel": rule.channel.value,
            "label": rule.channel.label,
            "arrived_question": rule.arrived_question,
            "needs_confirmation": rule.needs_confirmation,
            "basis": rule.basis,
        }
        for rule in intake.RECEIPT_RULES.values()
    ]


# --- the public ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicLetter:
    title: str
    number: str
    date: dt.date


@dataclass(frozen=True)
class TrackingView:
    """What the tracking page and the public API show: never personal data."""

    number: str
    unit_name: str
    submitted_on: dt.date
    state: str
    state_label: str
    received_on: dt.date | None
    due_on: dt.date | None
    due_provisional: bool
    explanation: list[str]
    letters: list[PublicLetter]
    correction_items: str = ""
    correction_deadline: dt.date | None = None
    fee_amount: Decimal | None = None
    fee_pay_by: dt.date | None = None
    reply_type: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "unit": self.unit_name,
            "submitted_on": self.submitted_on.isoformat(),
            "state": self.state,
            "state_label": self.state_label,
            "received_on": self.received_on.isoformat() if self.received_on else None,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "due_provisional": self.due_provisional,
            "explanation": list(self.explanation),
            "letters": [
                {"title": x.title, "number": x.number, "date": x.date.isoformat()}
                for x in self.letters
            ],
            "correction_items": self.correction_items,
            "correction_deadline": self.correction_deadline.isoformat()
            if self.correction_deadline
            else None,
            "fee_amount": str(self.fee_amount) if self.fee_amount is not None else None,
            "fee_pay_by": self.fee_pay_by.isoformat() if self.fee_pay_by else None,
            "reply_type": self.reply_type,
        }


def _check_matches(application: Application, check: str) -> bool:
    check = (check or "").strip()
    if not check:
        return False
    if "@" in check:
        wanted = intake.track_email_hash(application.number, check)
        return bool(application.track_email_hash) and hashes_equal(
            wanted, application.track_email_hash
        )
    digits = intake.phone_digits(check)
    if len(digits) != 4:
        return False
    wanted = intake.track_phone_hash(application.number, digits)
    return bool(application.track_phone_hash) and hashes_equal(
        wanted, application.track_phone_hash
    )


def application_track_public(number: str, check: str) -> TrackingView:
    """The tracking page: the 申请编号 plus the last 4 digits of the phone number or
    the e-mail address given in the application. A wrong pair is ``NotFound``,
    the same as an unknown number."""
    wrong = NotFound("申请编号与手机号码后4位（或电子邮箱）不匹配，请核对后重新查询。")
    application = (
        Application.objects.select_related("unit")
        .filter(number=(number or "").strip().upper())
        .first()
    )
    if application is None or not _check_matches(application, check):
        raise wrong
    shown = application
    row = stored_deadline(shown)
    running = shown.state in OPEN_STATES
    letters = [
        PublicLetter(item.title, item.number, item.date)
        for item in letters_for(shown)
        if item.to_applicant
    ]
    correction = getattr(shown, "correction", None)
    pending_correction = (
        correction is not None
        and correction.received_on is None
        and correction.expired_on is None
    )
    fee = shown.fees.filter(paid_on__isnull=True, expired_on__isnull=True).first()
    reply = getattr(shown, "reply", None)
    return TrackingView(
        number=application.number,
        unit_name=shown.unit.name,
        submitted_on=timezone.localdate(application.submitted_at),
        state=application.state,
        state_label=PUBLIC_LABELS[application.state],
        received_on=shown.received_on,
        due_on=shown.due_on if running else None,
        due_provisional=shown.due_provisional if running else False,
        explanation=list(row.explanation) if (row is not None and running) else [],
        letters=letters,
        correction_items=correction.items if pending_correction and correction else "",
        correction_deadline=correction.deadline_on
        if pending_correction and correction
        else None,
        fee_amount=fee.amount if fee is not None else None,
        fee_pay_by=fee.pay_by if fee is not None else None,
        reply_type=ReplyType(reply.reply_type).label
        if reply is not None and reply.frozen
        else "",
    )


def receipt_rule_public(channel: str) -> str:
    return intake.RECEIPT_RULES[Channel(channel)].basis


# --- the .ics feed --------------------------------------------------------------------------


def feed_token_of(staff: Any) -> FeedToken | None:
    return FeedToken.objects.filter(staff=staff).first()


def feed_owner(token: str) -> Staff:
    found = (
        FeedToken.objects.select_related("staff")
        .filter(token=(token or "").strip())
        .first()
    )
    if found is None or not found.staff.is_active:
        raise NotFound("订阅地址无效或已重置。")
    return found.staff


def feed_applications(staff: Staff) -> list[Application]:
    """The deadlines of the person's open applications with a known due date."""
    return [a for a in applications_mine(staff) if a.due_on is not None]


# --- the daily deadline digest ----------------------------------------------------------------
# Who is reminded: the handler of an application; for one not yet given to a handler,
# the disclosure office of the unit applied to (``applications_mine``). What: that
# person's applications past their reply deadline and due within 5 working days
# (``applications_overdue``, ``applications_due_soon``). Only the 申请编号, the unit,
# the state and the deadline: never the applicant or the description.

DIGEST_LINES_SHOWN = 50


@dataclass(frozen=True)
class DigestLine:
    number: str
    unit_name: str
    state_label: str
    due_on: dt.date
    path: str  # the application's page in the workbench


@dataclass(frozen=True)
class Digest:
    staff: Staff
    day: dt.date
    limit: dt.date  # the last day of "due within 5 working days"
    overdue: list[DigestLine]
    due_soon: list[DigestLine]

    @property
    def numbers(self) -> list[str]:
        return [line.number for line in self.overdue + self.due_soon]


def _office_roles() -> list[str]:
    """Roles of the disclosure office (registering and assigning), not the
    system administrators'."""
    return [
        role
        for role, actions in ROLE_ACTIONS.items()
        if Action.APPLICATION_REGISTER in actions and role != Role.ADMIN
    ]


def reminder_candidates(*, today: dt.date | None = None) -> list[Staff]:
    """Staff who may have something to be reminded of: the handlers of running
    clocks due within 5 working days or overdue, and the disclosure office of the
    units of those without a handler (held in the unit, or above it over its subtree)."""
    limit = due_soon_limit(_today(today))
    near = _running(Application.objects.all()).filter(
        due_on__isnull=False, due_on__lte=limit
    )
    ids = set(near.filter(handler__isnull=False).values_list("handler_id", flat=True))
    unit_ids = set(near.filter(handler__isnull=True).values_list("unit_id", flat=True))
    if unit_ids:
        ancestors = {
            a for u in Unit.objects.filter(pk__in=unit_ids) for a in u.ancestor_ids()
        }
        grants = RoleAssignment.objects.filter(
            Q(unit_id__in=unit_ids) | Q(unit_id__in=ancestors, subtree=True),
            role__in=_office_roles(),
            unit__is_active=True,
        )
        ids |= set(grants.values_list("staff_id", flat=True))
    return list(Staff.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _digest_lines(rows: QuerySet[Application]) -> list[DigestLine]:
    return [
        DigestLine(
            number=a.number,
            unit_name=a.unit.name,
            state_label=a.state_label,
            due_on=a.due_on,
            path=reverse("disclosures:detail", args=[a.pk]),
        )
        for a in rows
        if a.due_on is not None
    ]


def reminder_digest_for(staff: Staff, *, today: dt.date | None = None) -> Digest:
    """The person's overdue and nearly due applications among those they are
    responsible for (their "我的待办")."""
    day = _today(today)
    mine = applications_mine(staff).values("pk")
    return Digest(
        staff=staff,
        day=day,
        limit=due_soon_limit(day),
        overdue=_digest_lines(
            applications_overdue(staff, today=day).filter(pk__in=mine)
        ),
        due_soon=_digest_lines(
            applications_due_soon(staff, today=day).filter(pk__in=mine)
        ),
    )


def reminder_digests_sent(day: dt.date) -> set[int]:
    """The staff who already got the digest of ``day``."""
    return set(
        ReminderDigest.objects.filter(day=day).values_list("staff_id", flat=True)
    )


# --- 条例第四十四条: information several applicants asked for ------------------------------
# Applications to the same unit for the same information (``rules.same_information``)
# from at least two different applicants, answered 予以公开 or 部分公开: the disclosure
# office may make that information 主动公开. Replies that only pointed to information
# already 主动公开 (“已主动公开，告知获取方式和途径”) do not count: there is nothing
# left to make public.

SAME_INFORMATION_REPLY_TYPES = (ReplyType.GRANTED, ReplyType.PARTIAL)
ALREADY_PUBLIC_REASON = "granted.already_public"


@dataclass(frozen=True)
class GroupedApplication:
    pk: int
    number: str
    received_on: dt.date | None
    replied_on: dt.date | None
    reply_type: str

    @property
    def reply_type_label(self) -> str:
        return ReplyType(self.reply_type).label


@dataclass(frozen=True)
class SameInformationGroup:
    unit: Unit
    key: str
    information: str  # the 文件名称、文号 as the earliest application wrote it
    applicants: int
    applications: list[GroupedApplication]

    @property
    def numbers(self) -> list[str]:
        return [a.number for a in self.applications]

    @property
    def by_doc_number(self) -> bool:
        return is_doc_number_key(self.key)

    @property
    def first_received(self) -> dt.date | None:
        return min(
            (a.received_on for a in self.applications if a.received_on), default=None
        )

    @property
    def last_replied(self) -> dt.date | None:
        return max(
            (a.replied_on for a in self.applications if a.replied_on), default=None
        )


def _same_information_rows(q: Q) -> QuerySet[Application]:
    """The applications that count: a frozen reply 予以公开 or 部分公开 that did not
    only point to information already 主动公开, not a duplicate registration, and a
    stored information key."""
    return (
        Application.objects.filter(
            q,
            ~Q(reply__reason_codes=[ALREADY_PUBLIC_REASON]),
            reply__frozen=True,
            reply__reply_type__in=[t.value for t in SAME_INFORMATION_REPLY_TYPES],
            duplicate_of__isnull=True,
        )
        .exclude(information_key="")
        .exclude(state=State.DUPLICATE)
    )


def _undecided(rows: QuerySet[Application]) -> QuerySet[Application]:
    decided = SameInformationDecision.objects.filter(
        unit_id=OuterRef("unit_id"), key=OuterRef("information_key")
    )
    return rows.filter(~Exists(decided))


def _pending_pairs_sql(q: Q) -> tuple[str, list[Any]]:
    """SQL of the undecided (unit_id, information_key) pairs among the applications
    ``q`` selects that at least two applicants asked for and got (予以公开, 部分公开).

    In two steps, so that it does not read every application that counts (most of
    the table, for an office over a city: bench/queues.py). First the pairs that at
    least two applications name at all, however answered: one GROUP BY … HAVING over
    the (unit, information_key) index alone (most applications name a document
    nobody else asked the unit for, so they are few). Then the counting applications
    of those pairs only, each pair looked up in the same index, grouped again by
    applicant. Both steps are the ORM's SQL; they are joined here because the ORM
    cannot join a grouped subquery (as a filter, PostgreSQL misjudges it)."""
    repeated = (
        _undecided(Application.objects.filter(q).exclude(information_key=""))
        .order_by()
        .values("unit_id", "information_key")
        .annotate(rows=Count("*"))
        .filter(rows__gte=2)
        .values("unit_id", "information_key")
    )
    counted = (
        _same_information_rows(Q())
        .order_by()
        .values("unit_id", "information_key", "applicant_key")
    )
    r_sql, r_params = repeated.query.sql_with_params()
    c_sql, c_params = counted.query.sql_with_params()
    # Only the ORM's SQL is put in (values are parameters):
    sql = (
        f"SELECT c.unit_id, c.information_key FROM ({r_sql}) r "  # noqa: S608
        f"INNER JOIN ({c_sql}) c "
        "ON c.unit_id = r.unit_id AND c.information_key = r.information_key "
        "GROUP BY c.unit_id, c.information_key "
        "HAVING COUNT(DISTINCT c.applicant_key) >= 2"
    )
    return sql, [*r_params, *c_params]


def _pending_rows(q: Q) -> QuerySet[Application]:
    """The applications that count, of the pairs of ``_pending_pairs_sql``."""
    pending, p_params = _pending_pairs_sql(q)
    counted = (
        _same_information_rows(Q())
        .order_by()
        .values("id", "unit_id", "information_key")
    )
    c_sql, c_params = counted.query.sql_with_params()
    ids = RawSQL(  # noqa: S611 - the ORM's SQL; values are parameters
        f"SELECT c.id FROM ({pending}) p INNER JOIN ({c_sql}) c "  # noqa: S608
        "ON c.unit_id = p.unit_id AND c.information_key = p.information_key",
        [*p_params, *c_params],
    )
    return _same_information_rows(Q(pk__in=ids))


def _groups(q: Q, *, only_key: str | None = None) -> list[SameInformationGroup]:
    """The undecided groups among the applications ``q`` selects (of one key only:
    straight through the (unit, key) index). The database finds the pairs
    (``_pending_pairs_sql``); only the rows of those pairs are read and grouped
    here, and checked again."""
    if only_key is not None:
        rows = _same_information_rows(q).filter(information_key=only_key)
    else:
        rows = _pending_rows(q)
    found: dict[tuple[int, str], list[tuple[Any, ...]]] = {}
    for row in rows.order_by("received_on", "pk").values_list(
        "pk",
        "number",
        "unit_id",
        "applicant_key",
        "doc_reference",
        "received_on",
        "reply__sent_on",
        "reply__reply_type",
        "reply__reason_codes",
        "information_key",
    ):
        codes = row[8] or []
        if codes and all(code == ALREADY_PUBLIC_REASON for code in codes):
            continue
        found.setdefault((row[2], row[9]), []).append(row)
    found = {k: v for k, v in found.items() if len({r[3] for r in v}) >= 2}
    if not found:
        return []
    decided = set(
        SameInformationDecision.objects.filter(
            unit_id__in={u for u, _ in found}, key__in={k for _, k in found}
        ).values_list("unit_id", "key")
    )
    units = Unit.objects.in_bulk({u for u, _ in found})
    groups = [
        SameInformationGroup(
            unit=units[unit_id],
            key=key,
            information=members[0][4],
            applicants=len({r[3] for r in members}),
            applications=[
                GroupedApplication(
                    pk=r[0],
                    number=r[1],
                    received_on=r[5],
                    replied_on=r[6],
                    reply_type=r[7],
                )
                for r in members
            ],
        )
        for (unit_id, key), members in found.items()
        if (unit_id, key) not in decided
    ]
    return sorted(
        groups, key=lambda g: (-g.applicants, g.unit.path, g.information, g.key)
    )


def _register_q(actor: Any) -> Q | None:
    scope = scope_for(actor, Action.APPLICATION_REGISTER)
    return None if scope.empty else scope.q("unit__")


def same_information_groups(actor: Any) -> list[SameInformationGroup]:
    """The undecided groups in the units where the actor's disclosure office registers
    applications, most applicants first."""
    q = _register_q(actor)
    return [] if q is None else _groups(q)


def same_information_pending_count(actor: Any) -> int:
    """How many groups ``same_information_groups`` lists: one count query."""
    q = _register_q(actor)
    if q is None:
        return 0
    sql, params = _pending_pairs_sql(q)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) pending", params)  # noqa: S608
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def same_information_group_get(
    actor: Any, unit_id: Any, key: str
) -> SameInformationGroup:
    """One undecided group; a group of another unit, or one already decided, is
    ``NotFound`` like a missing one."""
    q = _register_q(actor)
    missing = NotFound("找不到该组申请，或它已经处理，或您无权查看。")
    try:
        unit_pk = int(unit_id)
    except (TypeError, ValueError):
        raise missing from None
    if q is None or not key:
        raise missing
    found = _groups(q & Q(unit_id=unit_pk), only_key=key)
    if not found:
        raise missing
    return found[0]


def same_information_group_of(application: Application) -> SameInformationGroup | None:
    """The undecided group the application belongs to, for its page. The page shows
    the group's details only to those who may register in the unit (the view
    decides with ``can``); others see that there is one."""
    key = application.information_key
    if not key:
        return None
    reply = Reply.objects.filter(application=application, frozen=True).first()
    if reply is None or reply.reply_type not in SAME_INFORMATION_REPLY_TYPES:
        return None
    found = _groups(Q(unit_id=application.unit_id), only_key=key)
    if not found or application.pk not in {a.pk for a in found[0].applications}:
        return None
    return found[0]


def same_information_decisions(actor: Any) -> QuerySet[SameInformationDecision]:
    """The decisions taken in the actor's units, newest first."""
    q = _register_q(actor)
    if q is None:
        return SameInformationDecision.objects.none()
    return SameInformationDecision.objects.filter(q).select_related(
        "unit", "record", "decided_by"
    )
