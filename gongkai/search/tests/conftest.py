"""A fresh index directory for every test, and a way to publish into it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gongkai.publications.models import Record
from gongkai.publications.tests.helpers import Desk, make_desk, publish


@pytest.fixture
def index_dir(settings: Any, tmp_path: Path) -> Path:
    settings.GONGKAI_SEARCH_INDEX_DIR = tmp_path / "index"
    return Path(settings.GONGKAI_SEARCH_INDEX_DIR)


@pytest.fixture
def desk(db: None) -> Desk:
    return make_desk()


@pytest.fixture
def published(
    index_dir: Path, desk: Desk, django_capture_on_commit_callbacks: Any
) -> Callable[..., Record]:
    """Publish a record through the review chain, running the after-commit hooks
    (which enqueue the indexing task; the test settings run tasks at once)."""

    def make(desk: Desk = desk, **fields: Any) -> Record:
        with django_capture_on_commit_callbacks(execute=True):
            record = publish(desk, **fields)
        assert record.is_public
        return record

    return make
