"""Rate limits of the public pages (fixed windows in Django's cache).

The limits are settings (``GONGKAI_APPLICATIONS_PER_HOUR``, default 5 submissions
per address per hour; ``GONGKAI_TRACKING_FAILURES_PER_HOUR``, default 20 failed
look-ups). With several worker processes the cache must be shared (file or
database cache): the local-memory default counts per process.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

HOUR = 3600


def client_address(request: HttpRequest) -> str:
    """The client's address as the server saw it (a reverse proxy must pass the real
    address in REMOTE_ADDR, e.g. nginx ``real_ip``; forwarded headers are not trusted)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _key(scope: str, who: str, window: int) -> str:
    return f"gongkai:throttle:{scope}:{who}:{int(time.time()) // window}"


def count(scope: str, who: str, window: int = HOUR) -> int:
    return int(cache.get(_key(scope, who, window), 0))


def hit(scope: str, who: str, window: int = HOUR) -> int:
    """Count one more event; returns the count in the current window."""
    key = _key(scope, who, window)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def submissions_per_hour() -> int:
    return int(getattr(settings, "GONGKAI_APPLICATIONS_PER_HOUR", 5))


def tracking_failures_per_hour() -> int:
    return int(getattr(settings, "GONGKAI_TRACKING_FAILURES_PER_HOUR", 20))


def submission_allowed(request: HttpRequest) -> bool:
    return count("apply", client_address(request)) < submissions_per_hour()


def record_submission(request: HttpRequest) -> None:
    hit("apply", client_address(request))


def tracking_allowed(request: HttpRequest) -> bool:
    return count("track", client_address(request)) < tracking_failures_per_hour()


def record_tracking_failure(request: HttpRequest) -> None:
    hit("track", client_address(request))


RATE_LIMITED = "提交过于频繁，请一小时后再试。如需帮助，请联系政府信息公开工作机构。"
TRACK_LIMITED = "查询失败次数过多，请一小时后再试。"
