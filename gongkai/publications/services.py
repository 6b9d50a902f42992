"""All writes to government information. Each checks permission, audits, is atomic.

The review chain follows ``states.TRANSITIONS``; a revision's state changes only in
``_move``. Publishing locks the revision and its record so that two reviewers acting
at once never publish twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.calendars.services import deadline_store
from gongkai.core.audit import audit_record, changed, snapshot
from gongkai.core.exceptions import NotFound, ValidationError
from gongkai.core.extract import ExtractionError, extract_text, html_extract
from gongkai.organizations.models import Unit
from gongkai.organizations.permissions import require
from gongkai.organizations.roles import Action
from gongkai.publications.content import html_to_text, sanitize_html, scan_policy_for
from gongkai.publications.models import (
    Attachment,
    Column,
    Finding,
    FindingSource,
    FindingStatus,
    IndexSerial,
    Record,
    Revision,
    SensitiveWord,
)
from gongkai.publications.states import (
    EDITABLE_STATES,
    Event,
    RevisionState,
    transition_for,
)
from gongkai.publications.vocab import (
    ENFORCEMENT_TYPES,
    Channel,
    Disclosure,
    DocumentType,
    PolicyClass,
    RecordKind,
    Topic,
    Validity,
    WithholdGround,
)
from gongkai.rules.docnumbers import (
    doc_number_key,
    format_index_number,
    normalize_doc_number,
)
from gongkai.rules.periods import PERIOD_RULES, Period
from gongkai.rules.privacy import scan_text

CLOCK = "publications.record"

REVISION_FIELDS = [
    "title",
    "summary",
    "publisher",
    "doc_number",
    "written_on",
    "formed_on",
    "topic",
    "doc_type",
    "policy_class",
    "effective_from",
    "effective_until",
    "disclosure",
    "withhold_ground",
    "channels",
    "needs_interpretation",
    "body",
]

ATTACHMENT_SUFFIXES = {
    ".pdf",
    ".docx",
    ".xlsx",
    ".doc",
    ".xls",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".txt",
    ".zip",
    ".ofd",
    ".wps",
    ".et",
}
TEXT_SUFFIXES = {".pdf", ".docx", ".xlsx", ".txt", ".html", ".htm"}
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024


# --- drafting -------------------------------------------------------------------------


@dataclass
class RevisionInput:
    """What an editor fills in; validated by ``_clean_input``."""

    title: str
    formed_on: dt.date
    body: str = ""
    summary: str = ""
    publisher: str = ""
    doc_number: str = ""
    written_on: dt.date | None = None
    topic: str = Topic.GENERAL
    doc_type: str = DocumentType.NOTICE
    policy_class: str = PolicyClass.NONE
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    disclosure: str = Disclosure.PROACTIVE
    withhold_ground: str = WithholdGround.NONE
    channels: list[str] = field(default_factory=lambda: [Channel.WEBSITE.value])
    needs_interpretation: bool = False
    column_ids: Sequence[int] = ()


def _clean_input(data: RevisionInput, unit: Unit) -> dict[str, Any]:
    title = " ".join((data.title or "").split())
    if not title:
        raise ValidationError("请填写信息名称。")
    if len(title) > 300:
        raise ValidationError("信息名称过长（最多300个字），请精简。")
    if data.formed_on is None:
        raise ValidationError("请填写生成日期（信息形成或者变更的日期）。")
    today = timezone.localdate()
    if data.formed_on > today + dt.timedelta(days=366):
        raise ValidationError("生成日期不能晚于明年，请核对。")
    if data.written_on and data.written_on > data.formed_on + dt.timedelta(days=366):
        raise ValidationError("成文日期与生成日期相差过大，请核对。")
    if (
        data.effective_from
        and data.effective_until
        and data.effective_until < data.effective_from
    ):
        raise ValidationError("失效日期不能早于生效日期。")
    choices = {
        "topic": (data.topic, Topic.values, "主题分类"),
        "doc_type": (data.doc_type, DocumentType.values, "体裁"),
        "policy_class": (data.policy_class, PolicyClass.values, "政策文件类别"),
        "disclosure": (data.disclosure, Disclosure.values, "公开属性"),
        "withhold_ground": (
            data.withhold_ground,
            WithholdGround.values,
            "不予公开理由",
        ),
    }
    for value, allowed, label in choices.values():
        if value not in allowed:
            raise ValidationError(f"{label}“{value}”不在可选范围内，请从列表中选择。")
    if data.disclosure == Disclosure.WITHHELD and not data.withhold_ground:
        raise ValidationError(
            "公开属性为“不予公开”时，须选择《政府信息公开条例》第十四至十六条规定的理由。"
        )
    channels = [c for c in data.channels if c in Channel.values]
    doc_number = normalize_doc_number(data.doc_number or "")
    column_ids = list(data.column_ids)
    columns = (
        list(Column.objects.filter(pk__in=column_ids, is_active=True))
        if column_ids
        else []
    )
    if len(columns) != len(set(data.column_ids)):
        raise ValidationError("所选栏目不存在或已停用，请重新选择。")
    return {
        "title": title,
        "summary": (data.summary or "").strip()[:2000],
        "publisher": (data.publisher or "").strip()[:200] or unit.name,
        "doc_number": doc_number,
        "doc_number_key": doc_number_key(doc_number) if doc_number else "",
        "written_on": data.written_on,
        "formed_on": data.formed_on,
        "topic": data.topic,
        "doc_type": data.doc_type,
        "policy_class": data.policy_class,
        "effective_from": data.effective_from,
        "effective_until": data.effective_until,
        "disclosure": data.disclosure,
        "withhold_ground": data.withhold_ground
        if data.disclosure == Disclosure.WITHHELD
        else "",
        "channels": channels,
        "needs_interpretation": bool(data.needs_interpretation),
        "body": sanitize_html(data.body),
        "_columns": columns,
    }


def _period_for(revision: Revision) -> int:
    period = (
        Period.ENFORCEMENT_DECISION
        if revision.doc_type in ENFORCEMENT_TYPES
        else Period.PROACTIVE_DISCLOSURE
    )
    return PERIOD_RULES[period].working_days


def _store_clock(actor: Any, revision: Revision) -> None:
    """Keep the 主动公开 timeliness clock (条例 第二十六条) of the revision current."""
    row = deadline_store(
        actor=actor,
        clock=CLOCK,
        obj=revision,
        received=revision.formed_on,
        period=_period_for(revision),
        unit=revision.record.unit,
        responsible=revision.created_by,
    )
    if revision.due_on != row.due or revision.due_provisional != row.provisional:
        revision.due_on = row.due
        revision.due_provisional = row.provisional
        revision.save(update_fields=["due_on", "due_provisional"])


def _apply(revision: Revision, cleaned: dict[str, Any]) -> None:
    columns = cleaned.pop("_columns")
    for name, value in cleaned.items():
        setattr(revision, name, value)
    revision.body_text = html_to_text(revision.body)
    revision.updated_at = timezone.now()
    revision.save()
    revision.columns.set(columns)


@transaction.atomic
def record_create(
    *, actor: Any, unit: Unit, data: RevisionInput, kind: str = RecordKind.DOCUMENT
) -> Record:
    """Start a new piece of government information as a draft in ``unit``."""
    require(actor, Action.PUBLICATION_DRAFT, unit)
    if not unit.is_active:
        raise ValidationError(f"单位“{unit.name}”已停用，不能新建信息。")
    if kind not in RecordKind.values:
        raise ValidationError("信息类型不正确。")
    cleaned = _clean_input(data, unit)
    record = Record.objects.create(unit=unit, kind=kind, created_by=_user(actor))
    revision = Revision(record=record, number=1, created_by=_user(actor))
    _apply(revision, cleaned)
    _store_clock(actor, revision)
    audit_record(
        actor=actor,
        verb="publications.record.created",
        obj=record,
        unit=unit,
        after=snapshot(revision, ["title", "doc_number", "disclosure", "formed_on"]),
    )
    return record


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _locked(revision: Revision) -> Revision:
    try:
        return (
            Revision.objects.select_for_update()
            .select_related("record__unit")
            .get(pk=revision.pk)
        )
    except Revision.DoesNotExist:
        raise NotFound("找不到该版本。") from None


@transaction.atomic
def revision_update(*, actor: Any, revision: Revision, data: RevisionInput) -> Revision:
    """Change a draft or a returned revision."""
    revision = _locked(revision)
    unit = revision.record.unit
    require(actor, Action.PUBLICATION_DRAFT, unit)
    if revision.state not in EDITABLE_STATES:
        raise ValidationError(
            f"该版本处于“{revision.get_state_display()}”状态，不能修改。"
            "已发布的信息请使用“修订”生成新版本。"
        )
    before = snapshot(revision, REVISION_FIELDS)
    cleaned = _clean_input(data, unit)
    _apply(revision, cleaned)
    _store_clock(actor, revision)
    old, new = changed(before, snapshot(revision, REVISION_FIELDS))
    old.pop("body", None), new.pop("body", None)
    audit_record(
        actor=actor,
        verb="publications.revision.updated",
        obj=revision.record,
        unit=unit,
        before=old,
        after=new,
    )
    return revision


@transaction.atomic
def record_new_revision(*, actor: Any, record: Record) -> Revision:
    """Start editing a published (or registered) record: a copy of the approved
    version becomes a draft, while the approved one stays public until the new one
    passes review."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    require(actor, Action.PUBLICATION_DRAFT, record.unit)
    if record.revisions.filter(
        state__in=[s.value for s in (EDITABLE_STATES | _review_states())]
    ).exists():
        raise ValidationError("该信息已有正在修改或审核中的版本，请先处理那个版本。")
    base = record.public_revision or record.revisions.order_by("-number").first()
    if base is None:
        raise ValidationError("该信息还没有版本。")
    columns = list(base.columns.all())
    attachments = list(base.attachments.all())
    base.pk = None
    base._state.adding = True
    base.number = (
        record.revisions.order_by("-number").values_list("number", flat=True).first()
        or 0
    ) + 1
    base.state = RevisionState.DRAFT
    base.published_at = None
    base.publish_at = None
    base.returned_reason = ""
    base.created_by = _user(actor)
    base.created_at = base.updated_at = timezone.now()
    base.save()
    base.columns.set(columns)
    for att in attachments:
        Attachment.objects.create(
            revision=base,
            file=att.file.name,
            name=att.name,
            size=att.size,
            sha256=att.sha256,
            text=att.text,
            extraction_error=att.extraction_error,
            sort_order=att.sort_order,
        )
    _store_clock(actor, base)
    audit_record(
        actor=actor,
        verb="publications.revision.created",
        obj=record,
        unit=record.unit,
        after={"number": base.number},
    )
    return base


