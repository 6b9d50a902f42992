"""The staff workbench: thin views over organizations' selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.core import selectors as core_selectors
from gongkai.core import services as core_services
from gongkai.core.exceptions import ApplicationError, PermissionDenied
from gongkai.core.web import run_service as _run
from gongkai.core.web import staff_view
from gongkai.organizations import selectors, services
from gongkai.organizations.models import Staff, Unit
from gongkai.organizations.permissions import can
from gongkai.organizations.roles import Action
from gongkai.workbench import forms
from gongkai.workbench.queue import queue_for


@staff_view
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, Staff)
    return render(
        request,
        "workbench/home.html",
        {
            "queue": queue_for(user),
            "roles": selectors.roles_of(user),
            "notifications": core_selectors.notifications_for(user, unread_only=True)[
                :5
            ],
        },
    )


@staff_view
def my_unit(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, Staff)
    if user.unit_id is None:
        return render(
            request,
            "workbench/error.html",
            {"message": "您的账号尚未归属任何单位，请联系系统管理员。"},
        )
    return redirect("workbench:unit_detail", unit_id=user.unit_id)


@staff_view
def notifications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workbench/notifications.html",
        {"notifications": core_selectors.notifications_for(request.user)[:200]},
    )


@staff_view
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    note = core_services.notification_mark_read(
        actor=request.user, notification_id=notification_id
    )
    return redirect(note.link or "workbench:notifications")


# --- units -------------------------------------------------------------------


@staff_view
def unit_tree(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workbench/unit_tree.html",
        {
            "tree": selectors.unit_tree(request.user),
            "can_import": can(request.user, Action.UNIT_MANAGE, None),
        },
    )


@staff_view
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = selectors.unit_get(request.user, unit_id)
    user = request.user
    return render(
        request,
        "workbench/unit_detail.html",
        {
            "unit": unit,
            "children": selectors.units_visible_to(user).filter(parent=unit),
            "staff": selectors.staff_visible_to(user).filter(unit=unit),
            "ancestors": selectors.units_visible_to(user).filter(
                pk__in=unit.ancestor_ids()[:-1]
            ),
            "can_manage": can(user, Action.UNIT_MANAGE, unit),
            "can_edit_profile": can(user, Action.UNIT_EDIT_PROFILE, unit),
            "can_manage_staff": can(user, Action.STAFF_MANAGE, unit),
            "history": core_selectors.audit_events_for(unit)
            if can(user, Action.AUDIT_VIEW, unit)
            else None,
        },
    )


def _parent_or_none(request: HttpRequest) -> Unit | None:
    parent_id = request.GET.get("parent") or request.POST.get("parent")
    return selectors.unit_get(request.user, int(parent_id)) if parent_id else None


@staff_view
def unit_create(request: HttpRequest) -> HttpResponse:
    parent = _parent_or_none(request)
    form = forms.UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        unit = _run(
            form,
            lambda: services.unit_create(
                actor=request.user,
                parent=parent,
                name=d["name"],
                kind=d["kind"],
                code=d["code"],
                short_names=d["short_names"],
                sort_order=d["sort_order"] or 0,
            ),
        )
        if unit:
            messages.success(request, f"已新建单位“{unit.name}”。")
            return redirect("workbench:unit_detail", unit_id=unit.pk)
    return render(
        request,
        "workbench/form.html",
        {
            "form": form,
            "title": f"在“{parent.name}”下新建单位" if parent else "新建顶层单位",
            "parent": parent,
        },
    )


@staff_view
def unit_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = selectors.unit_get(request.user, unit_id)
    initial = {
        "name": unit.name,
        "kind": unit.kind,
        "code": unit.code,
        "short_names": "，".join(unit.short_names),
        "sort_order": unit.sort_order,
    }
    form = forms.UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(
            form,
            lambda: services.unit_update(
                actor=request.user,
                unit=unit,
                name=d["name"],
                kind=d["kind"],
                code=d["code"],
                short_names=d["short_names"],
                sort_order=d["sort_order"] or 0,
            ),
        ):
            messages.success(request, "已保存。")
            return redirect("workbench:unit_detail", unit_id=unit.pk)
    return render(
        request,
        "workbench/form.html",
        {"form": form, "title": f"编辑单位：{unit.name}", "object": unit},
    )


@staff_view
def unit_profile(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = selectors.unit_get(request.user, unit_id)
    initial = {
        "short_names": "，".join(unit.short_names),
        "address": unit.address,
        "office_hours": unit.office_hours,
        "phones": "，".join(unit.phones),
        "fax": unit.fax,
        "email": unit.email,
        "postcode": unit.postcode,
    }
    form = forms.UnitProfileForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form,
            lambda: services.unit_update_profile(
                actor=request.user, unit=unit, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "已保存单位公开信息。")
        return redirect("workbench:unit_detail", unit_id=unit.pk)
    return render(
        request,
        "workbench/form.html",
        {"form": form, "title": f"单位公开信息：{unit.name}", "object": unit},
    )


@staff_view
def unit_move(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = selectors.unit_get(request.user, unit_id)
    form = forms.MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = selectors.unit_get(request.user, form.cleaned_data["new_parent"])
        if _run(
            form,
            lambda: services.unit_move(
                actor=request.user,
                unit=unit,
                new_parent=target,
                reason=form.cleaned_data["reason"],
            ),
        ):
            messages.success(request, f"已将“{unit.name}”调整到“{target.name}”之下。")
            return redirect("workbench:unit_detail", unit_id=unit.pk)
    return render(
        request,
        "workbench/form.html",
        {
            "form": form,
            "title": f"调整上级单位：{unit.name}",
            "object": unit,
            "unit_choices": selectors.units_visible_to(request.user).exclude(
                path__startswith=unit.path
            ),
            "unit_field": "new_parent",
        },
    )


@staff_view
def unit_deactivate(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = selectors.unit_get(request.user, unit_id)
    form = forms.ReasonForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form,
            lambda: services.unit_set_active(
                actor=request.user,
                unit=unit,
                active=not unit.is_active,
                reason=form.cleaned_data["reason"],
            ),
        )
    ):
        messages.success(request, "已停用。" if not unit.is_active else "已启用。")
        return redirect("workbench:unit_detail", unit_id=unit.pk)
    verb = "停用" if unit.is_active else "启用"
    return render(
        request,
        "workbench/form.html",
        {"form": form, "title": f"{verb}单位：{unit.name}", "object": unit},
    )


@staff_view
def unit_import(request: HttpRequest) -> HttpResponse:
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        confirm = request.POST.get("confirm") == "1"
        outcome = _run(
            form,
            lambda: services.units_import(
                actor=request.user, data=data, dry_run=not confirm
            ),
        )
        if outcome and confirm:
            messages.success(
                request,
                f"已导入{len(outcome.created)}个单位，{len(outcome.rejected)}行未导入。",
            )
    return render(
        request, "workbench/unit_import.html", {"form": form, "outcome": outcome}
    )


# --- staff and roles ---------------------------------------------------------


@staff_view
def staff_detail(request: HttpRequest, staff_id: int) -> HttpResponse:
    member = selectors.staff_get(request.user, staff_id)
    user = request.user
    return render(
        request,
        "workbench/staff_detail.html",
        {
            "member": member,
            "roles": selectors.roles_of(member),
            "can_manage": can(user, Action.STAFF_MANAGE, member.unit),
            "can_grant": can(user, Action.ROLE_GRANT, member.unit),
            "grant_form": forms.RoleGrantForm(initial={"unit": member.unit_id}),
            "unit_choices": selectors.units_visible_to(user).filter(is_active=True),
            "history": core_selectors.audit_events_for(member)
            if can(user, Action.AUDIT_VIEW, member.unit)
            else None,
        },
    )


def _unit_from_form(request: HttpRequest, unit_id: int | None) -> Unit | None:
    return selectors.unit_get(request.user, unit_id) if unit_id else None


@staff_view
def staff_create(request: HttpRequest) -> HttpResponse:
    unit = _parent_or_none(request)
    form = forms.StaffForm(
        request.POST or None, initial={"unit": unit.pk if unit else None}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        target = _unit_from_form(request, d["unit"])
        member = _run(
            form,
            lambda: services.staff_create(
                actor=request.user,
                username=d["username"],
                full_name=d["full_name"],
                unit=target,
                password=d["password"],
                phone=d["phone"],
                title=d["title"],
                email=d["email"],
            ),
        )
        if member:
            messages.success(
                request, f"已创建账号“{member.username}”。请为其授予角色。"
            )
            return redirect("workbench:staff_detail", staff_id=member.pk)
    return render(
        request,
        "workbench/form.html",
        {
            "form": form,
            "title": "新建工作人员账号",
            "unit_choices": selectors.units_visible_to(request.user).filter(
                is_active=True
            ),
            "unit_field": "unit",
        },
    )


@staff_view
def staff_edit(request: HttpRequest, staff_id: int) -> HttpResponse:
    member = selectors.staff_get(request.user, staff_id)
    initial = {
        "full_name": member.full_name,
        "unit": member.unit_id,
        "phone": member.phone,
        "title": member.title,
        "email": member.email,
    }
    form = forms.StaffEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        target = _unit_from_form(request, d["unit"])
        if _run(
            form,
            lambda: services.staff_update(
                actor=request.user,
                staff=member,
                full_name=d["full_name"],
                unit=target,
                phone=d["phone"],
                title=d["title"],
                email=d["email"],
            ),
        ):
            messages.success(request, "已保存。")
            return redirect("workbench:staff_detail", staff_id=member.pk)
    return render(
        request,
        "workbench/form.html",
        {
            "form": form,
            "title": f"编辑工作人员：{member.display_name}",
            "object": member,
            "unit_choices": selectors.units_visible_to(request.user).filter(
                is_active=True
            ),
            "unit_field": "unit",
        },
    )


@staff_view
def staff_toggle(request: HttpRequest, staff_id: int) -> HttpResponse:
    member = selectors.staff_get(request.user, staff_id)
    form = forms.ReasonForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form,
            lambda: services.staff_set_active(
                actor=request.user,
                staff=member,
                active=not member.is_active,
                reason=form.cleaned_data["reason"],
            ),
        )
    ):
        messages.success(request, "已更新账号状态。")
        return redirect("workbench:staff_detail", staff_id=member.pk)
    verb = "停用" if member.is_active else "启用"
    return render(
        request,
        "workbench/form.html",
        {"form": form, "title": f"{verb}账号：{member.display_name}", "object": member},
    )


@staff_view
def staff_password(request: HttpRequest, staff_id: int) -> HttpResponse:
    member = selectors.staff_get(request.user, staff_id)
    form = forms.PasswordForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form,
            lambda: services.staff_set_password(
                actor=request.user, staff=member, password=form.cleaned_data["password"]
            ),
        )
    ):
        messages.success(request, "已设置新密码。")
        return redirect("workbench:staff_detail", staff_id=member.pk)
    return render(
        request,
        "workbench/form.html",
        {"form": form, "title": f"设置密码：{member.display_name}", "object": member},
    )


@staff_view
@require_POST
def role_grant(request: HttpRequest, staff_id: int) -> HttpResponse:
    member = selectors.staff_get(request.user, staff_id)
    form = forms.RoleGrantForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        unit = selectors.unit_get(request.user, d["unit"])
        subtree = {"yes": True, "no": False}.get(d["subtree"])
        try:
            services.role_grant(
                actor=request.user,
                staff=member,
                unit=unit,
                role=d["role"],
                subtree=subtree,
            )
            messages.success(request, "已授予角色。")
        except PermissionDenied:
            raise
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "请选择单位和角色。")
    return redirect("workbench:staff_detail", staff_id=member.pk)


@staff_view
@require_POST
def role_revoke(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = selectors.role_assignment_get(request.user, assignment_id)
    staff_id = assignment.staff_id
    services.role_revoke(
        actor=request.user, assignment=assignment, reason=request.POST.get("reason", "")
    )
    messages.success(request, "已撤销角色。")
    return redirect("workbench:staff_detail", staff_id=staff_id)
