"""Reads of government information. ``*_public()`` is the only way to what the
public may see: published, not withdrawn, 主动公开."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from gongkai.core.exceptions import NotFound
from gongkai.organizations.models import Unit, UnitKind
from gongkai.organizations.permissions import scope_for
from gongkai.organizations.roles import Action
from gongkai.publications.models import Attachment, Column, Finding, Record, Revision
from gongkai.publications.states import (
    IN_REVIEW_STATES,
    OPEN_STATES,
    REVIEW_STEP_ACTION,
    RevisionState,
)
from gongkai.publications.vocab import Disclosure, RecordKind, Validity

# --- public ------------------------------------------------------------------------------


def records_public() -> QuerySet[Record]:
    """Every record the public may see, with its approved version."""
    return (
        Record.objects.filter(
            is_public=True,
            withdrawn_at__isnull=True,
            public_revision__isnull=False,
            public_revision__state=RevisionState.PUBLISHED,
            public_revision__disclosure=Disclosure.PROACTIVE,
        )
        .select_related("public_revision", "unit", "successor__public_revision")
        .order_by("-public_revision__published_at", "-id")
    )


def record_public_get(index_number: str) -> Record:
    try:
        return records_public().get(index_number=index_number)
    except Record.DoesNotExist:
        raise NotFound("该信息不存在或已撤下。") from None


def records_public_in_column(column: Column) -> QuerySet[Record]:
    columns = Column.objects.filter(path__startswith=column.path, is_active=True)
    return records_public().filter(public_revision__columns__in=columns).distinct()


def attachments_public(record: Record) -> list[Attachment]:
    if record.public_revision is None:
        return []
    return list(record.public_revision.attachments.all())


def interpretations_public(record: Record) -> QuerySet[Record]:
    return records_public().filter(interprets=record)


def policies_public_of(interpretation: Record) -> QuerySet[Record]:
    return records_public().filter(interpretations=interpretation)


def columns_public() -> QuerySet[Column]:
    return Column.objects.filter(is_active=True).order_by("path")


def column_public_get(slug: str) -> Column:
    try:
        return columns_public().get(slug=slug)
    except Column.DoesNotExist:
        raise NotFound("该栏目不存在。") from None


# --- staff ---------------------------------------------------------------------------------


def records_visible_to(actor: Any) -> QuerySet[Record]:
    scope = scope_for(actor, Action.PUBLICATION_VIEW)
    return Record.objects.filter(scope.q("unit__")).select_related(
        "unit", "public_revision"
    )


def record_get(actor: Any, record_id: int) -> Record:
    try:
        return records_visible_to(actor).get(pk=record_id)
    except (Record.DoesNotExist, ValueError, TypeError):
        raise NotFound("找不到该信息，或您无权查看。") from None


def revision_current(record: Record) -> Revision:
    """The revision staff work on: the open one, else the approved one, else the latest."""
    open_rev = record.revisions.filter(state__in=[s.value for s in OPEN_STATES]).first()
    if open_rev is not None:
        return open_rev
    if record.public_revision is not None:
        return record.public_revision
    latest = record.revisions.order_by("-number").first()
    assert latest is not None
    return latest


def revision_get(actor: Any, revision_id: int) -> Revision:
    try:
        return Revision.objects.select_related("record__unit").get(
            scope_for(actor, Action.PUBLICATION_VIEW).q("record__unit__"),
            pk=revision_id,
        )
    except (Revision.DoesNotExist, ValueError, TypeError):
        raise NotFound("找不到该版本，或您无权查看。") from None


def finding_get(actor: Any, finding_id: int) -> Finding:
    try:
        return Finding.objects.select_related("revision__record__unit").get(
            scope_for(actor, Action.PUBLICATION_VIEW).q("revision__record__unit__"),
            pk=finding_id,
        )
    except (Finding.DoesNotExist, ValueError, TypeError):
        raise NotFound("找不到该审查发现。") from None


def attachment_get(actor: Any, attachment_id: int) -> Attachment:
    try:
        return Attachment.objects.select_related("revision__record__unit").get(
            scope_for(actor, Action.PUBLICATION_VIEW).q("revision__record__unit__"),
            pk=attachment_id,
        )
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise NotFound("找不到该附件，或您无权查看。") from None


def review_queue(actor: Any) -> list[Revision]:
    """Revisions waiting for a review step the actor may perform, oldest first."""
    waiting: list[Revision] = []
    for state, action in REVIEW_STEP_ACTION.items():
        scope = scope_for(actor, action)
        if scope.empty:
            continue
        waiting += list(
            Revision.objects.filter(scope.q("record__unit__"), state=state)
            .select_related("record__unit")
            .order_by("updated_at")[:100]
        )
    return sorted(waiting, key=lambda r: r.updated_at)


def my_returned(actor: Any) -> QuerySet[Revision]:
    return Revision.objects.filter(
        created_by=actor, state=RevisionState.RETURNED
    ).select_related("record__unit")


def revisions_overdue(
    actor: Any, *, today: dt.date | None = None
) -> QuerySet[Revision]:
    """Proactive information past its statutory day and not yet published."""
    today = today or timezone.localdate()
    return (
        Revision.objects.filter(
            scope_for(actor, Action.PUBLICATION_VIEW).q("record__unit__"),
            state__in=[s.value for s in OPEN_STATES],
            disclosure=Disclosure.PROACTIVE,
            due_on__lt=today,
        )
        .select_related("record__unit")
        .order_by("due_on")
    )


def revisions_due_soon(
    actor: Any, *, today: dt.date | None = None, within_days: int = 7
) -> QuerySet[Revision]:
    today = today or timezone.localdate()
    return (
        Revision.objects.filter(
            scope_for(actor, Action.PUBLICATION_VIEW).q("record__unit__"),
            state__in=[s.value for s in OPEN_STATES],
            disclosure=Disclosure.PROACTIVE,
            due_on__gte=today,
            due_on__lte=today + dt.timedelta(days=within_days),
        )
        .select_related("record__unit")
        .order_by("due_on")
    )


def interpretation_stats(actor: Any) -> dict[str, int]:
    """解读比例: published policies (规章、规范性文件) and how many have a published 解读."""
    policies = records_visible_to(actor).filter(
        is_public=True,
        kind=RecordKind.DOCUMENT,
        public_revision__policy_class__in=["rule", "normative"],
    )
    total = policies.count()
    with_interp = policies.filter(interpretations__is_public=True).distinct().count()
    flagged_missing = (
        policies.filter(public_revision__needs_interpretation=True)
        .exclude(interpretations__is_public=True)
        .count()
    )
    return {
        "policies": total,
        "interpreted": with_interp,
        "flagged_missing": flagged_missing,
    }


def broken_interpretation_links(actor: Any) -> QuerySet[Record]:
    """Published 解读 whose policy is not public (withdrawn, unpublished) — an inspector's
    "未双向关联" finding."""
    return (
        records_visible_to(actor)
        .filter(kind=RecordKind.INTERPRETATION, is_public=True)
        .annotate(
            public_policies=Count("interprets", filter=Q(interprets__is_public=True))
        )
        .filter(public_policies=0)
    )


def ledger_rows(actor: Any, *, start: dt.date, end: dt.date) -> QuerySet[Revision]:
    """Approved versions (published or registered) in [start, end]: the 登记台账."""
    return (
        Revision.objects.filter(
            scope_for(actor, Action.PUBLICATION_VIEW).q("record__unit__"),
            state__in=[
                RevisionState.PUBLISHED,
                RevisionState.REGISTERED,
                RevisionState.SUPERSEDED,
                RevisionState.WITHDRAWN,
            ],
            published_at__date__gte=start,
            published_at__date__lte=end,
        )
        .select_related("record__unit")
        .prefetch_related(Prefetch("columns"))
        .order_by("published_at")
    )


def columns_all() -> QuerySet[Column]:
    return Column.objects.order_by("path")


def in_review(revision: Revision) -> bool:
    return revision.state in IN_REVIEW_STATES


VALIDITY_BANNER: dict[str, str] = {
    Validity.REVISED: "本文件已修订",
    Validity.REPEALED: "本文件已废止",
    Validity.EXPIRED: "本文件已失效",
}


def body_with_findings(revision: Revision) -> list[tuple[str, str | None]]:
    """The body's text cut into (text, None) and (masked, kind label) pieces, so a
    reviewer sees each finding in place, masked."""
    from gongkai.core.extract import html_extract

    text = html_extract(revision.body).text
    pieces: list[tuple[str, str | None]] = []
    position = 0
    for finding in revision.findings.filter(source="body").order_by("start"):
        if finding.start < position or finding.end > len(text):
            continue
        pieces.append((text[position : finding.start], None))
        pieces.append((finding.masked, finding.kind_label))
        position = finding.end
    pieces.append((text[position:], None))
    return pieces


# --- public: portal pages, feeds, sitemap and the static site ----------------------------

POLICY_CLASSES_PUBLIC = ("rule", "normative", "other_policy")


def policies_public() -> QuerySet[Record]:
    """政策文件库: published policy documents (规章、行政规范性文件、其他政策文件)."""
    return records_public().filter(
        public_revision__policy_class__in=POLICY_CLASSES_PUBLIC
    )


def interpretations_all_public() -> QuerySet[Record]:
    """Every published 政策解读, newest first."""
    return records_public().filter(kind=RecordKind.INTERPRETATION)


def attachments_public_all() -> QuerySet[Attachment]:
    """The attachments of every public record's approved version (static publishing)."""
    return Attachment.objects.filter(
        revision_id__in=records_public().values("public_revision_id")
    ).select_related("revision__record")


