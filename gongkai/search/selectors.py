"""Searching what the public may see. ``search_public`` is the one way in, for the
search page, the command line and (later) the API."""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import os
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote

import tantivy
from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils.http import RFC3986_SUBDELIMS

from gongkai.publications.selectors import records_public
from gongkai.publications.vocab import Validity
from gongkai.rules.docnumbers import doc_number_key
from gongkai.search import index as ix
from gongkai.search import text as tx

logger = logging.getLogger(__name__)

Order = Literal["relevance", "date"]
ORDERS: tuple[str, ...] = ("relevance", "date")
MAX_PAGE_SIZE = 50
MAX_PAGE = 100
SNIPPET_CHARS = 120
FACET_SIZE = {"publisher": 30, "doc_type": 30, "year": 30, "validity": 10}
# An exact 文号/索引号 match outranks any text match.
EXACT_SCORE = 1000.0
TITLE_BOOST = 2.0

FACET_LABELS = {
    "publisher": "发布机构",
    "doc_type": "体裁",
    "year": "年份",
    "validity": "有效性",
}


def validity_label(value: str) -> str:
    if value == ix.NO_VALIDITY:
        return "不适用"
    try:
        return str(Validity(value).label)
    except ValueError:
        return value


@dataclass(frozen=True)
class Hit:
    record_id: int
    title: str
    title_html: str  # escaped, the query's words in <mark>
    index_number: str
    doc_number: str
    url: str
    snippet: str  # escaped, the query's words in <mark>
    score: float
    published_at: dt.date | None
    publisher: str
    exact: bool  # its own 文号 or 索引号 is the query

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "index_number": self.index_number,
            "doc_number": self.doc_number,
            "url": self.url,
            "snippet": self.snippet,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    page: int = 1
    page_size: int = 10
    order: str = "relevance"
    filters: dict[str, str] = field(default_factory=dict)
    ready: bool = True  # False: there is no index yet (run `gongkai search reindex`)
    searched: bool = True  # False: nothing was asked (empty query, no filter)

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.total // self.page_size)))

    def as_json(self) -> dict[str, Any]:
        return {"total": self.total, "hits": [h.as_json() for h in self.hits]}


def _clean_filters(filters: Mapping[str, Any] | None) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for name in ix.FILTER_FIELDS:
        value = (filters or {}).get(name)
        if value is None:
            continue
        value = str(value).strip()
        if value:
            cleaned[name] = value[:200]
    return cleaned


# --- building the tantivy query -----------------------------------------------------


def _run_query(field_name: str, run: str) -> tantivy.Query:
    """Documents whose field contains the run (see text.py: bigram phrase, or a
    prefix query for one character).

    The phrase uses every other bigram and the last one, at their positions
    (医疗保障局 → 医疗@0 保障@2 障局@3): within a run the bigram at position p+k
    starts k characters after the one at p, and runs are separated by a gap token,
    so this finds exactly the documents containing the run, with half the posting
    lists to intersect and check."""
    schema = ix.SCHEMA
    if len(run) == 1:
        return tantivy.Query.phrase_prefix_query(schema, field_name, [run])
    grams = tx.run_bigrams(run)
    if len(grams) == 1:
        return tantivy.Query.term_query(schema, field_name, grams[0])
    return tantivy.Query.phrase_query(
        schema, field_name, [(i, grams[i]) for i in tx.covering_positions(len(grams))]
    )


def _found(run: str) -> list[tantivy.Query]:
    """Documents whose text contains the run: a run of four characters is one
    four-character token; a longer one is the bigram phrase narrowed by its first
    and last four characters (term lookups, cheaper than checking positions)."""
    if len(run) < tx.QUAD:
        return [_run_query("all_b", run)]
    first = tantivy.Query.term_query(ix.SCHEMA, "all_q", run[: tx.QUAD])
    if len(run) == tx.QUAD:
        return [first]
    last = tantivy.Query.term_query(ix.SCHEMA, "all_q", run[-tx.QUAD :])
    return [first, last, _run_query("all_b", run)]


