"""Setups for the audit walk (tests/test_services_audit.py and
gongkai/disclosures/tests/test_audit_setups.py) of the letter services appended to
gongkai.disclosures.services. Merge with ``SETUPS.update(LETTER_SETUPS)``.

Each invocation writes under a data directory of its own: the letter files are
outside the database, which the tests roll back."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any

from django.test import override_settings
from django.utils import timezone

from gongkai.disclosures import services
from gongkai.disclosures.tests.helpers import assigned, make_office

Service = Callable[..., Any]
Invoke = Callable[[], Any]

P = "gongkai.disclosures.services."


def _own_data_dir(call: Invoke) -> Invoke:
    def invoke() -> Any:
        with (
            tempfile.TemporaryDirectory(prefix="gongkai-letters-") as data_dir,
            override_settings(DATA_DIR=data_dir),
        ):
            return call()

    return invoke


def _correction(service: Service) -> tuple[Any, Any, int]:
    o = make_office()
    application = assigned(o, timezone.localdate())
    correction = services.correction_request(
        actor=o.office, application=application, items="请写明文件的文号。"
    )
    return o, application, correction.pk


def _letter_update_text(service: Service) -> Invoke:
    o, application, pk = _correction(service)
    return _own_data_dir(
        lambda: service(
            actor=o.office,
            application=application,
            kind="correction",
            record_id=pk,
            text="补正告知书\n王小明：\n请写明文件的文号。",
        )
    )


def _letter_send(service: Service) -> Invoke:
    o, application, pk = _correction(service)
    return _own_data_dir(
        lambda: service(
            actor=o.office, application=application, kind="correction", record_id=pk
        )
    )


def _letter_template_save(service: Service) -> Invoke:
    o = make_office()
    return _own_data_dir(
        lambda: service(
            actor=o.office,
            unit=o.city,
            key="correction",
            text="补正告知书\n{申请人}：\n请补正：{补正事项}",
        )
    )


LETTER_SETUPS: dict[str, Callable[[Service], Invoke]] = {
    P + "letter_send": _letter_send,
    P + "letter_template_save": _letter_template_save,
    P + "letter_update_text": _letter_update_text,
}
