"""REST API of 依申请公开.

``public_router`` (no login, mounted under ``/api/v1/public/`` like the other public
routers): intake (``POST /applications``, rate-limited per address like the portal
form) and tracking (``GET /applications/track`` with the 申请编号 and the last 4
digits of the phone or the e-mail). Its answers never carry
the applicant's name, ID number, ID document or contact details.

``staff_router`` (session login): the queues, one application, and every action,
through the same selectors and services as the workbench. An application the user
may not see is a 404 like a missing one; the applicant's personal data has its own
endpoint, open only to the people handling the application. The 条例第四十四条 list
(``/applications/same-information``) and its two decisions are staff endpoints too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth

from gongkai.core.exceptions import ApplicationError, NotFound, ValidationError
from gongkai.disclosures import selectors, services, throttle
from gongkai.disclosures.intake import MAX_DOCUMENT_BYTES
from gongkai.disclosures.models import (
    Application,
    Consultation,
    Fee,
    ReviewCase,
    SameInformationDecision,
    SameInformationOutcome,
    Source,
)
from gongkai.disclosures.services import ApplicationInput, UploadedDocument
from gongkai.disclosures.states import PUBLIC_LABELS
from gongkai.organizations.selectors import unit_get

public_router = Router(tags=["依申请公开（公众）"])
staff_router = Router(tags=["依申请公开"], auth=django_auth)


class TooManyRequests(ApplicationError):
    status_code = 429
    code = "too_many_requests"


# --- public ----------------------------------------------------------------------------


class ApplicationIn(Schema):
    unit_id: int
    applicant_type: str
    applicant_name: str
    description: str
    delivery_form: str
    delivery_way: str
    id_kind: str = "resident_id"
    id_number: str = ""
    legal_representative: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    doc_reference: str = ""
    purpose: str = ""

    def to_input(self) -> ApplicationInput:
        return ApplicationInput(**self.dict(exclude={"unit_id"}))


class SubmittedOut(Schema):
    number: str
    state_label: str
    message: str


class PublicUnitOut(Schema):
    id: int
    name: str


class PublicLetterOut(Schema):
    title: str
    number: str
    date: dt.date


class TrackingOut(Schema):
    number: str
    unit: str
    submitted_on: dt.date
    state: str
    state_label: str
    received_on: dt.date | None
    due_on: dt.date | None
    due_provisional: bool
    explanation: list[str]
    letters: list[PublicLetterOut]
    correction_items: str
    correction_deadline: dt.date | None
    fee_amount: str | None
    fee_pay_by: dt.date | None
    reply_type: str


@public_router.get(
    "/applications/units",
    response=list[PublicUnitOut],
    summary="可以在网上申请政府信息公开的机关",
)
def public_units(request: HttpRequest) -> list[Any]:
    return list(selectors.units_accepting_public())


@public_router.post(
    "/applications",
    response={201: SubmittedOut},
    summary="提交政府信息公开申请（可附身份证明：JPG、PNG 或 PDF，不超过10MB）",
)
def public_submit(
    request: HttpRequest,
    payload: Form[ApplicationIn],
    id_document: File[UploadedFile | None] = None,
) -> Status[dict[str, str]]:
    if not throttle.submission_allowed(request):
        raise TooManyRequests(throttle.RATE_LIMITED)
    document = None
    if id_document is not None:
        if (id_document.size or 0) > MAX_DOCUMENT_BYTES:
            raise ValidationError("身份证明文件不能超过10MB，请压缩后重新上传。")
        document = UploadedDocument(
            name=id_document.name or "身份证明", data=id_document.read()
        )
    unit = selectors.unit_accepting_public_get(payload.unit_id)
    application = services.application_submit_public(
        unit=unit, data=payload.to_input(), document=document, source=Source.API
    )
    throttle.record_submission(request)
    return Status(
        201,
        {
            "number": application.number,
            "state_label": PUBLIC_LABELS[application.state],
            "message": "申请已提交。请记下申请编号，凭编号和手机号码后4位"
            "（或电子邮箱）查询办理进度。",
        },
    )


@public_router.get(
    "/applications/track",
    response=TrackingOut,
    summary="查询办理进度（申请编号，加手机号码后4位或电子邮箱）",
)
def public_track(request: HttpRequest, number: str, check: str) -> dict[str, Any]:
    if not throttle.tracking_allowed(request):
        raise TooManyRequests(throttle.TRACK_LIMITED)
    try:
        view = selectors.application_track_public(number, check)
    except NotFound:
        throttle.record_tracking_failure(request)
        raise
    return view.to_json()


# --- staff: reads ----------------------------------------------------------------------------


class ApplicationOut(Schema):
    id: int
    number: str
    unit_id: int
    unit: str
    department_id: int | None
    department: str
    handler_id: int | None
    handler: str
    applicant_type: str
    channel: str
    state: str
    state_label: str
    arrived_on: dt.date
    received_on: dt.date | None
    due_on: dt.date | None
    due_provisional: bool
    outcome_row: str
    concluded_on: dt.date | None

    @staticmethod
    def resolve_unit(obj: Application) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_department(obj: Application) -> str:
        return obj.department.name if obj.department else ""

    @staticmethod
    def resolve_handler(obj: Application) -> str:
        return obj.handler.display_name if obj.handler else ""

    @staticmethod
    def resolve_state_label(obj: Application) -> str:
        return obj.state_label


class EventOut(Schema):
    kind: str
    date: dt.date
    working_days: int | None = None
    until: dt.date | None = None


class LetterOut(Schema):
    kind: str
    title: str
    number: str
    date: dt.date
    to_applicant: bool


class ConsultationOut(Schema):
    id: int
    party_kind: str
    party_name: str
    started_on: dt.date
    answer_due: dt.date
    ended_on: dt.date | None
    answer: str
    deemed_consent: bool


class FeeOut(Schema):
    id: int
    standard: str
    pieces: int
    pages: int | None
    month_previous: int
    month_position: int
    month_total_by_piece: str
    amount: str
    breakdown: list[dict[str, Any]]
    notice_on: dt.date
    pay_by: dt.date
    paid_on: dt.date | None
    expired_on: dt.date | None

    @staticmethod
    def resolve_amount(obj: Fee) -> str:
        return str(obj.amount)

    @staticmethod
    def resolve_month_total_by_piece(obj: Fee) -> str:
        return str(obj.month_total_by_piece)


class ReplyOut(Schema):
    reply_type: str
    reason_codes: list[str]
    report_row: str
    requires_review_notice: bool
    text: str
    sent_on: dt.date | None
    frozen: bool


class ReviewCaseOut(Schema):
    id: int
    kind: str
    body: str
    case_number: str
    filed_on: dt.date
    outcome: str
    decided_on: dt.date | None


class ApplicationDetailOut(ApplicationOut):
    description: str
    doc_reference: str
    delivery_form: str
    delivery_way: str
    receipt_basis: str
    explanation: list[str]
    events: list[EventOut]
    letters: list[LetterOut]
    consultations: list[ConsultationOut]
    fees: list[FeeOut]
    reply: ReplyOut | None
    review_cases: list[ReviewCaseOut]

    @staticmethod
    def resolve_explanation(obj: Application) -> list[str]:
        return selectors.deadline_explanation(obj)

    @staticmethod
    def resolve_events(obj: Application) -> list[dict[str, Any]]:
        return [
            {
                "kind": e.kind,
                "date": e.day,
                "working_days": e.working_days,
                "until": e.until,
            }
            for e in obj.clock_events.all()
        ]

    @staticmethod
    def resolve_letters(obj: Application) -> list[dict[str, Any]]:
        return [
            {
                "kind": x.kind,
                "title": x.title,
                "number": x.number,
                "date": x.date,
                "to_applicant": x.to_applicant,
            }
            for x in selectors.letters_for(obj)
        ]

    @staticmethod
    def resolve_consultations(obj: Application) -> list[Consultation]:
        return list(obj.consultations.all())

    @staticmethod
    def resolve_fees(obj: Application) -> list[Fee]:
        return list(obj.fees.all())

    @staticmethod
    def resolve_reply(obj: Application) -> Any:
        return getattr(obj, "reply", None)

    @staticmethod
    def resolve_review_cases(obj: Application) -> list[ReviewCase]:
        return list(obj.review_cases.all())


class PersonalOut(Schema):
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


class ReasonOut(Schema):
    code: str
    reply_type: str
    label: str
    article: str
    wording: str
    requires_review_notice: bool
    report_row: str
    is_active: bool


def _get(request: HttpRequest, application_id: int) -> Application:
    return selectors.application_get(request.user, application_id)


QUEUE_NAMES = {"mine", "due_soon", "overdue", "waiting", "confirm", "all"}


def _queue_rows(user: Any, queue: str) -> QuerySet[Application]:
    if queue == "mine":
        return selectors.applications_mine(user)
    if queue == "due_soon":
        return selectors.applications_due_soon(user)
    if queue == "overdue":
        return selectors.applications_overdue(user)
    if queue == "waiting":
        return selectors.applications_waiting(user)
    if queue == "confirm":
        return selectors.applications_to_confirm(user)
    return selectors.applications_visible_to(user).order_by("-submitted_at")


@staff_router.get(
    "/applications",
    response=list[ApplicationOut],
    summary="申请队列：mine（我的）、due_soon（5个工作日内到期）、overdue（已超期）、"
    "waiting（等待申请人）、confirm（待确认收到）、all",
)
@paginate(PageNumberPagination, page_size=50)
def staff_list(
    request: HttpRequest,
    queue: str = "all",
    unit_id: int | None = None,
    handler_id: int | None = None,
) -> Any:
    user = request.user
    if queue not in QUEUE_NAMES:
        raise ValidationError(
            f"队列“{queue}”不存在，可用：{'、'.join(sorted(QUEUE_NAMES))}。"
        )
    rows = _queue_rows(user, queue)
    if unit_id is not None:
        rows = rows & selectors.applications_of_unit(user, unit_id)
    if handler_id is not None:
        rows = rows & selectors.applications_of_handler(user, handler_id)
    return rows


@staff_router.get(
    "/applications/{int:application_id}",
    response=ApplicationDetailOut,
    summary="一件申请（不含申请人个人信息）",
)
def staff_detail(request: HttpRequest, application_id: int) -> Application:
    return _get(request, application_id)


@staff_router.get(
    "/applications/{int:application_id}/personal",
    response=PersonalOut,
    summary="申请人的身份和联系方式（仅办理该申请的工作人员）",
)
def staff_personal(request: HttpRequest, application_id: int) -> Any:
    return selectors.personal_data(request.user, _get(request, application_id))


@staff_router.get("/reply-reasons", response=list[ReasonOut], summary="答复理由库")
def staff_reasons(request: HttpRequest) -> list[Any]:
    return list(selectors.reasons_all())


# --- staff: actions ----------------------------------------------------------------------------


class RegisterIn(ApplicationIn):
    channel: str
    arrived_on: dt.date
    confirmed_on: dt.date | None = None

    def to_input(self) -> ApplicationInput:
        return ApplicationInput(
            **self.dict(exclude={"unit_id", "channel", "arrived_on", "confirmed_on"})
        )


class DayIn(Schema):
    on: dt.date | None = None


class AssignIn(Schema):
    department_id: int
    handler_id: int | None = None


class CorrectionIn(Schema):
    items: str
    period_days: int = services.DEFAULT_CORRECTION_DAYS
    notice_on: dt.date | None = None


class CorrectionReceiveIn(Schema):
    received_on: dt.date | None = None
    content: str = ""


class ConsultationIn(Schema):
    party_kind: str
    party_name: str
    matter: str = ""
    started_on: dt.date | None = None


class ConsultationEndIn(Schema):
    answer: str
    answer_text: str = ""
    ended_on: dt.date | None = None


class ExtensionIn(Schema):
    days: int
    reason: str
    approved_on: dt.date | None = None


class DelayIn(Schema):
    until: dt.date
    reason: str
    decided_on: dt.date | None = None


class FeeIn(Schema):
    standard: str
    pieces: int = 1
    pages: int | None = None
    notice_on: dt.date | None = None


class ReplyDraftIn(Schema):
    reply_type: str
    reason_codes: list[str]
    text: str = ""


class ReplyIn(Schema):
    reply_type: str | None = None
    reason_codes: list[str] | None = None
    text: str | None = None
    sent_on: dt.date | None = None
    delivery_way: str | None = None


class ReferralIn(Schema):
    agency_name: str
    agency_contact: str = ""
    reason: str = ""
    referred_on: dt.date | None = None


class DuplicateIn(Schema):
    original_number: str
    note: str = ""


class NoteIn(Schema):
    note: str = ""


class ReviewCaseIn(Schema):
    kind: str
    body: str
    filed_on: dt.date
    case_number: str = ""
    outcome: str = "pending"
    decided_on: dt.date | None = None
    note: str = ""


class ReviewCaseUpdateIn(Schema):
    outcome: str
    decided_on: dt.date | None = None
    note: str | None = None


P = "/applications/{int:application_id}"


@staff_router.post(
    "/applications",
    response={201: ApplicationDetailOut},
    summary="登记当面、邮寄、传真或电子邮件提交的申请",
)
def staff_register(request: HttpRequest, payload: RegisterIn) -> Status[Application]:
    unit = unit_get(request.user, payload.unit_id)
    application = services.application_register(
        actor=request.user,
        unit=unit,
        data=payload.to_input(),
        channel=payload.channel,
        arrived_on=payload.arrived_on,
        confirmed_on=payload.confirmed_on,
    )
    return Status(201, _get(request, application.pk))


@staff_router.post(
    P + "/confirm-receipt", response=ApplicationDetailOut, summary="确认收到申请"
)
def staff_confirm(request: HttpRequest, application_id: int, payload: DayIn) -> Any:
    services.application_confirm_receipt(
        actor=request.user,
        application=_get(request, application_id),
        confirmed_on=payload.on,
    )
    return _get(request, application_id)


@staff_router.post(P + "/assign", response=ApplicationDetailOut, summary="分办")
def staff_assign(request: HttpRequest, application_id: int, payload: AssignIn) -> Any:
    app = _get(request, application_id)
    department = selectors.departments_for(app).filter(pk=payload.department_id).first()
    if department is None:
        raise ValidationError("承办单位须为受理机关或其下属单位。")
    handler = None
    if payload.handler_id is not None:
        handler = next(
            (s for s in selectors.handlers_for(app) if s.pk == payload.handler_id),
            None,
        )
        if handler is None:
            raise ValidationError("承办人须为有权办理该申请的工作人员。")
    services.application_assign(
        actor=request.user, application=app, department=department, handler=handler
    )
    return _get(request, application_id)


@staff_router.post(P + "/correction", response=ApplicationDetailOut, summary="告知补正")
def staff_correction(
    request: HttpRequest, application_id: int, payload: CorrectionIn
) -> Any:
    services.correction_request(
        actor=request.user,
        application=_get(request, application_id),
        items=payload.items,
        period_days=payload.period_days,
        notice_on=payload.notice_on,
    )
    return _get(request, application_id)


@staff_router.post(
    P + "/correction/receive", response=ApplicationDetailOut, summary="收到补正"
)
def staff_correction_receive(
    request: HttpRequest, application_id: int, payload: CorrectionReceiveIn
) -> Any:
    services.correction_receive(
        actor=request.user,
        application=_get(request, application_id),
        received_on=payload.received_on,
        content=payload.content,
    )
    return _get(request, application_id)


@staff_router.post(
    P + "/correction/expire",
    response=ApplicationDetailOut,
    summary="逾期不补正，终止处理",
)
def staff_correction_expire(
    request: HttpRequest, application_id: int, payload: DayIn
) -> Any:
    services.correction_expire(
        actor=request.user, application=_get(request, application_id), on=payload.on
    )
    return _get(request, application_id)


@staff_router.post(
    P + "/consultations", response=ApplicationDetailOut, summary="征求意见"
)
def staff_consult(
    request: HttpRequest, application_id: int, payload: ConsultationIn
) -> Any:
    services.consultation_start(
        actor=request.user,
        application=_get(request, application_id),
        party_kind=payload.party_kind,
        party_name=payload.party_name,
        matter=payload.matter,
        started_on=payload.started_on,
    )
    return _get(request, application_id)


@staff_router.post(
    P + "/consultations/{int:consultation_id}/end",
    response=ApplicationDetailOut,
    summary="记录征求意见的结果",
)
def staff_consult_end(
    request: HttpRequest,
    application_id: int,
    consultation_id: int,
    payload: ConsultationEndIn,
) -> Any:
    app = _get(request, application_id)
    consultation = app.consultations.filter(pk=consultation_id).first()
    if consultation is None:
        raise NotFound("找不到该征求意见。")
    services.consultation_end(
        actor=request.user,
        consultation=consultation,
        answer=payload.answer,
        answer_text=payload.answer_text,
        ended_on=payload.ended_on,
    )
    return _get(request, application_id)


@staff_router.post(
    P + "/extensions", response=ApplicationDetailOut, summary="延长答复期限"
)
def staff_extend(
    request: HttpRequest, application_id: int, payload: ExtensionIn
) -> Any:
    services.extension_approve(
        actor=request.user,
        application=_get(request, application_id),
        days=payload.days,
        reason=payload.reason,
        approved_on=payload.approved_on,
    )
    return _get(request, application_id)


@staff_router.post(
    P + "/delay",
    response=ApplicationDetailOut,
    summary="确定延迟答复期限（第三十五条）",
)
def staff_delay(request: HttpRequest, application_id: int, payload: DelayIn) -> Any:
    services.delay_35(
        actor=request.user,
        application=_get(request, application_id),
        until=payload.until,
        reason=payload.reason,
        decided_on=payload.decided_on,
    )
    return _get(request, application_id)


@staff_router.post(P + "/fee", response=ApplicationDetailOut, summary="发出收费通知")
def staff_fee(request: HttpRequest, application_id: int, payload: FeeIn) -> Any:
    services.fee_notice(
        actor=request.user,
        application=_get(request, application_id),
        standard=payload.standard,
        pieces=payload.pieces,
        pages=payload.pages,
        notice_on=payload.notice_on,
    )
    return _get(request, application_id)


@staff_router.post(P + "/fee/paid", response=ApplicationDetailOut, summary="记录缴费")
def staff_fee_paid(request: HttpRequest, application_id: int, payload: DayIn) -> Any:
    services.fee_paid(
        actor=request.user,
        application=_get(request, application_id),
        paid_on=payload.on,
    )
    return _get(request, application_id)


@staff_router.post(
    P + "/fee/expire", response=ApplicationDetailOut, summary="逾期未缴费，终止处理"
)
def staff_fee_expire(request: HttpRequest, application_id: int, payload: DayIn) -> Any:
    services.fee_expire(
        actor=request.user, application=_get(request, application_id), on=payload.on
    )
    return _get(request, application_id)


@staff_router.post(
    P + "/reply/draft", response=ApplicationDetailOut, summary="保存答复草稿"
)
def staff_reply_draft(
    request: HttpRequest, application_id: int, payload: ReplyDraftIn
) -> Any:
    services.reply_draft(
        actor=request.user,
        application=_get(request, application_id),
        reply_type=payload.reply_type,
        reason_codes=payload.reason_codes,
        text=payload.text,
    )
    return _get(request, application_id)


@staff_router.post(P + "/reply", response=ApplicationDetailOut, summary="答复（定稿）")
def staff_reply(request: HttpRequest, application_id: int, payload: ReplyIn) -> Any:
    services.reply(
        actor=request.user,
        application=_get(request, application_id),
        reply_type=payload.reply_type,
        reason_codes=payload.reason_codes,
        text=payload.text,
        sent_on=payload.sent_on,
        delivery_way=payload.delivery_way,
    )
    return _get(request, application_id)


@staff_router.post(
    P + "/referral", response=ApplicationDetailOut, summary="告知不属于本机关负责公开"
)
def staff_referral(
    request: HttpRequest, application_id: int, payload: ReferralIn
) -> Any:
    services.referral(
        actor=request.user,
        application=_get(request, application_id),
        agency_name=payload.agency_name,
        agency_contact=payload.agency_contact,
        reason=payload.reason,
        referred_on=payload.referred_on,
    )
    return _get(request, application_id)


@staff_router.post(
    P + "/duplicate", response=ApplicationDetailOut, summary="标记为重复登记"
)
def staff_duplicate(
    request: HttpRequest, application_id: int, payload: DuplicateIn
) -> Any:
    original = selectors.application_by_number(request.user, payload.original_number)
    services.mark_duplicate(
        actor=request.user,
        application=_get(request, application_id),
        original=original,
        note=payload.note,
    )
    return _get(request, application_id)


@staff_router.post(P + "/archive", response=ApplicationDetailOut, summary="归档")
def staff_archive(request: HttpRequest, application_id: int, payload: NoteIn) -> Any:
    services.archive(
        actor=request.user, application=_get(request, application_id), note=payload.note
    )
    return _get(request, application_id)


@staff_router.post(
    P + "/review-cases", response=ApplicationDetailOut, summary="登记行政复议或行政诉讼"
)
def staff_case_add(
    request: HttpRequest, application_id: int, payload: ReviewCaseIn
) -> Any:
    services.review_case_add(
        actor=request.user,
        application=_get(request, application_id),
        kind=payload.kind,
        body=payload.body,
        filed_on=payload.filed_on,
        case_number=payload.case_number,
        outcome=payload.outcome,
        decided_on=payload.decided_on,
        note=payload.note,
    )
    return _get(request, application_id)


@staff_router.post(
    P + "/review-cases/{int:case_id}",
    response=ApplicationDetailOut,
    summary="更新行政复议或行政诉讼的结果",
)
def staff_case_update(
    request: HttpRequest, application_id: int, case_id: int, payload: ReviewCaseUpdateIn
) -> Any:
    app = _get(request, application_id)
    case = app.review_cases.filter(pk=case_id).first()
    if case is None:
        raise NotFound("找不到该复议或诉讼记录。")
    services.review_case_update(
        actor=request.user,
        case=case,
        outcome=payload.outcome,
        decided_on=payload.decided_on,
        note=payload.note,
    )
    return _get(request, application_id)


# --- staff: 条例第四十四条, information several applicants asked for ---------------------------
# A group is named by the 受理机关 and its key (``rules.same_information.information_key``,
# e.g. “文号:示发改〔2026〕5号”); the key may hold any character, so it travels in the
# JSON body, never in the path. A group of a unit where the caller
# may not register applications, or one already decided, is a 404 like a missing one.


class GroupedApplicationOut(Schema):
    id: int
    number: str
    received_on: dt.date | None
    replied_on: dt.date | None
    reply_type: str
    reply_type_label: str

    @staticmethod
    def resolve_id(obj: selectors.GroupedApplication) -> int:
        return obj.pk


class SameInformationGroupOut(Schema):
    unit_id: int
    unit: str
    key: str
    information: str
    by_doc_number: bool
    applicants: int
    first_received: dt.date | None
    last_replied: dt.date | None
    applications: list[GroupedApplicationOut]

    @staticmethod
    def resolve_unit_id(obj: selectors.SameInformationGroup) -> int:
        return obj.unit.pk

    @staticmethod
    def resolve_unit(obj: selectors.SameInformationGroup) -> str:
        return obj.unit.name


class SameInformationDecisionOut(Schema):
    id: int
    unit_id: int
    unit: str
    key: str
    information: str
    outcome: str
    outcome_label: str
    reason: str
    application_numbers: list[str]
    applicants: int
    record_id: int | None
    decided_at: dt.datetime
    decided_by: str

    @staticmethod
    def resolve_unit(obj: SameInformationDecision) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_outcome_label(obj: SameInformationDecision) -> str:
        return SameInformationOutcome(obj.outcome).label

    @staticmethod
    def resolve_decided_by(obj: SameInformationDecision) -> str:
        return obj.decided_by.display_name if obj.decided_by else ""


class SameInformationIn(Schema):
    unit_id: int
    key: str


class SameInformationDeclineIn(SameInformationIn):
    reason: str = ""


S = "/applications/same-information"


def _group(request: HttpRequest, payload: SameInformationIn) -> Any:
    return selectors.same_information_group_get(
        request.user, payload.unit_id, payload.key
    )


@staff_router.get(
    S,
    response=list[SameInformationGroupOut],
    summary="可转为主动公开的信息（条例第四十四条）：多个申请人向同一机关申请、"
    "已予以公开或部分公开、尚未处理的信息",
)
def staff_same_information(request: HttpRequest) -> list[Any]:
    return selectors.same_information_groups(request.user)


@staff_router.post(
    S + "/convert",
    response=SameInformationDecisionOut,
    summary="转为主动公开：新建主动公开信息草稿（record_id），须经三审才发布",
)
def staff_same_information_convert(
    request: HttpRequest, payload: SameInformationIn
) -> SameInformationDecision:
    group = _group(request, payload)
    return services.same_information_convert(
        actor=request.user, unit=group.unit, key=group.key
    )


@staff_router.post(
    S + "/decline",
    response=SameInformationDecisionOut,
    summary="不转为主动公开（须填写理由）",
)
def staff_same_information_decline(
    request: HttpRequest, payload: SameInformationDeclineIn
) -> SameInformationDecision:
    group = _group(request, payload)
    return services.same_information_decline(
        actor=request.user, unit=group.unit, key=group.key, reason=payload.reason
    )
