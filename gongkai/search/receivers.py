"""Keeping the index in step with publishing: every ``record_changed`` (sent after
the commit) enqueues a task that re-reads the record and indexes or removes it."""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def on_record_changed(sender: Any, record_id: int, **kwargs: Any) -> None:
    from gongkai.search.tasks import index_record_task

    try:
        index_record_task.enqueue(int(record_id))
    except Exception:
        # The record is still filtered out of results if it is no longer public
        # (selectors re-check every hit); `gongkai search reindex` repairs the rest.
        logger.exception("无法安排检索索引更新（信息 %s）", record_id)