def _review_states() -> frozenset[RevisionState]:
    from gongkai.publications.states import IN_REVIEW_STATES

    return IN_REVIEW_STATES


# --- attachments -------------------------------------------------------------------------


@transaction.atomic
def attachment_add(
    *, actor: Any, revision: Revision, name: str, data: bytes
) -> Attachment:
    """Attach a file to an editable revision; its text is extracted for search and the
    compliance gate. Refused: unknown types, empty or oversized files."""
    revision = _locked(revision)
    require(actor, Action.PUBLICATION_DRAFT, revision.record.unit)
    if revision.state not in EDITABLE_STATES:
        raise ValidationError("只有草稿或退回修改的版本可以增删附件。")
    clean_name = Path(name or "").name.strip()[:200]
    suffix = Path(clean_name).suffix.lower()
    if not clean_name or suffix not in ATTACHMENT_SUFFIXES:
        allowed = "、".join(sorted(s.lstrip(".") for s in ATTACHMENT_SUFFIXES))
        raise ValidationError(
            f"不支持的附件类型“{suffix or '无扩展名'}”。可上传：{allowed}。"
        )
    if not data:
        raise ValidationError(f"附件“{clean_name}”是空文件，请检查后重新上传。")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(f"附件“{clean_name}”超过50MB，请压缩或拆分后上传。")
    text, error = "", ""
    if suffix in TEXT_SUFFIXES:
        try:
            text = extract_text(clean_name, data=data)
        except ExtractionError as exc:
            error = str(exc)[:300]
    attachment = Attachment(
        revision=revision,
        name=clean_name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        extraction_error=error,
        sort_order=revision.attachments.count(),
    )
    attachment.file.save(clean_name, ContentFile(data), save=False)
    attachment.save()
    audit_record(
        actor=actor,
        verb="publications.attachment.added",
        obj=revision.record,
        unit=revision.record.unit,
        after={"name": clean_name, "size": len(data)},
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Any, attachment: Attachment) -> None:
    revision = _locked(attachment.revision)
    require(actor, Action.PUBLICATION_DRAFT, revision.record.unit)
    if revision.state not in EDITABLE_STATES:
        raise ValidationError("只有草稿或退回修改的版本可以增删附件。")
    name = attachment.name
    attachment.delete()
    audit_record(
        actor=actor,
        verb="publications.attachment.removed",
        obj=revision.record,
        unit=revision.record.unit,
        before={"name": name},
    )


