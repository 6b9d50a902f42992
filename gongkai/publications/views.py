"""Staff pages for government information: drafting, the 三审 chain, lifecycle, ledgers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
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
from gongkai.organizations.models import Staff, Unit
from gongkai.organizations.permissions import can
from gongkai.organizations.roles import Action
from gongkai.organizations.selectors import units_visible_to
from gongkai.publications import forms, selectors, services
from gongkai.publications.ledger import ledger_workbook
from gongkai.publications.models import FindingStatus, Record, Revision, SensitiveWord
from gongkai.publications.states import (
    EDITABLE_STATES,
    REVIEW_STEP_ACTION,
    RevisionState,
)
from gongkai.publications.vocab import Disclosure, RecordKind


def _input(data: dict[str, Any]) -> services.RevisionInput:
    return services.RevisionInput(
        title=data["title"],
        formed_on=data["formed_on"],
        body=data["body"],
        summary=data["summary"],
        publisher=data["publisher"],
        doc_number=data["doc_number"],
        written_on=data["written_on"],
        topic=data["topic"],
        doc_type=data["doc_type"],
        policy_class=data["policy_class"] or "",
        effective_from=data["effective_from"],
        effective_until=data["effective_until"],
        disclosure=data["disclosure"],
        withhold_ground=data["withhold_ground"] or "",
        channels=list(data["channels"]),
        needs_interpretation=data["needs_interpretation"],
        column_ids=[c.pk for c in data["columns"]],
    )


def _draft_units(user: Any) -> list[Unit]:
    return [
        u
        for u in units_visible_to(user).filter(is_active=True)
        if can(user, Action.PUBLICATION_DRAFT, u)
    ]


@staff_view
def record_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    records = selectors.records_visible_to(user).prefetch_related("revisions")
    state = request.GET.get("state", "")
    q = request.GET.get("q", "").strip()
    if q:
        records = records.filter(revisions__title__icontains=q).distinct()
    rows = []
    for record in records.order_by("-created_at")[:300]:
        current = selectors.revision_current(record)
        if state and current.state != state:
            continue
        rows.append((record, current))
    return render(
        request,
        "publications/list.html",
        {
            "rows": rows,
            "states": RevisionState.choices,
            "state": state,
            "q": q,
            "can_draft": bool(_draft_units(user)),
            "queue": selectors.review_queue(user),
            "overdue": selectors.revisions_overdue(user)[:50],
            "due_soon": selectors.revisions_due_soon(user)[:50],
            "returned": selectors.my_returned(user)[:50],
        },
    )


@staff_view
def record_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    units = _draft_units(user)
    if not units:
        raise PermissionDenied(
            "您没有起草政府信息的权限。请联系系统管理员授予“部门信息员”角色。"
        )
    form = forms.RevisionForm(
        request.POST or None, initial={"formed_on": timezone.localdate()}
    )
    unit_id = request.POST.get("unit") or (
        user.unit_id if isinstance(user, Staff) else None
    )
    if request.method == "POST" and form.is_valid():
        unit = next((u for u in units if str(u.pk) == str(unit_id)), None)
        if unit is None:
            form.add_error(None, "请选择您有权起草信息的单位。")
        else:
            record = run_service(
                form,
                lambda: services.record_create(
                    actor=user,
                    unit=unit,
                    data=_input(form.cleaned_data),
                    kind=form.cleaned_data["kind"],
                ),
            )
            if record:
                messages.success(
                    request, "草稿已保存。可以继续上传附件，然后提交审核。"
                )
                return redirect("publications:detail", record_id=record.pk)
    return render(
        request,
        "publications/form.html",
        {
            "form": form,
            "title": "新建政府信息",
            "units": units,
            "unit_id": str(unit_id or ""),
        },
    )


@staff_view
def record_edit(request: HttpRequest, record_id: int) -> HttpResponse:
    record = selectors.record_get(request.user, record_id)
    revision = selectors.revision_current(record)
    if revision.state not in EDITABLE_STATES:
        raise PermissionDenied(
            "该版本正在审核或已发布，不能直接修改。已发布的信息请点“修订”。"
        )
    initial = {f: getattr(revision, f) for f in services.REVISION_FIELDS}
    initial["columns"] = list(revision.columns.all())
    initial["kind"] = record.kind
    form = forms.RevisionForm(request.POST or None, initial=initial)
    form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        if run_service(
            form,
            lambda: services.revision_update(
                actor=request.user, revision=revision, data=_input(form.cleaned_data)
            ),
        ):
            messages.success(request, "已保存。")
            return redirect("publications:detail", record_id=record.pk)
    return render(
        request,
        "publications/form.html",
        {"form": form, "title": f"修改：{revision.title}", "record": record},
    )


@staff_view
def record_detail(request: HttpRequest, record_id: int) -> HttpResponse:
    user = request.user
    record = selectors.record_get(user, record_id)
    revision = selectors.revision_current(record)
    unit = record.unit
    step_action = REVIEW_STEP_ACTION.get(revision.state)
    return render(
        request,
        "publications/detail.html",
        {
            "record": record,
            "revision": revision,
            "attachments": revision.attachments.all(),
            "findings": revision.findings.select_related("attachment").all(),
            "marked_body": selectors.body_with_findings(revision)
            if revision.state == RevisionState.SECRECY_REVIEW
            else None,
            "open_findings": revision.findings.filter(
                status=FindingStatus.OPEN
            ).count(),
            "can_edit": revision.state in EDITABLE_STATES
            and can(user, Action.PUBLICATION_DRAFT, unit),
            "can_review": step_action is not None and can(user, step_action, unit),
            "can_return_scheduled": revision.state == RevisionState.SCHEDULED
            and can(user, Action.PUBLICATION_FINAL_REVIEW, unit),
            "is_secrecy_step": revision.state == RevisionState.SECRECY_REVIEW,
            "is_final_step": revision.state == RevisionState.FINAL_REVIEW,
            "can_revise": revision.state
            in {
                RevisionState.PUBLISHED,
                RevisionState.REGISTERED,
                RevisionState.WITHDRAWN,
            }
            and can(user, Action.PUBLICATION_DRAFT, unit),
            "can_withdraw": record.is_public
            and can(user, Action.PUBLICATION_WITHDRAW, unit),
            "can_lifecycle": record.public_revision is not None
            and can(user, Action.PUBLICATION_LIFECYCLE, unit),
            "can_link": record.kind == RecordKind.INTERPRETATION
            and can(user, Action.PUBLICATION_DRAFT, unit),
            "policies": record.interprets.all(),
            "interpretations": record.interpretations.all(),
            "validity_form": forms.ValidityForm(initial={"validity": record.validity}),
            "schedule_form": forms.ScheduleForm(),
            "revisions": record.revisions.order_by("-number"),
            "is_proactive": revision.disclosure == Disclosure.PROACTIVE,
            "history": core_selectors.audit_events_for(record)
            if can(user, Action.AUDIT_VIEW, unit)
            else None,
        },
    )


def _after(request: HttpRequest, record: Record, ok_message: str) -> HttpResponse:
    messages.success(request, ok_message)
    return redirect("publications:detail", record_id=record.pk)


def _act(
    request: HttpRequest, record_id: int, call: Any, ok_message: str
) -> HttpResponse:
    record = selectors.record_get(request.user, record_id)
    revision = selectors.revision_current(record)
    try:
        call(record, revision)
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("publications:detail", record_id=record.pk)
    return _after(request, record, ok_message)


@staff_view
@require_POST
def revision_submit(request: HttpRequest, record_id: int) -> HttpResponse:
    return _act(
        request,
        record_id,
        lambda rec, rev: services.revision_submit(actor=request.user, revision=rev),
        "已提交源头审查。",
    )


@staff_view
@require_POST
def revision_approve(request: HttpRequest, record_id: int) -> HttpResponse:
    form = forms.ScheduleForm(request.POST)
    publish_at = form.cleaned_data.get("publish_at") if form.is_valid() else None
    return _act(
        request,
        record_id,
        lambda rec, rev: services.revision_approve(
            actor=request.user, revision=rev, publish_at=publish_at
        ),
        "审核通过。",
    )


@staff_view
@require_POST
def revision_return(request: HttpRequest, record_id: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _act(
        request,
        record_id,
        lambda rec, rev: services.revision_return(
            actor=request.user, revision=rev, reason=reason
        ),
        "已退回编辑修改。",
    )


@staff_view
@require_POST
def finding_override(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = selectors.finding_get(request.user, finding_id)
    record = finding.revision.record
    try:
        services.finding_override(
            actor=request.user, finding=finding, reason=request.POST.get("reason", "")
        )
    except ApplicationError as exc:
        if isinstance(exc, NotFound | PermissionDenied):
            raise
        messages.error(request, exc.message)
        return redirect("publications:detail", record_id=record.pk)
    return _after(request, record, "已确认该处可以公开，理由已记录。")


@staff_view
@require_POST
def record_withdraw(request: HttpRequest, record_id: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _act(
        request,
        record_id,
        lambda rec, rev: services.record_withdraw(
            actor=request.user, record=rec, reason=reason
        ),
        "已撤稿，公开专栏上不再显示。",
    )


@staff_view
@require_POST
def record_revise(request: HttpRequest, record_id: int) -> HttpResponse:
    return _act(
        request,
        record_id,
        lambda rec, rev: services.record_new_revision(actor=request.user, record=rec),
        "已生成新版本草稿；审核通过前，公开专栏仍显示原版本。",
    )


@staff_view
@require_POST
def record_validity(request: HttpRequest, record_id: int) -> HttpResponse:
    form = forms.ValidityForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择有效性并填写正确的日期。")
        return redirect("publications:detail", record_id=record_id)
    d = form.cleaned_data

    def call(rec: Record, rev: Revision) -> None:
        successor = None
        if d["successor"]:
            successor = (
                selectors.records_visible_to(request.user)
                .filter(index_number=d["successor"].strip())
                .first()
            )
            if successor is None:
                raise ValidationError(f"找不到索引号为 {d['successor']} 的文件。")
        services.record_set_validity(
            actor=request.user,
            record=rec,
            validity=d["validity"],
            changed_on=d["changed_on"],
            successor=successor,
            reason=d["reason"],
        )

    return _act(request, record_id, call, "已更新有效性。")


@staff_view
@require_POST
def interpretation_link(request: HttpRequest, record_id: int) -> HttpResponse:
    index_number = request.POST.get("index_number", "").strip()

    def call(rec: Record, rev: Revision) -> None:
        policy = (
            selectors.records_visible_to(request.user)
            .filter(index_number=index_number)
            .first()
        )
        if policy is None:
            raise ValidationError(
                f"找不到索引号为 {index_number} 的政策文件，或您无权查看。"
            )
        services.interpretation_link(
            actor=request.user, interpretation=rec, policy=policy
        )

    return _act(request, record_id, call, "已关联政策文件。")


@staff_view
def attachment_upload(request: HttpRequest, record_id: int) -> HttpResponse:
    record = selectors.record_get(request.user, record_id)
    revision = selectors.revision_current(record)
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.MAX_ATTACHMENT_BYTES:
            form.add_error(None, "附件超过50MB，请压缩或拆分后上传。")
        elif run_service(
            form,
            lambda: services.attachment_add(
                actor=request.user,
                revision=revision,
                name=upload.name,
                data=upload.read(),
            ),
        ):
            return _after(request, record, f"已上传附件“{upload.name}”。")
    return render(
        request,
        "publications/upload.html",
        {"form": form, "record": record, "revision": revision},
    )


@staff_view
@require_POST
def attachment_delete(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment = selectors.attachment_get(request.user, attachment_id)
    record = attachment.revision.record
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except ApplicationError as exc:
        if isinstance(exc, NotFound | PermissionDenied):
            raise
        messages.error(request, exc.message)
        return redirect("publications:detail", record_id=record.pk)
    return _after(request, record, "已删除附件。")


@staff_view
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponseBase:
    attachment = selectors.attachment_get(request.user, attachment_id)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name
    )


# --- catalogue, words, repeal, ledger ---------------------------------------------------


@staff_view
def columns(request: HttpRequest) -> HttpResponse:
    form = forms.ColumnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if run_service(
            form,
            lambda: services.column_create(
                actor=request.user,
                name=d["name"],
                slug=d["slug"],
                parent=d["parent"],
                description=d["description"],
            ),
        ):
            messages.success(request, "已新建栏目。")
            return redirect("publications:columns")
    return render(
        request,
        "publications/columns.html",
        {
            "form": form,
            "columns": selectors.columns_all(),
            "can_manage": can(request.user, Action.CATALOG_MANAGE, None),
        },
    )


@staff_view
def words(request: HttpRequest) -> HttpResponse:
    form = forms.WordForm(request.POST or None)
    if request.method == "POST" and request.POST.get("remove"):
        item = SensitiveWord.objects.filter(pk=request.POST["remove"]).first()
        if item is not None:
            try:
                services.sensitive_word_remove(actor=request.user, item=item)
                messages.success(request, "已删除。")
            except ApplicationError as exc:
                messages.error(request, exc.message)
        return redirect("publications:words")
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if run_service(
            form,
            lambda: services.sensitive_word_add(
                actor=request.user, word=d["word"], note=d["note"]
            ),
        ):
            messages.success(request, "已添加。")
            return redirect("publications:words")
    return render(
        request,
        "publications/words.html",
        {
            "form": form,
            "words": SensitiveWord.objects.all(),
            "can_manage": can(request.user, Action.SENSITIVE_WORDS_MANAGE, None),
        },
    )


@staff_view
def repeal_import(request: HttpRequest) -> HttpResponse:
    form = forms.RepealForm(request.POST or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        confirm = request.POST.get("confirm") == "1"
        outcome = run_service(
            form,
            lambda: services.repeal_catalog_import(
                actor=request.user,
                text=d["text"],
                validity=d["validity"],
                changed_on=d["changed_on"],
                dry_run=not confirm,
            ),
        )
    return render(
        request, "publications/repeal.html", {"form": form, "outcome": outcome}
    )


@staff_view
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "publications/dashboard.html",
        {
            "stats": selectors.interpretation_stats(user),
            "broken": selectors.broken_interpretation_links(user)[:100],
            "overdue": selectors.revisions_overdue(user)[:100],
            "due_soon": selectors.revisions_due_soon(user)[:100],
        },
    )


@staff_view
def ledger(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    first = today.replace(day=1)
    last_month_end = first - dt.timedelta(days=1)
    form = forms.LedgerForm(
        request.GET or None,
        initial={"start": last_month_end.replace(day=1), "end": last_month_end},
    )
    rows = None
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if end < start:
            form.add_error(None, "截止日期不能早于起始日期。")
        else:
            rows = selectors.ledger_rows(request.user, start=start, end=end)
            if request.GET.get("export") == "xlsx":
                data = ledger_workbook(rows, start=start, end=end)
                response = HttpResponse(
                    data,
                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
                name = f"主动公开信息登记台账_{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
                response["Content-Disposition"] = (
                    f"attachment; filename*=UTF-8''{_quote(name)}"
                )
                return response
    return render(request, "publications/ledger.html", {"form": form, "rows": rows})


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
