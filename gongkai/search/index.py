"""The search index: a tantivy index of what ``records_public()`` returns, and only
that, in ``GONGKAI_SEARCH_INDEX_DIR/records`` (default ``DATA_DIR/index/records``).

Everything here is derived from the database and can be rebuilt at any time
(``gongkai search reindex``). One writer at a time, across processes (a file lock
beside the index); readers in every process see a commit at their next search.

Fields (``SCHEMA_VERSION`` changes whenever they do; an index of another version is
rebuilt, never read):

- ``id`` record id; ``index_key``/``doc_number_key``: 索引号 and 文号 keys, exact;
- ``title_w``: the title's words (rjieba), for ranking; ``title_b``/``all_b``:
  character bigrams with positions, for ranking and for finding; ``all_q``: the
  text's four-character tokens, without positions, to find faster (see ``text.py``).
  ``all`` is the title, 文号, 索引号, 发布机构, summary, body and the attachments'
  text;
- ``publisher``, ``doc_type``, ``topic``, ``year``, ``validity``: exact, fast
  (filters and facet counts); ``published``: timestamp, fast (date order);
- ``payload``: stored JSON with what a hit shows (title, text for the snippet, 文号,
  索引号, 发布机构, date).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy
from django.conf import settings
from django.utils import timezone

from gongkai.publications.models import Attachment
from gongkai.publications.selectors import records_public
from gongkai.search import text as tx

logger = logging.getLogger(__name__)

SCHEMA_VERSION = "2"
VERSION_FILE = "gongkai-schema"
WORDS = "gk_words"
BIGRAMS = "gk_bigrams"
QUADS = "gk_quads"
# Bigram tokens are at most two characters (8 bytes); longer ones are the gap.
BIGRAM_MAX_BYTES = 8
WORD_MAX_BYTES = 60
NO_VALIDITY = "none"
FACET_FIELDS = ("publisher", "doc_type", "year", "validity")
FILTER_FIELDS = (*FACET_FIELDS, "topic")
LOCK_TIMEOUT = 15 * 60.0


class IndexBusy(RuntimeError):
    """Another process holds the writer lock for too long."""


def index_root() -> Path:
    base = getattr(settings, "GONGKAI_SEARCH_INDEX_DIR", None) or (
        Path(settings.DATA_DIR) / "index"
    )
    return Path(base)


def index_dir() -> Path:
    return index_root() / "records"


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    sb.add_text_field("index_key", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("doc_number_key", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("title_w", tokenizer_name=WORDS, index_option="freq")
    sb.add_text_field("title_b", tokenizer_name=BIGRAMS, index_option="position")
    sb.add_text_field("all_b", tokenizer_name=BIGRAMS, index_option="position")
    sb.add_text_field("all_q", tokenizer_name=QUADS, index_option="freq")
    for name in FILTER_FIELDS:
        sb.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_integer_field("published", indexed=True, fast=True)
    sb.add_bytes_field("payload", stored=True)
    return sb.build()


SCHEMA = _schema()


def _register(index: tantivy.Index) -> tantivy.Index:
    """Analyzers are not stored in the index: every opener registers them."""
    index.register_tokenizer(
        WORDS,
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.remove_long(WORD_MAX_BYTES + 1))
        .build(),
    )
    index.register_tokenizer(
        BIGRAMS,
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
        .filter(tantivy.Filter.remove_long(BIGRAM_MAX_BYTES + 1))
        .build(),
    )
    index.register_tokenizer(
        QUADS, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    )
    return index


def _compatible(path: Path) -> bool:
    try:
        version = (path / VERSION_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return version == SCHEMA_VERSION and tantivy.Index.exists(str(path))


def _create(path: Path) -> tantivy.Index:
    path.mkdir(parents=True, exist_ok=True)
    index = _register(tantivy.Index(SCHEMA, path=str(path), reuse=False))
    (path / VERSION_FILE).write_text(SCHEMA_VERSION + "\n", encoding="utf-8")
    return index


# --- readers ----------------------------------------------------------------------


@dataclass
class _Opened:
    index: tantivy.Index
    inode: int
    meta: tuple[int, int, int]


_readers: dict[str, _Opened] = {}


def _stat(path: Path) -> tuple[int, tuple[int, int, int]] | None:
    """The directory's inode (a rebuild swaps directories) and meta.json's inode,
    time and size (tantivy replaces meta.json on every commit)."""
    try:
        meta = (path / "meta.json").stat()
        return path.stat().st_ino, (meta.st_ino, meta.st_mtime_ns, meta.st_size)
    except OSError:
        return None


def open_index() -> tantivy.Index | None:
    """The index for searching, current as of the last commit; None when there is
    no usable index (never built, or built by another version: run reindex)."""
    path = index_dir()
    key = str(path)
    state = _stat(path)
    if state is None:
        _readers.pop(key, None)
        return None
    inode, meta = state
    opened = _readers.get(key)
    if opened is not None and opened.inode == inode:
        if opened.meta != meta:
            opened.index.reload()
            opened.meta = meta
        return opened.index
    if not _compatible(path):
        _readers.pop(key, None)
        return None
    index = _register(tantivy.Index.open(str(path)))
    index.config_reader(reload_policy="manual")
    _readers[key] = _Opened(index, inode, meta)
    return index


def doc_count() -> int | None:
    index = open_index()
    return None if index is None else index.searcher().num_docs


# --- documents from the database --------------------------------------------------

_FIELDS = (
    "pk",
    "index_number",
    "validity",
    "public_revision_id",
    "public_revision__title",
    "public_revision__summary",
    "public_revision__body_text",
    "public_revision__doc_number",
    "public_revision__doc_number_key",
    "public_revision__publisher",
    "public_revision__doc_type",
    "public_revision__topic",
    "public_revision__published_at",
)


def _rows(
    record_ids: Iterable[int] | None, chunk: int = 1000
) -> Iterator[dict[str, Any]]:
    """Public records as field dicts, with their attachments' text, by id.

    Only ``records_public()`` is read: whatever is not in it is never indexed."""
    qs = records_public().order_by("pk")
    if record_ids is not None:
        qs = qs.filter(pk__in=list(record_ids))
    batch: list[dict[str, Any]] = []
    for row in qs.values(*_FIELDS).iterator(chunk_size=chunk):
        batch.append(row)
        if len(batch) >= chunk:
            yield from _with_attachments(batch)
            batch = []
    if batch:
        yield from _with_attachments(batch)


def _with_attachments(batch: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    texts: dict[int, list[str]] = {}
    for revision_id, text in (
        Attachment.objects.filter(
            revision_id__in=[r["public_revision_id"] for r in batch]
        )
        .exclude(text="")
        .order_by("revision_id", "sort_order", "pk")
        .values_list("revision_id", "text")
    ):
        texts.setdefault(revision_id, []).append(text)
    for row in batch:
        row["attachments"] = texts.get(row["public_revision_id"], [])
        yield row


def _texts(row: dict[str, Any]) -> tuple[str, str, str]:
    """(title, everything searchable, the text snippets are taken from)."""
    title = row["public_revision__title"] or ""
    body = "\n".join(
        part
        for part in (
            row["public_revision__summary"] or "",
            row["public_revision__body_text"] or "",
            *row["attachments"],
        )
        if part
    )
    searchable = "\n".join(
        (
            title,
            row["public_revision__doc_number"] or "",
            row["index_number"] or "",
            row["public_revision__publisher"] or "",
            body,
        )
    )
    return title, searchable, body


def make_document(
    row: dict[str, Any], tokens: tx.IndexTokens | None = None
) -> tantivy.Document:
    """The index document of one public record (a row of ``_rows``); ``tokens``
    are ``text.index_tokens`` of it when already computed."""
    title, searchable, body = _texts(row)
    if tokens is None:
        tokens = tx.index_tokens(title, searchable)
    title_w, title_b, all_b, all_q, plain = tokens
    doc_number = row["public_revision__doc_number"] or ""
    index_number = row["index_number"] or ""
    publisher = row["public_revision__publisher"] or ""
    published: dt.datetime | None = row["public_revision__published_at"]
    local = timezone.localtime(published) if published is not None else None
    doc = tantivy.Document()
    doc.add_unsigned("id", int(row["pk"]))
    if index_number:
        doc.add_text("index_key", tx.index_number_key(index_number))
    if row["public_revision__doc_number_key"]:
        doc.add_text("doc_number_key", row["public_revision__doc_number_key"])
    doc.add_text("title_w", title_w)
    doc.add_text("title_b", title_b)
    doc.add_text("all_b", all_b)
    doc.add_text("all_q", all_q)
    doc.add_text("publisher", publisher)
    doc.add_text("doc_type", row["public_revision__doc_type"] or "")
    doc.add_text("topic", row["public_revision__topic"] or "")
    doc.add_text("year", str(local.year) if local is not None else "")
    doc.add_text("validity", row["validity"] or NO_VALIDITY)
    doc.add_integer("published", int(published.timestamp()) if published else 0)
    payload = {
        "title": title,
        "text": body,
        "index_number": index_number,
        "doc_number": doc_number,
        "publisher": publisher,
        "published": local.isoformat() if local is not None else "",
        "plain": plain,
    }
    doc.add_bytes("payload", json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    return doc


# --- writing ----------------------------------------------------------------------


@contextlib.contextmanager
def _lock(timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """The one-writer lock, across processes (an flock beside the index)."""
    root = index_root()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "records.lock", "a+b") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise IndexBusy(
                        "检索索引正被另一个进程写入（例如正在重建），请稍后再试。"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _writer(index: tantivy.Index, *, bulk: bool = False) -> tantivy.IndexWriter:
    if bulk:
        return index.writer(heap_size=400_000_000, num_threads=2)
    return index.writer(heap_size=30_000_000, num_threads=1)


def _id_query(record_id: int) -> tantivy.Query:
    # Not delete_documents_by_term: with an unsigned field it builds a term of the
    # wrong type and silently deletes nothing (tantivy-py 0.27).
    return tantivy.Query.term_query(SCHEMA, "id", int(record_id))


def _finish(writer: tantivy.IndexWriter) -> None:
    writer.commit()
    writer.wait_merging_threads()
    # This process sees its own commit at once, whatever the file times say.
    _readers.pop(str(index_dir()), None)


def index_records(record_ids: Iterable[int]) -> tuple[int, int]:
    """Bring the given records up to date in one commit: index those that are
    public, remove the others. Returns (indexed, removed).

    Without a usable index (never built, deleted, or of another version) this
    builds the whole index instead: a partial index would silently miss records."""
    ids = sorted({int(i) for i in record_ids})
    if not ids:
        return 0, 0
    if not _compatible(index_dir()):
        logger.warning(
            "检索索引不存在或版本不符，正在从数据库全量重建：%s", index_dir()
        )
        rebuild()
        indexed = records_public().filter(pk__in=ids).count()
        return indexed, len(ids) - indexed
    with _lock():
        index = _register(tantivy.Index.open(str(index_dir())))
        writer = _writer(index)
        indexed = 0
        try:
            for record_id in ids:
                writer.delete_documents_by_query(_id_query(record_id))
            for row in _rows(ids):
                writer.add_document(make_document(row))
                indexed += 1
        except BaseException:
            writer.rollback()
            writer.wait_merging_threads()
            raise
        _finish(writer)
    return indexed, len(ids) - indexed


def index_record(record_id: int) -> bool:
    """Index the record if it is public, remove it otherwise. True if indexed."""
    indexed, _ = index_records([record_id])
    return indexed == 1


def remove_record(record_id: int) -> None:
    """Take a record out of the index, whatever the database says."""
    with _lock():
        path = index_dir()
        if not _compatible(path):
            return
        index = _register(tantivy.Index.open(str(path)))
        writer = _writer(index)
        writer.delete_documents_by_query(_id_query(record_id))
        _finish(writer)


# Below this many records a rebuild tokenises in-process (starting workers costs
# about a second); above it, in one worker process per core.
PARALLEL_FROM = 5000
_CHUNK = 200


def rebuild(
    progress: Callable[[int, int], None] | None = None, *, workers: int | None = None
) -> int:
    """Build the index from scratch from ``records_public()`` in a new directory and
    put it in place of the old one when complete (searches go on meanwhile).
    ``progress(done, total)`` is called as records are added. Returns the count.

    Tokenising is the costly part: with many records it runs in ``workers`` worker
    processes (default: one per core)."""
    total = records_public().count()
    if workers is None:
        workers = (os.cpu_count() or 1) if total >= PARALLEL_FROM else 0
    with _lock(), contextlib.ExitStack() as stack:
        pool = stack.enter_context(_pool(workers)) if workers else None
        path = index_dir()
        fresh = path.with_name(f"{path.name}.new-{uuid.uuid4().hex[:8]}")
        try:
            index = _create(fresh)
            writer = _writer(index, bulk=True)
            done = 0
            try:
                documents = _tokenised(pool, workers) if pool else _in_process()
                for row, tokens in documents:
                    writer.add_document(make_document(row, tokens))
                    done += 1
                    if progress is not None and done % 500 == 0:
                        progress(done, total)
            except BaseException:
                writer.rollback()
                writer.wait_merging_threads()
                raise
            _finish(writer)
            if progress is not None:
                progress(done, max(total, done))
            _swap(fresh, path)
        finally:
            if fresh.exists():
                shutil.rmtree(fresh, ignore_errors=True)
    return done


def _in_process() -> Iterator[tuple[dict[str, Any], tx.IndexTokens]]:
    for row in _rows(None):
        title, searchable, _ = _texts(row)
        yield row, tx.index_tokens(title, searchable)


@contextlib.contextmanager
def _pool(workers: int) -> Iterator[Any]:
    """Worker processes for tokenising, forked before any index writer thread
    exists and with no database connection open (``text`` is pure Python: the
    workers never touch Django, the database or the index)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from django.db import connections

    # Not inside a transaction (a rebuild called from within one keeps it): the
    # children never use the connection and end with os._exit, closing nothing.
    if not any(c.in_atomic_block for c in connections.all(initialized_only=True)):
        connections.close_all()
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("fork")
    ) as pool:
        # A fork-context pool starts all its workers at the first submit: now.
        for future in [pool.submit(tx.warm) for _ in range(workers)]:
            future.result()
        yield pool


