"""Keeping the index in step with publishing: every ``record_changed`` (sent after
the commit) enqueues a task that re-reads the record and indexes or removes it;
every ``records_changed`` (a batch of an import) enqueues one task per
``BATCH`` records, each brought up to date in one index commit."""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

# Records per indexing task: one index commit each.
BATCH = 1000


def on_record_changed(sender: Any, record_id: int, **kwargs: Any) -> None:
    from gongkai.search.tasks import index_record_task

    try:
        index_record_task.enqueue(int(record_id))
    except Exception:
        # The record is still filtered out of results if it is no longer public
        # (selectors re-check every hit); `gongkai search reindex` repairs the rest.
        logger.exception("无法安排检索索引更新（信息 %s）", record_id)


def on_records_changed(sender: Any, record_ids: list[int], **kwargs: Any) -> None:
    from gongkai.search.tasks import index_records_task

    ids = [int(i) for i in record_ids]
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        try:
            index_records_task.enqueue(chunk)
        except Exception:
            logger.exception(
                "无法安排检索索引更新（%d 条信息，%s 至 %s）",
                len(chunk),
                chunk[0],
                chunk[-1],
            )
