"""REST API of government information (主动公开).

``public_router`` (no login) answers only from ``selectors.records_public()``:
approved, published 主动公开 records that are not withdrawn. ``staff_router``
(session login) uses the same selectors and services as the workbench; a record the
user may not see is a 404 like a missing one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth

from gongkai.core.exceptions import ValidationError
from gongkai.organizations.selectors import unit_get
from gongkai.publications import selectors, services
from gongkai.publications.models import Attachment, Column, Finding, Record, Revision
from gongkai.publications.selectors import VALIDITY_BANNER
from gongkai.publications.states import RevisionState
from gongkai.publications.vocab import (
    Channel,
    Disclosure,
    DocumentType,
    PolicyClass,
    RecordKind,
    Topic,
    Validity,
    WithholdGround,
)

public_router = Router(tags=["公开专栏"])
staff_router = Router(tags=["主动公开"], auth=django_auth)


def _absolute(context: Any, path: str) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


def _document_url(record: Record, context: Any) -> str:
    return _absolute(
        context, reverse("portal:document", args=[record.index_number or ""])
    )


def _approved(record: Record) -> Revision:
    revision = record.public_revision
    assert revision is not None  # records_public() only has approved records
    return revision


# --- public -------------------------------------------------------------------------------


class PublicRecordOut(Schema):
    index_number: str
    title: str
    publisher: str
    doc_number: str
    doc_type: str
    topic: str
    published_at: dt.datetime | None
    validity: str
    validity_label: str
    url: str

    @staticmethod
    def resolve_title(obj: Record) -> str:
        return _approved(obj).title

    @staticmethod
    def resolve_publisher(obj: Record) -> str:
        return _approved(obj).publisher

    @staticmethod
    def resolve_doc_number(obj: Record) -> str:
        return _approved(obj).doc_number

    @staticmethod
    def resolve_doc_type(obj: Record) -> str:
        return _approved(obj).doc_type

    @staticmethod
    def resolve_topic(obj: Record) -> str:
        return _approved(obj).topic

    @staticmethod
    def resolve_published_at(obj: Record) -> dt.datetime | None:
        return _approved(obj).published_at

    @staticmethod
    def resolve_validity_label(obj: Record) -> str:
        return obj.get_validity_display() if obj.validity else ""

    @staticmethod
    def resolve_url(obj: Record, context: Any) -> str:
        return _document_url(obj, context)


class PublicAttachmentOut(Schema):
    name: str
    size: int
    url: str


class PublicRecordDetailOut(PublicRecordOut):
    kind: str
    unit: str
    summary: str
    written_on: dt.date | None
    body: str
    validity_changed_on: dt.date | None
    validity_banner: str
    attachments: list[PublicAttachmentOut]
    interpretations: list[PublicRecordOut]
    policies: list[PublicRecordOut]
    successor: PublicRecordOut | None

    @staticmethod
    def resolve_unit(obj: Record) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_summary(obj: Record) -> str:
        return _approved(obj).summary

    @staticmethod
    def resolve_written_on(obj: Record) -> dt.date | None:
        return _approved(obj).written_on

    @staticmethod
    def resolve_body(obj: Record) -> str:
        return _approved(obj).body

    @staticmethod
    def resolve_validity_banner(obj: Record) -> str:
        if not obj.validity:
            return ""
        return VALIDITY_BANNER.get(Validity(obj.validity), "")

    @staticmethod
    def resolve_attachments(obj: Record, context: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": a.name,
                "size": a.size,
                "url": _absolute(
                    context,
                    reverse(
                        "portal:attachment",
                        kwargs={
                            "index_number": obj.index_number,
                            "attachment_id": a.pk,
                        },
                    ),
                ),
            }
            for a in selectors.attachments_public(obj)
        ]

    @staticmethod
    def resolve_interpretations(obj: Record) -> list[Record]:
        return list(selectors.interpretations_public(obj))

    @staticmethod
    def resolve_policies(obj: Record) -> list[Record]:
        return list(selectors.policies_public_of(obj))

    @staticmethod
    def resolve_successor(obj: Record) -> Record | None:
        if obj.successor_id is None:
            return None
        # Only a public successor is shown; a withdrawn or unpublished one is not.
        return selectors.records_public().filter(pk=obj.successor_id).first()


class PublicColumnOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    parent_id: int | None
    url: str

    @staticmethod
    def resolve_url(obj: Column, context: Any) -> str:
        return _absolute(context, reverse("portal:column", args=[obj.slug]))


@public_router.get(
    "/records",
    response=list[PublicRecordOut],
    summary="已发布的主动公开信息（分页）",
)
@paginate(PageNumberPagination, page_size=20)
def public_records(request: HttpRequest, column: str = "", q: str = "") -> Any:
    records = (
        selectors.records_public_in_column(selectors.column_public_get(column))
        if column
        else selectors.records_public()
    )
    q = q.strip()
    if q:
        records = records.filter(public_revision__title__icontains=q[:100])
    return records


@public_router.get(
    "/records/{path:index_number}",
    response=PublicRecordDetailOut,
    summary="按索引号查看一条主动公开信息",
)
def public_record(request: HttpRequest, index_number: str) -> Record:
    return selectors.record_public_get(index_number)


@public_router.get(
    "/columns", response=list[PublicColumnOut], summary="政府信息公开目录的栏目"
)
def public_columns(request: HttpRequest) -> list[Column]:
    return list(selectors.columns_public())


# --- staff ----------------------------------------------------------------------------------


class RevisionBriefOut(Schema):
    id: int
    number: int
    state: str
    state_label: str
    title: str
    doc_number: str
    disclosure: str
    due_on: dt.date | None
    published_at: dt.datetime | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_state_label(obj: Revision) -> str:
        return RevisionState(obj.state).label


class PublicationOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    kind: str
    index_number: str | None
    is_public: bool
    imported: bool
    validity: str
    withdrawn_at: dt.datetime | None
    created_at: dt.datetime
    current: RevisionBriefOut

    @staticmethod
    def resolve_unit_name(obj: Record) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_current(obj: Record) -> Revision:
        return selectors.revision_current(obj)


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    extraction_error: str
    url: str

    @staticmethod
    def resolve_url(obj: Attachment, context: Any) -> str:
        return _absolute(
            context,
            reverse(
                "publications:attachment_download",
                kwargs={"attachment_id": obj.pk},
            ),
        )


class FindingOut(Schema):
    id: int
    source: str
    kind: str
    kind_label: str
    masked: str
    context: str
    status: str
    override_reason: str
    attachment_id: int | None


class RevisionOut(RevisionBriefOut):
    summary: str
    publisher: str
    written_on: dt.date | None
    formed_on: dt.date
    topic: str
    doc_type: str
    policy_class: str
    effective_from: dt.date | None
    effective_until: dt.date | None
    withhold_ground: str
    channels: list[str]
    needs_interpretation: bool
    body: str
    column_ids: list[int]
    publish_at: dt.datetime | None
    returned_reason: str
    attachments: list[AttachmentOut]
    findings: list[FindingOut]

    @staticmethod
    def resolve_column_ids(obj: Revision) -> list[int]:
        return [c.pk for c in obj.columns.all()]

    @staticmethod
    def resolve_attachments(obj: Revision) -> list[Attachment]:
        return list(obj.attachments.all())

    @staticmethod
    def resolve_findings(obj: Revision) -> list[Finding]:
        return list(obj.findings.all())


class PublicationDetailOut(PublicationOut):
    validity_changed_on: dt.date | None
    withdrawn_reason: str
    successor_id: int | None
    current: RevisionOut
    versions: list[RevisionBriefOut]

    @staticmethod
    def resolve_versions(obj: Record) -> list[Revision]:
        return list(obj.revisions.order_by("-number"))


class PublicationIn(Schema):
    unit_id: int
    kind: str = RecordKind.DOCUMENT.value
    title: str
    formed_on: dt.date
    body: str = ""
    summary: str = ""
    publisher: str = ""
    doc_number: str = ""
    written_on: dt.date | None = None
    topic: str = Topic.GENERAL.value
    doc_type: str = DocumentType.NOTICE.value
    policy_class: str = PolicyClass.NONE.value
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    disclosure: str = Disclosure.PROACTIVE.value
    withhold_ground: str = WithholdGround.NONE.value
    channels: list[str] = [Channel.WEBSITE.value]
    needs_interpretation: bool = False
    column_ids: list[int] = []


class ApproveIn(Schema):
    publish_at: dt.datetime | None = None


class ReasonIn(Schema):
    reason: str


class ValidityIn(Schema):
    validity: str
    changed_on: dt.date | None = None
    successor: str = ""  # 索引号 of the document that replaces this one
    reason: str = ""


def _detail(request: HttpRequest, record_id: int) -> Record:
    return selectors.record_get(request.user, record_id)


@staff_router.get(
    "/publications",
    response=list[PublicationOut],
    summary="我能查看的政府信息（含草稿）",
)
@paginate(PageNumberPagination, page_size=20)
def publication_list(request: HttpRequest, q: str = "") -> Any:
    records = selectors.records_visible_to(request.user).order_by("-created_at", "-id")
    q = q.strip()
    if q:
        records = records.filter(revisions__title__icontains=q[:100]).distinct()
    return records


@staff_router.get(
    "/publications/{int:record_id}",
    response=PublicationDetailOut,
    summary="政府信息详情（当前版本、附件、审查发现）",
)
def publication_detail(request: HttpRequest, record_id: int) -> Record:
    return _detail(request, record_id)


@staff_router.post(
    "/publications",
    response={201: PublicationDetailOut},
    summary="起草政府信息（保存为草稿）",
)
def publication_create(request: HttpRequest, payload: PublicationIn) -> Status[Record]:
    unit = unit_get(request.user, payload.unit_id)
    data = payload.dict(exclude={"unit_id", "kind"})
    record = services.record_create(
        actor=request.user,
        unit=unit,
        data=services.RevisionInput(**data),
        kind=payload.kind,
    )
    return Status(201, _detail(request, record.pk))


@staff_router.post(
    "/publications/{int:record_id}/submit",
    response=PublicationDetailOut,
    summary="提交源头审查",
)
def publication_submit(request: HttpRequest, record_id: int) -> Record:
    record = _detail(request, record_id)
    services.revision_submit(
        actor=request.user, revision=selectors.revision_current(record)
    )
    return _detail(request, record_id)


@staff_router.post(
    "/publications/{int:record_id}/approve",
    response=PublicationDetailOut,
    summary="通过当前审查环节（发布审查可指定定时发布时间）",
)
def publication_approve(
    request: HttpRequest, record_id: int, payload: ApproveIn | None = None
) -> Record:
    record = _detail(request, record_id)
    services.revision_approve(
        actor=request.user,
        revision=selectors.revision_current(record),
        publish_at=payload.publish_at if payload is not None else None,
    )
    return _detail(request, record_id)


@staff_router.post(
    "/publications/{int:record_id}/return",
    response=PublicationDetailOut,
    summary="退回修改（须填写理由）",
)
def publication_return(
    request: HttpRequest, record_id: int, payload: ReasonIn
) -> Record:
    record = _detail(request, record_id)
    services.revision_return(
        actor=request.user,
        revision=selectors.revision_current(record),
        reason=payload.reason,
    )
    return _detail(request, record_id)


@staff_router.post(
    "/publications/{int:record_id}/withdraw",
    response=PublicationDetailOut,
    summary="撤稿（须填写理由）",
)
def publication_withdraw(
    request: HttpRequest, record_id: int, payload: ReasonIn
) -> Record:
    record = _detail(request, record_id)
    services.record_withdraw(actor=request.user, record=record, reason=payload.reason)
    return _detail(request, record_id)


@staff_router.post(
    "/publications/{int:record_id}/revise",
    response=PublicationDetailOut,
    summary="修订：以已发布版本为底稿生成新版本草稿",
)
def publication_revise(request: HttpRequest, record_id: int) -> Record:
    record = _detail(request, record_id)
    services.record_new_revision(actor=request.user, record=record)
    return _detail(request, record_id)


@staff_router.post(
    "/publications/{int:record_id}/validity",
    response=PublicationDetailOut,
    summary="变更政策文件的有效性",
)
def publication_validity(
    request: HttpRequest, record_id: int, payload: ValidityIn
) -> Record:
    record = _detail(request, record_id)
    successor = None
    if payload.successor.strip():
        successor = (
            selectors.records_visible_to(request.user)
            .filter(index_number=payload.successor.strip())
            .first()
        )
        if successor is None:
            raise ValidationError(
                f"找不到索引号为 {payload.successor.strip()} 的文件，或您无权查看。"
            )
    services.record_set_validity(
        actor=request.user,
        record=record,
        validity=payload.validity,
        changed_on=payload.changed_on,
        successor=successor,
        reason=payload.reason,
    )
    return _detail(request, record_id)


@staff_router.post(
    "/findings/{int:finding_id}/override",
    response=FindingOut,
    summary="保密审查：确认一处审查发现可以公开（须填写理由）",
)
def finding_override(
    request: HttpRequest, finding_id: int, payload: ReasonIn
) -> Finding:
    finding = selectors.finding_get(request.user, finding_id)
    return services.finding_override(
        actor=request.user, finding=finding, reason=payload.reason
    )
