"""Workbench pages of the calendar: review a year, import a notice, unit periods.

Thin views over ``selectors`` and ``services``. (``gongkai.workbench`` sits above this
app in the layers, so the small ``staff_view`` wrapper is repeated here.)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.calendars import forms, selectors, services
from gongkai.calendars.permissions import can_manage_calendar, require_calendar_manage
from gongkai.core.exceptions import ApplicationError, NotFound, PermissionDenied
from gongkai.organizations import selectors as org_selectors
from gongkai.organizations.models import Staff, Unit
from gongkai.organizations.permissions import can, scope_for
from gongkai.organizations.roles import Action
from gongkai.rules.lunar import FIRST_YEAR, LAST_YEAR
from gongkai.rules.periods import PERIOD_RULES, Period

View = Callable[..., HttpResponse]


def staff_view(view: View) -> View:
    """Login required; hidden or missing objects give 404, forbidden actions 403."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            return render(
                request, "workbench/error.html", {"message": exc.message}, status=404
            )
        except PermissionDenied as exc:
            return render(
                request, "workbench/error.html", {"message": exc.message}, status=403
            )

    return wrapper


@staff_view
def calendar_year(request: HttpRequest) -> HttpResponse:
    """One year's holidays and adjusted working days, month by month."""
    year = timezone.localdate().year
    raw = request.GET.get("year", "").strip()
    if raw:
        if raw.isdigit() and FIRST_YEAR <= int(raw) <= LAST_YEAR:
            year = int(raw)
        else:
            messages.error(
                request,
                f"年份“{raw}”无效，请选择{FIRST_YEAR}年至{LAST_YEAR}年之间的年份。",
            )
    return render(
        request,
        "calendars/year.html",
        {
            "view": selectors.calendar_year_view(year),
            "years": selectors.calendar_year_choices(),
            "can_manage": can_manage_calendar(request.user),
        },
    )


@staff_view
def calendar_import(request: HttpRequest) -> HttpResponse:
    """Paste a State Council notice → preview → confirm → stored and recomputed."""
    require_calendar_manage(request.user)
    form = forms.NoticeImportForm(request.POST or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        confirm = request.POST.get("confirm") == "1"
        try:
            outcome = services.calendar_import_notice(
                actor=request.user,
                text=form.cleaned_data["text"],
                year=form.cleaned_data["year"],
                confirm=confirm,
            )
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        if outcome is not None and outcome.confirmed:
            recompute = outcome.recompute
            messages.success(
                request,
                f"已保存{outcome.year}年节假日安排。"
                + (
                    f"重新计算了{recompute.recomputed}个期限，"
                    f"其中{recompute.changed}个日期有变化，"
                    f"已通知{recompute.notified}位责任人。"
                    if recompute is not None
                    else ""
                ),
            )
    return render(
        request,
        "calendars/import.html",
        {"form": form, "outcome": outcome},
    )


def _editable_units(user: Any) -> list[Unit]:
    scope = scope_for(user, Action.UNIT_EDIT_PROFILE)
    return list(
        org_selectors.units_visible_to(user)
        .filter(scope.q(), is_active=True)
        .order_by("path")
    )


@staff_view
def periods(request: HttpRequest) -> HttpResponse:
    """The statutory periods, and the 留言 reply period of a unit (editable where the
    user may edit the unit's profile)."""
    user = request.user
    assert isinstance(user, Staff)
    raw = request.GET.get("unit") or request.POST.get("unit") or user.unit_id
    unit: Unit | None = None
    if raw:
        try:
            unit = org_selectors.unit_get(user, int(raw))
        except ValueError:
            raise NotFound("找不到该单位，或您无权查看。") from None
    days, set_by = selectors.message_reply_days_for(unit)
    editable = unit is not None and can(user, Action.UNIT_EDIT_PROFILE, unit)
    own = unit is not None and set_by is not None and set_by.pk == unit.pk
    form = forms.MessageReplyDaysForm(
        request.POST or None, initial={"working_days": days if own else None}
    )
    if request.method == "POST" and unit is not None and form.is_valid():
        try:
            services.unit_set_message_reply_days(
                actor=user, unit=unit, working_days=form.cleaned_data["working_days"]
            )
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已保存“{unit.name}”的留言答复期限。")
            return redirect(reverse("calendars:periods") + f"?unit={unit.pk}")
    rules = [
        {
            "rule": rule,
            "days": selectors.period_for_unit(rule.period, unit),
            "unit_specific": rule.period is Period.MESSAGE_REPLY,
        }
        for rule in PERIOD_RULES.values()
    ]
    return render(
        request,
        "calendars/periods.html",
        {
            "rules": rules,
            "unit": unit,
            "units": _editable_units(user),
            "message_days": days,
            "set_by": set_by,
            "editable": editable,
            "form": form,
        },
    )
