"""政策文件库: the filters (发布机构、体裁、主题、年份、有效性) and their counts.

Filters come from GET parameters; a value that is not one of the options is ignored,
so a hand-edited address never errors. Each facet counts the documents that match the
other filters, so a reader can switch within a facet and see what they would get.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from gongkai.publications.models import Record
from gongkai.publications.vocab import DocumentType, Topic, Validity

NO_VALIDITY = "none"  # the GET value for records without a 有效性 (imported, 不适用)


@dataclass(frozen=True)
class Facet:
    param: str
    label: str
    field: str
    labels: Mapping[str, str] | None = None  # value → label for controlled lists


VALIDITY_LABELS: dict[str, str] = {
    (value or NO_VALIDITY): str(label) for value, label in Validity.choices
}
VALIDITY_LABELS[NO_VALIDITY] = "未标注"

FACETS: tuple[Facet, ...] = (
    Facet("publisher", "发布机构", "public_revision__publisher"),
    Facet(
        "doc_type",
        "体裁",
        "public_revision__doc_type",
        {v: str(label) for v, label in DocumentType.choices},
    ),
    Facet(
        "topic",
        "主题",
        "public_revision__topic",
        {v: str(lb) for v, lb in Topic.choices},
    ),
    Facet("year", "年份", "year"),
    Facet("validity", "有效性", "validity", VALIDITY_LABELS),
)
FACET_BY_PARAM = {f.param: f for f in FACETS}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetOptions:
    facet: Facet
    options: list[Option]
    selected_label: str


def clean(params: Mapping[str, Any]) -> dict[str, str]:
    """The valid filters among the GET parameters, in facet order."""
    filters: dict[str, str] = {}
    for facet in FACETS:
        value = str(params.get(facet.param, "") or "").strip()
        if not value:
            continue
        if facet.param == "year":
            if not (value.isascii() and value.isdigit() and len(value) == 4):
                continue
        elif facet.labels is not None:
            if value not in facet.labels:
                continue
        elif len(value) > 200:
            continue
        filters[facet.param] = value
    return filters


def apply(
    qs: QuerySet[Record], filters: Mapping[str, str], *, skip: str = ""
) -> QuerySet[Record]:
    for param, value in filters.items():
        if param == skip:
            continue
        if param == "year":
            qs = qs.filter(public_revision__published_at__year=int(value))
        elif param == "validity":
            qs = qs.filter(validity="" if value == NO_VALIDITY else value)
        else:
            qs = qs.filter(**{FACET_BY_PARAM[param].field: value})
    return qs


def facets(base: QuerySet[Record], filters: Mapping[str, str]) -> list[FacetOptions]:
    """Every facet's options with the number of documents each would give."""
    result: list[FacetOptions] = []
    for facet in FACETS:
        qs = apply(base, filters, skip=facet.param).order_by()
        if facet.param == "year":
            rows = (
                qs.annotate(year=ExtractYear("public_revision__published_at"))
                .values("year")
                .annotate(n=Count("id"))
                .order_by("-year")
            )
            pairs = [(str(r["year"]), r["n"]) for r in rows if r["year"]]
        else:
            rows = (
                qs.values(facet.field)
                .annotate(n=Count("id"))
                .order_by("-n", facet.field)
            )
            pairs = [(r[facet.field] or "", r["n"]) for r in rows]
        chosen = filters.get(facet.param, "")
        options = []
        for value, count in pairs:
            if facet.param == "validity":
                value = value or NO_VALIDITY
            elif not value:
                continue
            label = facet.labels.get(value, value) if facet.labels else value
            if facet.param == "year":
                label = f"{value}年"
            options.append(Option(value, label, count, value == chosen))
        if chosen and not any(o.selected for o in options):
            label = facet.labels.get(chosen, chosen) if facet.labels else chosen
            options.insert(0, Option(chosen, label, 0, True))
        selected_label = next((o.label for o in options if o.selected), "")
        result.append(FacetOptions(facet, options, selected_label))
    return result


def describe(filters: Mapping[str, str]) -> list[tuple[str, str]]:
    """(facet label, value label) of the active filters, for the heading of a page."""
    described = []
    for param, value in filters.items():
        facet = FACET_BY_PARAM[param]
        if param == "year":
            label = f"{value}年"
        else:
            label = facet.labels.get(value, value) if facet.labels else value
        described.append((facet.label, label))
    return described
