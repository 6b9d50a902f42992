"""The yearly report (政府信息公开工作年度报告, 条例第四十九条、第五十条) of a unit.

* ``AnnualReport``: one per unit and year. While it is a draft its tables are computed
  from the records whenever they are shown; publication freezes the tables, the
  checks, the text and the HTML (the published report never changes by itself).
* ``EnteredFigures``: the numbers of table 二 that gongkai does not hold as records
  (行政许可、行政处罚、行政强制 decisions and 行政事业性收费), entered by the unit or
  imported from a spreadsheet.
* ``PreviousReport``: a published report imported from elsewhere (parsed with
  ``gongkai.rules.annual_report_parse``), for the cross-year checks of the first
  year a unit uses gongkai.
* ``ReportReminder``: which deadline reminders were sent (one per threshold).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.organizations.models import Unit


class ReportFormat(models.TextChoices):
    """The national format (``gongkai.rules.annual_report.ReportFormat``)."""

    F2021 = "2021", "2021年格式（国办公开办函〔2021〕30号）"
    F2019 = "2019", "2019年格式（国办公开办函〔2019〕60号）"


class Coverage(models.TextChoices):
    """Whose records the tables count."""

    UNIT = "unit", "本机关"
    LEVEL = "level", "本级政府（本机关及所属部门，不含下级人民政府）"
    SUBTREE = "subtree", "本机关及全部下级单位"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class AnnualReport(models.Model):
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="annual_reports",
        verbose_name="报告机关",
    )
    year = models.PositiveSmallIntegerField("报告年度")
    format = models.CharField("报告格式", max_length=4, choices=ReportFormat.choices)
    coverage = models.CharField(
        "统计范围", max_length=10, choices=Coverage.choices, default=Coverage.UNIT
    )
    status = models.CharField(
        "状态",
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        db_index=True,
    )
    title = models.CharField("标题", max_length=200)
    sections = models.JSONField(
        "正文",
        default=dict,
        blank=True,
        help_text="一至六部分的文字，键见 SECTION_KEYS。",
    )
    overrides = models.JSONField(
        "确认发布的核验不通过项",
        default=list,
        blank=True,
        help_text="[{rule, detail, reason, by, at}]：每项不通过的核验及确认理由。",
    )
    tables = models.JSONField("发布时的统计表", null=True, blank=True)
    checks = models.JSONField("发布时的核验结果", default=list, blank=True)
    html = models.TextField("发布的网页", blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="发布人",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField("修改时间", default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-year", "unit__path"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="annual_report_unit_year"
            ),
        ]
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED


class FiguresSource(models.TextChoices):
    ENTERED = "entered", "本单位填写"
    IMPORTED = "imported", "从表格导入"


class EnteredFigures(models.Model):
    """Table 二 cells that are not computed from gongkai's records."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    year = models.PositiveSmallIntegerField("年度")
    values = models.JSONField(
        "数字",
        default=dict,
        help_text="{表二行键: {列名: 数字}}；金额为字符串形式的万元数。",
    )
    source = models.CharField(
        "来源", max_length=10, choices=FiguresSource.choices, default="entered"
    )
    source_name = models.CharField("导入的文件", max_length=200, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    updated_at = models.DateTimeField("修改时间", default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="entered_figures_unit_year"
            ),
        ]
        verbose_name = "表二填报数字"
        verbose_name_plural = "表二填报数字"

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year} 表二填报数字"


class PreviousReport(models.Model):
    """A published yearly report imported from a file (not made in gongkai)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    year = models.PositiveSmallIntegerField("报告年度")
    format = models.CharField("报告格式", max_length=4, choices=ReportFormat.choices)
    tables = models.JSONField("统计表")
    checks = models.JSONField("核验结果", default=list)
    warnings = models.JSONField("读取提示", default=list)
    source_name = models.CharField("文件名", max_length=200, blank=True)
    content = models.TextField("原文", blank=True)
    imported_at = models.DateTimeField("导入时间", default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="previous_report_unit_year"
            ),
        ]
        verbose_name = "导入的往年报告"
        verbose_name_plural = "导入的往年报告"

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year} 导入的年度报告"


class ReportReminder(models.Model):
    """A deadline reminder sent for a unit's report of a year (sent once)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    days_before = models.SmallIntegerField(
        help_text="提前的天数；-1 表示期限已过仍未发布。"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["unit", "year", "days_before"], name="report_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year} 提前{self.days_before}天提醒"
