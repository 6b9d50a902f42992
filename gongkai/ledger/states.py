"""Task statuses and how they follow from the facts, the scoring methods, and the
Chinese labels of the audit verbs of the ledger.

A task's status is not chosen by anyone: it follows from whether the task is
finished, its deadline, whether it is a standing task (长期坚持) and whether any
unit has reported progress. :func:`task_status` is the one place that decides it.
"""

from __future__ import annotations

import datetime as dt

from django.db import models


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"
    OVERDUE = "overdue", "逾期"
    ONGOING = "ongoing", "长期"


def task_status(
    *,
    done: bool,
    deadline: dt.date | None,
    recurring: bool,
    has_progress: bool,
    today: dt.date,
) -> TaskStatus:
    """The status of a task (or of one unit's part of it) on ``today``.

    已完成 wins; then 逾期 once the deadline has passed (the deadline day itself still
    counts as in time); a standing task without a deadline is 长期; otherwise 推进中
    once progress was reported, else 未开始.
    """
    if done:
        return TaskStatus.DONE
    if deadline is not None and deadline < today:
        return TaskStatus.OVERDUE
    if recurring and deadline is None:
        return TaskStatus.ONGOING
    if has_progress:
        return TaskStatus.IN_PROGRESS
    return TaskStatus.NOT_STARTED


class Method(models.TextChoices):
    MANUAL = "manual", "人工评分"
    AUTO = "auto", "自动计算"


class AutoKey(models.TextChoices):
    PUBLICATION_TIMELINESS = (
        "publication_timeliness",
        "主动公开及时率（应公开日期在考评期间的信息中按时发布的比例）",
    )
    INTERPRETATION_RATIO = (
        "interpretation_ratio",
        "政策解读比例（已发布的规章、规范性文件中有已发布解读的比例）",
    )
    TASK_COMPLETION = (
        "task_completion",
        "工作要点任务按期完成率（完成时限在考评期间的任务中按期完成的比例）",
    )
    APPLICATION_REPLY = (
        "application_reply",
        "依申请公开按时答复率（待依申请公开模块提供统计后自动计算，目前请人工评分）",
    )


VERB_LABELS: dict[str, str] = {
    "ledger.plan.imported": "导入工作要点",
    "ledger.plan.reimported": "再次导入工作要点（更新）",
    "ledger.task.created": "新增任务",
    "ledger.task.updated": "修改任务",
    "ledger.task.withdrawn": "撤销任务（计划中已删除）",
    "ledger.task.restored": "恢复任务",
    "ledger.task.status_changed": "任务状态变化",
    "ledger.task.completed": "确认任务完成",
    "ledger.task.reopened": "重新打开任务",
    "ledger.progress.added": "报送任务进展",
    "ledger.alias.set": "设置单位名称对照",
    "ledger.alias.removed": "删除单位名称对照",
    "ledger.reminders.sent": "发送任务提醒",
    "ledger.sheet.created": "新建考评指标表",
    "ledger.indicator.added": "新增考评指标",
    "ledger.indicator.removed": "删除考评指标",
    "ledger.sheet.computed": "计算自动考评指标",
    "ledger.score.set": "考评评分",
    "ledger.sheet.published": "发布考评通报",
}
