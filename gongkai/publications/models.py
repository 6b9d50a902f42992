"""Government information (政府信息): records, their revisions, attachments, the
catalogue columns, compliance findings and the sensitive-word list."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.organizations.models import Unit
from gongkai.publications.states import RevisionState
from gongkai.publications.vocab import (
    Disclosure,
    DocumentType,
    PolicyClass,
    RecordKind,
    Topic,
    Validity,
    WithholdGround,
)


class Column(models.Model):
    """A column (栏目) of the 政府信息公开目录, in a tree."""

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="上级栏目",
    )
    name = models.CharField("栏目名称", max_length=100)
    slug = models.SlugField("网址名", max_length=60, unique=True)
    description = models.CharField("说明", max_length=300, blank=True)
    sort_order = models.IntegerField("排序", default=0)
    path = models.CharField(max_length=300, default="", editable=False, db_index=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["path"]
        verbose_name = "栏目"
        verbose_name_plural = "栏目"

    def __str__(self) -> str:
        return self.name


class Record(models.Model):
    """One piece of government information: the identity that stays while its
    content is revised. ``public_revision`` is what the portal shows."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="records", verbose_name="所属单位"
    )
    kind = models.CharField(
        "类型", max_length=20, choices=RecordKind.choices, default=RecordKind.DOCUMENT
    )
    index_number = models.CharField(
        "索引号", max_length=60, unique=True, null=True, blank=True
    )
    public_revision = models.ForeignKey(
        "Revision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="公开版本",
    )
    is_public = models.BooleanField("在公开专栏上", default=False, db_index=True)
    first_published_at = models.DateTimeField("首次发布时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤稿时间", null=True, blank=True)
    withdrawn_reason = models.TextField("撤稿理由", blank=True)
    validity = models.CharField(
        "有效性",
        max_length=20,
        choices=Validity.choices,
        blank=True,
        default=Validity.NOT_APPLICABLE,
    )
    validity_changed_on = models.DateField("有效性变更日期", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        verbose_name="替代文件",
    )
    interprets = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="interpretations",
        verbose_name="解读的政策",
    )
    imported = models.BooleanField("迁移导入", default=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-first_published_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["is_public", "-first_published_at"]),
        ]
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"

    def __str__(self) -> str:
        rev = self.public_revision
        return rev.title if rev is not None else f"政府信息 #{self.pk}"


class Revision(models.Model):
    """One version of a record's content and metadata, with its review state."""

    record = models.ForeignKey(
        Record, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField("版本号", default=1)
    state = models.CharField(
        "状态",
        max_length=20,
        choices=RevisionState.choices,
        default=RevisionState.DRAFT,
        db_index=True,
    )
    title = models.CharField("名称", max_length=300)
    summary = models.TextField("内容概述", blank=True)
    publisher = models.CharField("发布机构", max_length=200)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    doc_number_key = models.CharField(
        max_length=100, blank=True, db_index=True, editable=False
    )
    written_on = models.DateField("成文日期", null=True, blank=True)
    formed_on = models.DateField(
        "生成日期",
        help_text="信息形成或者变更的日期，20个工作日的主动公开期限由此起算。",
    )
    topic = models.CharField(
        "主题分类", max_length=50, choices=Topic.choices, default=Topic.GENERAL
    )
    doc_type = models.CharField(
        "体裁", max_length=20, choices=DocumentType.choices, default=DocumentType.NOTICE
    )
    policy_class = models.CharField(
        "政策文件类别",
        max_length=20,
        blank=True,
        choices=PolicyClass.choices,
        default=PolicyClass.NONE,
    )
    effective_from = models.DateField("生效日期", null=True, blank=True)
    effective_until = models.DateField("失效日期", null=True, blank=True)
    disclosure = models.CharField(
        "公开属性",
        max_length=20,
        choices=Disclosure.choices,
        default=Disclosure.PROACTIVE,
    )
    withhold_ground = models.CharField(
        "不予公开理由",
        max_length=30,
        blank=True,
        choices=WithholdGround.choices,
        default=WithholdGround.NONE,
    )
    channels = models.JSONField("公开方式", default=list, blank=True)
    columns = models.ManyToManyField(
        Column, blank=True, related_name="revisions", verbose_name="所属栏目"
    )
    needs_interpretation = models.BooleanField("需要政策解读", default=False)
    body = models.TextField("正文", blank=True)
    body_text = models.TextField(blank=True, editable=False)
    due_on = models.DateField(
        "应公开日期",
        null=True,
        blank=True,
        db_index=True,
        help_text="生成日期起第20个工作日（行政许可、行政处罚决定为第7个）。",
    )
    due_provisional = models.BooleanField("应公开日期为估算", default=False)
    publish_at = models.DateTimeField("定时发布时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    returned_reason = models.TextField("退回理由", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["record", "-number"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["record", "number"], name="revision_unique_number"
            ),
            # At most one revision of a record is being edited or reviewed.
            models.UniqueConstraint(
                fields=["record"],
                condition=models.Q(
                    state__in=[
                        "draft",
                        "returned",
                        "source_review",
                        "secrecy_review",
                        "final_review",
                        "scheduled",
                    ]
                ),
                name="revision_one_open_per_record",
            ),
        ]
        verbose_name = "版本"
        verbose_name_plural = "版本"

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to="attachments/%Y/%m/")
    name = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小", default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    text = models.TextField("提取的文字", blank=True)
    extraction_error = models.CharField(max_length=300, blank=True)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering: ClassVar[list[str]] = ["sort_order", "id"]
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.name


class FindingSource(models.TextChoices):
    META = "meta", "名称和概述"
    BODY = "body", "正文"
    ATTACHMENT = "attachment", "附件"


class FindingStatus(models.TextChoices):
    OPEN = "open", "待处理"
    OVERRIDDEN = "overridden", "已确认可公开"


class Finding(models.Model):
    """Something the compliance gate found in a revision (masked; never the raw text)."""

    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="findings"
    )
    attachment = models.ForeignKey(
        Attachment,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="findings",
    )
    source = models.CharField(
        "位置", max_length=20, choices=FindingSource.choices, default=FindingSource.BODY
    )
    kind = models.CharField("类型", max_length=30)
    kind_label = models.CharField("类型名称", max_length=30)
    masked = models.CharField("内容（已遮蔽）", max_length=200)
    context = models.CharField("上下文（已遮蔽）", max_length=300, blank=True)
    line = models.PositiveIntegerField(default=1)
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    override_reason = models.TextField("确认理由", blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    overridden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["attachment_id", "start"]
        verbose_name = "审查发现"
        verbose_name_plural = "审查发现"

    def __str__(self) -> str:
        return f"{self.kind_label} {self.masked}"


class SensitiveWord(models.Model):
    word = models.CharField("敏感词", max_length=100, unique=True)
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["word"]
        verbose_name = "敏感词"
        verbose_name_plural = "敏感词"

    def __str__(self) -> str:
        return self.word


class IndexSerial(models.Model):
    """The last 索引号 serial a unit used in a year (locked when a number is taken)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="index_serial_unit_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"
