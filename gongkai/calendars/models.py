"""The working-day calendar kept in the database, and the statutory clocks stored on it.

``CalendarDay`` holds the holidays and adjusted working days (调休上班) of every loaded
year with their source; a year is *loaded* when it has a ``CalendarYear`` row. Years
without one are estimated by ``gongkai.rules.workdays`` and every date computed on
them is provisional. ``StoredDeadline`` is the one table where every app keeps its
statutory clocks, so that loading a year can recompute them all.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from gongkai.organizations.models import Unit
from gongkai.rules.workdays import DayKind


class DayKindChoices(models.TextChoices):
    HOLIDAY = DayKind.HOLIDAY.value, "放假"
    WORKDAY = DayKind.WORKDAY.value, "调休上班"


class CalendarDay(models.Model):
    """One holiday or adjusted working day of the State Council's schedule."""

    day = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKindChoices.choices)
    name = models.CharField("节日", max_length=50)
    source = models.CharField("依据", max_length=200)

    class Meta:
        ordering: ClassVar[list[str]] = ["day"]
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.name}{self.get_kind_display()}"


class CalendarYear(models.Model):
    """A year whose schedule is loaded: its dates are final, not estimated."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("依据", max_length=200)
    loaded_at = models.DateTimeField("载入时间", default=timezone.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="载入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["year"]
        verbose_name = "已载入年份"
        verbose_name_plural = "已载入年份"

    def __str__(self) -> str:
        return f"{self.year}年（{self.source}）"


class StoredDeadline(models.Model):
    """A statutory clock of some record of some app, with its last computed result.

    ``clock`` is a name registered through ``gongkai.calendars.clocks.register_clock``
    (for example ``"disclosures.application"``); the owning record is generic. The
    inputs are ``received``, ``period`` and ``events``; the rest is the result of
    ``gongkai.rules.deadlines.compute_deadline`` on the calendar of ``computed_at``.
    """

    clock = models.CharField("期限种类", max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64)
    owner = GenericForeignKey("content_type", "object_id")
    unit = models.ForeignKey(
        Unit,
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    period = models.PositiveSmallIntegerField("期限（工作日）")
    received = models.DateField("起算基准日")
    events = models.JSONField("办理事件", default=list, blank=True)
    due = models.DateField("期限届满日", null=True, blank=True)
    working_days = models.PositiveSmallIntegerField("工作日数", default=0)
    excluded_working_days = models.PositiveSmallIntegerField(
        "不计入的工作日数", default=0
    )
    provisional = models.BooleanField("暂定", default=False, db_index=True)
    provisional_years = models.JSONField("估算的年份", default=list, blank=True)
    first_provisional_year = models.PositiveSmallIntegerField(
        "最早的估算年份", null=True, blank=True, db_index=True
    )
    explanation = models.JSONField("计算说明", default=list, blank=True)
    computed_at = models.DateTimeField("计算时间", default=timezone.now)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["clock", "content_type", "object_id"],
                name="stored_deadline_one_per_clock_and_object",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(
                fields=["content_type", "object_id"], name="stored_deadline_owner"
            ),
        ]
        verbose_name = "法定期限"
        verbose_name_plural = "法定期限"

    def __str__(self) -> str:
        due = self.due.isoformat() if self.due else "—"
        mark = "（暂定）" if self.provisional else ""
        return f"{self.clock} #{self.object_id}：{due}{mark}"


class UnitClockSettings(models.Model):
    """A unit's own periods where the law lets the unit decide (留言答复)."""

    unit = models.OneToOneField(
        Unit,
        verbose_name="单位",
        on_delete=models.CASCADE,
        related_name="clock_settings",
    )
    message_reply_days = models.PositiveSmallIntegerField("留言答复期限（工作日）")

    class Meta:
        verbose_name = "单位期限设置"
        verbose_name_plural = "单位期限设置"

    def __str__(self) -> str:
        return f"{self.unit.name}：留言{self.message_reply_days}个工作日内答复"