def units_public() -> QuerySet[Unit]:
    """The bodies that publish a 政府信息公开指南 (条例第十二条): active governments,
    departments and 镇街, with the contact data they publish on purpose."""
    return Unit.objects.filter(
        is_active=True,
        kind__in=[UnitKind.GOVERNMENT, UnitKind.DEPARTMENT, UnitKind.TOWNSHIP],
    ).order_by("path")


def unit_public_get(unit_id: int) -> Unit:
    try:
        return units_public().get(pk=unit_id)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise NotFound("该单位不存在。") from None


def column_records_public(column: Column) -> QuerySet[Record]:
    """The records of ``records_public_in_column`` (the column and its active
    sub-columns), selected by a semi-join instead of ``DISTINCT`` over whole rows:
    the same records in the same order, fast on columns of 100,000 records."""
    columns = Column.objects.filter(path__startswith=column.path, is_active=True)
    return records_public().filter(
        public_revision__in=Revision.objects.filter(columns__in=columns).values("pk")
    )


LIST_DEFERRED = (
    "public_revision__body",
    "public_revision__body_text",
    "successor__public_revision__body",
    "successor__public_revision__body_text",
)


def listed_public(qs: QuerySet[Record]) -> QuerySet[Record]:
    """A public queryset without the bodies (lists, feeds): smaller rows to sort."""
    return qs.defer(*LIST_DEFERRED)
