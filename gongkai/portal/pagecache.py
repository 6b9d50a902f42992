"""A small per-process cache of rendered public pages.

The public pages are the same for every anonymous reader, and they change only when
something is changed through a service — which always writes an audit event. So a
page rendered for an anonymous reader is kept, keyed by its address and by the newest
audit event (id and time): any audited change anywhere (a record published, withdrawn
or relabelled, a 解读 linked, a column or a unit's contact data edited) makes every
cached page stale at once. The newest audit event is read at most once a second per
process, and a process forgets it as soon as it writes one itself.

Never cached: staff (logged-in) requests, requests with a pending flash message,
responses that are not 200, that set a cookie or a CSRF token, or that stream
(attachments). ``GONGKAI_PAGE_CACHE_SECONDS`` (default 300; 0 turns the cache off)
bounds how long a page can outlive a change made outside the services (a manual
database edit).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from gongkai.core.models import AuditEvent

DEFAULT_SECONDS = 300
MAX_ENTRIES = 2000  # about 20 MB of pages per process

_cache = LocMemCache(
    "gongkai-portal-pages",
    {"TIMEOUT": DEFAULT_SECONDS, "OPTIONS": {"MAX_ENTRIES": MAX_ENTRIES}},
)


_bypass: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "gongkai_page_cache_bypass", default=False
)


def seconds() -> int:
    if _bypass.get():
        return 0
    return int(getattr(settings, "GONGKAI_PAGE_CACHE_SECONDS", DEFAULT_SECONDS))


@contextlib.contextmanager
def bypassed() -> Iterator[None]:
    """Render without the cache (static publishing renders every page once)."""
    token = _bypass.set(True)
    try:
        yield
    finally:
        _bypass.reset(token)


MARKER_SECONDS = 1.0
_marker: tuple[str, float] | None = None  # (marker, when read), per process


def change_marker() -> str:
    """Identifies the newest audited change: its id and time, so that ids reused after
    a rolled-back transaction do not collide. Read from the database at most once a
    second per process (a cache hit then touches no database at all); an audit event
    written in this process forgets it at once (``forget_marker``), so a process sees
    its own changes immediately and other processes' within a second."""
    global _marker
    now = time.monotonic()
    known = _marker
    if known is not None and now - known[1] < MARKER_SECONDS:
        return known[0]
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, at FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608 - fixed table name
        row = cursor.fetchone()
    value = f"{row[0]}@{row[1]}" if row else "-"
    _marker = (value, now)
    return value


def forget_marker(**kwargs: Any) -> None:
    """``post_save`` of an audit event: the next lookup reads the marker again."""
    global _marker
    _marker = None


def clear() -> None:
    forget_marker()
    _cache.clear()


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in {"GET", "HEAD"}:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return len(get_messages(request)) == 0


def cached_page(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Serve the view's anonymous GET responses from the cache while nothing changed."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        timeout = seconds()
        if timeout <= 0 or not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = hashlib.sha256(
            "\x1f".join(
                (
                    change_marker(),
                    request.get_host(),
                    "https" if request.is_secure() else "http",
                    request.get_full_path(),
                )
            ).encode()
        ).hexdigest()
        hit = _cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and isinstance(response, HttpResponse)
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            _cache.set(key, (response.content, response["Content-Type"]), timeout)
        return response

    return wrapper
