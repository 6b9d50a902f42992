"""Work plans (工作要点) broken into tasks, the progress units report on them, and
the indicator sheets units are scored on (考评)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.ledger.states import AutoKey, Method, TaskStatus
from gongkai.organizations.models import Unit
from gongkai.publications.models import Record


class WorkPlan(models.Model):
    """A yearly work plan as issued: one per 文号 (or per title and year without one).

    Importing the same plan again updates it; its tasks and their progress stay.
    """

    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    issuer = models.CharField("印发机关", max_length=200, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="work_plans",
        verbose_name="主管单位",
        help_text="分解和督办这份计划的单位（政务公开主管部门所在的单位）。",
    )
    source_text = models.TextField("原文", blank=True)
    source_name = models.CharField("导入的文件", max_length=255, blank=True)
    imported_at = models.DateTimeField("导入时间", default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="导入人",
    )
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-year", "-imported_at", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["doc_number"],
                condition=~models.Q(doc_number=""),
                name="workplan_unique_doc_number",
            ),
            models.UniqueConstraint(
                fields=["title", "year"],
                condition=models.Q(doc_number=""),
                name="workplan_unique_title_year",
            ),
        ]
        verbose_name = "工作要点"
        verbose_name_plural = "工作要点"

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    """One task of a plan, assigned to its 牵头单位 and 责任单位.

    ``status`` is stored (lists filter on it) and kept current by every change and
    by the daily ``gongkai workplan remind``: 逾期 once the deadline has passed and
    the task is not 已完成.
    """

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="tasks")
    section = models.CharField("所属章节", max_length=500, blank=True)
    number = models.CharField("编号", max_length=50, blank=True)
    title = models.CharField("任务名称", max_length=500, blank=True)
    requirement = models.TextField("具体要求", blank=True)
    lead_units = models.ManyToManyField(
        Unit, blank=True, related_name="led_tasks", verbose_name="牵头单位"
    )
    lead_text = models.CharField("牵头单位（原文）", max_length=1000, blank=True)
    responsible_units = models.ManyToManyField(
        Unit, blank=True, related_name="assigned_tasks", verbose_name="责任单位"
    )
    responsible_text = models.CharField("责任单位（原文）", max_length=1000, blank=True)
    unmatched_units = models.JSONField("未匹配的单位名称", default=list, blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True, db_index=True)
    deadline_text = models.CharField("完成时限（原文）", max_length=300, blank=True)
    recurring = models.BooleanField("长期任务", default=False)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=TaskStatus.choices,
        default=TaskStatus.NOT_STARTED,
        db_index=True,
    )
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField(
        "撤销时间",
        null=True,
        blank=True,
        help_text="再次导入时计划中已没有这项任务：保留任务和进展，不再督办。",
    )
    sort_order = models.IntegerField("排序", default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["plan", "sort_order", "id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["plan", "section", "number"]),
        ]
        verbose_name = "任务"
        verbose_name_plural = "任务"

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "1.全面公开现行有效行政规范性文件": the number and the title as printed."""
        title = self.title or self.requirement[:40]
        if not self.number:
            return title
        if self.number.isdigit():
            return f"{self.number}.{title}"
        separator = "" if self.number.endswith(("、", "）", ".", "．")) else " "
        return f"{self.number}{separator}{title}"