# --- review chain -------------------------------------------------------------------------


def _move(
    actor: Any, revision: Revision, event: Event, *, reason: str = ""
) -> Revision:
    """The only place a revision's state changes: check the table and permission,
    save, audit."""
    transition = transition_for(revision.state, event)
    if transition.action is not None:
        require(actor, transition.action, revision.record.unit)
    old = revision.state
    revision.state = transition.target
    revision.save(update_fields=["state"])
    audit_record(
        actor=actor,
        verb=f"publications.revision.{event.value}",
        obj=revision.record,
        unit=revision.record.unit,
        before={"state": RevisionState(old).label},
        after={
            "state": RevisionState(transition.target).label,
            "version": revision.number,
        },
        reason=reason,
    )
    return revision


@transaction.atomic
def revision_submit(*, actor: Any, revision: Revision) -> Revision:
    """Send a draft (or a returned revision) to 源头审查."""
    revision = _locked(revision)
    if not revision.body_text.strip() and not revision.attachments.exists():
        raise ValidationError("正文和附件都为空，请填写正文或上传附件后再提交。")
    revision.returned_reason = ""
    revision.save(update_fields=["returned_reason"])
    return _move(actor, revision, Event.SUBMIT)


@transaction.atomic
def revision_return(*, actor: Any, revision: Revision, reason: str) -> Revision:
    """Return a revision to its editor with the reason (any review step)."""
    revision = _locked(revision)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("退回须填写理由，告诉编辑需要修改什么。")
    revision.returned_reason = reason[:2000]
    revision.publish_at = None
    revision.save(update_fields=["returned_reason", "publish_at"])
    return _move(actor, revision, Event.RETURN, reason=reason)


def _context(text: str, start: int, end: int, masked: str) -> str:
    left = text[max(0, start - 12) : start].replace("\n", " ")
    right = text[end : end + 12].replace("\n", " ")
    return f"{left}【{masked}】{right}"


def _scan(revision: Revision) -> int:
    """Run the compliance gate over the body and every attachment; replace the
    revision's open findings; overrides of identical findings are kept."""
    policy = scan_policy_for(revision.record.unit)
    overridden = {
        (f.attachment_id, f.kind, f.masked): f
        for f in revision.findings.filter(status=FindingStatus.OVERRIDDEN)
    }
    revision.findings.filter(status=FindingStatus.OPEN).delete()
    body = html_extract(revision.body)
    sources: list[tuple[str, Attachment | None, str, tuple[Any, ...]]] = [
        (FindingSource.META, None, f"{revision.title}\n{revision.summary}", ()),
        (FindingSource.BODY, None, body.text, body.links),
    ]
    sources += [
        (FindingSource.ATTACHMENT, a, a.text, ()) for a in revision.attachments.all()
    ]
    created = 0
    for source, attachment, text, links in sources:
        for hit in scan_text(text, policy, links=links):
            key = (attachment.pk if attachment else None, hit.kind.value, hit.masked)
            if key in overridden:
                continue
            Finding.objects.create(
                source=source,
                revision=revision,
                attachment=attachment,
                kind=hit.kind.value,
                kind_label=hit.kind.label,
                masked=hit.masked[:200],
                context=_context(text, hit.start, hit.end, hit.masked)[:300],
                line=hit.line,
                start=hit.start,
                end=hit.end,
            )
            created += 1
    return created


