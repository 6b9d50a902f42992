"""The audit walk for this app's services (tests/test_services_audit.py merges the
same SETUPS): every service has a setup, and each invocation writes an audit event
of the app."""

from __future__ import annotations

import inspect

import pytest

from gongkai.core.models import AuditEvent
from gongkai.disclosures import services
from gongkai.disclosures.tests.audit_setups import SETUPS

pytestmark = pytest.mark.django_db


def _services() -> dict[str, object]:
    return {
        f"{services.__name__}.{name}": fn
        for name, fn in inspect.getmembers(services, inspect.isfunction)
        if fn.__module__ == services.__name__ and not name.startswith("_")
    }


def test_every_setup_names_a_service() -> None:
    # Completeness (every service has a setup) is checked by the project-wide walk.
    assert set(SETUPS) <= set(_services())


@pytest.mark.parametrize("qualified_name", sorted(SETUPS))
def test_service_writes_an_audit_event(qualified_name: str) -> None:
    service = _services()[qualified_name]
    invoke = SETUPS[qualified_name](service)  # type: ignore[arg-type]
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    invoke()
    verbs = list(AuditEvent.objects.filter(id__gt=last).values_list("verb", flat=True))
    assert any(v.startswith("disclosures.") for v in verbs), verbs
