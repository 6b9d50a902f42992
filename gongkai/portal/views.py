"""Public pages. They read only through ``*_public()`` selectors."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from gongkai.calendars.forms import PublicDeadlineForm
from gongkai.calendars.selectors import deadline_compute_public
from gongkai.core.exceptions import ApplicationError, NotFound
from gongkai.portal.columns import HOME_COLUMNS
from gongkai.publications import selectors as pub
from gongkai.rules.deadlines import DeadlineResult
from gongkai.rules.workdays import format_date_cn

PAGE_SIZE = 20


def home(request: HttpRequest) -> HttpResponse:
    latest = list(pub.records_public()[:10])
    return render(
        request, "portal/home.html", {"columns": HOME_COLUMNS, "latest": latest}
    )


def catalogue(request: HttpRequest) -> HttpResponse:
    """法定主动公开内容: the catalogue columns with their newest records."""
    columns = [
        (column, list(pub.records_public_in_column(column)[:5]))
        for column in pub.columns_public().filter(parent__isnull=True)
    ]
    return render(request, "portal/catalogue.html", {"columns": columns})


def column(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        col = pub.column_public_get(slug)
    except NotFound:
        raise Http404 from None
    page = Paginator(pub.records_public_in_column(col), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/column.html",
        {
            "column": col,
            "page": page,
            "children": pub.columns_public().filter(parent=col),
        },
    )


def document(request: HttpRequest, index_number: str) -> HttpResponse:
    try:
        record = pub.record_public_get(index_number)
    except NotFound:
        raise Http404 from None
    return render(
        request,
        "portal/document.html",
        {
            "record": record,
            "revision": record.public_revision,
            "attachments": pub.attachments_public(record),
            "interpretations": pub.interpretations_public(record),
            "policies": pub.policies_public_of(record),
            "banner": pub.VALIDITY_BANNER.get(record.validity),
        },
    )


def attachment(
    request: HttpRequest, index_number: str, attachment_id: int
) -> HttpResponseBase:
    try:
        record = pub.record_public_get(index_number)
    except NotFound:
        raise Http404 from None
    found = next(
        (a for a in pub.attachments_public(record) if a.pk == attachment_id), None
    )
    if found is None:
        raise Http404
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


def deadline(request: HttpRequest) -> HttpResponse:
    """The public reply-deadline calculator: a citizen's check on the office."""
    data = request.POST if request.method == "POST" else None
    if data is None and "received" in request.GET:
        data = request.GET
    form = PublicDeadlineForm(data)
    result: DeadlineResult | None = None
    if data is not None and form.is_valid():
        try:
            result = deadline_compute_public(
                received=form.cleaned_data["received"],
                period=form.cleaned_data["days"],
                events=form.cleaned_data["events"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
    context: dict[str, object] = {"form": form, "result": result}
    if result is not None:
        context["due_text"] = format_date_cn(result.due) if result.due else ""
        years = "、".join(f"{y}年" for y in result.provisional_years)
        context["provisional_notice"] = (
            f"{years}节假日安排尚未发布，以上日期按周末和法定节日估算，仅供参考。"
        )
    return render(request, "calendars/public_deadline.html", context)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "portal/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/500.html", status=500)