@transaction.atomic
def revision_approve(
    *, actor: Any, revision: Revision, publish_at: dt.datetime | None = None
) -> Revision:
    """Pass the current review step. 源头审查 checks the attribute and column; passing
    it runs the compliance gate. 保密审查 cannot pass while findings are open. 发布审查
    publishes (now, or at ``publish_at``), or registers a record that is not
    主动公开."""
    revision = _locked(revision)
    record = Record.objects.select_for_update().get(pk=revision.record_id)
    state = revision.state
    if state == RevisionState.SOURCE_REVIEW:
        if (
            revision.disclosure == Disclosure.PROACTIVE
            and not revision.columns.exists()
        ):
            raise ValidationError(
                "主动公开的信息须选择所属栏目，请退回编辑补充，或编辑后再审。"
            )
        _move(actor, revision, Event.APPROVE_SOURCE)
        _scan(revision)
        return revision
    if state == RevisionState.SECRECY_REVIEW:
        transition_for(state, Event.APPROVE_SECRECY)
        require(actor, Action.PUBLICATION_SECRECY_REVIEW, record.unit)
        _scan(revision)
        open_count = revision.findings.filter(status=FindingStatus.OPEN).count()
        if open_count:
            raise ValidationError(
                f"还有{open_count}处可能的个人信息、敏感词或外部链接未处理。"
                "请退回编辑删除，或逐条确认可以公开并填写理由。"
            )
        return _move(actor, revision, Event.APPROVE_SECRECY)
    if state == RevisionState.FINAL_REVIEW:
        if revision.disclosure != Disclosure.PROACTIVE:
            _move(actor, revision, Event.REGISTER)
            _make_current(actor, record, revision)
            return revision
        if revision.needs_interpretation and not _has_interpretation(record):
            raise ValidationError(
                "该文件标记为需要政策解读，须与解读同步发布：请先起草解读并关联本文件，解读通过审核后再发布。"
            )
        if publish_at is not None and publish_at > timezone.now():
            revision.publish_at = publish_at
            revision.save(update_fields=["publish_at"])
            return _move(actor, revision, Event.SCHEDULE)
        _move(actor, revision, Event.PUBLISH)
        _make_current(actor, record, revision)
        return revision
    transition_for(state, Event.APPROVE_FINAL)  # raises with a clear message
    return revision


def _has_interpretation(record: Record) -> bool:
    """An interpretation is linked and approved (published, or waiting in 发布审查 to be
    published together with the policy)."""
    return record.interpretations.filter(
        Q(is_public=True) | Q(revisions__state=RevisionState.FINAL_REVIEW)
    ).exists()


def _unit_code(unit: Unit) -> str:
    """The code a unit's 索引号 start with; a unit without one cannot number."""
    if not unit.code:
        raise ValidationError(
            f"单位“{unit.name}”尚未填写统一社会信用代码或组织机构代码，无法生成索引号。请先在“组织机构”中补充。"
        )
    return unit.code


def _free_index_number(code: str, year: int, last: int) -> tuple[int, str]:
    """The serial and 索引号 after ``last`` in the series, skipping numbers a
    migrated site already used in it."""
    while True:
        last += 1
        candidate = format_index_number(code, year, last)
        if not Record.objects.filter(index_number=candidate).exists():
            return last, candidate


def _next_index_number(unit: Unit, year: int) -> str:
    code = _unit_code(unit)
    serial, _ = IndexSerial.objects.select_for_update().get_or_create(
        unit=unit, year=year
    )
    serial.last, candidate = _free_index_number(code, year, serial.last)
    serial.save(update_fields=["last"])
    return candidate


def _make_current(actor: Any, record: Record, revision: Revision) -> None:
    """Make ``revision`` the record's approved version: supersede the previous one,
    give the record its 索引号 on first approval, and publish it if 主动公开."""
    now = timezone.now()
    previous = record.public_revision
    if previous is not None and previous.pk != revision.pk:
        transition_for(previous.state, Event.SUPERSEDE)
        previous.state = RevisionState.SUPERSEDED
        previous.save(update_fields=["state"])
    if not record.index_number:
        record.index_number = _next_index_number(
            record.unit, timezone.localdate(now).year
        )
    revision.published_at = now
    revision.save(update_fields=["published_at"])
    record.public_revision = revision
    record.is_public = revision.disclosure == Disclosure.PROACTIVE
    if record.is_public and record.first_published_at is None:
        record.first_published_at = now
    record.withdrawn_at = None
    record.withdrawn_reason = ""
    if revision.policy_class and not record.validity:
        record.validity = Validity.VALID
    record.save()
    transaction.on_commit(lambda: _after_publish(record.pk))


def _after_publish(record_id: int) -> None:
    """Hook for derived data (search index, static site) once the commit is durable."""
    from gongkai.publications.signals import record_changed

    record_changed.send(sender=Record, record_id=record_id)


def _after_publish_many(record_ids: list[int]) -> None:
    """The same for many records committed together (a batch of an import)."""
    from gongkai.publications.signals import records_changed

    records_changed.send(sender=Record, record_ids=list(record_ids))


@transaction.atomic
def revisions_publish_due(*, actor: Any = None, now: dt.datetime | None = None) -> int:
    """Publish every scheduled revision whose time has come (run by the task worker)."""
    now = now or timezone.now()
    count = 0
    for revision in Revision.objects.select_for_update().filter(
        state=RevisionState.SCHEDULED, publish_at__lte=now
    ):
        record = Record.objects.select_for_update().get(pk=revision.record_id)
        _move(actor, revision, Event.PUBLISH)
        _make_current(actor, record, revision)
        count += 1
    return count


@transaction.atomic
def finding_override(*, actor: Any, finding: Finding, reason: str) -> Finding:
    """Confirm that one finding may be published as it is, with the reason (logged)."""
    finding = (
        Finding.objects.select_for_update()
        .select_related("revision__record__unit")
        .get(pk=finding.pk)
    )
    revision = finding.revision
    require(actor, Action.PUBLICATION_SECRECY_REVIEW, revision.record.unit)
    if revision.state != RevisionState.SECRECY_REVIEW:
        raise ValidationError("只能在保密审查环节确认审查发现。")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError(
            "请写明可以公开的理由（例如：该号码为单位公开的办公电话）。"
        )
    finding.status = FindingStatus.OVERRIDDEN
    finding.override_reason = reason[:1000]
    finding.overridden_by = _user(actor)
    finding.overridden_at = timezone.now()
    finding.save()
    audit_record(
        actor=actor,
        verb="publications.finding.overridden",
        obj=revision.record,
        unit=revision.record.unit,
        after={"kind": finding.kind_label, "masked": finding.masked},
        reason=reason,
    )
    return finding


