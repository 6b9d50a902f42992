"""Benchmark: search over N government documents, ours against SQLite baselines.

    .venv/bin/python -m bench.search --docs 100000 --queries 200

In one run, on one corpus (``bench.search_corpus``, deterministic):

1. writes N published 主动公开 records (with attachments) into a throwaway SQLite
   database in a new temporary directory (bulk inserts: the import service has its
   own benchmark), never the instance's data;
2. **full reindex**: ``gongkai.search.index.rebuild()`` from ``records_public()``,
   timed (reading the database, tokenising, indexing, committing, merging);
3. **ours**: ``search_public()`` for Q realistic queries of one to three words — top
   10 with highlighted snippets and the four facet counts, re-checked against the
   database, URLs built — after one warm-up pass; p50/p95/max;
4. **recall**: every id our index returns for each query (no paging) against
   exact substring matching of every query term in the same normalised text;
5. **baselines** on the same texts in the same run: a ``LIKE '%…%'`` scan over a
   SQLite table (top 10 newest + total count, one statement), and SQLite FTS5 with
   bm25 over the same character bigrams (phrase queries; top 10 by bm25 + total
   count). Neither computes snippets or facets: the comparison is in their favour.

Targets (issue 7): p95 ≤ 10 ms at 100,000 documents; ≥ 100× faster than LIKE;
≥ 10× faster than FTS5; recall 1.0; full reindex of 100,000 ≤ 2 minutes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import os
import resource
import shutil
import sqlite3
import statistics
import tempfile
import time
import zoneinfo
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from bench.search_corpus import PUBLISHERS, CorpusDoc, generate, queries

TARGET_P95_MS = 10.0
TARGET_P95_MS_LARGE = 50.0  # at 1,000,000 documents
TARGET_LIKE_RATIO = 100.0
TARGET_FTS_RATIO = 10.0
TARGET_REINDEX_S = 120.0
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
SNIPPET_CHARS = 120  # as gongkai.search.selectors


def _setup_django(data_dir: str) -> None:
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)  # always SQLite, always throwaway
    os.environ.setdefault("GONGKAI_SECRET_KEY", "bench-only-secret-key")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()


def _load() -> str:
    """The 1/5/15-minute load averages: other work on the machine skews timings."""
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _fmt(ms: list[float]) -> str:
    return (
        f"p50 {_pct(ms, 0.5):.2f} ms, p95 {_pct(ms, 0.95):.2f} ms, "
        f"max {max(ms):.2f} ms, mean {statistics.fmean(ms):.2f} ms"
    )


CPU: dict[int, list[float]] = {}  # id(list of wall times) → CPU times, same order


def _timed(fn: Callable[[str], Any], qs: list[str]) -> list[float]:
    """Wall-clock milliseconds per query; the calling thread's CPU milliseconds are
    kept in CPU (queries run on this one thread: CPU time is what the query costs
    when the machine is not shared, wall time what it took here)."""
    out, cpu = [], []
    for q in qs:
        t, c = time.perf_counter(), time.thread_time()
        fn(q)
        cpu.append((time.thread_time() - c) * 1000)
        out.append((time.perf_counter() - t) * 1000)
    CPU[id(out)] = cpu
    return out


def _in_rounds(
    runs: list[tuple[Callable[[str], Any], list[str]]], rounds: int = 2
) -> list[list[float]]:
    """``_timed`` of each (function, queries), all of one function's queries in a
    row (each system with its caches warm, as it would be serving searches), the
    functions taking turns ``rounds`` times so that other load on the machine weighs
    on each alike. The samples of all rounds together."""
    out: list[list[float]] = [[] for _ in runs]
    cpus: list[list[float]] = [[] for _ in runs]
    for _ in range(rounds):
        for (fn, qs), wall, cpu in zip(runs, out, cpus, strict=True):
            timed = _timed(fn, qs)
            wall.extend(timed)
            cpu.extend(CPU.pop(id(timed)))
    for wall, cpu in zip(out, cpus, strict=True):
        CPU[id(wall)] = cpu
    return out


def _fmt_cpu(ms: list[float]) -> str:
    cpu = CPU.get(id(ms), [])
    if not cpu:
        return ""
    return f"；CPU 时间 p50 {_pct(cpu, 0.5):.2f} ms, p95 {_pct(cpu, 0.95):.2f} ms"


# --- loading the corpus -------------------------------------------------------------


def load(docs: Iterable[CorpusDoc]) -> dict[int, int]:
    """Published 主动公开 records, revisions and attachments, by bulk insert, 5,000
    at a time (``docs`` may be a generator: a large corpus is never all in memory).
    Returns corpus serial → record id."""
    from django.db import connection, transaction
    from django.utils.html import escape

    from gongkai.organizations.models import Unit, UnitKind
    from gongkai.publications.models import Attachment, Record, Revision
    from gongkai.publications.states import RevisionState
    from gongkai.publications.vocab import Disclosure
    from gongkai.rules.docnumbers import doc_number_key, format_index_number

    ids: dict[int, int] = {}
    with transaction.atomic():
        units = []
        for i, (name, _) in enumerate(PUBLISHERS):
            unit = Unit.objects.create(
                name=name, kind=UnitKind.DEPARTMENT, code=f"11350100{i:08d}XB"
            )
            unit.path = f"/{unit.pk}/"
            unit.save(update_fields=["path"])
            units.append(unit)
        stream = iter(docs)
        while chunk := list(itertools.islice(stream, 5000)):
            records = Record.objects.bulk_create(
                Record(
                    unit=units[d.unit_index],
                    index_number=format_index_number(
                        units[d.unit_index].code, d.published.year, d.serial
                    ),
                    is_public=True,
                    validity=d.validity,
                    first_published_at=dt.datetime.combine(
                        d.published, dt.time(9), tzinfo=SHANGHAI
                    ),
                    imported=True,
                )
                for d in chunk
            )
            ids.update((d.serial, r.pk) for d, r in zip(chunk, records, strict=True))
            revisions = Revision.objects.bulk_create(
                Revision(
                    record=record,
                    state=RevisionState.PUBLISHED,
                    disclosure=Disclosure.PROACTIVE,
                    title=d.title,
                    summary=d.summary,
                    publisher=d.publisher,
                    doc_number=d.doc_number,
                    doc_number_key=doc_number_key(d.doc_number) if d.doc_number else "",
                    formed_on=d.published,
                    written_on=d.published,
                    doc_type=d.doc_type,
                    body="".join(
                        f"<p>{escape(p)}</p>" for p in d.body.split("\n") if p
                    ),
                    body_text=d.body,
                    published_at=record.first_published_at,
                )
                for record, d in zip(records, chunk, strict=True)
            )
            Attachment.objects.bulk_create(
                Attachment(
                    revision=revision,
                    file=f"attachments/bench/{d.serial}-{name}",
                    name=name,
                    size=len(text.encode()),
                    text=text,
                )
                for revision, d in zip(revisions, chunk, strict=True)
                for name, text in d.attachments
            )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE publications_record SET public_revision_id = ("
                "SELECT id FROM publications_revision r"
                " WHERE r.record_id = publications_record.id)"
            )
    return ids


# --- baselines ----------------------------------------------------------------------


class Baselines:
    """The same texts in a separate SQLite database: a plain table for LIKE and a
    contentless FTS5 table of the same bigram tokens for MATCH … bm25.

    Each is measured two ways: bare (top 10 and the total only), and doing the work
    our search does for a results page (``*_page``): top 10, total, the four facet
    counts (one ``GROUP BY`` over the matches) and the highlighted title and snippet
    of each hit (with our ``highlight``, so that its cost is the same on both
    sides)."""

    SCHEMA = "docs_v2"  # a kept data directory of an older run is rebuilt

    def __init__(self, path: Path, docs: list[CorpusDoc]) -> None:
        from gongkai.search import text as tx

        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        built = self.db.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = ?", [self.SCHEMA]
        ).fetchone()[0]
        if built:  # a kept data directory (--reuse): built by an earlier run
            return
        self.db.execute("DROP TABLE IF EXISTS docs")
        self.db.execute("DROP TABLE IF EXISTS fts")
        self.db.execute(
            "CREATE TABLE docs (id INTEGER PRIMARY KEY, published TEXT,"
            " title TEXT, text TEXT, publisher TEXT, doc_type TEXT, year TEXT,"
            " validity TEXT)"
        )
        self.db.execute(
            "CREATE VIRTUAL TABLE fts USING fts5(title, body, content='',"
            " tokenize='unicode61')"
        )
        with self.db:
            for d in docs:
                self.db.execute(
                    "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        d.serial,
                        d.published.isoformat(),
                        d.title,
                        d.searchable,
                        d.publisher,
                        d.doc_type,
                        str(d.published.year),
                        d.validity,
                    ),
                )
                title_b = tx.bigram_tokens(tx.normalize(d.title)).replace(tx.GAP, "")
                body_b = tx.bigram_tokens(tx.normalize(d.searchable)).replace(
                    tx.GAP, ""
                )
                self.db.execute(
                    "INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)",
                    (d.serial, title_b, body_b),
                )
        self.db.execute("CREATE INDEX docs_published ON docs (published)")
        self.db.execute(f"CREATE INDEX {self.SCHEMA} ON docs (id)")
        self.db.commit()

    @staticmethod
    def _like_where(query: str) -> tuple[str, list[str]]:
        terms = query.split()
        return " AND ".join("text LIKE ?" for _ in terms), [f"%{t}%" for t in terms]

    def like(self, query: str) -> list[tuple[Any, ...]]:
        where, params = self._like_where(query)
        return self.db.execute(
            f"SELECT id, title, count(*) OVER () FROM docs WHERE {where}"  # noqa: S608
            " ORDER BY published DESC LIMIT 10",
            params,
        ).fetchall()

    def like_page(self, query: str) -> tuple[int, list[str], dict[str, Counter[str]]]:
        where, params = self._like_where(query)
        top = self.db.execute(
            f"SELECT title, text FROM docs WHERE {where}"  # noqa: S608
            " ORDER BY published DESC LIMIT 10",
            params,
        ).fetchall()
        groups = self.db.execute(
            "SELECT publisher, doc_type, year, validity, count(*) FROM docs"  # noqa: S608
            f" WHERE {where} GROUP BY 1, 2, 3, 4",
            params,
        ).fetchall()
        return self._page(query, top, groups)

    @staticmethod
    def _match(query: str) -> str:
        from gongkai.search import text as tx

        parts = []
        for term in tx.parse_query(query).terms:
            for run in term.runs:
                if len(run) == 1:
                    parts.append(f'"{run}" *')
                else:
                    parts.append('"' + " ".join(tx.run_bigrams(run)) + '"')
        return " AND ".join(parts)

    def fts(self, query: str) -> list[tuple[Any, ...]]:
        match = self._match(query)
        if not match:
            return []
        (total,) = self.db.execute(
            "SELECT count(*) FROM fts WHERE fts MATCH ?", [match]
        ).fetchone()
        top = self.db.execute(
            "SELECT rowid, bm25(fts, 2.0, 1.0) AS r FROM fts"
            " WHERE fts MATCH ? ORDER BY r LIMIT 10",
            [match],
        ).fetchall()
        return [*top, total]

    def fts_page(self, query: str) -> tuple[int, list[str], dict[str, Counter[str]]]:
        match = self._match(query)
        if not match:
            return 0, [], {}
        top = self.db.execute(
            "SELECT d.title, d.text FROM (SELECT rowid AS id, bm25(fts, 2.0, 1.0) AS r"
            " FROM fts WHERE fts MATCH ? ORDER BY r LIMIT 10) m"
            " JOIN docs d ON d.id = m.id ORDER BY m.r",
            [match],
        ).fetchall()
        groups = self.db.execute(
            "SELECT d.publisher, d.doc_type, d.year, d.validity, count(*)"
            " FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ?"
            " GROUP BY 1, 2, 3, 4",
            [match],
        ).fetchall()
        return self._page(query, top, groups)

    @staticmethod
    def _page(
        query: str, top: list[tuple[str, str]], groups: list[tuple[Any, ...]]
    ) -> tuple[int, list[str], dict[str, Counter[str]]]:
        """Total, highlighted hits and facet counts, as our results page has them."""
        from gongkai.search import text as tx

        needles = tx.parse_query(query).needles
        hits = [
            tx.highlight(title, needles)
            + tx.highlight(text, needles, max_chars=SNIPPET_CHARS)
            for title, text in top
        ]
        facets: dict[str, Counter[str]] = {
            name: Counter() for name in ("publisher", "doc_type", "year", "validity")
        }
        total = 0
        for *values, n in groups:
            total += n
            for name, value in zip(facets, values, strict=True):
                facets[name][value] += n
        return total, hits, facets


# --- recall -------------------------------------------------------------------------


def recall(
    qs: list[str], docs: list[CorpusDoc], ids: dict[int, int]
) -> tuple[float, float, int, int]:
    """(recall, precision, queries with a miss, total relevant) of every id our
    index returns, against substring truth in the same normalised text."""
    from gongkai.search import text as tx
    from gongkai.search.selectors import all_ids_public

    texts = [(ids[d.serial], tx.normalize(d.searchable)) for d in docs]
    found_relevant = relevant = returned = 0
    missed_queries = 0
    for q in qs:
        terms = [t.text for t in tx.parse_query(q).terms]
        truth = {pk for pk, text in texts if all(t in text for t in terms)}
        ours = all_ids_public(q)
        hit = len(truth & ours)
        found_relevant += hit
        relevant += len(truth)
        returned += len(ours)
        if hit < len(truth):
            missed_queries += 1
            print(f"  漏检：{q!r} 应有 {len(truth)}，找到 {hit}")
    rec = found_relevant / relevant if relevant else 1.0
    prec = found_relevant / returned if returned else 1.0
    return rec, prec, missed_queries, relevant


# --- main ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument(
        "--like-queries",
        type=int,
        default=0,
        help="只用前 N 个查询测 LIKE 基线（LIKE 很慢；默认全部）",
    )
    parser.add_argument("--keep", action="store_true", help="保留临时数据目录")
    parser.add_argument(
        "--lock",
        metavar="FILE",
        help="只在计时期间持有 FILE 上的排他锁（与其他基准错开），生成语料和建索引时不持有",
    )
    parser.add_argument(
        "--no-baselines",
        dest="baselines",
        action="store_false",
        help="只测我们（用于 1000000 篇：语料边生成边写库，不测召回率、FTS5 和 LIKE）",
    )
    parser.add_argument(
        "--reuse",
        metavar="DIR",
        help="重用 --keep 保留的数据目录（同样的 --docs 和 --seed）：不再写库、不再重建索引",
    )
    args = parser.parse_args(argv)
    if args.reuse:
        run(args, args.reuse)
        return
    data_dir = tempfile.mkdtemp(prefix="gongkai-bench-search-")
    try:
        run(args, data_dir)
    finally:
        if args.keep:
            print(f"数据目录：{data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def run(args: argparse.Namespace, data_dir: str) -> None:
    _setup_django(data_dir)
    from django.core.management import call_command
    from tqdm import tqdm

    from gongkai.search import index as ix

    print(
        f"CPU 核数：{os.cpu_count()}；开始时系统负载 {_load()}；数据目录：{data_dir}（临时）"
    )
    call_command("migrate", verbosity=0)

    if not args.baselines:
        return run_large(args)
    t = time.perf_counter()
    docs = list(generate(args.docs, args.seed))
    chars = sum(len(d.searchable) for d in docs)
    with_att = sum(1 for d in docs if d.attachments)
    print(
        f"语料：{len(docs)} 篇，平均 {chars / len(docs):.0f} 字（含附件文字；"
        f"{with_att} 篇有附件），生成用时 {time.perf_counter() - t:.1f} 秒"
    )
    if args.reuse:
        ids = loaded_ids(docs)
        print(f"重用已有的数据库和索引：{len(ids)} 篇")
        measure(args, data_dir, docs, ids, None)
        return
    t = time.perf_counter()
    ids = load(docs)
    print(f"写入数据库（批量插入）：{time.perf_counter() - t:.1f} 秒")

    with tqdm(total=len(docs), desc="重建索引", unit="篇", leave=False) as bar:

        def progress(done: int, total: int) -> None:
            bar.update(done - bar.n)

        t, cpu0 = time.perf_counter(), time.process_time()
        children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        count = ix.rebuild(progress)
        reindex_s = time.perf_counter() - t
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        reindex_cpu = time.process_time() - cpu0
        reindex_children = (children.ru_utime + children.ru_stime) - (
            children0.ru_utime + children0.ru_stime
        )
    size = sum(f.stat().st_size for f in ix.index_dir().rglob("*") if f.is_file())
    print(
        f"全量重建索引：{count} 篇，{reindex_s:.1f} 秒"
        f"（{count / reindex_s:.0f} 篇/秒），索引 {size / 2**20:.0f} MB；"
        f"CPU 时间：主进程（读库、建文档、tantivy 索引线程）{reindex_cpu:.0f} 秒，"
        f"分词子进程共 {reindex_children:.0f} 秒"
    )
    measure(args, data_dir, docs, ids, (reindex_s, count))


SAMPLE = 20_000  # documents kept in memory for the 文号 queries of a large run


@contextlib.contextmanager
def _measuring(lock: str | None) -> Iterator[None]:
    """``--lock FILE``: hold an exclusive flock on FILE while timing (other
    benchmarks taking the same lock then wait), not while building the corpus."""
    if not lock:
        yield
        return
    import fcntl

    with open(lock, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def run_large(args: argparse.Namespace) -> None:
    """``--no-baselines``: a corpus too large to keep in memory (1,000,000 documents
    are about 2,200 million characters) is generated and written as a stream, and
    only our figures are measured: no recall check, no FTS5 or LIKE (at 100,000
    documents the full run measures those)."""
    from tqdm import tqdm

    from gongkai.search import index as ix
    from gongkai.search.selectors import search_public

    sample: list[CorpusDoc] = []
    chars = count = 0

    def stream() -> Iterator[CorpusDoc]:
        nonlocal chars, count
        for d in generate(args.docs, args.seed):
            if len(sample) < SAMPLE:
                sample.append(d)
            chars += len(d.searchable)
            count += 1
            yield d

    if args.reuse:
        sample = list(itertools.islice(generate(args.docs, args.seed), SAMPLE))
        print(f"重用已有的数据库和索引：{ix.doc_count()} 篇")
    else:
        t = time.perf_counter()
        load(tqdm(stream(), total=args.docs, desc="生成并写入", unit="篇", leave=False))
        print(
            f"语料：{count} 篇，平均 {chars / max(count, 1):.0f} 字（含附件文字），"
            f"生成并写入数据库（批量插入）：{time.perf_counter() - t:.1f} 秒"
        )
        with tqdm(total=count, desc="重建索引", unit="篇", leave=False) as bar:

            def progress(n: int, total: int) -> None:
                bar.update(n - bar.n)

            t = time.perf_counter()
            done = ix.rebuild(progress)
            reindex_s = time.perf_counter() - t
        size = sum(f.stat().st_size for f in ix.index_dir().rglob("*") if f.is_file())
        print(
            f"全量重建索引：{done} 篇，{reindex_s:.1f} 秒（{done / reindex_s:.0f} 篇/秒），"
            f"索引 {size / 2**20:.0f} MB"
        )
    qs = queries(args.queries, sample, seed=args.seed % 1000)
    print(f"查询：{len(qs)} 个，例如 {', '.join(qs[:6])}")

    def ours(q: str) -> Any:
        return search_public(q, page_size=10)

    with _measuring(args.lock):
        print(f"测量开始时系统负载 {_load()}")
        _timed(ours, qs)  # warm-up
        ours_ms = _timed(ours, qs)
    totals = [ours(q).total for q in qs]
    print(
        f"我们（tantivy，前10条＋高亮摘要＋4组分面计数＋数据库复核）：{_fmt(ours_ms)}"
        f"{_fmt_cpu(ours_ms)}；"
        f"命中数中位数 {statistics.median(totals):.0f}，最多 {max(totals)}"
    )
    p95 = _pct(ours_ms, 0.95)
    target = TARGET_P95_MS_LARGE if args.docs > 100_000 else TARGET_P95_MS
    print(f"结束时系统负载 {_load()}（1/5/15 分钟平均）")
    print(
        f"目标 p95 ≤ {target:.0f} ms（{args.docs} 篇）："
        f"{'达到' if p95 <= target else '未达到'}（{p95:.2f} ms）"
    )


def loaded_ids(docs: list[CorpusDoc]) -> dict[int, int]:
    """Corpus serial → record id of a database written by ``load`` earlier."""
    from gongkai.publications.models import Record

    by_serial = {
        int(number.rsplit("-", 1)[1]): pk
        for number, pk in Record.objects.values_list("index_number", "pk")
        if number
    }
    return {d.serial: by_serial[d.serial] for d in docs}


def measure(
    args: argparse.Namespace,
    data_dir: str,
    docs: list[CorpusDoc],
    ids: dict[int, int],
    reindex: tuple[float, int] | None,
) -> None:
    """Ours and the baselines taking turns (ours, FTS5, LIKE for the first
    ``--like-queries``; see ``_in_rounds``); then recall."""
    from gongkai.search.selectors import search_public

    qs = queries(args.queries, docs, seed=args.seed % 1000)
    print(f"查询：{len(qs)} 个，例如 {', '.join(qs[:6])}")

    t = time.perf_counter()
    base = Baselines(Path(data_dir) / "baseline.sqlite3", docs)
    print(f"基线数据库建立：{time.perf_counter() - t:.1f} 秒")

    def ours(q: str) -> Any:
        return search_public(q, page_size=10)

    like_qs = qs[: args.like_queries] if args.like_queries else qs
    _timed(ours, qs)  # warm-up
    _timed(base.fts_page, qs)
    _timed(base.like, like_qs[:3])  # warm the page cache
    ours_ms, fts_ms, fts_page_ms, like_ms, like_page_ms = _in_rounds(
        [
            (ours, qs),
            (base.fts, qs),
            (base.fts_page, qs),
            (base.like, like_qs),
            (base.like_page, like_qs),
        ]
    )
    totals = [ours(q).total for q in qs]
    print(
        f"我们（tantivy，前10条＋高亮摘要＋4组分面计数＋数据库复核）：{_fmt(ours_ms)}"
        f"{_fmt_cpu(ours_ms)}；"
        f"命中数中位数 {statistics.median(totals):.0f}，最多 {max(totals)}"
    )

    t = time.perf_counter()
    rec, prec, missed, relevant = recall(qs, docs, ids)
    print(
        f"召回率（对照逐篇子串匹配，{relevant} 个相关结果）：{rec:.4f}；"
        f"有漏检的查询 {missed} 个；精确率 {prec:.4f}（{time.perf_counter() - t:.0f} 秒）"
    )
    n_like = f"{len(like_qs)} 个查询"
    for label, ms in (
        ("SQLite FTS5＋bm25（同样的字二元组）仅前10条＋总数", fts_ms),
        (
            "SQLite FTS5＋bm25，与我们同样的结果页（前10条＋高亮摘要＋4组分面计数）",
            fts_page_ms,
        ),
        (f"SQLite LIKE 扫描（{n_like}）仅前10条＋总数", like_ms),
        (f"SQLite LIKE 扫描（{n_like}），与我们同样的结果页", like_page_ms),
    ):
        print(f"{label}：{_fmt(ms)}{_fmt_cpu(ms)}")

    # Ours over the queries LIKE ran, in each round.
    same = [
        i
        for r in range(len(ours_ms) // len(qs))
        for i in range(r * len(qs), r * len(qs) + len(like_qs))
    ]
    ours_same = [ours_ms[i] for i in same]
    cpu_ours = CPU[id(ours_ms)]
    cpu_same = [cpu_ours[i] for i in same]

    def ratios(q: float) -> tuple[float, float, float, float]:
        """(LIKE page, FTS5 page, LIKE bare, FTS5 bare) / ours at quantile q."""
        ours_q, same_q = _pct(ours_ms, q), _pct(ours_same, q)
        return (
            _pct(like_page_ms, q) / same_q,
            _pct(fts_page_ms, q) / ours_q,
            _pct(like_ms, q) / same_q,
            _pct(fts_ms, q) / ours_q,
        )

    print()
    for name, q in (("p95", 0.95), ("p50", 0.5)):
        lp, fp, lb, fb = ratios(q)
        print(
            f"比值（{name}，同样的结果页）：LIKE / 我们 = {lp:.0f}×；FTS5 / 我们 = {fp:.1f}×"
            f"（仅前10条＋总数：LIKE {lb:.0f}×，FTS5 {fb:.1f}×）"
        )
    print(f"结束时系统负载 {_load()}（1/5/15 分钟平均）")
    print(
        f"按 CPU 时间（p95，同样的结果页）：我们 {_pct(cpu_ours, 0.95):.2f} ms；"
        f"LIKE / 我们 = {_pct(CPU[id(like_page_ms)], 0.95) / _pct(cpu_same, 0.95):.0f}×；"
        f"FTS5 / 我们 = {_pct(CPU[id(fts_page_ms)], 0.95) / _pct(cpu_ours, 0.95):.1f}×"
    )

    def verdict(ok: bool) -> str:
        return "达到" if ok else "未达到"

    p95 = _pct(ours_ms, 0.95)
    like_ratio, fts_ratio, _, _ = ratios(0.95)
    print(
        f"目标 p95 ≤ {TARGET_P95_MS:.0f} ms：{verdict(p95 <= TARGET_P95_MS)}（{p95:.2f} ms）"
    )
    print(
        f"目标 ≥ {TARGET_LIKE_RATIO:.0f}× LIKE（p95，同样的结果页）："
        f"{verdict(like_ratio >= TARGET_LIKE_RATIO)}；"
        f"目标 ≥ {TARGET_FTS_RATIO:.0f}× FTS5（p95，同样的结果页）："
        f"{verdict(fts_ratio >= TARGET_FTS_RATIO)}"
    )
    print(f"目标 召回率 1.0：{verdict(rec == 1.0)}")
    if reindex is not None:
        reindex_s, count = reindex
        print(
            f"目标 全量重建 ≤ {TARGET_REINDEX_S:.0f} 秒（按 10 万篇折算）："
            f"{verdict(reindex_s * 100_000 / max(count, 1) <= TARGET_REINDEX_S)}（{reindex_s:.1f} 秒）"
        )


if __name__ == "__main__":
    main()