def _term_match(term: tx.Term) -> tantivy.Query:
    must = tantivy.Occur.Must
    should = tantivy.Occur.Should
    found = tantivy.Query.boolean_query(
        [(must, q) for r in term.runs for q in _found(r)]
    )
    exact: list[tantivy.Query] = []
    if term.doc_number_key:
        exact.append(
            tantivy.Query.term_query(ix.SCHEMA, "doc_number_key", term.doc_number_key)
        )
    if term.index_number_key:
        exact.append(
            tantivy.Query.term_query(ix.SCHEMA, "index_key", term.index_number_key)
        )
    if not exact:
        return found
    return tantivy.Query.boolean_query(
        [(should, found)]
        + [(should, tantivy.Query.const_score_query(q, EXACT_SCORE)) for q in exact]
    )


def _ranking(term: tx.Term) -> list[tantivy.Query]:
    """Clauses that only add to the score: the query's words as words of the
    title, and its text in the title."""
    schema = ix.SCHEMA
    clauses: list[tantivy.Query] = []
    for word in term.words:
        clauses.append(
            tantivy.Query.boost_query(
                tantivy.Query.term_query(schema, "title_w", word), TITLE_BOOST
            )
        )
    for run in term.runs:
        if len(run) > 1:
            clauses.append(
                tantivy.Query.boost_query(_run_query("title_b", run), TITLE_BOOST)
            )
    return clauses


def match_query(parsed: tx.ParsedQuery, filters: Mapping[str, str]) -> tantivy.Query:
    """What a document must match: every term, every filter. No scoring clauses
    (this is what the facet counts run on)."""
    must = tantivy.Occur.Must
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = [
        (must, _term_match(term)) for term in parsed.terms
    ]
    for name, value in filters.items():
        clauses.append(
            (
                must,
                tantivy.Query.const_score_query(
                    tantivy.Query.term_query(ix.SCHEMA, name, value), 0.0
                ),
            )
        )
    if not clauses:
        return tantivy.Query.all_query()
    return tantivy.Query.boolean_query(clauses)


def build_query(parsed: tx.ParsedQuery, filters: Mapping[str, str]) -> tantivy.Query:
    """``match_query`` with the clauses that rank."""
    should = tantivy.Occur.Should
    ranking = [(should, q) for term in parsed.terms for q in _ranking(term)]
    if not ranking:
        return match_query(parsed, filters)
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, match_query(parsed, filters)), *ranking]
    )


def _facets(
    searcher: tantivy.Searcher, query: tantivy.Query
) -> tuple[dict[str, dict[str, int]], int]:
    """The facet counts of the documents matching ``query``, and their number.

    Every indexed document has a validity value (``NO_VALIDITY`` when it is not a
    policy document), so that field's buckets and its ``sum_other_doc_count`` add
    up to the number of matches: the page's total comes from here, not from a
    second count while the hits are scored."""
    aggs = {
        name: {"terms": {"field": name, "size": FACET_SIZE[name]}}
        for name in ix.FACET_FIELDS
    }
    raw = searcher.aggregate(query, aggs)
    facets: dict[str, dict[str, int]] = {}
    for name in ix.FACET_FIELDS:
        buckets = raw.get(name, {}).get("buckets", [])
        values = {
            str(b["key"]): int(b["doc_count"]) for b in buckets if str(b["key"]) != ""
        }
        if name == "year":
            values = dict(sorted(values.items(), reverse=True))
        facets[name] = values
    validity = raw.get("validity", {})
    total = sum(int(b["doc_count"]) for b in validity.get("buckets", []))
    return facets, total + int(validity.get("sum_other_doc_count", 0))