@transaction.atomic
def record_withdraw(*, actor: Any, record: Record, reason: str) -> Record:
    """Take a published record off the portal (撤稿), with the reason."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("撤稿须填写理由。")
    revision = record.public_revision
    if revision is None or not record.is_public:
        raise ValidationError("该信息目前不在公开专栏上，无需撤稿。")
    revision = _locked(revision)
    _move(actor, revision, Event.WITHDRAW, reason=reason)
    record.is_public = False
    record.withdrawn_at = timezone.now()
    record.withdrawn_reason = reason[:2000]
    record.save(update_fields=["is_public", "withdrawn_at", "withdrawn_reason"])
    transaction.on_commit(lambda: _after_publish(record.pk))
    return record


# --- policy lifecycle -----------------------------------------------------------------------


@transaction.atomic
def record_set_validity(
    *,
    actor: Any,
    record: Record,
    validity: str,
    changed_on: dt.date | None,
    successor: Record | None = None,
    reason: str = "",
) -> Record:
    """Mark a policy 有效 / 已修订 / 已废止 / 已失效 with the date and its successor;
    the portal shows a banner on the old document."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    require(actor, Action.PUBLICATION_LIFECYCLE, record.unit)
    if validity not in Validity.values:
        raise ValidationError("有效性不正确。")
    if (
        validity in {Validity.REVISED, Validity.REPEALED, Validity.EXPIRED}
        and changed_on is None
    ):
        raise ValidationError("请填写修订、废止或失效的日期。")
    if successor is not None and successor.pk == record.pk:
        raise ValidationError("替代文件不能是它自己。")
    before = {
        "validity": record.get_validity_display(),
        "changed_on": record.validity_changed_on,
        "successor": str(record.successor) if record.successor else "",
    }
    record.validity = validity
    record.validity_changed_on = changed_on
    record.successor = successor
    record.save(update_fields=["validity", "validity_changed_on", "successor"])
    audit_record(
        actor=actor,
        verb="publications.record.validity_changed",
        obj=record,
        unit=record.unit,
        before=before,
        after={
            "validity": record.get_validity_display(),
            "changed_on": changed_on,
            "successor": str(successor) if successor else "",
        },
        reason=reason,
    )
    transaction.on_commit(lambda: _after_publish(record.pk))
    return record


@transaction.atomic
def interpretation_link(*, actor: Any, interpretation: Record, policy: Record) -> None:
    """Link a 政策解读 to the policy it explains (shown both ways on the portal)."""
    require(actor, Action.PUBLICATION_DRAFT, interpretation.unit)
    if interpretation.kind != RecordKind.INTERPRETATION:
        raise ValidationError("只有“政策解读”类信息可以关联到政策文件。")
    if policy.kind == RecordKind.INTERPRETATION:
        raise ValidationError("解读只能关联政策文件，不能关联另一篇解读。")
    interpretation.interprets.add(policy)
    audit_record(
        actor=actor,
        verb="publications.record.interpretation_linked",
        obj=interpretation,
        unit=interpretation.unit,
        after={"policy": str(policy)},
    )


@transaction.atomic
def interpretation_unlink(
    *, actor: Any, interpretation: Record, policy: Record
) -> None:
    require(actor, Action.PUBLICATION_DRAFT, interpretation.unit)
    interpretation.interprets.remove(policy)
    audit_record(
        actor=actor,
        verb="publications.record.interpretation_unlinked",
        obj=interpretation,
        unit=interpretation.unit,
        before={"policy": str(policy)},
    )


@dataclass
class RepealOutcome:
    marked: list[str]
    unmatched: list[str]
    dry_run: bool


@transaction.atomic
def repeal_catalog_import(
    *,
    actor: Any,
    text: str,
    validity: str = Validity.REPEALED,
    changed_on: dt.date,
    dry_run: bool = False,
) -> RepealOutcome:
    """Read a 废止目录 (one document per line: title and/or 文号, as governments publish
    them) and mark the matching published policies; report the lines it cannot match."""
    from gongkai.rules.docnumbers import find_doc_numbers

    if validity not in {Validity.REPEALED, Validity.EXPIRED, Validity.REVISED}:
        raise ValidationError("废止目录只能标记为已废止、已失效或已修订。")
    outcome = RepealOutcome(marked=[], unmatched=[], dry_run=dry_run)
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        raise ValidationError("没有读到任何文件，请每行粘贴一个文件的标题或文号。")
    for line in lines:
        record = _match_repeal_line(actor, line, find_doc_numbers)
        if record is None:
            outcome.unmatched.append(line)
            continue
        if not dry_run:
            record_set_validity(
                actor=actor,
                record=record,
                validity=validity,
                changed_on=changed_on,
                reason=f"废止目录：{line}",
            )
        outcome.marked.append(str(record))
    audit_record(
        actor=actor,
        verb="publications.repeal.imported",
        after={
            "marked": len(outcome.marked),
            "unmatched": len(outcome.unmatched),
            "dry_run": dry_run,
        },
    )
    if dry_run:
        transaction.set_rollback(True)
    return outcome


