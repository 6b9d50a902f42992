"""The background task that keeps the static site up to date."""

from __future__ import annotations

import logging
import time
from typing import Any

from django_tasks import task

from gongkai.portal import staticsite

log = logging.getLogger(__name__)


@task()
def publish_site_incremental(requested_at: float) -> None:
    """An incremental ``publish-site`` into the configured directory."""
    if not staticsite.enabled():
        return
    report = staticsite.publish(requested_at=requested_at)
    if report.errors:
        log.error(report.summary())
    else:
        log.info(report.summary())


def on_record_changed(sender: Any, record_id: int, **kwargs: Any) -> None:
    """``record_changed`` (sent after commit): queue a publish when static publishing
    is on (``GONGKAI_STATIC_SITE=1``)."""
    if staticsite.enabled():
        publish_site_incremental.enqueue(requested_at=time.time())


def on_records_changed(sender: Any, record_ids: list[int], **kwargs: Any) -> None:
    """``records_changed`` (many records in one commit, e.g. a batch of an import):
    one publish for all of them, since a publish brings the whole site up to date."""
    if staticsite.enabled() and record_ids:
        publish_site_incremental.enqueue(requested_at=time.time())
