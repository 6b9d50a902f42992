"""Staff pages of the letters: preview a letter, edit its text before sign-off,
download it as .docx and PDF, “确认发出” (which freezes it), and the unit's
templates.

Letters name the applicant, so they are shown only to the staff handling the
application (``may_see_personal``); staff of other units get 404, exactly as for
the application itself. Mount with ``urlpatterns`` below (inside the
``disclosures`` namespace).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from gongkai.core.exceptions import (
    ApplicationError,
    NotFound,
    PermissionDenied,
)
from gongkai.core.web import staff_view
from gongkai.disclosures import letters, selectors, services
from gongkai.disclosures.models import Application
from gongkai.disclosures.permissions import allowed, may_see_personal
from gongkai.organizations.models import Unit
from gongkai.organizations.permissions import can
from gongkai.organizations.roles import Action
from gongkai.organizations.selectors import units_visible_to


def _application(request: HttpRequest, application_id: int) -> Application:
    app = selectors.application_get(request.user, application_id)
    if not may_see_personal(request.user, app):
        raise PermissionDenied(
            "文书载有申请人的姓名和申请内容，只向办理该申请的工作人员显示。"
        )
    return app


def _letter_url(name: str, view: letters.LetterView) -> str:
    return reverse(
        f"disclosures:{name}",
        args=[view.application.pk, view.kind, view.record_id],
    )


def _page(
    request: HttpRequest,
    view: letters.LetterView,
    *,
    text: str | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    app = view.application
    can_edit = not view.frozen and allowed(user, Action.APPLICATION_HANDLE, app)
    spec = view.template
    return render(
        request,
        "disclosures/letter_detail.html",
        {
            "app": app,
            "letter": view,
            "doc": view.doc,
            "text": view.text if text is None else text,
            "error": error,
            "can_edit": can_edit,
            "placeholders": [(n, letters.PLACEHOLDERS[n]) for n in spec.placeholders],
            "others": [v for v in letters.letter_views(app) if v.record != view.record],
            "docx_url": _letter_url("letter_docx", view),
            "pdf_url": _letter_url("letter_pdf", view),
            "send_url": _letter_url("letter_send", view),
            "self_url": _letter_url("letter", view),
            "templates_url": reverse("disclosures:letter_templates")
            + "?"
            + urlencode({"unit": app.unit_id, "key": spec.key}),
            "can_templates": can(user, Action.APPLICATION_REGISTER, app.unit),
        },
        status=status,
    )


@staff_view
def letter(
    request: HttpRequest, application_id: int, kind: str, record_id: int
) -> HttpResponse:
    """The letter: preview; POST saves the edited text (``action=reset``: back to
    what the template makes)."""
    app = _application(request, application_id)
    view = letters.letter_view(app, kind, record_id)
    if request.method == "POST":
        reset = request.POST.get("action") == "reset"
        text = "" if reset else request.POST.get("text", "")
        try:
            services.letter_update_text(
                actor=request.user,
                application=app,
                kind=view.kind,
                record_id=view.record_id,
                text=text,
            )
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            return _page(request, view, text=text, error=exc.message, status=400)
        messages.success(
            request, "已恢复为模板文字。" if reset else "已保存文书的修改，尚未发出。"
        )
        return redirect(_letter_url("letter", view))
    return _page(request, view)


@staff_view
@require_POST
def letter_send(
    request: HttpRequest, application_id: int, kind: str, record_id: int
) -> HttpResponse:
    """确认发出: the letter is frozen (and a draft reply is sent)."""
    app = _application(request, application_id)
    view = letters.letter_view(app, kind, record_id)
    back = redirect(_letter_url("letter", view))
    try:
        sent = services.letter_send(
            actor=request.user,
            application=app,
            kind=view.kind,
            record_id=view.record_id,
        )
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return back
    messages.success(
        request,
        f"已确认发出{view.template.short}（{sent.number}），文书已定稿，不能再修改。",
    )
    return back


def _download(
    request: HttpRequest, application_id: int, kind: str, record_id: int, fmt: str
) -> HttpResponseBase:
    app = _application(request, application_id)
    view = letters.letter_view(app, kind, record_id)
    try:
        made = letters.letter_file(view, fmt)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(_letter_url("letter", view))
    response = HttpResponse(made.data, content_type=made.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(made.name)}"
    response["Cache-Control"] = "no-store, private"
    return response


@staff_view
@require_GET
def letter_docx(
    request: HttpRequest, application_id: int, kind: str, record_id: int
) -> HttpResponseBase:
    return _download(request, application_id, kind, record_id, "docx")


@staff_view
@require_GET
def letter_pdf(
    request: HttpRequest, application_id: int, kind: str, record_id: int
) -> HttpResponseBase:
    return _download(request, application_id, kind, record_id, "pdf")


# --- the unit's templates ---------------------------------------------------------------------


def _template_units(user: Any) -> list[Unit]:
    return [
        u
        for u in units_visible_to(user).filter(is_active=True)
        if can(user, Action.APPLICATION_REGISTER, u)
    ]


@staff_view
def letter_templates(request: HttpRequest) -> HttpResponse:
    """The letter templates of the units where the user registers applications
    (the 政府信息公开工作机构): edit, or restore the default."""
    user = request.user
    units = _template_units(user)
    if not units:
        raise PermissionDenied(
            "修改文书模板需要“政府信息公开工作机构”角色（登记、审核、分办依申请公开件）。"
        )
    source = request.POST if request.method == "POST" else request.GET
    unit = next((u for u in units if str(u.pk) == source.get("unit")), units[0])
    key = source.get("key") or ""
    if key not in letters.TEMPLATES:
        key = next(iter(letters.TEMPLATES))
    spec = letters.TEMPLATES[key]
    here = (
        reverse("disclosures:letter_templates")
        + "?"
        + urlencode({"unit": unit.pk, "key": key})
    )
    error = ""
    posted: str | None = None
    if request.method == "POST":
        reset = request.POST.get("action") == "reset"
        posted = "" if reset else request.POST.get("text", "")
        try:
            services.letter_template_save(actor=user, unit=unit, key=key, text=posted)
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                f"已恢复{spec.label}的默认模板。"
                if reset
                else f"已保存{unit.name}的{spec.label}模板。此后生成的文书使用新模板，"
                "已发出的文书不变。",
            )
            return redirect(here)
    text, overridden = letters.unit_template(unit, key)
    rows = [
        (s, letters.unit_template(unit, s.key)[1]) for s in letters.TEMPLATES.values()
    ]
    return render(
        request,
        "disclosures/letter_templates.html",
        {
            "units": units,
            "unit": unit,
            "spec": spec,
            "rows": rows,
            "text": text if posted is None else posted,
            "overridden": overridden,
            "error": error,
            "placeholders": [(n, letters.PLACEHOLDERS[n]) for n in spec.placeholders],
        },
        status=400 if error else 200,
    )


# For gongkai/disclosures/urls.py: ``urlpatterns = [..., *views_letters.urlpatterns]``
# (before ``<int:application_id>/<slug:action>/`` is not needed: these paths are longer).
_LETTER = "<int:application_id>/letters/<slug:kind>/<int:record_id>/"
urlpatterns = [
    path(_LETTER, letter, name="letter"),
    path(f"{_LETTER}send/", letter_send, name="letter_send"),
    path(f"{_LETTER}letter.docx", letter_docx, name="letter_docx"),
    path(f"{_LETTER}letter.pdf", letter_pdf, name="letter_pdf"),
    path("letter-templates/", letter_templates, name="letter_templates"),
]