def _match_repeal_line(actor: Any, line: str, find_doc_numbers: Any) -> Record | None:
    from gongkai.publications.selectors import records_visible_to

    visible = records_visible_to(actor).filter(public_revision__isnull=False)
    for _, _, number in find_doc_numbers(line):
        hits = list(
            visible.filter(public_revision__doc_number_key=doc_number_key(number))[:2]
        )
        if len(hits) == 1:
            return hits[0]
    title = line
    for _, _, number in find_doc_numbers(line):
        title = title.replace(number, "")
    title = title.strip(" 　\t,，;；()（）《》0123456789.、")
    if len(title) >= 6:
        hits = list(visible.filter(public_revision__title=title)[:2])
        if len(hits) == 1:
            return hits[0]
    return None


# --- catalogue and word list -----------------------------------------------------------------


def _set_column_path(column: Column) -> None:
    parent = column.parent
    column.path = f"{parent.path if parent else '/'}{column.pk}/"
    column.save(update_fields=["path"])


@transaction.atomic
def column_create(
    *,
    actor: Any,
    name: str,
    slug: str,
    parent: Column | None = None,
    description: str = "",
    sort_order: int = 0,
) -> Column:
    """Add a column to the disclosure catalogue."""
    require(actor, Action.CATALOG_MANAGE, None)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("请填写栏目名称。")
    slug = (slug or "").strip().lower()
    if not slug or not slug.replace("-", "").isalnum() or not slug.isascii():
        raise ValidationError("网址名只能由小写字母、数字和连字符组成，例如 zcwj。")
    if Column.objects.filter(slug=slug).exists():
        raise ValidationError(f"网址名“{slug}”已被使用。")
    column = Column.objects.create(
        parent=parent,
        name=name[:100],
        slug=slug,
        description=description[:300],
        sort_order=sort_order,
    )
    _set_column_path(column)
    audit_record(
        actor=actor,
        verb="publications.column.created",
        obj=column,
        after={"name": name, "slug": slug},
    )
    return column


@transaction.atomic
def column_update(
    *,
    actor: Any,
    column: Column,
    name: str,
    description: str = "",
    sort_order: int = 0,
    is_active: bool = True,
) -> Column:
    require(actor, Action.CATALOG_MANAGE, None)
    before = snapshot(column, ["name", "description", "sort_order", "is_active"])
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("请填写栏目名称。")
    column.name, column.description = name[:100], description[:300]
    column.sort_order, column.is_active = sort_order, is_active
    column.save()
    old, new = changed(
        before, snapshot(column, ["name", "description", "sort_order", "is_active"])
    )
    audit_record(
        actor=actor,
        verb="publications.column.updated",
        obj=column,
        before=old,
        after=new,
    )
    return column


@transaction.atomic
def sensitive_word_add(*, actor: Any, word: str, note: str = "") -> SensitiveWord:
    """Add a word the compliance gate flags (错敏词)."""
    require(actor, Action.SENSITIVE_WORDS_MANAGE, None)
    word = (word or "").strip()
    if not word or len(word) > 100:
        raise ValidationError("请填写敏感词（1至100个字）。")
    if SensitiveWord.objects.filter(word=word).exists():
        raise ValidationError(f"“{word}”已在敏感词表中。")
    item = SensitiveWord.objects.create(word=word, note=note[:200])
    audit_record(
        actor=actor,
        verb="publications.sensitive_word.added",
        obj=item,
        after={"word": word},
    )
    return item


@transaction.atomic
def sensitive_word_remove(*, actor: Any, item: SensitiveWord) -> None:
    require(actor, Action.SENSITIVE_WORDS_MANAGE, None)
    word = item.word
    item.delete()
    audit_record(
        actor=actor, verb="publications.sensitive_word.removed", before={"word": word}
    )


def columns_seed(
    *, actor: Any, columns: Iterable[tuple[str, str, str | None]]
) -> list[Column]:
    """Create the standard catalogue columns that do not exist yet (demo and new sites)."""
    made: list[Column] = []
    by_slug = {c.slug: c for c in Column.objects.all()}
    for name, slug, parent_slug in columns:
        if slug in by_slug:
            continue
        column = column_create(
            actor=actor,
            name=name,
            slug=slug,
            parent=by_slug.get(parent_slug) if parent_slug else None,
            sort_order=len(by_slug),
        )
        by_slug[slug] = column
        made.append(column)
    return made


# --- bulk import of an existing site -----------------------------------------------------

MAX_LISTED_IMPORTS = 1000
# Rows committed together (each in its own savepoint); also the size of the batches
# of published records sent to derived data (search index, static site).
IMPORT_BATCH = 500


@dataclass
class ImportRow:
    """One validated line of an import (see ``importing``): what to create."""

    line: int
    unit: Unit
    data: RevisionInput
    kind: str = RecordKind.DOCUMENT
    index_number: str = ""
    validity: str = Validity.NOT_APPLICABLE
    published_on: dt.date | None = None
    attachments: Sequence[Path] = ()

    @property
    def title(self) -> str:
        return self.data.title


@dataclass(frozen=True)
class ImportRejection:
    """A line that was not imported, with the reason (Chinese, says what to fix)."""

    line: int
    title: str
    reason: str


@dataclass(frozen=True)
class ImportedItem:
    line: int
    title: str
    record_id: int
    index_number: str


@dataclass
class ImportReport:
    publish: bool
    dry_run: bool = False
    imported_count: int = 0
    # The first MAX_LISTED_IMPORTS imported items (a migration may hold millions).
    imported: list[ImportedItem] = field(default_factory=list)
    rejected: list[ImportRejection] = field(default_factory=list)

    @property
    def rejected_count(self) -> int:
        return len(self.rejected)


ImportProgress = Callable[[ImportedItem | ImportRejection], None]


