"""sitemap.xml (sitemaps.org 0.9) without ``django.contrib.sitemaps``.

``/sitemap.xml`` is an index of ``/sitemap-pages.xml`` (home, catalogue, columns,
指南, 制度, 政策文件库, 年报) and ``/sitemap-docs-N.xml`` (public documents by id,
``CHUNK`` per file, well under the 50,000 the protocol allows). Every address is a
path a static server can hold: no ``?p=`` pagination.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from gongkai.publications import selectors as pub

CHUNK = 10_000
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
CONTENT_TYPE = "application/xml; charset=utf-8"


def doc_chunks() -> int:
    """How many ``sitemap-docs-N.xml`` files there are (at least one)."""
    return max(1, -(-pub.records_public().count() // CHUNK))


def page_paths() -> list[str]:
    paths = [
        reverse("portal:home"),
        reverse("portal:guide"),
        reverse("portal:rules"),
        reverse("portal:catalogue"),
        reverse("portal:policies"),
        reverse("portal:interpretations"),
        reverse("portal:reports"),
    ]
    paths += [
        reverse("portal:guide_unit", args=[pk])
        for pk in pub.units_public().values_list("pk", flat=True)
    ]
    paths += [
        reverse("portal:column", args=[slug])
        for slug in pub.columns_public().values_list("slug", flat=True)
    ]
    return paths


def _urlset(request: HttpRequest, rows: Iterable[tuple[str, str]]) -> HttpResponse:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{XMLNS}">']
    for path, lastmod in rows:
        loc = escape(request.build_absolute_uri(path))
        mod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{loc}</loc>{mod}</url>")
    lines.append("</urlset>\n")
    return HttpResponse("\n".join(lines), content_type=CONTENT_TYPE)


def index(request: HttpRequest) -> HttpResponse:
    names = [reverse("portal:sitemap_pages")] + [
        reverse("portal:sitemap_docs", args=[n]) for n in range(1, doc_chunks() + 1)
    ]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<sitemapindex xmlns="{XMLNS}">',
        *(
            f"<sitemap><loc>{escape(request.build_absolute_uri(n))}</loc></sitemap>"
            for n in names
        ),
        "</sitemapindex>\n",
    ]
    return HttpResponse("\n".join(lines), content_type=CONTENT_TYPE)


def pages(request: HttpRequest) -> HttpResponse:
    return _urlset(request, ((path, "") for path in page_paths()))


def chunk_rows(number: int) -> list[tuple[int, str, str]]:
    """(id, 索引号, lastmod) of the public documents in file ``number``, by id."""
    start = (number - 1) * CHUNK
    rows = (
        pub.records_public()
        .order_by("pk")
        .values_list("pk", "index_number", "public_revision__published_at")[
            start : start + CHUNK
        ]
    )
    return [
        (pk, index_number, timezone.localtime(published).date().isoformat())
        for pk, index_number, published in rows
        if index_number and published
    ]


def docs(request: HttpRequest, number: int) -> HttpResponse:
    if not 1 <= number <= doc_chunks():
        raise Http404
    return _urlset(
        request,
        (
            (reverse("portal:document", args=[index_number]), lastmod)
            for _, index_number, lastmod in chunk_rows(number)
        ),
    )
