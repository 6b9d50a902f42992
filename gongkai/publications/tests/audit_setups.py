"""Setups for tests/test_services_audit.py: one per service of gongkai.publications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from gongkai.publications import selectors, services
from gongkai.publications.models import SensitiveWord
from gongkai.publications.tests.helpers import advance, draft, make_desk, publish
from gongkai.rules.privacy import id_check_char

Service = Callable[..., Any]
Invoke = Callable[[], Any]

P = "gongkai.publications.services."


def _record_create(service: Service) -> Invoke:
    desk = make_desk()
    data = services.RevisionInput(title="通知", formed_on=timezone.localdate())
    return lambda: service(actor=desk.editor, unit=desk.unit, data=data)


def _revision_update(service: Service) -> Invoke:
    desk = make_desk()
    revision = selectors.revision_current(draft(desk))
    data = services.RevisionInput(title="改后的通知", formed_on=timezone.localdate())
    return lambda: service(actor=desk.editor, revision=revision, data=data)


def _record_new_revision(service: Service) -> Invoke:
    desk = make_desk()
    record = publish(desk)
    return lambda: service(actor=desk.editor, record=record)


def _attachment_add(service: Service) -> Invoke:
    desk = make_desk()
    revision = selectors.revision_current(draft(desk))
    return lambda: service(
        actor=desk.editor, revision=revision, name="a.txt", data="附件".encode()
    )


def _attachment_remove(service: Service) -> Invoke:
    desk = make_desk()
    revision = selectors.revision_current(draft(desk))
    attachment = services.attachment_add(
        actor=desk.editor, revision=revision, name="a.txt", data=b"x"
    )
    return lambda: service(actor=desk.editor, attachment=attachment)


def _revision_submit(service: Service) -> Invoke:
    desk = make_desk()
    revision = selectors.revision_current(draft(desk))
    return lambda: service(actor=desk.editor, revision=revision)


def _revision_return(service: Service) -> Invoke:
    desk = make_desk()
    record = advance(desk, draft(desk), steps=0)
    return lambda: service(
        actor=desk.reviewer,
        revision=selectors.revision_current(record),
        reason="补充栏目",
    )


def _revision_approve(service: Service) -> Invoke:
    desk = make_desk()
    record = advance(desk, draft(desk), steps=0)
    return lambda: service(
        actor=desk.reviewer, revision=selectors.revision_current(record)
    )


def _revisions_publish_due(service: Service) -> Invoke:
    desk = make_desk()
    record = advance(desk, draft(desk), steps=2)
    later = timezone.now() + dt.timedelta(hours=1)
    services.revision_approve(
        actor=desk.leader, revision=selectors.revision_current(record), publish_at=later
    )
    return lambda: service(now=later + dt.timedelta(minutes=1))


def _finding_override(service: Service) -> Invoke:
    desk = make_desk()
    body17 = "11010519491231002"
    record = advance(
        desk, draft(desk, body=f"<p>{body17}{id_check_char(body17)}</p>"), steps=1
    )
    finding = selectors.revision_current(record).findings.get()
    return lambda: service(actor=desk.secrecy, finding=finding, reason="本人同意公开")


def _record_withdraw(service: Service) -> Invoke:
    desk = make_desk()
    record = publish(desk)
    return lambda: service(actor=desk.leader, record=record, reason="内容有误")


def _record_set_validity(service: Service) -> Invoke:
    desk = make_desk()
    record = publish(desk, policy_class="normative")
    return lambda: service(
        actor=desk.leader,
        record=record,
        validity="repealed",
        changed_on=dt.date(2026, 1, 1),
    )


def _interpretation(desk: Any) -> Any:
    interp = draft(desk, title="解读")
    interp.kind = "interpretation"
    interp.save()
    return interp


def _interpretation_link(service: Service) -> Invoke:
    desk = make_desk()
    policy, interp = publish(desk), _interpretation(desk)
    return lambda: service(actor=desk.editor, interpretation=interp, policy=policy)


def _interpretation_unlink(service: Service) -> Invoke:
    desk = make_desk()
    policy, interp = publish(desk), _interpretation(desk)
    services.interpretation_link(
        actor=desk.editor, interpretation=interp, policy=policy
    )
    return lambda: service(actor=desk.editor, interpretation=interp, policy=policy)


def _repeal_catalog_import(service: Service) -> Invoke:
    desk = make_desk()
    publish(desk, doc_number="示教发〔2020〕1号", policy_class="normative")
    return lambda: service(
        actor=None,
        text="关于某事的办法（示教发[2020]1号）",
        changed_on=dt.date(2026, 1, 1),
    )


def _column_create(service: Service) -> Invoke:
    return lambda: service(actor=None, name="规划信息", slug="ghxx")


def _column_update(service: Service) -> Invoke:
    column = services.column_create(actor=None, name="规划", slug="gh")
    return lambda: service(actor=None, column=column, name="规划信息")


def _columns_seed(service: Service) -> Invoke:
    return lambda: service(actor=None, columns=[("人事信息", "rsxx", None)])


def _sensitive_word_add(service: Service) -> Invoke:
    return lambda: service(actor=None, word="某敏感词")


def _sensitive_word_remove(service: Service) -> Invoke:
    item = SensitiveWord.objects.create(word="某敏感词")
    return lambda: service(actor=None, item=item)


SETUPS: dict[str, Callable[[Service], Invoke]] = {
    P + "attachment_add": _attachment_add,
    P + "attachment_remove": _attachment_remove,
    P + "column_create": _column_create,
    P + "column_update": _column_update,
    P + "columns_seed": _columns_seed,
    P + "finding_override": _finding_override,
    P + "interpretation_link": _interpretation_link,
    P + "interpretation_unlink": _interpretation_unlink,
    P + "record_create": _record_create,
    P + "record_new_revision": _record_new_revision,
    P + "record_set_validity": _record_set_validity,
    P + "record_withdraw": _record_withdraw,
    P + "repeal_catalog_import": _repeal_catalog_import,
    P + "revision_approve": _revision_approve,
    P + "revision_return": _revision_return,
    P + "revision_submit": _revision_submit,
    P + "revision_update": _revision_update,
    P + "revisions_publish_due": _revisions_publish_due,
    P + "sensitive_word_add": _sensitive_word_add,
    P + "sensitive_word_remove": _sensitive_word_remove,
}
