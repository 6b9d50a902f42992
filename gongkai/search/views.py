"""The public search page. Reads only through ``selectors.search_public``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from urllib.parse import quote_plus

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from gongkai.search import index as ix
from gongkai.search.selectors import (
    FACET_LABELS,
    ORDERS,
    SearchResult,
    search_public,
    validity_label,
)

PAGE_SIZE = 10
ORDER_LABELS = {"relevance": "按相关度", "date": "按发布日期"}


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    active: bool = False
    count: int | None = None


@dataclass(frozen=True)
class FacetGroup:
    name: str
    label: str
    items: list[Link]


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


class _Params:
    """The page's query string, and links that change one part of it."""

    def __init__(self, request: HttpRequest) -> None:
        get = request.GET
        self.base = reverse("search:results")
        self.q = get.get("q", "").strip()
        self.order = get.get("order", "relevance")
        if self.order not in ORDERS:
            self.order = "relevance"
        self.page = max(1, _int(get.get("page"), 1))
        self.filters = {
            name: get[name].strip()
            for name in ix.FILTER_FIELDS
            if get.get(name, "").strip()
        }

    def url(self, **changes: str | int | None) -> str:
        params: dict[str, str | int | None] = {
            "q": self.q,
            **self.filters,
            "order": self.order if self.order != "relevance" else None,
        }
        params.update(changes)
        if "page" not in changes:
            params["page"] = None  # any other change starts again at page 1
        kept = [_pair(k, str(v)) for k, v in params.items() if v not in (None, "")]
        return self.base + ("?" + "&".join(kept) if kept else "")


@functools.lru_cache(maxsize=4096)
def _pair(key: str, value: str) -> str:
    """``urlencode``'s ``key=value``. A page has some fifty links repeating the query
    and the facet values (publishers, types, years), which recur on every page."""
    return f"{quote_plus(key)}={quote_plus(value)}"


def _facet_groups(result: SearchResult, params: _Params) -> list[FacetGroup]:
    groups = []
    for name, label in FACET_LABELS.items():
        values = result.facets.get(name, {})
        chosen = params.filters.get(name)
        items = []
        for value, count in values.items():
            if name == "validity" and value == ix.NO_VALIDITY:
                continue  # 不适用: not a policy document; not a useful filter
            shown = validity_label(value) if name == "validity" else value
            active = value == chosen
            items.append(
                Link(
                    label=shown,
                    url=params.url(**{name: None if active else value}),
                    active=active,
                    count=count,
                )
            )
        if chosen and chosen not in values:
            shown = validity_label(chosen) if name == "validity" else chosen
            items.insert(
                0, Link(label=shown, url=params.url(**{name: None}), active=True)
            )
        if items:
            groups.append(FacetGroup(name=name, label=label, items=items))
    return groups


def results(request: HttpRequest) -> HttpResponse:
    params = _Params(request)
    result = search_public(
        params.q,
        filters=params.filters,
        order=params.order,
        page=params.page,
        page_size=PAGE_SIZE,
    )
    active_filters = [
        Link(
            label=f"{FACET_LABELS.get(name, '主题分类')}："
            + (validity_label(value) if name == "validity" else value),
            url=params.url(**{name: None}),
            active=True,
        )
        for name, value in params.filters.items()
    ]
    orders = [
        Link(label=label, url=params.url(order=key), active=key == result.order)
        for key, label in ORDER_LABELS.items()
    ]
    page = result.page
    pager = {
        "previous": params.url(page=page - 1) if page > 1 else "",
        "next": params.url(page=page + 1) if page < result.pages else "",
    }
    return render(
        request,
        "search/results.html",
        {
            "result": result,
            "q": params.q,
            "facet_groups": _facet_groups(result, params),
            "active_filters": active_filters,
            "orders": orders,
            "pager": pager,
            "clear_url": params.url(**dict.fromkeys(params.filters)),
        },
    )
