"""Public pages. They read only through ``*_public()`` selectors.

Every page a static server can hold has an address without a query string
(numbered pages are ``…/page/2/``, see ``archive``), so ``gongkai publish-site`` can
write it as a file; filtered lists (``/zcwjk/?year=2026``) stay dynamic.
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from gongkai.calendars.forms import PublicDeadlineForm
from gongkai.calendars.selectors import deadline_compute_public
from gongkai.core.exceptions import ApplicationError, NotFound
from gongkai.portal import guide as guide_data
from gongkai.portal import library
from gongkai.portal.archive import ListPage, list_page
from gongkai.portal.columns import HOME_COLUMNS
from gongkai.publications import selectors as pub
from gongkai.publications.models import Attachment, Column, Record
from gongkai.publications.vocab import RecordKind
from gongkai.rules.deadlines import DeadlineResult
from gongkai.rules.workdays import format_date_cn

HOME_LATEST = 10
CARD_ITEMS = 5
RULES_SLUGS = ("xxgkzd", "gkzd", "zd")  # a 制度 column, by address; else by name
REPORTS_SLUG = "ndbg"


# --- helpers --------------------------------------------------------------------------------


def _page_param(request: HttpRequest) -> int | None:
    """The old ``?page=N`` form (bookmarks, other sites' links)."""
    raw = request.GET.get("page", "")
    return int(raw) if raw.isascii() and raw.isdigit() and int(raw) > 0 else None


def _column_or_404(slug: str) -> Column:
    try:
        return pub.column_public_get(slug)
    except NotFound:
        raise Http404 from None


def top_columns() -> QuerySet[Column]:
    """The first level of the catalogue, in the order the catalogue manager set."""
    return pub.columns_public().filter(parent__isnull=True).order_by("sort_order", "pk")


def rules_column() -> Column | None:
    """The 政府信息公开制度 column: by address (xxgkzd…), else the first whose name
    contains 制度."""
    columns = pub.columns_public()
    found = columns.filter(slug__in=RULES_SLUGS).first()
    return found or columns.filter(name__contains="制度").first()


def reports_column() -> Column | None:
    return pub.columns_public().filter(slug=REPORTS_SLUG).first()


# --- home and catalogue -----------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    latest = list(pub.listed_public(pub.records_public())[:HOME_LATEST])
    rules = rules_column()
    reports = reports_column()
    items: dict[str, list[Record]] = {
        "proactive": latest[:CARD_ITEMS],
        "policies": list(pub.listed_public(pub.policies_public())[:CARD_ITEMS]),
        "interpretations": list(
            pub.listed_public(pub.interpretations_all_public())[:CARD_ITEMS]
        ),
        "rules": list(pub.listed_public(pub.column_records_public(rules))[:CARD_ITEMS])
        if rules
        else [],
        "reports": list(
            pub.listed_public(pub.column_records_public(reports))[:CARD_ITEMS]
        )
        if reports
        else [],
    }
    cards = [(column, items.get(column.slug, [])) for column in HOME_COLUMNS]
    return render(request, "portal/home.html", {"cards": cards, "latest": latest})


def catalogue(request: HttpRequest) -> HttpResponse:
    """法定主动公开内容: the catalogue columns with their newest records."""
    columns = [
        (
            column,
            list(pub.listed_public(pub.column_records_public(column))[:CARD_ITEMS]),
        )
        for column in top_columns()
    ]
    return render(request, "portal/catalogue.html", {"columns": columns})


# --- columns --------------------------------------------------------------------------------


def column(request: HttpRequest, slug: str) -> HttpResponseBase:
    if _page_param(request) is not None:
        _column_or_404(slug)  # old ``?page=N`` links: page numbers changed meaning
        return HttpResponsePermanentRedirect(column_page_url(slug, 0))
    return _column(request, slug, 0)


def column_page(request: HttpRequest, slug: str, page: int) -> HttpResponseBase:
    if page < 1:
        raise Http404
    return _column(request, slug, page)


def column_page_url(slug: str, number: int) -> str:
    """The front page (0) or numbered page ``number`` (1 = the oldest) of a column."""
    if number <= 0:
        return reverse("portal:column", args=[slug])
    return reverse("portal:column_page", args=[slug, number])


def _column(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    col = _column_or_404(slug)
    page = list_page(
        pub.listed_public(pub.column_records_public(col)),
        number,
        functools.partial(column_page_url, slug),
    )
    return render_column(request, col, page)


def render_column(request: HttpRequest, col: Column, page: ListPage) -> HttpResponse:
    ancestors = list(
        pub.columns_public().filter(
            pk__in=[int(p) for p in col.path.strip("/").split("/")[:-1] if p]
        )
    )
    return render(
        request,
        "portal/column.html",
        {
            "column": col,
            "ancestors": ancestors,
            "page": page,
            "children": pub.columns_public()
            .filter(parent=col)
            .order_by("sort_order", "pk"),
        },
    )


# --- the document page ----------------------------------------------------------------------


def _record_or_404(index_number: str) -> Record:
    try:
        return pub.record_public_get(index_number)
    except NotFound:
        raise Http404 from None


def attachment_url(record: Record, attachment: Attachment) -> str:
    """The address of a public attachment, ending in its file name so that a static
    server serves it with the right type and browsers save it under its name."""
    return reverse(
        "portal:attachment_named",
        args=[record.index_number, attachment.pk, attachment_filename(attachment)],
    )


def attachment_filename(attachment: Attachment) -> str:
    """The attachment's name, safe as one path segment (≤ 180 bytes, extension kept)."""
    name = "".join(
        "_" if ch in '/\\:*?"<>|' or ord(ch) < 32 else ch for ch in attachment.name
    ).strip(" .")
    if not name:
        name = f"附件{attachment.pk}"
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 10:
        stem, ext = name, ""
    while len((stem + (f".{ext}" if ext else "")).encode()) > 180 and stem:
        stem = stem[:-1]
    return stem + (f".{ext}" if ext else "")


def document(request: HttpRequest, index_number: str) -> HttpResponse:
    record = _record_or_404(index_number)
    # Titles and addresses only (no model instances): the page is rendered often.
    fields = ("index_number", "public_revision__title")
    is_interpretation = record.kind == RecordKind.INTERPRETATION
    successor = (
        pub.records_public().filter(pk=record.successor_id).values_list(*fields).first()
        if record.successor_id
        else None
    )
    return render_document(
        request,
        record,
        attachments=pub.attachments_public(record),
        # Only a 解读 interprets, and only a non-解读 is interpreted (services).
        interpretations=[]
        if is_interpretation
        else list(pub.interpretations_public(record).values_list(*fields)),
        policies=list(pub.policies_public_of(record).values_list(*fields))
        if is_interpretation
        else [],
        successor=successor,
    )


def render_document(
    request: HttpRequest,
    record: Record,
    *,
    attachments: list[Attachment],
    interpretations: list[tuple[str, str]],
    policies: list[tuple[str, str]],
    successor: tuple[str, str] | None,
) -> HttpResponse:
    """The document page from its parts: (索引号, 标题) of the linked records."""
    return render(
        request,
        "portal/document.html",
        {
            "record": record,
            "revision": record.public_revision,
            "attachments": [(a, attachment_url(record, a)) for a in attachments],
            "interpretations": interpretations,
            "policies": policies,
            "banner": pub.VALIDITY_BANNER.get(record.validity),
            "successor": successor,
        },
    )


def _find_attachment(index_number: str, attachment_id: int) -> Attachment:
    record = _record_or_404(index_number)
    found = next(
        (a for a in pub.attachments_public(record) if a.pk == attachment_id), None
    )
    if found is None:
        raise Http404
    return found


def attachment(
    request: HttpRequest, index_number: str, attachment_id: int
) -> HttpResponseBase:
    found = _find_attachment(index_number, attachment_id)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


def attachment_named(
    request: HttpRequest, index_number: str, attachment_id: int, filename: str
) -> HttpResponseBase:
    found = _find_attachment(index_number, attachment_id)
    return FileResponse(found.file.open("rb"), filename=found.name)


# --- 政府信息公开指南 and 制度 ---------------------------------------------------------------------


def guide(request: HttpRequest) -> HttpResponse:
    units = list(pub.units_public())
    offices = {unit.pk: guide_data.office_for(unit) for unit in units}
    return render(
        request,
        "portal/guide.html",
        {
            "units": [(unit, offices[unit.pk]) for unit in units],
            "columns": top_columns(),
        },
    )


def guide_unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    try:
        unit = pub.unit_public_get(unit_id)
    except NotFound:
        raise Http404 from None
    total, counts = guide_data.column_counts(unit)
    reports = reports_column()
    return render(
        request,
        "portal/guide_unit.html",
        {
            "unit": unit,
            "office": guide_data.office_for(unit),
            "total": total,
            "counts": counts,
            "columns": top_columns(),
            "reports": list(pub.column_records_public(reports).filter(unit=unit)[:3])
            if reports
            else [],
            "example_year": timezone.localdate().year,
        },
    )


def rules(request: HttpRequest) -> HttpResponse:
    col = rules_column()
    records = (
        list(pub.listed_public(pub.column_records_public(col))[:100]) if col else []
    )
    return render(
        request,
        "portal/rules.html",
        {"column": col, "records": records, "card": _home_column("rules")},
    )


def _home_column(slug: str) -> Any:
    return next(c for c in HOME_COLUMNS if c.slug == slug)


# --- 政策文件库, 政策解读, 年报 ----------------------------------------------------------------------


def policies(request: HttpRequest) -> HttpResponseBase:
    return _policies(request, 0)


def policies_page(request: HttpRequest, page: int) -> HttpResponseBase:
    if page < 1:
        raise Http404
    return _policies(request, page)


def policies_page_url(number: int, query: str = "") -> str:
    if number <= 0:
        base = reverse("portal:policies")
    else:
        base = reverse("portal:policies_page", args=[number])
    return f"{base}?{query}" if query else base


def _policies(request: HttpRequest, number: int) -> HttpResponseBase:
    filters = library.clean(request.GET)
    query = urlencode(filters)
    if dict(request.GET.items()) != filters:
        # The form sends every select, empty ones too, and old links carry
        # ``?page=N``: one clean address per result.
        return HttpResponseRedirect(
            policies_page_url(0 if "page" in request.GET else number, query)
        )
    base = pub.listed_public(pub.policies_public())
    page = list_page(
        library.apply(base, filters),
        number,
        functools.partial(policies_page_url, query=query),
    )
    facets = library.facets(base, filters) if page.is_front else []
    return render_policies(request, page, filters, facets)


def render_policies(
    request: HttpRequest,
    page: ListPage,
    filters: dict[str, str],
    facets: list[library.FacetOptions],
) -> HttpResponse:
    return render(
        request,
        "portal/policies.html",
        {
            "page": page,
            "facets": facets,
            "filters": library.describe(filters),
            "filter_url": policies_page_url(0, urlencode(filters)),
        },
    )


def interpretations(request: HttpRequest) -> HttpResponseBase:
    return _interpretations(request, 0)


def interpretations_page(request: HttpRequest, page: int) -> HttpResponseBase:
    if page < 1:
        raise Http404
    return _interpretations(request, page)


def interpretations_page_url(number: int) -> str:
    if number <= 0:
        return reverse("portal:interpretations")
    return reverse("portal:interpretations_page", args=[number])


def _interpretations(request: HttpRequest, number: int) -> HttpResponseBase:
    if _page_param(request) is not None:
        return HttpResponsePermanentRedirect(interpretations_page_url(0))
    page = list_page(
        pub.listed_public(pub.interpretations_all_public()),
        number,
        interpretations_page_url,
    )
    return render_interpretations(request, page)


def render_interpretations(request: HttpRequest, page: ListPage) -> HttpResponse:
    return render(
        request,
        "portal/interpretations.html",
        {"page": page, "card": _home_column("interpretations")},
    )


def reports(request: HttpRequest) -> HttpResponse:
    col = reports_column()
    records = (
        list(pub.listed_public(pub.column_records_public(col))[:200]) if col else []
    )
    from gongkai.reporting import selectors as reporting

    published = [
        (report, reporting.public_url(report))
        for report in reporting.reports_public()[:200]
    ]
    return render(
        request,
        "portal/reports.html",
        {
            "column": col,
            "records": records,
            "published": published,
            "card": _home_column("reports"),
        },
    )


# --- robots.txt -------------------------------------------------------------------------------


def robots(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("portal:sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /workbench/",
        "Disallow: /api/",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# --- the deadline calculator (owned by the calendar app's engineer) ---------------------------


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


# --- errors -------------------------------------------------------------------------------------


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "portal/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/500.html", status=500)
