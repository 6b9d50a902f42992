"""Shared fixtures of the cross-app tests, and the conventions of the whole suite.

Conventions:

* Every test that touches the database carries ``pytest.mark.django_db`` (a module
  may say ``pytestmark = pytest.mark.django_db``). ``make pg-test`` selects the
  tests to repeat on PostgreSQL with ``-m "django_db and not browser"``: a database
  test without the mark is silently left out of the PostgreSQL run.
* Tests that drive Chromium carry ``pytest.mark.browser`` and use pytest-django's
  ``live_server``, which needs ``pytest.mark.django_db(transaction=True)``.
* Test data comes from :mod:`tests.factories` (factory_boy); behaviour under test
  goes through the services, as the application does.
* ``python -m tests.pgserver -- CMD`` runs CMD against a throwaway PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remove the data directory that config.settings_test made for this run."""
    from django.conf import settings

    if not settings.configured:
        return
    data_dir = Path(settings.DATA_DIR)
    made_for_tests = data_dir.name.startswith("gongkai-test-")
    if made_for_tests and data_dir.parent == Path(tempfile.gettempdir()).resolve():
        shutil.rmtree(data_dir, ignore_errors=True)


def _chromium_path() -> str | None:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).exists() else None


def _missing(message: str) -> NoReturn:
    # CI must run the browser tests; a developer without chromium is told how to
    # get it but can still run everything else.
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (which never downloads a browser)."""
    executable = _chromium_path()
    if executable is None:
        _missing("跳过浏览器测试：未找到 chromium。运行 make browser 安装 chromium。")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("跳过浏览器测试：未安装 playwright（pip install -e '.[test]'）。")
    # Playwright's sync API runs an asyncio event loop in this thread for as long
    # as it is started, and Django refuses synchronous ORM calls from a thread with
    # a running loop (SynchronousOnlyOperation). The tests call the ORM directly
    # (demo data, counting audit events, flushing the database) while no coroutine
    # of ours runs concurrently, so the check is lifted while the browser lives.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS
            )
            try:
                yield instance
            finally:
                instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page in its own context (no cookies shared between tests), in Chinese."""
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def portal(browser: Any) -> Iterator[Any]:
    """A page whose CSP lets Playwright inject axe-core (the site itself is unchanged)."""
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", bypass_csp=True
    )
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()
