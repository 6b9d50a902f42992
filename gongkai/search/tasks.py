"""Background tasks that keep the search index up to date."""

from __future__ import annotations

from django_tasks import task

from gongkai.search import index


@task()
def index_record_task(record_id: int) -> bool:
    """Re-read one record through ``records_public()``: index it if it is public,
    remove it from the index otherwise. True if it is now in the index."""
    return index.index_record(record_id)


@task()
def index_records_task(record_ids: list[int]) -> list[int]:
    """The same for several records in one commit. Returns [indexed, removed]."""
    indexed, removed = index.index_records(record_ids)
    return [indexed, removed]
