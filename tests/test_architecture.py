"""The rules of the architecture that no single app can check by itself.

* ``gongkai.rules`` is pure Python: no Django.
* State changes (``x.status = …``, ``x.state = …``) happen only in services.
* The audit log is append-only, and no URL leads to changing it.
* Pages load every asset from the instance itself: nothing from the internet.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from gongkai.core.audit import audit_record
from gongkai.core.models import AuditEvent

PACKAGE = Path(__file__).resolve().parent.parent / "gongkai"
STATE_ATTRIBUTES = {"status", "state"}


def python_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" not in path.parts:
            yield path


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def relative(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


# --- rules is pure Python --------------------------------------------------------


def imported_modules(tree: ast.Module) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def test_rules_never_import_django() -> None:
    offenders = [
        f"{relative(path)}:{line} imports {module}"
        for path in python_files(PACKAGE / "rules")
        for line, module in imported_modules(parse(path))
        if module == "django" or module.startswith("django.")
    ]
    assert not offenders, "gongkai/rules must stay pure Python:\n" + "\n".join(
        offenders
    )


# --- state changes only in services ----------------------------------------------


def state_assignments(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """``obj.status = …`` / ``obj.state = …`` (plain, augmented, annotated, in
    tuples) and ``setattr(obj, "status", …)``."""

    def targets(node: ast.expr) -> Iterator[ast.expr]:
        if isinstance(node, ast.Tuple | ast.List):
            for element in node.elts:
                yield from targets(element)
        elif isinstance(node, ast.Starred):
            yield from targets(node.value)
        else:
            yield node

    for node in ast.walk(tree):
        found: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            for target in node.targets:
                found.extend(targets(target))
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            found.extend(targets(node.target))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in STATE_ATTRIBUTES
        ):
            yield node.lineno, f"setattr(…, {node.args[1].value!r}, …)"
        for target in found:
            if isinstance(target, ast.Attribute) and target.attr in STATE_ATTRIBUTES:
                yield target.lineno, f".{target.attr} ="


def outside_services(path: Path) -> bool:
    parts = path.relative_to(PACKAGE).parts
    if "tests" in parts or "migrations" in parts:
        return False
    return path.name != "services.py"


def test_status_and_state_are_assigned_only_in_services() -> None:
    offenders = [
        f"{relative(path)}:{line}: {what}"
        for path in python_files(PACKAGE)
        if outside_services(path)
        for line, what in state_assignments(parse(path))
    ]
    assert not offenders, (
        "Status and state change only in services.py (each change is checked, "
        "audited and atomic there):\n" + "\n".join(offenders)
    )


def test_the_state_scan_finds_what_it_looks_for() -> None:
    tree = ast.parse(
        "item.status = 'x'\n"
        "a, b.state = 1, 2\n"
        "item.status += ''\n"
        "setattr(item, 'state', 'y')\n"
        "item.statistics = 1\n"
        "status = 'local'\n"
    )
    assert [line for line, _ in state_assignments(tree)] == [1, 2, 3, 4]


# --- the audit log is append-only ------------------------------------------------


@pytest.fixture
def event(db: None) -> AuditEvent:
    return audit_record(
        actor="测试", verb="core.test.recorded", after={"value": 1}, reason="测试"
    )


@pytest.mark.django_db
def test_an_audit_event_cannot_be_saved_again(event: AuditEvent) -> None:
    event.verb = "core.test.forged"
    with pytest.raises(TypeError, match="只能追加"):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).verb == "core.test.recorded"


@pytest.mark.django_db
def test_an_audit_event_cannot_be_deleted(event: AuditEvent) -> None:
    with pytest.raises(TypeError, match="不能删除"):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_audit_querysets_cannot_update_or_delete(event: AuditEvent) -> None:
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="core.test.forged")
    with pytest.raises(TypeError):
        AuditEvent.objects.update(reason="")
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    event.reason = "改写"
    # bulk_update fails inside its own atomic block without a savepoint: give it one.
    with pytest.raises(TypeError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["reason"])
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.verb, stored.reason) == ("core.test.recorded", "测试")


def url_patterns(
    resolver: URLResolver, prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            yield from url_patterns(entry, prefix + namespace)
        elif isinstance(entry, URLPattern):
            yield prefix + (entry.name or ""), entry


def test_no_url_changes_the_audit_log() -> None:
    writes = re.compile(r"edit|delete|update|change|remove|revise|erase|purge")
    patterns = list(url_patterns(get_resolver()))
    assert patterns
    offenders = [
        name
        for name, _ in patterns
        if "audit" in name.lower() and writes.search(name.lower())
    ]
    assert not offenders, f"URLs that would change audit events: {offenders}"
    # The Django admin would offer change and delete forms for every model.
    assert "django.contrib.admin" not in settings.INSTALLED_APPS


# --- every asset is local --------------------------------------------------------

REMOTE_ASSET = re.compile(
    r"""
      \b(?:src|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//   # src=…, srcset=…
    | <link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//             # stylesheets, icons
    | \burl\(\s*["']?\s*(?:https?:)?//                            # CSS url(…)
    | @import\s+["']\s*(?:https?:)?//                             # CSS @import "…"
    """,
    re.IGNORECASE | re.VERBOSE,
)


TEMPLATE_SUFFIXES = {".html", ".txt", ".xml", ".svg"}
STATIC_SUFFIXES = {".css", ".js", ".html", ".svg"}


def asset_files() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*")):
        parts = path.relative_to(PACKAGE).parts
        if not path.is_file() or "__pycache__" in parts:
            continue
        in_templates = "templates" in parts and path.suffix in TEMPLATE_SUFFIXES
        if in_templates or ("static" in parts and path.suffix in STATIC_SUFFIXES):
            yield path


def test_templates_and_static_files_load_nothing_from_the_internet() -> None:
    files = list(asset_files())
    assert any(p.suffix == ".html" for p in files)
    assert any(p.suffix == ".css" for p in files)
    offenders = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in REMOTE_ASSET.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            offenders.append(f"{relative(path)}:{line}: {match.group(0).strip()}")
    assert not offenders, (
        "Assets must be served by the instance itself (many government networks "
        "have no internet access):\n" + "\n".join(offenders)
    )


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="https://cdn.example.com/x.js"></script>',
        "<img src=//cdn.example.com/a.png>",
        '<link rel="stylesheet" href="http://fonts.example.com/a.css">',
        "body { background: url('https://example.com/a.png') }",
        '@import "https://example.com/a.css";',
    ],
)
def test_the_asset_scan_finds_remote_assets(snippet: str) -> None:
    assert REMOTE_ASSET.search(snippet)


def test_the_asset_scan_allows_links_and_local_assets() -> None:
    for snippet in [
        '<a href="https://www.gov.cn/">中国政府网</a>',
        '<script src="/static/gongkai/site.js"></script>',
        "body { background: url(data:image/png;base64,AAAA) }",
    ]:
        assert not REMOTE_ASSET.search(snippet), snippet
