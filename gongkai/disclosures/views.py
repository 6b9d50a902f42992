"""Staff pages of 依申请公开: queues, staff entry, the application page with every
action as a form, the ID document download, the reason library and the .ics feed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django import forms as django_forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core import selectors as core_selectors
from gongkai.core.exceptions import (
    ApplicationError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from gongkai.core.web import run_service, staff_view
from gongkai.disclosures import forms, ics, selectors, services
from gongkai.disclosures.models import (
    Application,
    Consultation,
    Correction,
    ReviewCase,
)
from gongkai.disclosures.permissions import allowed, may_see_personal
from gongkai.disclosures.reasons import SYSTEM_REASONS
from gongkai.disclosures.states import (
    CLOCK_RUNNING_STATES,
    OPEN_STATES,
    Event,
    State,
    events_from,
)
from gongkai.organizations.models import Staff, Unit
from gongkai.organizations.permissions import can
from gongkai.organizations.roles import Action
from gongkai.organizations.selectors import units_visible_to

# --- queues ------------------------------------------------------------------------------

QUEUES: dict[str, str] = {
    "mine": "我的待办",
    "due_soon": "5个工作日内到期",
    "overdue": "已超期",
    "waiting": "等待申请人（补正、缴费）",
    "confirm": "待确认收到",
    "all": "全部申请",
}


def _queue(user: Any, name: str) -> Any:
    if name == "due_soon":
        return selectors.applications_due_soon(user)
    if name == "overdue":
        return selectors.applications_overdue(user)
    if name == "waiting":
        return selectors.applications_waiting(user)
    if name == "confirm":
        return selectors.applications_to_confirm(user)
    if name == "all":
        return selectors.applications_visible_to(user).order_by("-submitted_at")
    return selectors.applications_mine(user)


def _register_units(user: Any) -> list[Unit]:
    return [
        u
        for u in units_visible_to(user).filter(is_active=True)
        if can(user, Action.APPLICATION_REGISTER, u)
    ]


@staff_view
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    name = request.GET.get("view", "mine")
    if name not in QUEUES:
        name = "mine"
    rows = _queue(user, name)
    unit_id = request.GET.get("unit", "")
    handler_id = request.GET.get("handler", "")
    number = request.GET.get("q", "").strip()
    if unit_id.isdigit():
        rows = rows & selectors.applications_of_unit(user, int(unit_id))
    if handler_id.isdigit():
        rows = rows & selectors.applications_of_handler(user, int(handler_id))
    if number:
        rows = rows.filter(number__icontains=number)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    choices = selectors.queue_filter_choices(user)
    return render(
        request,
        "disclosures/queue.html",
        {
            "queues": QUEUES,
            "current": name,
            "current_label": QUEUES[name],
            "page": page,
            "units": choices.units,
            "handlers": choices.handlers,
            "unit_id": unit_id,
            "handler_id": handler_id,
            "q": number,
            "can_register": bool(_register_units(user)),
            "today": timezone.localdate(),
            "open_states": [s.value for s in OPEN_STATES],
            "running_states": [s.value for s in CLOCK_RUNNING_STATES],
            "counts": {
                "overdue": selectors.applications_overdue(user).count(),
                "due_soon": selectors.applications_due_soon(user).count(),
                "same_information": selectors.same_information_pending_count(user),
            },
        },
    )


# --- staff entry -----------------------------------------------------------------------------


@staff_view
def create(request: HttpRequest) -> HttpResponse:
    user = request.user
    units = _register_units(user)
    if not units:
        raise PermissionDenied(
            "您没有登记政府信息公开申请的权限。请联系系统管理员授予"
            "“政府信息公开工作机构”角色。"
        )
    form = forms.StaffEntryForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        initial={"arrived_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        unit = next((u for u in units if str(u.pk) == d["unit"]), None)
        if unit is None:
            form.add_error("unit", "请选择您有权登记申请的机关。")
        else:
            application = run_service(
                form,
                lambda: services.application_register(
                    actor=user,
                    unit=unit,
                    data=form.to_input(),
                    channel=d["channel"],
                    arrived_on=d["arrived_on"],
                    confirmed_on=d["confirmed_on"],
                    document=form.document(),
                ),
            )
            if application is not None:
                messages.success(request, f"已登记，申请编号{application.number}。")
                return redirect("disclosures:detail", application_id=application.pk)
    return render(
        request,
        "disclosures/create.html",
        {"form": form, "rules": selectors.receipt_rules()},
    )


# --- one application ---------------------------------------------------------------------


@dataclass(frozen=True)
class ActionSpec:
    form: type[django_forms.Form]
    event: Event | None  # the transition it needs (None: checked by the service)
    run: Callable[[Any, Application, dict[str, Any], HttpRequest], str]


def _department(app: Application, value: str) -> Unit:
    found = selectors.departments_for(app).filter(pk=value).first()
    if found is None:
        raise ValidationError("请选择承办单位。")
    return found


def _handler(app: Application, value: str) -> Staff | None:
    if not value:
        return None
    found = next((s for s in selectors.handlers_for(app) if str(s.pk) == value), None)
    if found is None:
        raise ValidationError("请选择承办人。")
    return found


def _consultation(app: Application, request: HttpRequest) -> Consultation:
    found = app.consultations.filter(pk=request.POST.get("consultation") or 0).first()
    if found is None:
        raise NotFound("找不到该征求意见。")
    return found


def _case(app: Application, request: HttpRequest) -> ReviewCase:
    found = app.review_cases.filter(pk=request.POST.get("case") or 0).first()
    if found is None:
        raise NotFound("找不到该复议或诉讼记录。")
    return found


def _confirm(u: Any, a: Application, d: dict[str, Any], r: HttpRequest) -> str:
    services.application_confirm_receipt(
        actor=u, application=a, confirmed_on=d["confirmed_on"]
    )
    return "已确认收到申请，答复期限自次日起算。"


def _assign(u: Any, a: Application, d: dict[str, Any], r: HttpRequest) -> str:
    department = _department(a, d["department"])
    services.application_assign(
        actor=u,
        application=a,
        department=department,
        handler=_handler(a, d.get("handler") or ""),
    )
    return f"已分办给{department.name}。"


def _correction(u: Any, a: Application, d: dict[str, Any], r: HttpRequest) -> str:
    made = services.correction_request(
        actor=u,
        application=a,
        items=d["items"],
        period_days=d["period_days"] or services.DEFAULT_CORRECTION_DAYS,
        notice_on=d["notice_on"],
    )
    if made.late:
        messages.warning(
            r, "注意：补正告知超过了收到申请后7个工作日（条例第三十条），已如实记录。"
        )
    return "已告知补正，答复期限停止计算。"


def _correction_receive(
    u: Any, a: Application, d: dict[str, Any], r: HttpRequest
) -> str:
    services.correction_receive(
        actor=u, application=a, received_on=d["received_on"], content=d["content"]
    )
    return "已记录收到补正，答复期限自次日起重新计算。"


def _correction_expire(
    u: Any, a: Application, d: dict[str, Any], r: HttpRequest
) -> str:
    services.correction_expire(actor=u, application=a, on=d["on"])
    return "申请人逾期未补正，已终止处理。"


def _consult(u: Any, a: Application, d: dict[str, Any], r: HttpRequest) -> str:
    services.consultation_start(
        actor=u,
        application=a,
        party_kind=d["party_kind"],
        party_name=d["party_name"],
        matter=d["matter"],
        started_on=d["started_on"],
    )
    return "已记录征求意见，征求意见期间不计入答复期限。"


def _consult_end(u: Any, a: Application, d: dict[str, Any], r: HttpRequest) -> str:
    services.consultation_end(
        actor=u,
        consultation=_consultation(a, r),
        answer=d["answer"],
        answer_text=d["answer_text"],
        ended_on=d["ended_on"],
    )
    return "已记录意见，答复期限恢复计算。"


def _extend(u: Any, a: Application, d: dict[str, Any], r: HttpRequest) -> str:
    made = services.extension_approve(
        actor=u,
        application=a,
        days=d["days"],
        reason=d["reason"],
        approved_on=d["approved_on"],
    )
    return f"已延长{made.days}个工作日，请告知申请人。"


def _delay(u: Any, a: Application, d: dict[str, Any], r: HttpRequest) -> str:
    services.delay_35(
        actor=u,
        application=a,
        until=d["until"],
        reason=d["reason"],
        decided_on=d["decided_on"],
    )
    return "已确定延迟答复期限，请告知申请人。"


def _fee(u: Any, a: Application, d: dict[str, Any], r: HttpRequest) -> str:
    fee = services.fee_notice(
        actor=u,
        application=a,
        standard=d["standard"],
        pieces=d["pieces"] or 1,
        pages=d["pages"],
        notice_on=d["notice_on"],
    )
    return f"已发出收费通知，应缴{fee.amount}元，缴费期限至{fee.pay_by:%Y-%m-%d}。"


def _fee_paid(u: Any, a: Application, d: dict[str, Any], r: HttpRequest) -> str:
    services.fee_paid(actor=u, application=a, paid_on=d["paid_on"])
    return "已记录缴费，答复期限恢复计算。"


def _fee_expire(u: Any, a: Application, d: dict[str, Any], r: HttpRequest) -> str:
    services.fee_expire(actor=u, application=a, on=d["on"])
    return "申请人逾期未缴费，已终止处理。"


def _reply(u: Any, a: Application, d: dict[str, Any], r: HttpRequest) -> str:
    if r.POST.get("draft"):
        services.reply_draft(
            actor=u,
            application=a,
            reply_type=d["reply_type"],
            reason_codes=d["reasons"],
            text=d["text"],
        )
        return "答复草稿已保存，定稿前仍可修改。"
    services.reply(
        actor=u,
        application=a,
        reply_type=d["reply_type"],
        reason_codes=d["reasons"],
        text=d["text"],
        sent_on=d["sent_on"],
        delivery_way=d["delivery_way"] or None,
    )
    return "已答复，答复内容已定稿。"


def _refer(u: Any, a: Application, d: dict[str, Any], r: HttpRequest) -> str:
    services.referral(
        actor=u,
        application=a,
        agency_name=d["agency_name"],
        agency_contact=d["agency_contact"],
        reason=d["reason"],
        referred_on=d["referred_on"],
    )
    return "已告知申请人不属于本机关负责公开，并告知负责机关。"


def _duplicate(u: Any, a: Application, d: dict[str, Any], r: HttpRequest) -> str:
    original = (
        selectors.applications_visible_to(u)
        .filter(number=d["original"].strip())
        .first()
    )
    if original is None:
        raise ValidationError(f"找不到申请编号为{d['original']}的申请，或您无权查看。")
    services.mark_duplicate(actor=u, application=a, original=original, note=d["note"])
    return f"已标记为{original.number}的重复登记。"


def _archive(u: Any, a: Application, d: dict[str, Any], r: HttpRequest) -> str:
    services.archive(actor=u, application=a, note=d["note"])
    return "已归档。"


def _case_add(u: Any, a: Application, d: dict[str, Any], r: HttpRequest) -> str:
    services.review_case_add(
        actor=u,
        application=a,
        kind=d["kind"],
        body=d["body"],
        case_number=d["case_number"],
        filed_on=d["filed_on"],
        outcome=d["outcome"],
        decided_on=d["decided_on"],
        note=d["note"],
    )
    return "已登记。"


def _case_update(u: Any, a: Application, d: dict[str, Any], r: HttpRequest) -> str:
    services.review_case_update(
        actor=u,
        case=_case(a, r),
        outcome=d["outcome"],
        decided_on=d["decided_on"],
        note=d["note"] or None,
    )
    return "已更新结果。"


ACTIONS: dict[str, ActionSpec] = {
    "confirm": ActionSpec(forms.ConfirmForm, Event.CONFIRM_RECEIPT, _confirm),
    "assign": ActionSpec(forms.AssignForm, Event.ASSIGN, _assign),
    "correction": ActionSpec(
        forms.CorrectionForm, Event.REQUEST_CORRECTION, _correction
    ),
    "correction_receive": ActionSpec(
        forms.CorrectionReceiveForm, Event.RECEIVE_CORRECTION, _correction_receive
    ),
    "correction_expire": ActionSpec(
        forms.OnForm, Event.EXPIRE_CORRECTION, _correction_expire
    ),
    "consult": ActionSpec(forms.ConsultationForm, Event.START_CONSULTATION, _consult),
    "consult_end": ActionSpec(
        forms.ConsultationEndForm, Event.END_CONSULTATION, _consult_end
    ),
    "extend": ActionSpec(forms.ExtensionForm, Event.EXTEND, _extend),
    "delay": ActionSpec(forms.DelayForm, Event.DELAY, _delay),
    "fee": ActionSpec(forms.FeeForm, Event.SEND_FEE_NOTICE, _fee),
    "fee_paid": ActionSpec(forms.FeePaidForm, Event.RECORD_PAYMENT, _fee_paid),
    "fee_expire": ActionSpec(forms.OnForm, Event.EXPIRE_FEE, _fee_expire),
    "reply": ActionSpec(forms.ReplyForm, None, _reply),
    "refer": ActionSpec(forms.ReferralForm, Event.REFER, _refer),
    "duplicate": ActionSpec(forms.DuplicateForm, Event.MARK_DUPLICATE, _duplicate),
    "archive": ActionSpec(forms.NoteForm, Event.ARCHIVE, _archive),
    "case_add": ActionSpec(forms.ReviewCaseForm, None, _case_add),
    "case_update": ActionSpec(forms.ReviewCaseUpdateForm, None, _case_update),
}


def _form_kwargs(name: str, app: Application) -> dict[str, Any]:
    if name == "assign":
        return {
            "departments": selectors.departments_for(app),
            "handlers": selectors.handlers_for(app),
        }
    if name == "reply":
        return {
            "reasons": [
                r for r in selectors.reasons_active() if r.code not in SYSTEM_REASONS
            ]
        }
    return {}


def _available(user: Any, app: Application) -> set[str]:
    """The actions the user may take now (the names of ``ACTIONS``)."""
    events = {t.event for t in events_from(app.state) if allowed(user, t.action, app)}
    names = {name for name, spec in ACTIONS.items() if spec.event in events}
    if "correction" in names and Correction.objects.filter(application=app).exists():
        names.discard("correction")  # 条例第三十条: one notice only
    reply_states = {State.REVIEW, State.HANDLING, State.CONSULTING, State.AWAITING_FEE}
    if app.state in reply_states and allowed(user, Action.APPLICATION_HANDLE, app):
        names.add("reply")
    if app.state not in {State.REGISTERED, State.DUPLICATE} and allowed(
        user, Action.APPLICATION_REGISTER, app
    ):
        names.add("case_add")
        if app.review_cases.exists():
            names.add("case_update")
    return names


@staff_view
def detail(request: HttpRequest, application_id: int) -> HttpResponse:
    user = request.user
    app = selectors.application_get(user, application_id)
    available = _available(user, app)
    personal = (
        selectors.personal_data(user, app) if may_see_personal(user, app) else None
    )
    draft = getattr(app, "reply", None)
    reply_initial: dict[str, Any] = {}
    if draft is not None and not draft.frozen:
        reply_initial = {
            "reply_type": draft.reply_type,
            "reasons": draft.reason_codes,
            "text": draft.text,
        }
    action_forms = {
        name: ACTIONS[name].form(
            initial=reply_initial if name == "reply" else None,
            auto_id=f"{name}-%s",
            **_form_kwargs(name, app),
        )
        for name in available
        if name not in {"consult_end", "case_update"}
    }
    consult_end_forms = [
        (c, forms.ConsultationEndForm(auto_id=f"consult-end-{c.pk}-%s"))
        for c in selectors.open_consultations(app)
        if "consult_end" in available
    ]
    case_forms = [
        (
            case,
            forms.ReviewCaseUpdateForm(
                auto_id=f"case-{case.pk}-%s",
                initial={"outcome": case.outcome, "decided_on": case.decided_on},
            ),
        )
        for case in app.review_cases.all()
        if "case_update" in available
    ]
    row = selectors.stored_deadline(app)
    return render(
        request,
        "disclosures/detail.html",
        {
            "app": app,
            "same_group": selectors.same_information_group_of(app),
            "same_group_manage": can(user, Action.APPLICATION_REGISTER, app.unit),
            "personal": personal,
            "deadline": row,
            "explanation": list(row.explanation) if row else [],
            "events": app.clock_events.all(),
            "letters": selectors.letters_for(app),
            "consultations": app.consultations.all(),
            "open_consultations": selectors.open_consultations(app),
            "fees": app.fees.all(),
            "extensions": app.extensions.all(),
            "delays": app.delays.all(),
            "correction": getattr(app, "correction", None),
            "reply": draft,
            "referral": getattr(app, "referral", None),
            "cases": app.review_cases.all(),
            "duplicates": app.duplicates.all(),
            "forms": action_forms,
            "consult_end_forms": consult_end_forms,
            "case_forms": case_forms,
            "month_count": selectors.applicant_month_count(app)
            if personal is not None
            else None,
            "history": core_selectors.audit_events_for(app)
            if can(user, Action.AUDIT_VIEW, app.unit)
            else None,
        },
    )


@staff_view
@require_POST
def act(request: HttpRequest, application_id: int, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    user = request.user
    app = selectors.application_get(user, application_id)
    form = spec.form(request.POST, **_form_kwargs(action, app))
    back = redirect("disclosures:detail", application_id=app.pk)
    if not form.is_valid():
        problems = [
            f"{form.fields[name].label if name in form.fields else ''}：{error}"
            if name != "__all__"
            else str(error)
            for name, errors in form.errors.items()
            for error in errors
        ]
        messages.error(request, "；".join(problems))
        return back
    try:
        text = spec.run(user, app, form.cleaned_data, request)
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return back
    messages.success(request, text)
    return back


@staff_view
def id_document(request: HttpRequest, application_id: int) -> HttpResponseBase:
    app = selectors.application_get(request.user, application_id)
    content = services.id_document_read(actor=request.user, application=app)
    response = HttpResponse(content.data, content_type=content.content_type)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(content.name)}"
    )
    response["Cache-Control"] = "no-store, private"
    return response


# --- the reason library and 文号 prefixes --------------------------------------------------


@staff_view
def library(request: HttpRequest) -> HttpResponse:
    user = request.user
    can_manage = can(user, Action.APPLICATION_REASONS_MANAGE, None)
    units = _register_units(user)
    if request.method == "POST":
        try:
            if request.POST.get("unit"):
                unit = next(
                    (u for u in units if str(u.pk) == request.POST["unit"]), None
                )
                if unit is None:
                    raise PermissionDenied("您不能设置该单位的文号前缀。")
                services.letter_prefix_set(
                    actor=user, unit=unit, prefix=request.POST.get("prefix", "")
                )
                messages.success(request, "已保存文号前缀。")
            elif request.POST.get("reason"):
                reason = (
                    selectors.reasons_all().filter(pk=request.POST["reason"]).first()
                )
                if reason is None:
                    raise NotFound("找不到该理由。")
                form = forms.ReasonForm(request.POST)
                if not form.is_valid():
                    raise ValidationError("请填写理由名称。")
                services.reply_reason_update(
                    actor=user,
                    reason=reason,
                    label=form.cleaned_data["label"],
                    wording=form.cleaned_data["wording"],
                    is_active=form.cleaned_data["is_active"],
                )
                messages.success(request, f"已修改“{reason.label}”。")
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("disclosures:library")
    return render(
        request,
        "disclosures/library.html",
        {
            "reasons": selectors.reasons_all(),
            "can_manage": can_manage,
            "prefixes": [(u, selectors.letter_prefix_for(u)) for u in units],
        },
    )


# --- the .ics feed --------------------------------------------------------------------------


@staff_view
def feed_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        services.feed_token_reset(actor=user)
        messages.success(request, "已生成新的订阅地址，原地址不再可用。")
        return redirect("disclosures:feed_page")
    token = selectors.feed_token_of(user)
    url = (
        request.build_absolute_uri(reverse("disclosures:feed", args=[token.token]))
        if token
        else ""
    )
    return render(request, "disclosures/feed.html", {"url": url})


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's deadlines as an iCalendar feed; the secret token is the login."""
    try:
        staff = selectors.feed_owner(token)
    except NotFound:
        raise Http404 from None
    body = ics.calendar(
        selectors.feed_applications(staff),
        url_for=lambda a: request.build_absolute_uri(
            reverse("disclosures:detail", args=[a.pk])
        ),
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="gongkai-deadlines.ics"'
    response["Cache-Control"] = "no-store, private"
    return response


# --- 条例第四十四条: information several applicants asked for --------------------------------


@staff_view
def same_information(request: HttpRequest) -> HttpResponse:
    """The groups of applications for the same information, for the disclosure office
    to make 主动公开 or not."""
    user = request.user
    if not _register_units(user):
        raise PermissionDenied(
            "可转为主动公开的信息由政府信息公开工作机构处理。"
            "如需办理，请联系系统管理员授予“政府信息公开工作机构”角色。"
        )
    return render(
        request,
        "disclosures/same_information.html",
        {
            "groups": selectors.same_information_groups(user),
            "decisions": selectors.same_information_decisions(user)[:20],
        },
    )


@staff_view
@require_POST
def same_information_decide(request: HttpRequest, decision: str) -> HttpResponse:
    if decision not in {"convert", "decline"}:
        raise Http404
    user = request.user
    group = selectors.same_information_group_get(
        user, request.POST.get("unit"), request.POST.get("key", "")
    )
    back = redirect("disclosures:same_information")
    try:
        if decision == "convert":
            made = services.same_information_convert(
                actor=user, unit=group.unit, key=group.key
            )
            messages.success(
                request,
                f"已新建主动公开信息草稿“{group.information}”。请补充正文和附件，"
                "按程序提交审核后发布。",
            )
            if made.record_id is not None:
                return redirect("publications:detail", record_id=made.record_id)
            return back
        services.same_information_decline(
            actor=user,
            unit=group.unit,
            key=group.key,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, f"已记录：“{group.information}”不转为主动公开。")
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return back
