"""Fixtures of the disclosure tests: a clean cache (the rate limits live there) and
the office of ``helpers.make_office``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from gongkai.disclosures.tests.helpers import Office, make_office


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def o() -> Office:
    return make_office()