_pools: dict[int, ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()


def _in_parallel(fn: Callable[..., Any], *args: Any) -> Future[Any]:
    """Run ``fn`` on another thread. tantivy releases the GIL while it searches, so
    the facet counts are computed on a second core while this thread finds the page
    of hits (one pool per process: a forked server worker starts its own)."""
    with _pools_lock:
        pool = _pools.get(os.getpid())
        if pool is None:
            pool = _pools[os.getpid()] = ThreadPoolExecutor(
                max_workers=_cores(), thread_name_prefix="gongkai-facets"
            )
    return pool.submit(fn, *args)


@functools.cache
def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def core_is_free(loadavg: bytes, cores: int) -> bool:
    """Whether fewer threads are runnable than there are cores, from the text of
    ``/proc/loadavg`` (its fourth field, "runnable/total", counts the reader too)."""
    try:
        runnable = int(loadavg.split()[3].split(b"/")[0])
    except (IndexError, ValueError):
        return False
    return runnable < cores


def _idle_core() -> bool:
    """Whether a core is idle right now, so that the facet counts can use it. Only
    then: when every core is busy (a server under load) handing work to a second
    thread costs more than it gives (search page, 2 workers under wrk: 316–328
    req/s with the second thread, 340–360 without; bench/README.md, "portal")."""
    try:
        with open("/proc/loadavg", "rb") as f:
            return core_is_free(f.read(), _cores())
    except OSError:
        return False


# --- the public search --------------------------------------------------------------


_PLACEHOLDER = "GKINDEXNUMBER"


def _url_maker() -> Callable[[str], str]:
    """index number → the document page's URL: ``reverse`` once a search, then the
    quoting Django's ``reverse`` does (it costs ~60 µs a call)."""
    try:
        template = reverse("portal:document", args=[_PLACEHOLDER])
    except NoReverseMatch:
        return lambda _: ""
    if template.count(_PLACEHOLDER) != 1:
        return lambda number: reverse("portal:document", args=[number])
    head, tail = template.split(_PLACEHOLDER)

    def url(index_number: str) -> str:
        if not index_number:
            return ""
        return head + quote(index_number, safe=RFC3986_SUBDELIMS + "/~:@") + tail

    return url


def _date(value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None


def search_public(
    query: str,
    *,
    filters: Mapping[str, Any] | None = None,
    order: str = "relevance",
    page: int = 1,
    page_size: int = 10,
    with_facets: bool = True,
) -> SearchResult:
    """Published 主动公开 information matching ``query``.

    Every term of the query (separated by spaces; "quoted" for a phrase with
    spaces) must occur in the title, 文号, 索引号, 发布机构, summary, body or an
    attachment's text, after folding traditional to simplified characters, full
    width to half width and upper to lower case. A term that is a 文号 (in any
    brackets) or a 索引号 also finds, first, the document that has it as its own.
    ``filters``: publisher, doc_type, year, validity, topic (exact values, as in
    ``facets``). ``order``: "relevance" or "date" (newest first)."""
    parsed = tx.parse_query(query)
    cleaned = _clean_filters(filters)
    order = order if order in ORDERS else "relevance"
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    page = max(1, min(int(page), MAX_PAGE))

    def answer(
        total: int = 0,
        hits: list[Hit] | None = None,
        facets: dict[str, dict[str, int]] | None = None,
        **flags: bool,
    ) -> SearchResult:
        return SearchResult(
            query=parsed.raw,
            total=total,
            hits=hits or [],
            facets=facets or {},
            page=page,
            page_size=page_size,
            order=order,
            filters=cleaned,
            **flags,
        )

    if parsed.empty and not cleaned:
        return answer(searched=False)
    index = ix.open_index()
    if index is None:
        # Nothing published yet is not "not ready": there is just nothing to find.
        return answer(ready=not records_public().exists())
    searcher = index.searcher()
    match = match_query(parsed, cleaned)
    facets_job = None
    if with_facets and _idle_core():
        facets_job = _in_parallel(_facets, searcher, match)
    q = build_query(parsed, cleaned)
    by_date = order == "date" or parsed.empty
    result = searcher.search(
        q,
        limit=page_size,
        offset=(page - 1) * page_size,
        count=not with_facets,
        order_by_field="published" if by_date else None,
        order=tantivy.Order.Desc,
    )
    docs = [(score, searcher.doc(addr)) for score, addr in result.hits]
    ids = [int(doc["id"][0]) for _, doc in docs]
    # Defence in depth: an entry the index still has for a record that is no longer
    # public (its update not yet processed) is never shown.
    public = public_ids(ids)
    stale = [i for i in ids if i not in public]
    if stale:
        logger.warning("检索索引中有已不公开的信息 %s，已从结果中去除。", stale)
        _schedule_removal(stale)
    needles = parsed.needles
    dn_keys = set(parsed.doc_number_keys)
    ix_keys = set(parsed.index_number_keys)
    hits: list[Hit] = []
    url = _url_maker()
    for score, doc in docs:
        record_id = int(doc["id"][0])
        if record_id not in public:
            continue
        payload = json.loads(bytes(doc["payload"][0]).decode("utf-8"))
        index_number = payload["index_number"]
        doc_number = payload["doc_number"]
        plain = bool(payload.get("plain"))
        exact = bool(
            (dn_keys and doc_number and doc_number_key(doc_number) in dn_keys)
            or (
                ix_keys
                and index_number
                and tx.index_number_key(index_number) in ix_keys
            )
        )
        hits.append(
            Hit(
                record_id=record_id,
                title=payload["title"],
                title_html=tx.highlight(payload["title"], needles, plain=plain),
                index_number=index_number,
                doc_number=doc_number,
                url=url(index_number),
                snippet=tx.highlight(
                    payload["text"], needles, max_chars=SNIPPET_CHARS, plain=plain
                ),
                score=0.0 if by_date else float(score),  # date order: no score
                published_at=_date(payload["published"]),
                publisher=payload["publisher"],
                exact=exact,
            )
        )
    facets: dict[str, dict[str, int]] = {}
    total = _count(result)
    if facets_job is not None:
        facets, total = facets_job.result()
    elif with_facets:
        facets, total = _facets(searcher, match)
    return answer(total=max(0, total - len(stale)), hits=hits, facets=facets)


@functools.cache
def _public_ids_sql(n: int, vendor: str) -> tuple[str, tuple[Any, ...]] | None:
    """The SQL of ``records_public().filter(pk__in=<n ids>)``, compiled once per
    number of ids (the ORM spends more time building it than the database running
    it). None when the ids are not simply the last parameters."""
    sentinels = [-(i + 1) for i in range(n)]
    qs = records_public().order_by().filter(pk__in=sentinels).values_list("pk")
    sql, params = qs.query.sql_with_params()
    if list(params[-n:]) != sentinels:
        return None
    return sql, tuple(params[:-n])


def public_ids(record_ids: list[int]) -> set[int]:
    """Those of ``record_ids`` that ``records_public()`` returns."""
    if not record_ids:
        return set()
    compiled = _public_ids_sql(len(record_ids), connection.vendor)
    if compiled is None:
        return set(
            records_public().filter(pk__in=record_ids).values_list("pk", flat=True)
        )
    sql, fixed = compiled
    with connection.cursor() as cursor:
        cursor.execute(sql, [*fixed, *record_ids])
        return {int(row[0]) for row in cursor.fetchall()}


def _count(result: tantivy.SearchResult) -> int:
    # tantivy-py's type stub lacks ``count`` (set when searching with count=True).
    return int(getattr(result, "count", None) or 0)


def _schedule_removal(record_ids: list[int]) -> None:
    from gongkai.search.tasks import index_records_task

    try:
        index_records_task.enqueue(record_ids)
    except Exception:
        logger.exception("无法安排检索索引更新：%s", record_ids)


def all_ids_public(query: str, *, filters: Mapping[str, Any] | None = None) -> set[int]:
    """Every record id matching ``query`` (no paging; for checks, tests and the
    benchmark's recall). Not for pages: it reads the whole result."""
    parsed = tx.parse_query(query)
    index = ix.open_index()
    if index is None or (parsed.empty and not filters):
        return set()
    searcher = index.searcher()
    q = match_query(parsed, _clean_filters(filters))
    count = _count(searcher.search(q, limit=1, count=True))
    if not count:
        return set()
    result = searcher.search(q, limit=count, count=False)
    ids = searcher.fast_field_values("id", [addr for _, addr in result.hits])
    return {int(i) for i in ids if i is not None}
