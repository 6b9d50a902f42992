from __future__ import annotations

from collections.abc import Iterator

import pytest

from gongkai.portal import pagecache


@pytest.fixture(autouse=True)
def _empty_page_cache() -> Iterator[None]:
    """Each test starts with no cached pages (ids repeat after a rollback)."""
    pagecache.clear()
    yield
    pagecache.clear()
