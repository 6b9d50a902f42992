"""Static publishing: every public page written into a directory any static server
can serve (``gongkai publish-site``; docs/operations.md, "静态发布与 nginx").

Pages are rendered through Django's test ``Client`` and the ordinary views, so a
static page is byte-for-byte the page gunicorn would serve. The run is incremental:
``.gongkai-site.json`` in the output directory records, for every file, the SHA-256
of its content and a digest of what it depends on (the versions of the records it
shows). A run computes those digests from a few queries, renders only the pages whose
digest changed (plus a handful of small pages that are always rendered), writes a
file only when its content changed, and removes the files that are no longer part of
the site — the pages and attachments of withdrawn records — in the same run.

Search, the application form, tracking, the deadline calculator and filtered lists
(``/zcwjk/?year=2026``) stay dynamic: their links point at the dynamic paths, which
nginx passes to gunicorn.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import importlib.metadata
import json
import logging
import multiprocessing
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote, urlsplit

from django import db
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port, validate_host
from django.http.response import HttpResponseBase
from django.test import Client, RequestFactory
from django.urls import reverse

from gongkai.portal import archive, feeds, pagecache, sitemaps, views
from gongkai.publications import selectors as pub
from gongkai.publications.models import Attachment, Column, Record
from gongkai.publications.vocab import RecordKind

log = logging.getLogger(__name__)

MANIFEST_NAME = ".gongkai-site.json"
LOCK_NAME = ".gongkai-site.lock"
FORMAT = 1
PORTAL_DIR = Path(__file__).resolve().parent
STATIC_REF = re.compile(r"""(?:href|src)=["']([^"'#?]+)["']""")


class PublishError(Exception):
    """The site cannot be published as asked; the message says why (Chinese)."""


# --- settings -----------------------------------------------------------------------------------


def enabled() -> bool:
    """``GONGKAI_STATIC_SITE=1``: publish incrementally after every public change."""
    return bool(getattr(settings, "GONGKAI_STATIC_SITE", False))


def site_dir() -> Path:
    configured = getattr(settings, "GONGKAI_STATIC_SITE_DIR", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "site"


def public_url() -> str:
    """The address readers use (feeds and the sitemap carry absolute links)."""
    configured = str(getattr(settings, "GONGKAI_PUBLIC_URL", "") or "").rstrip("/")
    if configured:
        return configured
    hosts = [
        h for h in settings.ALLOWED_HOSTS if h not in {"*", ""} and h[0] not in ".["
    ]
    return f"http://{hosts[0] if hosts else 'localhost'}"


# --- what the site consists of ----------------------------------------------------------------


@dataclass
class Target:
    """One file of the static site."""

    path: str  # relative to the output directory
    url: str = ""  # the page rendered through Django
    deps: str | None = None  # digest of what it shows; None: render on every run
    open_source: Callable[[], IO[bytes]] | None = None  # a file copied as it is
    record: str = ""  # "record id@revision id" of a document page or attachment
    # A list page built from ids already at hand, through the view's own render
    # function (same template, same context): no re-sorting of the list per page.
    build: Callable[[HttpRequest], HttpResponseBase] | None = None


def digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(str(part).encode())
        h.update(b"\x1f")
    return h.hexdigest()[:32]


def file_for(url: str) -> str:
    """The file that holds the page at ``url`` ("/xxgk/" → "xxgk/index.html")."""
    path = unquote(urlsplit(url).path)
    if not path.startswith("/"):
        raise PublishError(f"地址“{url}”不是站内路径。")
    parts = path[1:].split("/")
    if any(p in {".", ".."} or "\x00" in p for p in parts) or any(
        not p for p in parts[:-1]
    ):
        raise PublishError(f"地址“{url}”不能作为静态文件的路径。")
    return path[1:] + "index.html" if path.endswith("/") else path[1:]


def _fetch(ids: Sequence[int]) -> list[Record]:
    """Public records by id, in the order given (a list page's records)."""
    found = pub.listed_public(pub.records_public()).in_bulk(list(ids))
    return [found[i] for i in ids if i in found]


def _build_column(
    column: Column, ids: list[int], number: int, request: HttpRequest
) -> HttpResponseBase:
    url_for = functools.partial(views.column_page_url, column.slug)
    page = archive.page_from_ids(ids, number, url_for, _fetch)
    return views.render_column(request, column, page)


def _build_policies(
    ids: list[int], number: int, request: HttpRequest
) -> HttpResponseBase:
    page = archive.page_from_ids(ids, number, views.policies_page_url, _fetch)
    return views.render_policies(request, page, {}, [])


def _build_interpretations(
    ids: list[int], number: int, request: HttpRequest
) -> HttpResponseBase:
    page = archive.page_from_ids(ids, number, views.interpretations_page_url, _fetch)
    return views.render_interpretations(request, page)


class _Documents:
    """The document pages' data, read ``BATCH`` records at a time in the order the
    run renders them (a few queries per batch instead of five per page), rendered by
    the document view's own ``render_document``."""

    BATCH = 200

    def __init__(self, order: list[int], related: dict[int, list[int]]) -> None:
        self.order = order
        self.position = {pk: i for i, pk in enumerate(order)}
        self.related = related
        self.loaded: dict[int, tuple[Record, list[Attachment]]] = {}
        self.titles: dict[int, tuple[Any, Any, Any]] = {}

    def _load(self, pk: int) -> None:
        start = self.position[pk]
        chunk = self.order[start : start + self.BATCH]
        records = list(pub.records_public().filter(pk__in=chunk))
        self.loaded = {r.pk: (r, []) for r in records}
        by_revision = {r.public_revision_id: r.pk for r in records}
        for attachment in (
            pub.attachments_public_all()
            .filter(revision_id__in=list(by_revision))
            .defer("text")
            .order_by("sort_order", "id")
        ):
            self.loaded[by_revision[attachment.revision_id]][1].append(attachment)
        linked = {x for r in records for x in self.related.get(r.pk, [])}
        linked |= {r.successor_id for r in records if r.successor_id}
        self.titles = {
            row[0]: (row[1], row[2], row[3])
            for row in pub.records_public()
            .filter(pk__in=linked)
            .values_list(
                "pk",
                "index_number",
                "public_revision__title",
                "public_revision__published_at",
            )
        }

    def _titles(self, pks: list[int]) -> list[tuple[str, str]]:
        """(索引号, 标题), newest first, as ``records_public()`` orders them."""
        found = [(pk, self.titles[pk]) for pk in pks if pk in self.titles]
        found.sort(key=lambda item: (item[1][2], item[0]), reverse=True)
        return [(number, title) for _, (number, title, _) in found]

    def build(self, pk: int, request: HttpRequest) -> HttpResponseBase:
        if pk not in self.loaded:
            self._load(pk)
        if pk not in self.loaded:
            raise PublishError("该信息已不再公开")
        record, attachments = self.loaded[pk]
        linked = self.related.get(pk, [])
        interpretation = record.kind == RecordKind.INTERPRETATION
        successor = self.titles.get(record.successor_id or 0)
        return views.render_document(
            request,
            record,
            attachments=attachments,
            interpretations=[] if interpretation else self._titles(linked),
            policies=self._titles(linked) if interpretation else [],
            successor=(successor[0], successor[1]) if successor else None,
        )


def _list_targets(
    ids: list[int],
    stamps: dict[int, str],
    header: str,
    url_for: Callable[[int], str],
    build: Callable[[list[int], int, HttpRequest], HttpResponseBase],
    *,
    front_by_view: bool = False,
) -> list[Target]:
    """The front page and the numbered pages of a newest-first list (``archive``):
    a numbered page depends on its own records and on whether it is the newest.
    ``front_by_view``: the front page shows more (filter counts) and is rendered by
    the view on every run."""
    total = len(ids)
    pages = archive.numbered_pages(total)
    front = ids[: archive.front_size(total)]
    if front_by_view:
        targets = [Target(file_for(url_for(0)), url_for(0))]
    else:
        deps = digest(header, "front", total, pages, *(stamps[i] for i in front))
        targets = [
            Target(
                file_for(url_for(0)),
                url_for(0),
                deps,
                build=functools.partial(build, ids, 0),
            )
        ]
    for number in range(1, pages + 1):
        start, end = archive.page_bounds(total, number)
        deps = digest(
            header, number, number == pages, *(stamps[i] for i in ids[start:end])
        )
        url = url_for(number)
        targets.append(
            Target(
                file_for(url), url, deps, build=functools.partial(build, ids, number)
            )
        )
    return targets


def collect_targets() -> list[Target]:
    """Every file of the site with the digest of what it depends on."""
    targets: list[Target] = []

    def page(url: str, deps: str | None = None, record: str = "") -> None:
        targets.append(Target(file_for(url), url, deps, record=record))

    # Small pages, always rendered (they show counts, units and the newest items).
    for name in (
        "home",
        "catalogue",
        "guide",
        "rules",
        "reports",
        "rss",
        "atom",
        "sitemap",
        "sitemap_pages",
        "robots",
    ):
        page(reverse(f"portal:{name}"))
    for unit_id in pub.units_public().values_list("pk", flat=True):
        page(reverse("portal:guide_unit", args=[unit_id]))
    targets.append(Target("404.html", url=""))

    # The versions of everything public: a stamp changes when what a page shows of a
    # record changes (new approved version, validity, successor).
    rows = list(
        pub.records_public()
        .order_by("pk")
        .values_list(
            "pk",
            "index_number",
            "public_revision_id",
            "validity",
            "validity_changed_on",
            "successor_id",
        )
    )
    stamps = {
        pk: f"{pk}.{rev}.{validity}.{changed}.{successor}"
        for pk, _, rev, validity, changed, successor in rows
    }
    related: dict[int, list[int]] = defaultdict(list)
    links = (
        pub.records_public()
        .filter(interprets__isnull=False)
        .order_by()
        .values_list("pk", "interprets")
    )
    for interpretation, policy in links:
        if policy in stamps:
            related[policy].append(interpretation)
            related[interpretation].append(policy)

    documents = _Documents([pk for pk, number, *_ in rows if number], related)
    for pk, index_number, rev, _, _, successor in rows:
        if not index_number:
            continue
        deps = digest(
            stamps[pk],
            stamps.get(successor or 0, "-"),
            *sorted(stamps[x] for x in related[pk]),
        )
        url = reverse("portal:document", args=[index_number])
        targets.append(
            Target(
                file_for(url),
                url,
                deps,
                record=f"{pk}@{rev}",
                build=functools.partial(documents.build, pk),
            )
        )

    for attachment in pub.attachments_public_all().defer("text"):
        record = attachment.revision.record
        url = views.attachment_url(record, attachment)
        targets.append(
            Target(
                file_for(url),
                deps=digest(attachment.sha256, attachment.size, attachment.file.name),
                open_source=attachment.file.open,
                record=f"{record.pk}@{attachment.revision_id}",
            )
        )

    columns = list(pub.columns_public())
    names = {c.pk: (c.name, c.slug) for c in columns}
    for column in columns:
        ids = list(pub.column_records_public(column).values_list("pk", flat=True))
        header = digest(
            column.name,
            column.slug,
            column.description,
            column.path,
            *(names.get(int(p)) for p in column.path.strip("/").split("/") if p),
            *(
                (c.name, c.slug, c.sort_order)
                for c in columns
                if c.parent_id == column.pk
            ),
        )
        slug = column.slug
        targets += _list_targets(
            ids,
            stamps,
            header,
            functools.partial(views.column_page_url, slug),
            functools.partial(_build_column, column),
        )
        feed_deps = digest(header, *(stamps[i] for i in ids[: feeds.FEED_ITEMS]))
        page(reverse("portal:column_rss", args=[slug]), feed_deps)
        page(reverse("portal:column_atom", args=[slug]), feed_deps)

    policy_ids = list(pub.policies_public().values_list("pk", flat=True))
    targets += _list_targets(
        policy_ids,
        stamps,
        "policies",
        views.policies_page_url,
        _build_policies,
        front_by_view=True,  # the front page carries the filter counts
    )
    interpretation_ids = list(
        pub.interpretations_all_public().values_list("pk", flat=True)
    )
    targets += _list_targets(
        interpretation_ids,
        stamps,
        "interpretations",
        views.interpretations_page_url,
        _build_interpretations,
    )

    by_id = [pk for pk, index_number, *_ in rows if index_number]
    chunks = max(1, -(-len(rows) // sitemaps.CHUNK))
    for n in range(1, chunks + 1):
        chunk = by_id[(n - 1) * sitemaps.CHUNK : n * sitemaps.CHUNK]
        page(
            reverse("portal:sitemap_docs", args=[n]),
            digest(len(rows), *(stamps[i] for i in chunk)),
        )
    return targets


# --- rendering ---------------------------------------------------------------------------------


class Renderer:
    """Renders pages exactly as the dynamic site serves them."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise PublishError(
                f"公开网址“{base_url}”不正确，应为 https://域名 的形式（GONGKAI_PUBLIC_URL）。"
            )
        domain, _ = split_domain_port(parts.netloc)
        if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
            raise PublishError(
                f"公开网址的域名“{domain}”不在 GONGKAI_ALLOWED_HOSTS 中，请把它加入后再发布。"
            )
        self.host = parts.netloc
        self.secure = parts.scheme == "https"
        self.client = Client(HTTP_HOST=self.host)
        self.factory = RequestFactory()

    def page(self, url: str) -> bytes:
        response = self.client.get(url, secure=self.secure)
        if response.status_code != 200:
            raise PublishError(f"{url} 返回状态 {response.status_code}")
        return bytes(response.content)

    def request(self, url: str) -> HttpRequest:
        request = self.factory.get(url, HTTP_HOST=self.host, secure=self.secure)
        request.user = AnonymousUser()
        return request

    def built(self, target: Target) -> bytes:
        assert target.build is not None
        response = target.build(self.request(target.url))
        if response.status_code != 200 or not isinstance(response, HttpResponse):
            raise PublishError(f"{target.url} 返回状态 {response.status_code}")
        return bytes(response.content)

    def render(self, target: Target) -> bytes:
        if target.build is not None:
            return self.built(target)
        if target.url:
            return self.page(target.url)
        return bytes(views.not_found(self.request("/404.html")).content)


# --- the run ---------------------------------------------------------------------------------------


@dataclass
class PublishReport:
    out: Path
    files: int = 0
    rendered: int = 0
    copied: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: bool = False
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        if self.skipped:
            return "静态站点已是最新（此次变更已由稍后开始的发布处理），未重新发布。"
        text = (
            f"静态站点 {self.out}：共{self.files}个文件；重新生成{self.rendered}个页面，"
            f"复制{self.copied}个文件，写入{self.written}个，内容未变{self.unchanged}个，"
            f"删除{self.removed}个；用时{self.seconds:.1f}秒。"
        )
        if self.errors:
            text += (
                f"\n{len(self.errors)}个文件未能生成（保留原文件，下次发布时重试）："
            )
            text += "".join(f"\n  {e}" for e in self.errors[:20])
        return text


def build_stamp(base_url: str) -> str:
    """Changes when the code or templates change: then every page is re-rendered."""
    h = hashlib.sha256()
    try:
        version = importlib.metadata.version("gongkai")
    except importlib.metadata.PackageNotFoundError:
        version = "dev"
    for part in (
        FORMAT,
        version,
        settings.SITE_NAME,
        base_url,
        settings.LANGUAGE_CODE,
        settings.TIME_ZONE,
        settings.STATIC_URL,
    ):
        h.update(f"{part}\x1f".encode())
    # What the public pages are made of: their templates and the code that fills
    # them (not the workbench's templates, which change independently).
    package = PORTAL_DIR.parent
    roots = [
        package / "templates" / "base.html",
        package / "templates" / "portal",
        PORTAL_DIR,
        package / "publications" / "selectors.py",
        package / "publications" / "vocab.py",
        package / "core" / "templatetags",
        package / "core" / "context_processors.py",
    ]
    for root in roots:
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if (
                path.is_file()
                and path.suffix in {".html", ".xml", ".txt", ".py"}
                and "tests" not in path.parts
            ):
                h.update(str(path.relative_to(root.parent)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:32]


def _load_manifest(out: Path) -> dict[str, Any]:
    path = out / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("静态站点清单 %s 无法读取，将全部重新生成", path)
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def _write_atomic(dest: Path, data: bytes) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.chmod(0o644)
    os.replace(tmp, dest)


def _copy_atomic(dest: Path, source: IO[bytes]) -> str:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    h = hashlib.sha256()
    with tmp.open("wb") as sink:
        for block in iter(lambda: source.read(1 << 20), b""):
            h.update(block)
            sink.write(block)
    tmp.chmod(0o644)
    os.replace(tmp, dest)
    return h.hexdigest()


def _remove(out: Path, rel: str) -> bool:
    path = out / rel
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    parent = path.parent
    while parent != out and out in parent.parents:
        try:
            parent.rmdir()  # only when empty
        except OSError:
            break
        parent = parent.parent
    return True


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One publisher at a time per directory (a second one waits)."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / LOCK_NAME).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _static_sources(html: bytes) -> set[str]:
    prefix = settings.STATIC_URL
    if not prefix.startswith("/"):
        return set()  # static files on another host: nothing to copy
    refs = STATIC_REF.findall(html.decode("utf-8", "replace"))
    return {r[len(prefix) :] for r in refs if r.startswith(prefix)}


def _open_binary(path: Path) -> IO[bytes]:
    return path.open("rb")


def _static_targets(names: set[str]) -> list[Target]:
    targets = []
    prefix = settings.STATIC_URL.lstrip("/")
    for name in sorted(names):
        found = finders.find(name)
        source = Path(found if isinstance(found, str) else "")
        if not found or not source.is_file():
            static_root = Path(settings.STATIC_ROOT) / name
            if not static_root.is_file():
                continue
            source = static_root
        targets.append(
            Target(
                file_for(f"/{prefix}{name}"),
                deps=hashlib.sha256(source.read_bytes()).hexdigest()[:32],
                open_source=functools.partial(_open_binary, source),
            )
        )
    return targets


def _check_out_dir(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise PublishError(f"{out} 不是目录。")
    if out.is_dir() and not (out / MANIFEST_NAME).exists():
        foreign = [p.name for p in out.iterdir() if p.name != LOCK_NAME]
        if foreign:
            raise PublishError(
                f"{out} 不是空目录，也不是 gongkai 生成的静态站点（没有 {MANIFEST_NAME}）。"
                "为避免覆盖其他文件，请指定一个空目录或新目录。"
            )


PARALLEL_MIN = 400  # fewer pages than this are rendered in this process
CHUNK_TARGETS = 200


def publish(
    *,
    out: Path | None = None,
    full: bool = False,
    requested_at: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
) -> PublishReport:
    """Bring the static site in ``out`` up to date with the database.

    ``full`` re-renders and re-copies everything and removes stray files.
    ``requested_at`` (a ``time.time()``): skip when a run that started later already
    finished, since it saw the change that asked for this one.
    ``jobs`` > 1 renders large runs in that many forked processes (command line).
    """
    out = (out or site_dir()).resolve()
    _check_out_dir(out)
    report = PublishReport(out=out)
    with _locked(out):
        manifest = _load_manifest(out)
        if requested_at is not None and manifest.get("started_at", 0) > requested_at:
            report.skipped = True
            return report
        started = time.time()
        base_url = public_url()
        renderer = Renderer(base_url)
        stamp = build_stamp(base_url)
        full_render = full or manifest.get("build") != stamp
        old: dict[str, dict[str, Any]] = manifest.get("files", {})
        new: dict[str, dict[str, Any]] = {}
        static_names: set[str] = (
            set() if full_render else set(manifest.get("static", []))
        )

        targets = collect_targets()
        work = []
        for target in targets:
            previous = old.get(target.path)
            if not full_render and _is_fresh(target, previous, out):
                assert previous is not None
                new[target.path] = previous
                report.unchanged += 1
            else:
                work.append(target)
        if progress is not None:
            progress(report.unchanged, len(targets))
        with pagecache.bypassed():
            parallel = jobs > 1 and len(work) >= PARALLEL_MIN
            if parallel and not db.connection.in_atomic_block:
                outcomes = _render_parallel(work, old, out, base_url, jobs)
            else:
                outcomes = (
                    _render_one(t, old.get(t.path), out, renderer) for t in work
                )
            for done, outcome in enumerate(outcomes, start=report.unchanged + 1):
                _collect(outcome, old, new, report, static_names)
                if progress is not None and (done % 100 == 0 or done == len(targets)):
                    progress(done, len(targets))
            for target in _static_targets(static_names):
                previous = old.get(target.path)
                if not full_render and _is_fresh(target, previous, out):
                    assert previous is not None
                    new[target.path] = previous
                    report.unchanged += 1
                    continue
                outcome = _render_one(target, previous, out, renderer)
                _collect(outcome, old, new, report, set())

        for rel in sorted(set(old) - set(new)):
            if rel in {MANIFEST_NAME, LOCK_NAME}:
                continue
            if _remove(out, rel):
                report.removed += 1
        if full:
            report.removed += _remove_strays(out, set(new))
        report.files = len(new)
        _write_atomic(
            out / MANIFEST_NAME,
            json.dumps(
                {
                    "format": FORMAT,
                    "build": stamp,
                    "base_url": base_url,
                    "started_at": started,
                    "finished_at": time.time(),
                    "static": sorted(static_names),
                    "files": new,
                },
                ensure_ascii=False,
                separators=(",", ":"),
            ).encode(),
        )
        report.seconds = time.time() - started
    return report


def _is_fresh(target: Target, previous: dict[str, Any] | None, out: Path) -> bool:
    return (
        previous is not None
        and target.deps is not None
        and previous.get("deps") == target.deps
        and (out / target.path).is_file()
    )


@dataclass
class Outcome:
    path: str
    entry: dict[str, Any] | None = None  # None: failed
    error: str = ""
    rendered: bool = False
    written: bool = False
    copied: bool = False
    static: set[str] = field(default_factory=set)


def _render_one(
    target: Target, previous: dict[str, Any] | None, out: Path, renderer: Renderer
) -> Outcome:
    dest = out / target.path
    outcome = Outcome(target.path)
    try:
        if target.open_source is not None:
            with target.open_source() as source:
                sha = _copy_atomic(dest, source)
            outcome.copied = outcome.written = True
        else:
            data = renderer.render(target)
            outcome.rendered = True
            if target.path.endswith(".html"):
                outcome.static = _static_sources(data)
            sha = hashlib.sha256(data).hexdigest()
            if not (
                previous is not None
                and previous.get("sha256") == sha
                and dest.is_file()
            ):
                _write_atomic(dest, data)
                outcome.written = True
    except Exception as exc:
        log.exception("静态发布失败：%s", target.url or target.path)
        outcome.error = f"{target.url or target.path}：{exc}"
        return outcome
    outcome.entry = {"sha256": sha, "deps": target.deps}
    if target.record:
        outcome.entry["record"] = target.record
    return outcome


def _collect(
    outcome: Outcome,
    old: dict[str, dict[str, Any]],
    new: dict[str, dict[str, Any]],
    report: PublishReport,
    static_names: set[str],
) -> None:
    report.rendered += outcome.rendered
    report.copied += outcome.copied
    report.written += outcome.written
    report.unchanged += not outcome.written and outcome.entry is not None
    static_names |= outcome.static
    if outcome.entry is not None:
        new[outcome.path] = outcome.entry
        return
    report.errors.append(outcome.error)
    if outcome.path in old:
        new[outcome.path] = old[outcome.path]  # keep the old file, retry next time


# The work of a parallel run, inherited by the forked processes (never pickled).
_work: list[Target] = []
_work_context: tuple[dict[str, dict[str, Any]], Path, str] = ({}, Path(), "")


def _render_slice(bounds: tuple[int, int]) -> list[Outcome]:
    old, out, base_url = _work_context
    renderer = Renderer(base_url)
    with pagecache.bypassed():
        return [
            _render_one(t, old.get(t.path), out, renderer)
            for t in _work[bounds[0] : bounds[1]]
        ]


def _render_parallel(
    work: list[Target],
    old: dict[str, dict[str, Any]],
    out: Path,
    base_url: str,
    jobs: int,
) -> Iterator[Outcome]:
    """Render in ``jobs`` forked processes, each with its own database connection."""
    global _work, _work_context
    _work, _work_context = work, (old, out, base_url)
    db.connections.close_all()  # the children must not share this process's
    slices = [
        (start, min(start + CHUNK_TARGETS, len(work)))
        for start in range(0, len(work), CHUNK_TARGETS)
    ]
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for outcomes in pool.imap(_render_slice, slices):
                yield from outcomes
    finally:
        _work, _work_context = [], ({}, Path(), "")


def _remove_strays(out: Path, keep: set[str]) -> int:
    """``--full``: files in the directory that are not part of the site."""
    removed = 0
    for path in sorted(out.rglob("*"), reverse=True):
        rel = path.relative_to(out).as_posix()
        if path.is_dir():
            with contextlib.suppress(OSError):
                path.rmdir()
            continue
        if rel in keep or rel in {MANIFEST_NAME, LOCK_NAME}:
            continue
        path.unlink()
        removed += 1
    return removed
