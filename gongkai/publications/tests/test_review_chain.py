"""The 三审 chain: what each reviewer can do and what the public sees at each step."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from gongkai.core.exceptions import InvalidTransition, PermissionDenied, ValidationError
from gongkai.core.models import AuditEvent
from gongkai.publications import selectors, services
from gongkai.publications.models import FindingStatus, Record
from gongkai.publications.states import RevisionState
from gongkai.publications.tests.helpers import advance, draft, make_desk, publish
from gongkai.publications.vocab import Disclosure, Validity, WithholdGround
from gongkai.rules.privacy import id_check_char

pytestmark = pytest.mark.django_db


def valid_id(body17: str = "11010519491231002") -> str:
    return body17 + id_check_char(body17)


def public_ids() -> set[int]:
    return set(selectors.records_public().values_list("pk", flat=True))


def test_a_record_is_public_only_after_the_third_review() -> None:
    desk = make_desk()
    record = draft(desk)
    states = []
    services.revision_submit(
        actor=desk.editor, revision=selectors.revision_current(record)
    )
    for actor in desk.chain:
        assert record.pk not in public_ids()
        services.revision_approve(
            actor=actor, revision=selectors.revision_current(record)
        )
        states.append(selectors.revision_current(record).state)
    record.refresh_from_db()
    assert states == [
        RevisionState.SECRECY_REVIEW,
        RevisionState.FINAL_REVIEW,
        RevisionState.PUBLISHED,
    ]
    assert record.pk in public_ids()
    year = timezone.localdate().year
    assert record.index_number == f"{desk.unit.code}/{year}-00001"


def test_each_step_needs_its_own_role() -> None:
    desk = make_desk()
    record = draft(desk)
    services.revision_submit(
        actor=desk.editor, revision=selectors.revision_current(record)
    )
    with pytest.raises(PermissionDenied):
        services.revision_approve(
            actor=desk.editor, revision=selectors.revision_current(record)
        )
    with pytest.raises(PermissionDenied):
        services.revision_approve(
            actor=desk.leader, revision=selectors.revision_current(record)
        )
    assert selectors.revision_current(record).state == RevisionState.SOURCE_REVIEW


def test_personal_data_blocks_secrecy_review_until_overridden_with_a_reason() -> None:
    desk = make_desk()
    number = valid_id()
    record = draft(desk, body=f"<p>申请人张三，身份证号{number}，特此公示。</p>")
    advance(desk, record, steps=1)
    revision = selectors.revision_current(record)
    findings = list(revision.findings.all())
    assert [f.kind for f in findings] == ["id_card"]
    assert number not in findings[0].masked and number not in findings[0].context
    with pytest.raises(ValidationError, match="1处"):
        services.revision_approve(actor=desk.secrecy, revision=revision)
    with pytest.raises(ValidationError):
        services.finding_override(actor=desk.secrecy, finding=findings[0], reason="")
    services.finding_override(
        actor=desk.secrecy, finding=findings[0], reason="当事人书面同意公开"
    )
    assert AuditEvent.objects.filter(
        verb="publications.finding.overridden", reason="当事人书面同意公开"
    ).exists()
    services.revision_approve(actor=desk.secrecy, revision=revision)
    assert selectors.revision_current(record).state == RevisionState.FINAL_REVIEW


def test_returned_revision_goes_back_to_the_editor_and_is_scanned_again() -> None:
    desk = make_desk()
    record = draft(desk, body="<p>联系人手机13812345678</p>")
    advance(desk, record, steps=1)
    revision = selectors.revision_current(record)
    with pytest.raises(ValidationError):
        services.revision_return(actor=desk.secrecy, revision=revision, reason=" ")
    services.revision_return(
        actor=desk.secrecy, revision=revision, reason="删除个人手机号"
    )
    revision.refresh_from_db()
    assert revision.state == RevisionState.RETURNED
    assert revision.returned_reason == "删除个人手机号"
    services.revision_update(
        actor=desk.editor,
        revision=revision,
        data=services.RevisionInput(
            title=revision.title,
            formed_on=revision.formed_on,
            body="<p>联系人：办公室</p>",
            column_ids=[desk.column.pk],
        ),
    )
    advance(desk, record)
    assert record.pk in public_ids()
    assert (
        not selectors.revision_current(record)
        .findings.filter(status=FindingStatus.OPEN)
        .exists()
    )


def test_a_unit_office_phone_is_not_a_finding() -> None:
    desk = make_desk()
    desk.unit.phones = ["0531-86123456"]
    desk.unit.save()
    record = draft(desk, body="<p>咨询电话：0531-86123456；另：0531-86999999。</p>")
    advance(desk, record, steps=1)
    kinds = [f.masked for f in selectors.revision_current(record).findings.all()]
    assert len(kinds) == 1 and kinds[0].startswith("0531")
    assert "86123456" not in kinds[0]


def test_on_request_information_is_registered_but_never_public() -> None:
    desk = make_desk()
    record = publish(desk, disclosure=Disclosure.ON_REQUEST)
    assert selectors.revision_current(record).state == RevisionState.REGISTERED
    assert record.index_number
    assert record.pk not in public_ids()
    withheld = publish(
        desk, disclosure=Disclosure.WITHHELD, withhold_ground=WithholdGround.PROCESS
    )
    assert withheld.pk not in public_ids()


def test_withheld_needs_a_ground() -> None:
    desk = make_desk()
    with pytest.raises(ValidationError, match="第十四至十六条"):
        draft(desk, disclosure=Disclosure.WITHHELD)


def test_editing_a_published_record_keeps_the_approved_version_public() -> None:
    desk = make_desk()
    record = publish(desk, title="第一版标题")
    revision = services.record_new_revision(actor=desk.editor, record=record)
    services.revision_update(
        actor=desk.editor,
        revision=revision,
        data=services.RevisionInput(
            title="第二版标题",
            formed_on=revision.formed_on,
            body="<p>改</p>",
            column_ids=[desk.column.pk],
        ),
    )
    shown = selectors.record_public_get(record.index_number or "")
    assert (
        shown.public_revision is not None
        and shown.public_revision.title == "第一版标题"
    )
    with pytest.raises(ValidationError, match="正在修改或审核"):
        services.record_new_revision(actor=desk.editor, record=record)
    advance(desk, record)
    shown = selectors.record_public_get(record.index_number or "")
    assert (
        shown.public_revision is not None
        and shown.public_revision.title == "第二版标题"
    )
    assert shown.index_number == record.index_number  # never changes
    assert list(
        record.revisions.values_list("state", flat=True).order_by("number")
    ) == [RevisionState.SUPERSEDED, RevisionState.PUBLISHED]


def test_withdrawal_needs_a_reason_and_removes_the_record_from_public_view() -> None:
    desk = make_desk()
    record = publish(desk)
    with pytest.raises(ValidationError):
        services.record_withdraw(actor=desk.leader, record=record, reason="")
    with pytest.raises(PermissionDenied):
        services.record_withdraw(actor=desk.editor, record=record, reason="错误")
    services.record_withdraw(actor=desk.leader, record=record, reason="内容有误")
    assert record.pk not in public_ids()


def test_scheduled_publication_waits_for_its_time() -> None:
    desk = make_desk()
    record = advance(desk, draft(desk), steps=2)
    later = timezone.now() + dt.timedelta(hours=2)
    services.revision_approve(
        actor=desk.leader, revision=selectors.revision_current(record), publish_at=later
    )
    assert selectors.revision_current(record).state == RevisionState.SCHEDULED
    assert services.revisions_publish_due(now=timezone.now()) == 0
    assert record.pk not in public_ids()
    assert services.revisions_publish_due(now=later + dt.timedelta(minutes=1)) == 1
    assert record.pk in public_ids()


def test_a_stale_second_approval_is_refused_and_publishes_once() -> None:
    desk = make_desk()
    record = advance(desk, draft(desk), steps=2)
    revision = selectors.revision_current(record)
    stale = selectors.revision_current(record)
    services.revision_approve(actor=desk.leader, revision=revision)
    with pytest.raises(InvalidTransition):
        services.revision_approve(actor=desk.leader, revision=stale)
    assert Record.objects.get(pk=record.pk).index_number is not None
    assert AuditEvent.objects.filter(verb="publications.revision.publish").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_leaders_approving_at_once_publish_once() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL row locks")
    desk = make_desk()
    record = advance(desk, draft(desk), steps=2)
    revision = selectors.revision_current(record)
    errors: list[Exception] = []

    def approve() -> None:
        try:
            services.revision_approve(actor=desk.leader, revision=revision)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(errors) == 1 and isinstance(errors[0], InvalidTransition)
    assert AuditEvent.objects.filter(verb="publications.revision.publish").count() == 1


def test_a_policy_needing_an_interpretation_waits_for_it() -> None:
    desk = make_desk()
    policy = advance(
        desk, draft(desk, title="办法", needs_interpretation=True), steps=2
    )
    with pytest.raises(ValidationError, match="同步发布"):
        services.revision_approve(
            actor=desk.leader, revision=selectors.revision_current(policy)
        )
    interp = draft(desk, title="《办法》解读")
    interp.kind = "interpretation"
    interp.save()
    services.interpretation_link(
        actor=desk.editor, interpretation=interp, policy=policy
    )
    advance(desk, interp, steps=2)
    services.revision_approve(
        actor=desk.leader, revision=selectors.revision_current(policy)
    )
    services.revision_approve(
        actor=desk.leader, revision=selectors.revision_current(interp)
    )
    assert {policy.pk, interp.pk} <= public_ids()
    assert list(selectors.interpretations_public(policy)) == [interp]


def test_timeliness_clock_is_20_working_days_or_7_for_penalties() -> None:
    desk = make_desk()
    record = draft(desk, formed_on=dt.date(2026, 9, 30))
    assert selectors.revision_current(record).due_on == dt.date(2026, 11, 3)
    penalty = draft(desk, formed_on=dt.date(2026, 9, 30), doc_type="行政处罚决定")
    # 10-1 to 10-7 国庆; 10-8, 10-9, 10-10 (调休上班), 10-12, 10-13, 10-14, 10-15.
    assert selectors.revision_current(penalty).due_on == dt.date(2026, 10, 15)


def test_validity_change_shows_successor() -> None:
    desk = make_desk()
    old = publish(desk, title="旧办法", policy_class="normative")
    new = publish(desk, title="新办法", policy_class="normative")
    assert old.validity == Validity.VALID
    with pytest.raises(ValidationError, match="日期"):
        services.record_set_validity(
            actor=desk.leader, record=old, validity=Validity.REPEALED, changed_on=None
        )
    services.record_set_validity(
        actor=desk.leader,
        record=old,
        validity=Validity.REVISED,
        changed_on=dt.date(2026, 10, 1),
        successor=new,
    )
    shown = selectors.record_public_get(old.index_number or "")
    assert shown.validity == Validity.REVISED and shown.successor == new