def _tokenised(
    pool: Any, workers: int
) -> Iterator[tuple[dict[str, Any], tx.IndexTokens]]:
    """Rows with their tokens, in order, tokenised ``_CHUNK`` rows at a time in the
    pool while earlier ones are being indexed."""
    from collections import deque
    from concurrent.futures import Future

    pending: deque[tuple[list[dict[str, Any]], Future[list[tx.IndexTokens]]]] = deque()

    def submit(chunk: list[dict[str, Any]]) -> None:
        texts = [_texts(r)[:2] for r in chunk]
        pending.append((chunk, pool.submit(tx.index_tokens_batch, texts)))

    chunk: list[dict[str, Any]] = []
    for row in _rows(None):
        chunk.append(row)
        if len(chunk) >= _CHUNK:
            submit(chunk)
            chunk = []
            while len(pending) > 2 * workers:
                rows, future = pending.popleft()
                yield from zip(rows, future.result(), strict=True)
    if chunk:
        submit(chunk)
    while pending:
        rows, future = pending.popleft()
        yield from zip(rows, future.result(), strict=True)


def _swap(fresh: Path, path: Path) -> None:
    old = path.with_name(f"{path.name}.old-{uuid.uuid4().hex[:8]}")
    if path.exists():
        os.rename(path, old)
    os.rename(fresh, path)
    shutil.rmtree(old, ignore_errors=True)
    # Leftovers of a rebuild that was killed.
    for stale in path.parent.glob(f"{path.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)


def indexed_ids() -> set[int]:
    """Every record id in the index (for checks and tests)."""
    index = open_index()
    if index is None:
        return set()
    searcher = index.searcher()
    result = searcher.search(tantivy.Query.all_query(), limit=max(searcher.num_docs, 1))
    return {int(searcher.doc(addr)["id"][0]) for _, addr in result.hits}


__all__ = [
    "FACET_FIELDS",
    "FILTER_FIELDS",
    "NO_VALIDITY",
    "SCHEMA",
    "IndexBusy",
    "doc_count",
    "index_dir",
    "index_record",
    "index_records",
    "indexed_ids",
    "open_index",
    "rebuild",
    "remove_record",
]
