"""A bulk import is indexed in batches: one indexing task per batch of published
records after the batch commits, not one per record; once the tasks have run,
every published imported record is found and nothing unpublished is indexed."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from django_tasks import task_backends
from django_tasks.backends.dummy import DummyBackend

from gongkai.publications import services
from gongkai.publications.models import Record
from gongkai.publications.services import ImportRow, RevisionInput
from gongkai.publications.tests.helpers import Desk, publish
from gongkai.publications.vocab import Disclosure, WithholdGround
from gongkai.search import index as ix
from gongkai.search.selectors import search_public

pytestmark = pytest.mark.django_db

INDEX_ONE = "gongkai.search.tasks.index_record_task"
INDEX_MANY = "gongkai.search.tasks.index_records_task"
STATIC_SITE = "gongkai.portal.tasks.publish_site_incremental"


@pytest.fixture
def queue(settings: Any, index_dir: Path) -> Iterator[DummyBackend]:
    """Tasks are kept, not run, until the test runs them; the index exists (empty),
    as on an instance where search is set up."""
    ix.rebuild()
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    backend.clear()
    yield backend
    backend.clear()


def paths(queue: DummyBackend) -> list[str]:
    return [r.task.module_path for r in queue.results]


def run_all(queue: DummyBackend) -> None:
    """What the worker does: run every enqueued task."""
    for result in list(queue.results):
        result.task.call(*result.args, **result.kwargs)


def rows(desk: Desk, count: int, **data: Any) -> list[ImportRow]:
    day = timezone.localdate() - dt.timedelta(days=3)
    return [
        ImportRow(
            line=n + 1,
            unit=desk.unit,
            data=RevisionInput(
                title=f"迁移文件第{n + 1}号：关于做好防汛工作的通知",
                formed_on=day,
                body=f"<p>各单位：请做好第{n + 1}号防汛准备。</p>",
                **data,
            ),
            published_on=day,
        )
        for n in range(count)
    ]


def test_import_enqueues_one_task_per_batch_and_indexes_only_what_is_public(
    desk: Desk,
    queue: DummyBackend,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setattr(services, "IMPORT_BATCH", 3)
    public = rows(desk, 7)
    # Imported as published but not 主动公开: registered, never public.
    withheld = rows(
        desk,
        1,
        disclosure=Disclosure.WITHHELD,
        withhold_ground=WithholdGround.STATE_SECRET,
    )
    withheld[0].line = 8
    with django_capture_on_commit_callbacks(execute=True):
        report = services.records_import(
            actor=None, rows=[*public, *withheld], publish=True
        )
        assert queue.results == []  # nothing before the commit
    assert report.imported_count == 8
    assert paths(queue) == [INDEX_MANY] * math.ceil(8 / 3)
    assert [len(r.args[0]) for r in queue.results] == [3, 3, 2]
    assert ix.indexed_ids() == set()  # not before the worker runs the tasks

    run_all(queue)

    imported = {i.record_id for i in report.imported}
    shown = set(
        Record.objects.filter(pk__in=imported, is_public=True).values_list(
            "pk", flat=True
        )
    )
    assert len(shown) == 7
    assert ix.indexed_ids() == shown
    hidden = next(iter(imported - shown))
    assert not Record.objects.get(pk=hidden).is_public
    assert search_public("防汛准备").total == 7
    assert search_public("第5号防汛准备").total == 1


def test_imported_drafts_enqueue_nothing_and_are_never_indexed(
    desk: Desk, queue: DummyBackend, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = services.records_import(actor=None, rows=rows(desk, 4), publish=False)
    assert report.imported_count == 4
    assert queue.results == []
    # Even a task naming them (e.g. after a later withdrawal) does not index them.
    ids = [i.record_id for i in report.imported]
    ix.index_records(ids)
    assert ix.indexed_ids() == set()
    assert search_public("防汛准备").total == 0


def test_a_dry_run_enqueues_nothing(
    desk: Desk, queue: DummyBackend, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = services.records_import(
            actor=None, rows=rows(desk, 4), publish=True, dry_run=True
        )
    assert report.imported_count == 4
    assert queue.results == []
    assert not Record.objects.exists()


def test_a_single_publication_still_enqueues_its_own_task(
    desk: Desk, queue: DummyBackend, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        record = publish(desk, title="关于开展防汛检查的通知")
    assert paths(queue) == [INDEX_ONE]
    assert list(queue.results[0].args) == [record.pk]
    run_all(queue)
    assert ix.indexed_ids() == {record.pk}


def test_static_site_publishes_once_per_batch(
    desk: Desk,
    queue: DummyBackend,
    settings: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.GONGKAI_STATIC_SITE = True
    settings.GONGKAI_STATIC_SITE_DIR = tmp_path / "site"
    monkeypatch.setattr(services, "IMPORT_BATCH", 4)
    with django_capture_on_commit_callbacks(execute=True):
        services.records_import(actor=None, rows=rows(desk, 9), publish=True)
    assert sorted(paths(queue)) == sorted([INDEX_MANY] * 3 + [STATIC_SITE] * 3)