def records_import(
    *,
    actor: Any,
    rows: Iterable[ImportRow | ImportRejection],
    publish: bool,
    progress: ImportProgress | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import the documents of an existing site, row by row: each row's record,
    revision, attachments and (with ``publish``) published state are created whole
    in its own savepoint, or not at all and reported with the reason. Rows are
    committed ``IMPORT_BATCH`` at a time; after each commit one ``records_changed``
    signal names the records the batch published (search indexes them in one task).

    ``publish`` imports them as already published (``Record.imported``), keeping
    their 索引号, without the review chain; it needs 发布审查 in each row's unit.
    Without it the rows become drafts. ``rows`` is consumed lazily (a large file is
    streamed); rejections from parsing are passed through to the report. With
    ``dry_run`` everything is rolled back and no file is stored (the preview)."""
    action = Action.PUBLICATION_FINAL_REVIEW if publish else Action.PUBLICATION_DRAFT
    from gongkai.organizations.permissions import scope_for

    if scope_for(actor, action).empty:
        require(actor, action, None)  # raises with the usual message
    report = ImportReport(publish=publish, dry_run=dry_run)
    if dry_run:
        with transaction.atomic():
            _import_rows(actor, rows, report, progress)
            transaction.set_rollback(True)
    else:
        _import_rows(actor, rows, report, progress)
    return report


def _import_rows(
    actor: Any,
    rows: Iterable[ImportRow | ImportRejection],
    report: ImportReport,
    progress: ImportProgress | None,
) -> None:
    """Import ``rows`` in transactions of ``IMPORT_BATCH`` rows, each row in its own
    savepoint. After each batch commits, one ``records_changed`` names the records
    it published: derived data (search index, static site) is brought up to date
    per batch, never before the commit."""
    from itertools import islice

    it = iter(rows)
    serials = _Serials()
    analyzed = 0
    full = True
    while full:
        stored: list[tuple[Any, str]] = []
        published: list[int] = []
        count = 0
        try:
            with transaction.atomic():
                serials.begin()
                for row in islice(it, IMPORT_BATCH):
                    count += 1
                    outcome = _import_one(actor, row, report, stored, serials)
                    if isinstance(outcome, ImportRejection):
                        report.rejected.append(outcome)
                    else:
                        report.imported_count += 1
                        if len(report.imported) < MAX_LISTED_IMPORTS:
                            report.imported.append(outcome)
                        if report.publish:
                            published.append(outcome.record_id)
                    if progress is not None:
                        progress(outcome)
                serials.save()
                if published:
                    transaction.on_commit(partial(_after_publish_many, published))
        except BaseException:
            # The batch is rolled back: so are its files.
            for storage, name in stored:
                storage.delete(name)
            raise
        full = count == IMPORT_BATCH
        if not report.dry_run and report.imported_count >= max(1, 2 * analyzed):
            analyzed = report.imported_count
            _refresh_planner_statistics()


def _refresh_planner_statistics() -> None:
    """SQLite only: refresh the query planner's statistics of the tables an import
    fills, each time it has doubled them (about log2(n) times; well under a second
    each at 100,000 records). Without them SQLite reads, for example, "these 1,000
    public records" (the indexing task) by scanning every published revision, and
    an import of n records would cost its indexing time proportional to n²."""
    from gongkai.core.dbstats import analyze_tables
    from gongkai.core.models import AuditEvent

    analyze_tables([Record, Revision, Attachment, AuditEvent])


def _import_one(
    actor: Any,
    row: ImportRow | ImportRejection,
    report: ImportReport,
    batch_stored: list[tuple[Any, str]],
    serials: _Serials,
) -> ImportedItem | ImportRejection:
    """One row in its own savepoint: imported whole, or rejected with the reason
    and nothing left behind (its files deleted, its 索引号 serials given back)."""
    from django.db import IntegrityError

    from gongkai.core.exceptions import ApplicationError

    if isinstance(row, ImportRejection):
        return row
    stored: list[tuple[Any, str]] = []
    outcome: ImportedItem | ImportRejection
    mark = serials.mark()
    try:
        with transaction.atomic():
            outcome = _import_row(
                actor,
                row,
                report.publish,
                stored,
                serials,
                store=not report.dry_run,
            )
    except ApplicationError as exc:
        outcome = ImportRejection(row.line, row.title[:100], exc.message)
    except IntegrityError:
        outcome = ImportRejection(
            row.line,
            row.title[:100],
            "与已有信息冲突（索引号可能已被使用），请核对后重新导入该行。",
        )
    except OSError as exc:
        outcome = ImportRejection(
            row.line,
            row.title[:100],
            f"无法读取附件：{exc.strerror or exc}。",
        )
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise
    if isinstance(outcome, ImportRejection):
        serials.undo(mark)
        for storage, name in stored:
            storage.delete(name)
    else:
        batch_stored.extend(stored)
    return outcome


def _import_row(
    actor: Any,
    row: ImportRow,
    publish: bool,
    stored: list[tuple[Any, str]],
    serials: _Serials,
    *,
    store: bool,
) -> ImportedItem:
    import zoneinfo

    from gongkai.rules.docnumbers import parse_index_number

    unit = row.unit
    require(
        actor,
        Action.PUBLICATION_FINAL_REVIEW if publish else Action.PUBLICATION_DRAFT,
        unit,
    )
    if not unit.is_active:
        raise ValidationError(f"单位“{unit.name}”已停用，不能导入信息。")
    if row.kind not in RecordKind.values:
        raise ValidationError("信息类型不正确。")
    if row.validity not in Validity.values:
        raise ValidationError(f"有效性“{row.validity}”不正确。")
    cleaned = _clean_input(row.data, unit)
    index_number = (row.index_number or "").strip()
    parsed = None
    if index_number:
        parsed = parse_index_number(index_number)
        if parsed is None or len(index_number) > 60:
            raise ValidationError(
                f"索引号“{index_number}”格式不正确，应为“单位代码/年份-流水号”。"
            )
        if Record.objects.filter(index_number=index_number).exists():
            raise ValidationError(f"索引号“{index_number}”已被其他信息使用。")
    published_at: dt.datetime | None = None
    if publish:
        day = row.published_on or row.data.written_on
        if day is not None:
            if day > timezone.localdate():
                raise ValidationError("发布日期晚于今天，请核对。")
            published_at = dt.datetime.combine(
                day, dt.time(), tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")
            )
        else:
            published_at = timezone.now()
        if parsed is None:
            index_number = serials.next(unit, timezone.localtime(published_at).year)
        else:
            serials.reserve(unit, *parsed)
    user = _user(actor)
    columns = cleaned.pop("_columns")
    proactive = cleaned["disclosure"] == Disclosure.PROACTIVE
    # Written once each (``_apply`` and ``_make_current`` would save them twice).
    record = Record.objects.create(
        unit=unit,
        kind=row.kind,
        created_by=user,
        index_number=index_number or None,
        validity=row.validity,
        imported=publish,
        is_public=published_at is not None and proactive,
        first_published_at=published_at if proactive else None,
    )
    revision = Revision(record=record, number=1, created_by=user, **cleaned)
    revision.body_text = html_to_text(revision.body)
    if published_at is not None:
        revision.state = RevisionState.PUBLISHED
        revision.published_at = published_at
    revision.save()
    if columns:
        revision.columns.add(*columns)
    if published_at is not None:
        record.public_revision = revision
        record.save(update_fields=["public_revision"])
    else:
        _store_clock(actor, revision)
    names = []
    if store:
        for order, path in enumerate(row.attachments):
            attachment = _import_attachment(revision, path, order)
            stored.append((attachment.file.storage, str(attachment.file.name)))
            names.append(attachment.name)
    else:
        names = [Path(p).name for p in row.attachments]
    audit_record(
        actor=actor,
        verb="publications.record.imported",
        obj=record,
        unit=unit,
        after={
            "title": revision.title,
            "index_number": record.index_number or "",
            "doc_number": revision.doc_number,
            "published": publish,
            "published_at": published_at,
            "attachments": names,
            "line": row.line,
        },
    )
    return ImportedItem(
        line=row.line,
        title=revision.title,
        record_id=record.pk,
        index_number=record.index_number or "",
    )


class _Serials:
    """The 索引号 series (``IndexSerial``) of one import, kept in memory between
    rows instead of being read and written for every imported record.

    ``begin()`` (at the start of each batch's transaction) locks and re-reads the
    series already known; a series first needed by a row is locked and read then;
    ``save()`` writes those that changed before the batch commits. ``mark()`` and
    ``undo()`` give back what a rejected row took, as its savepoint's rollback does
    in the database."""

    def __init__(self) -> None:
        self.rows: dict[tuple[int, int], IndexSerial] = {}
        self.changed: set[tuple[int, int]] = set()
        self.log: list[tuple[tuple[int, int], int | None]] = []

    def begin(self) -> None:
        self.changed.clear()
        self.log.clear()
        if not self.rows:
            return
        locked = {
            (s.unit_id, s.year): s
            for s in IndexSerial.objects.select_for_update().filter(
                pk__in=[s.pk for s in self.rows.values()]
            )
        }
        self.rows = locked

    def _row(self, unit: Unit, year: int) -> IndexSerial:
        key = (unit.pk, year)
        if key not in self.rows:
            self.rows[key], _ = IndexSerial.objects.select_for_update().get_or_create(
                unit=unit, year=year
            )
            self.log.append((key, None))
        return self.rows[key]

    def _set(self, row: IndexSerial, last: int) -> None:
        key = (row.unit_id, row.year)
        self.log.append((key, row.last))
        self.changed.add(key)
        row.last = last

    def next(self, unit: Unit, year: int) -> str:
        """The next 索引号 of the unit's series (as ``_next_index_number``)."""
        code = _unit_code(unit)
        row = self._row(unit, year)
        last, candidate = _free_index_number(code, year, row.last)
        self._set(row, last)
        return candidate

    def reserve(self, unit: Unit, code: str, year: int, serial: int) -> None:
        """A kept 索引号 in the unit's own series: later generated numbers follow it."""
        if not unit.code or "".join(unit.code.split()).upper() != code:
            return
        row = self._row(unit, year)
        if row.last < serial:
            self._set(row, serial)

    def mark(self) -> int:
        return len(self.log)

    def undo(self, mark: int) -> None:
        """Forget what a rejected row did. A series it read (locked, or created)
        inside its savepoint is read again by the next row that needs it: the
        rollback may have released the lock or removed the row. Series are
        written only by ``save()``, outside every row's savepoint."""
        while len(self.log) > mark:
            key, last = self.log.pop()
            if last is None:
                del self.rows[key]
                self.changed.discard(key)
            else:
                self.rows[key].last = last

    def save(self) -> None:
        for key in self.changed:
            self.rows[key].save(update_fields=["last"])
        self.changed.clear()


def _import_attachment(revision: Revision, path: Path, order: int) -> Attachment:
    name = Path(path).name.strip()[:200]
    suffix = Path(name).suffix.lower()
    if suffix not in ATTACHMENT_SUFFIXES:
        raise ValidationError(f"不支持的附件类型“{suffix or '无扩展名'}”：{name}。")
    data = Path(path).read_bytes()
    if not data:
        raise ValidationError(f"附件“{name}”是空文件。")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(f"附件“{name}”超过50MB。")
    text, error = "", ""
    if suffix in TEXT_SUFFIXES:
        try:
            text = extract_text(name, data=data)
        except ExtractionError as exc:
            error = str(exc)[:300]
    attachment = Attachment(
        revision=revision,
        name=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        extraction_error=error,
        sort_order=order,
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment
