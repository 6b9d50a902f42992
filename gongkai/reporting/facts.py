"""Generated facts offered as the start of the report's text sections.

Only figures from the records, never boilerplate: the office writes the rest (the
2021 format asks section 一 to cover 主动公开、依申请公开、政府信息管理、平台建设、
监督保障; section 五 the problems and improvements; section 六 by custom the
信息处理费 charged, which is generated here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from gongkai.disclosures.models import Application, Fee
from gongkai.publications.models import Record
from gongkai.publications.vocab import PolicyClass, RecordKind
from gongkai.reporting.compute import Computed, Span, applications_of_year
from gongkai.rules.annual_report import (
    TABLE4_BLOCKS,
    AnnualReportTables,
    Number,
    ReportFormat,
)


@dataclass(frozen=True)
class Facts:
    """Figures for the text that are not cells of the tables."""

    fee_notices: int
    fee_notice_yuan: Decimal
    fees_paid: int
    fees_paid_yuan: Decimal
    concluded_with_due: int
    on_time: int
    policies_published: int
    policies_interpreted: int

    @property
    def on_time_rate(self) -> Decimal | None:
        if not self.concluded_with_due:
            return None
        return _percent(self.on_time, self.concluded_with_due)

    @property
    def interpretation_rate(self) -> Decimal | None:
        if not self.policies_published:
            return None
        return _percent(self.policies_interpreted, self.policies_published)


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def collect_facts(unit_ids: Sequence[int], year: int) -> Facts:
    span = Span(year)
    ids = list(unit_ids)
    fees = Fee.objects.filter(application__unit_id__in=ids)
    notices = fees.filter(notice_on__gte=span.start, notice_on__lte=span.end).aggregate(
        n=Count("application", distinct=True), yuan=Sum("amount")
    )
    paid = fees.filter(paid_on__gte=span.start, paid_on__lte=span.end).aggregate(
        n=Count("application", distinct=True), yuan=Sum("amount")
    )
    concluded = applications_of_year(ids, span).filter(
        concluded_on__isnull=False, concluded_on__lte=span.end, due_on__isnull=False
    )
    timely = concluded.aggregate(
        n=Count("pk"), on_time=Count("pk", filter=Q(concluded_on__lte=F("due_on")))
    )
    policies = Record.objects.filter(
        unit_id__in=ids,
        kind=RecordKind.DOCUMENT,
        public_revision__policy_class__in=[PolicyClass.RULE, PolicyClass.NORMATIVE],
        first_published_at__gte=span.start_at,
        first_published_at__lt=span.end_at,
    )
    return Facts(
        fee_notices=notices["n"] or 0,
        fee_notice_yuan=notices["yuan"] or Decimal(0),
        fees_paid=paid["n"] or 0,
        fees_paid_yuan=paid["yuan"] or Decimal(0),
        concluded_with_due=timely["n"] or 0,
        on_time=timely["on_time"] or 0,
        policies_published=policies.count(),
        policies_interpreted=policies.filter(interpretations__is_public=True)
        .distinct()
        .count(),
    )


def applications_concluded_late(
    unit_ids: Sequence[int], year: int
) -> list[Application]:
    """Applications concluded in the year after their due date (for the office)."""
    span = Span(year)
    return list(
        applications_of_year(unit_ids, span)
        .filter(
            concluded_on__isnull=False,
            concluded_on__lte=span.end,
            concluded_on__gt=F("due_on"),
        )
        .order_by("concluded_on")[:200]
    )


# --- the text --------------------------------------------------------------------------


def _n(value: Number | None) -> str:
    if value is None:
        return "（未填写）"
    if isinstance(value, Decimal):
        return (
            format(value.normalize(), "f")
            if value == value.to_integral()
            else str(value)
        )
    return str(value)


def _yuan(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def _rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def _table2_text(tables: AnnualReportTables, facts: Facts) -> str:
    t2 = tables.table2
    lines: list[str] = []
    if ReportFormat(tables.format) is ReportFormat.F2021:
        for key, name in (("rules", "规章"), ("normative_documents", "行政规范性文件")):
            lines.append(
                f"本年制发{name}{_n(t2.get(key, '本年制发件数'))}件、废止"
                f"{_n(t2.get(key, '本年废止件数'))}件，现行有效{_n(t2.get(key, '现行有效件数'))}件。"
            )
        decisions = [
            f"{label}决定{_n(t2.get(key, '本年处理决定数量'))}件"
            for key, label in (
                ("licensing", "行政许可"),
                ("penalty", "行政处罚"),
                ("coercion", "行政强制"),
            )
        ]
        lines.append(
            f"本年作出{'、'.join(decisions)}；行政事业性收费"
            f"{_n(t2.get('fees', '本年收费金额（单位：万元）'))}万元。"
        )
    else:
        for key, name in (("rules", "规章"), ("normative_documents", "规范性文件")):
            lines.append(
                f"本年新制作{name}{_n(t2.get(key, '本年新制作数量'))}件，新公开"
                f"{_n(t2.get(key, '本年新公开数量'))}件，对外公开总数"
                f"{_n(t2.get(key, '对外公开总数量'))}件。"
            )
    if facts.policies_published:
        lines.append(
            f"本年发布的规章和行政规范性文件{facts.policies_published}件中，"
            f"{facts.policies_interpreted}件发布了政策解读，解读比例"
            f"{_rate(facts.interpretation_rate)}。"
        )
    return "\n".join(lines)


_RESULT_GROUPS = (
    ("granted", "予以公开"),
    ("partial", "部分公开"),
    ("withheld", "不予公开"),
    ("unable", "无法提供"),
    ("not_processed", "不予处理"),
    ("other", "其他处理"),
)


def _group_total(tables: AnnualReportTables, group: str) -> int:
    total = 0
    for key, cols in tables.table3.values.items():
        if key == group or key.startswith(f"{group}."):
            total += cols.get("总计") or 0
    return total


def _table3_text(tables: AnnualReportTables, facts: Facts) -> str:
    t3 = tables.table3
    natural = t3.get("new", "自然人") or 0
    total_new = t3.get("new", "总计") or 0
    results = "，".join(
        f"{label}{_group_total(tables, key)}件" for key, label in _RESULT_GROUPS
    )
    text = (
        f"本年新收政府信息公开申请{total_new}件（自然人{natural}件，法人或其他组织"
        f"{total_new - natural}件），上年结转{t3.get('carried_in', '总计') or 0}件。"
        f"本年办结{t3.get('total', '总计') or 0}件，其中{results}。"
        f"结转下年度继续办理{t3.get('carried_out', '总计') or 0}件。"
    )
    if facts.concluded_with_due:
        text += (
            f"\n本年办结的申请中，在答复期限内办结{facts.on_time}件，按期办结率"
            f"{_rate(facts.on_time_rate)}。"
        )
    return text


def _table4_text(tables: AnnualReportTables) -> str:
    t4 = tables.table4
    review, direct, after = TABLE4_BLOCKS
    totals = {b.key: t4.get(b.key, "总计") or 0 for b in TABLE4_BLOCKS}
    if not any(totals.values()):
        return "本年未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"

    def detail(key: str) -> str:
        if not totals[key]:
            return ""
        parts = [
            f"{col}{t4.get(key, col) or 0}件"
            for col in ("结果维持", "结果纠正", "其他结果", "尚未审结")
            if t4.get(key, col)
        ]
        return f"（{'、'.join(parts)}）"

    litigation = totals[direct.key] + totals[after.key]
    text = f"本年因政府信息公开工作被申请行政复议{totals[review.key]}件{detail(review.key)}"
    if not litigation:
        return f"{text}，未被提起行政诉讼。"
    return (
        f"{text}；被提起行政诉讼{litigation}件，其中未经复议直接起诉"
        f"{totals[direct.key]}件{detail(direct.key)}，复议后起诉{totals[after.key]}件"
        f"{detail(after.key)}。"
    )


def _fees_text(facts: Facts) -> str:
    if not facts.fee_notices and not facts.fees_paid:
        return "本年未收取信息处理费。"
    return (
        f"本年发出信息处理费收费通知{facts.fee_notices}件，金额合计"
        f"{_yuan(facts.fee_notice_yuan)}元；实际收取信息处理费{facts.fees_paid}件，"
        f"金额合计{_yuan(facts.fees_paid_yuan)}元（《政府信息公开信息处理费管理办法》，"
        "国办函〔2020〕109号）。"
    )


def suggested_sections(computed: Computed, facts: Facts) -> dict[str, str]:
    """Text for the six sections built from the figures (keys of SECTION_KEYS)."""
    tables = computed.tables
    proactive = _table2_text(tables, facts)
    applications = _table3_text(tables, facts)
    review = _table4_text(tables)
    return {
        "overview": "\n".join(
            [
                f"（一）主动公开。{proactive.splitlines()[0] if proactive else ''}",
                f"（二）依申请公开。{applications.splitlines()[0]}",
            ]
        ),
        "proactive": proactive,
        "applications": applications,
        "review_litigation": review,
        "problems": "",
        "other": _fees_text(facts),
    }
