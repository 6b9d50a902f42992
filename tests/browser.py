"""Helpers of the browser tests: Playwright's ``expect`` and axe-core.

axe-core comes from npm (``make axe``: package.json / package-lock.json). Without it
the accessibility checks are skipped, except on CI (``CI=true``), where that fails.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

AXE = (
    Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
)
BLOCKING = {"serious", "critical"}


def expect(target: Any) -> Any:
    """Playwright's ``expect`` (imported late: the suite runs without Playwright)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page (it needs a page opened by the ``portal``
    fixture, whose context lets the script in despite the site's CSP)."""
    if not AXE.is_file():
        message = "跳过无障碍检查：未安装 axe-core。运行 make axe（npm ci）安装。"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    page.add_script_tag(path=str(AXE))
    violations: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
            }));
        }"""
    )
    return violations


def blocking_violations(page: Any) -> list[dict[str, Any]]:
    """The serious and critical ones."""
    return [v for v in axe_violations(page) if v["impact"] in BLOCKING]