class Progress(models.Model):
    """A unit's report on a task, with its evidence (佐证材料)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="报送单位"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="报送人",
    )
    text = models.TextField("进展情况")
    marks_done = models.BooleanField("本单位已完成", default=False)
    records = models.ManyToManyField(
        Record, blank=True, related_name="+", verbose_name="关联的政府信息"
    )
    links = models.JSONField("其他链接", default=list, blank=True)
    created_at = models.DateTimeField("报送时间", default=timezone.now, db_index=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["created_at", "id"]
        verbose_name = "任务进展"
        verbose_name_plural = "任务进展"

    def __str__(self) -> str:
        return f"{self.unit.name}：{self.text[:30]}"


class ProgressFile(models.Model):
    """An evidence file of a progress report, stored under MEDIA_ROOT/ledger/."""

    progress = models.ForeignKey(
        Progress, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField("文件", upload_to="ledger/evidence/%Y/%m/")
    name = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小", default=0)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["id"]
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"

    def __str__(self) -> str:
        return self.name


class UnitAlias(models.Model):
    """A name written in plans that stands for a unit (or several: "市政府各有关部门").

    Made when a user resolves an unmatched name; later imports use it.
    """

    name = models.CharField("计划中的写法", max_length=200, db_index=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="+", verbose_name="对应单位"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "unit__path"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["name", "unit"], name="unit_alias_unique"),
        ]
        verbose_name = "单位名称对照"
        verbose_name_plural = "单位名称对照"

    def __str__(self) -> str:
        return f"{self.name} → {self.unit.name}"


class ReminderKind(models.TextChoices):
    BEFORE = "before", "到期前提醒"
    OVERDUE = "overdue", "逾期提醒"


class ReminderSent(models.Model):
    """What ``tasks_remind`` has sent, so that running it twice sends nothing new."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    deadline = models.DateField()
    sent_on = models.DateField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["task", "unit", "kind", "deadline"],
                name="reminder_sent_once",
            ),
        ]
        verbose_name = "已发送的提醒"
        verbose_name_plural = "已发送的提醒"

    def __str__(self) -> str:
        return f"{self.task_id}/{self.unit_id} {self.kind} {self.deadline}"


# --- assessment (考评) -----------------------------------------------------------


class IndicatorSheet(models.Model):
    """An indicator sheet for one period: the units assessed and their indicators."""

    name = models.CharField("名称", max_length=200)
    period = models.CharField(
        "考评期间", max_length=50, help_text="如“2026年第三季度”。"
    )
    start = models.DateField("起始日期")
    end = models.DateField("截止日期")
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="indicator_sheets",
        verbose_name="组织考评的单位",
    )
    units = models.ManyToManyField(
        Unit, blank=True, related_name="+", verbose_name="参评单位"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    computed_at = models.DateTimeField("自动指标计算时间", null=True, blank=True)
    published_at = models.DateTimeField("通报发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    report_html = models.TextField("通报（HTML）", blank=True)
    report_pdf = models.FileField(
        "通报（PDF）", upload_to="ledger/reports/%Y/", blank=True
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-end", "-id"]
        verbose_name = "考评指标表"
        verbose_name_plural = "考评指标表"

    def __str__(self) -> str:
        return f"{self.name}（{self.period}）"

    @property
    def published(self) -> bool:
        return self.published_at is not None


class Indicator(models.Model):
    sheet = models.ForeignKey(
        IndicatorSheet, on_delete=models.CASCADE, related_name="indicators"
    )
    section = models.CharField(
        "类别",
        max_length=50,
        help_text="如 组织保障、主动公开、依申请办理、政策解读、平台建设。",
    )
    name = models.CharField("指标", max_length=200)
    criteria = models.TextField("评分标准", blank=True)
    max_points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    method = models.CharField(
        "评分方式", max_length=10, choices=Method.choices, default=Method.MANUAL
    )
    auto_key = models.CharField(
        "自动计算的指标", max_length=40, choices=AutoKey.choices, blank=True
    )
    sort_order = models.IntegerField("排序", default=0)

    class Meta:
        ordering: ClassVar[list[str]] = ["sheet", "sort_order", "id"]
        verbose_name = "考评指标"
        verbose_name_plural = "考评指标"

    def __str__(self) -> str:
        return f"{self.section}·{self.name}"


class Score(models.Model):
    """A unit's points on one indicator: full points less deductions, or computed."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="scores"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    computed_points = models.DecimalField(
        "自动计算得分",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="自动指标按记录计算的得分（扣分前）。",
    )
    computed_detail = models.CharField("计算说明", max_length=500, blank=True)
    deductions = models.JSONField(
        "扣分", default=list, blank=True, help_text='[{"points": "1", "reason": "…"}]'
    )
    points = models.DecimalField("得分", max_digits=6, decimal_places=2)
    evidence = models.TextField("评分依据", blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="评分人",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["indicator", "unit"], name="score_unique_indicator_unit"
            ),
        ]
        verbose_name = "得分"
        verbose_name_plural = "得分"

    def __str__(self) -> str:
        return f"{self.unit_id} {self.indicator_id}: {self.points}"

    @property
    def deducted(self) -> Decimal:
        return sum(
            (Decimal(str(d.get("points", 0))) for d in self.deductions), Decimal(0)
        )
