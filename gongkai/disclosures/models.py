"""Applications for government information (依申请公开) and what happens to them.

An ``Application`` is one 政府信息公开申请 to one unit. The applicant's ID number and
contact details are encrypted at rest (``crypto.EncryptedTextField``), the uploaded
身份证明 is an encrypted file under MEDIA_ROOT/private/, and neither leaves the
staff pages of the people handling the application. The statutory clock is kept by
``gongkai.calendars`` (clock ``disclosures.application``) from the ``ApplicationEvent``
rows; ``due_on`` and ``due_provisional`` mirror its result for the queues.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.disclosures.crypto import EncryptedTextField
from gongkai.disclosures.reasons import ReplyType
from gongkai.disclosures.states import CLOCK_RUNNING_STATES, State
from gongkai.organizations.models import Unit
from gongkai.publications.models import Record
from gongkai.rules.deadlines import ClockEventKind
from gongkai.rules.fees import FeeStandard


class Channel(models.TextChoices):
    """How the application reached the office (条例第三十一条)."""

    ONLINE = "online", "网上"
    IN_PERSON = "in_person", "当面"
    REGISTERED_MAIL = "registered_mail", "邮寄挂号"
    ORDINARY_MAIL = "ordinary_mail", "邮寄平信"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"


class ApplicantType(models.TextChoices):
    """The applicant columns of table 三 of the yearly report."""

    NATURAL = "natural", "自然人"
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER_ORG = "other_org", "其他"

    @property
    def full_label(self) -> str:
        if self is ApplicantType.NATURAL:
            return self.label
        return f"法人或其他组织·{self.label}"


class IdKind(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    PASSPORT = "passport", "护照"
    OTHER = "other", "其他证件"


class DeliveryForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子"


class DeliveryWay(models.TextChoices):
    MAIL = "mail", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    DOWNLOAD = "download", "网上下载"


class Source(models.TextChoices):
    PORTAL = "portal", "公开专栏"
    API = "api", "接口"
    STAFF = "staff", "工作人员登记"


class ApplicationSequence(models.Model):
    """The last serial of 申请编号 given in a year (locked when a number is taken)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Application(models.Model):
    number = models.CharField("申请编号", max_length=20, unique=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="受理机关",
    )
    channel = models.CharField("提交方式", max_length=20, choices=Channel.choices)
    source = models.CharField(
        "登记来源", max_length=10, choices=Source.choices, default=Source.PORTAL
    )
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    arrived_on = models.DateField(
        "到达日期", help_text="当面提交、签收、收到信件或传真、网上提交的日期。"
    )
    received_on = models.DateField(
        "收到申请之日",
        null=True,
        blank=True,
        db_index=True,
        help_text="依《政府信息公开条例》第三十一条确定；答复期限自次日起算。",
    )
    receipt_basis = models.CharField("收到日期的依据", max_length=200, blank=True)

    applicant_type = models.CharField(
        "申请人类型", max_length=20, choices=ApplicantType.choices
    )
    applicant_name = models.CharField("申请人姓名或名称", max_length=200)
    id_kind = models.CharField(
        "证件类型", max_length=20, choices=IdKind.choices, default=IdKind.RESIDENT_ID
    )
    id_number = EncryptedTextField("证件号码", blank=True)
    legal_representative = models.CharField(
        "法定代表人或负责人", max_length=100, blank=True
    )
    phone = EncryptedTextField("联系电话", blank=True)
    email = EncryptedTextField("电子邮箱", blank=True)
    address = EncryptedTextField("通信地址", blank=True)
    postcode = EncryptedTextField("邮政编码", blank=True)
    # Keyed hashes: who the applicant is (for the monthly count of 109号) and the
    # tracking checks. Never the values themselves.
    applicant_key = models.CharField(max_length=64, db_index=True, editable=False)
    track_phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    track_email_hash = models.CharField(max_length=64, blank=True, editable=False)
    id_document_path = models.CharField(max_length=300, blank=True, editable=False)
    id_document_name = models.CharField("身份证明文件名", max_length=200, blank=True)
    id_document_type = models.CharField(max_length=100, blank=True, editable=False)
    id_document_size = models.PositiveIntegerField(default=0, editable=False)

    description = models.TextField("所需信息的内容描述")
    doc_reference = models.CharField("文件名称、文号", max_length=300, blank=True)
    # ``rules.same_information.information_key(doc_reference)``, stored when the
    # application is created (the only time ``doc_reference`` is set): the 条例第四十四条
    # grouping reads it by (unit, key) instead of computing it for every application.
    # "" when the reference names no information. A change of the rule needs a data
    # migration that computes the keys again (see migration 0005).
    information_key = models.CharField(
        "信息标识", max_length=400, blank=True, default="", editable=False
    )
    purpose = models.CharField("用途（选填）", max_length=300, blank=True)
    delivery_form = models.CharField(
        "获取信息的形式", max_length=20, choices=DeliveryForm.choices
    )
    delivery_way = models.CharField(
        "获取信息的方式", max_length=20, choices=DeliveryWay.choices
    )

    state = models.CharField(
        "状态",
        max_length=20,
        choices=State.choices,
        default=State.REGISTERED,
        # No index of its own: ``application_state_due`` below begins with it. A
        # separate one misled PostgreSQL into reading every running application for
        # the overdue count (bench/queues.py).
    )
    department = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_applications",
        verbose_name="承办单位",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_applications",
        verbose_name="承办人",
    )
    due_on = models.DateField("答复期限", null=True, blank=True)
    due_provisional = models.BooleanField("答复期限为估算", default=False)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        verbose_name="重复登记的原申请",
    )
    outcome_row = models.CharField(
        "年报统计行",
        max_length=50,
        blank=True,
        db_index=True,
        help_text="办结时按答复理由确定的年度报告表三行（gongkai.rules.annual_report）。",
    )
    concluded_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="登记人",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-submitted_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["state", "due_on"], name="application_state_due"),
            # The overdue and due-soon queues: running clocks in the queues' order,
            # so that a count reads only the rows in the date range and the first
            # page stops after 50 rows (bench/queues.py).
            models.Index(
                fields=["due_on", "id"],
                condition=models.Q(
                    state__in=sorted(s.value for s in CLOCK_RUNNING_STATES)
                ),
                name="application_running_due",
            ),
            models.Index(fields=["unit", "state", "due_on"], name="application_unit"),
            models.Index(
                fields=["department", "state", "due_on"], name="application_dept"
            ),
            models.Index(
                fields=["handler", "state", "due_on"], name="application_handler"
            ),
            models.Index(
                fields=["applicant_key", "unit", "received_on"],
                name="application_applicant",
            ),
            # 条例第四十四条: the same information asked of the same unit. Only the
            # applications that name some information (about a third).
            models.Index(
                fields=["unit", "information_key"],
                condition=~models.Q(information_key=""),
                name="application_information",
            ),
        ]
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"

    def __str__(self) -> str:
        # No personal data: this is what audit events and notifications show.
        return self.number

    @property
    def state_label(self) -> str:
        return State(self.state).label


class ApplicationEvent(models.Model):
    """A clock event of an application: the input of the statutory clock."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="clock_events"
    )
    kind = models.CharField(
        "事件",
        max_length=30,
        choices=[(k.value, k.label) for k in ClockEventKind],
    )
    day = models.DateField("日期")
    working_days = models.PositiveSmallIntegerField(
        "延长的工作日数", null=True, blank=True
    )
    until = models.DateField("延迟答复期限", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["day", "id"]
        verbose_name = "办理事件"
        verbose_name_plural = "办理事件"

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {ClockEventKind(self.kind).label}"


class LetterKind(models.TextChoices):
    REPLY = "reply", "答复书"
    CORRECTION = "correction", "补正告知书"
    EXTENSION = "extension", "延期答复告知书"
    CONSULTATION = "consultation", "征求意见书"
    FEE = "fee", "收费通知书"
    DELAY = "delay", "延迟答复告知书"


class LetterPrefix(models.Model):
    """The 文号 prefix a unit uses on its letters, e.g. “示教依复”."""

    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="letter_prefix"
    )
    prefix = models.CharField("文号前缀", max_length=20)

    def __str__(self) -> str:
        return f"{self.unit.name}：{self.prefix}"


class LetterSequence(models.Model):
    """The last 文号 serial a unit used in a year (locked while allocating)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="letter_sequence_unit_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"


class LetterNumber(models.Model):
    """One 文号 given to one outgoing letter, e.g. “示教依复〔2026〕12号”."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    text = models.CharField("文号", max_length=60)
    kind = models.CharField("文书", max_length=20, choices=LetterKind.choices)
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="letter_numbers"
    )
    allocated_at = models.DateTimeField(default=timezone.now)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["unit", "year", "serial"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["unit", "year", "serial"], name="letter_number_unique"
            ),
        ]
        verbose_name = "文号"
        verbose_name_plural = "文号"

    def __str__(self) -> str:
        return self.text


class Correction(models.Model):
    """The one 补正告知 of an application (条例第三十条: 一次性告知)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="correction"
    )
    items = models.TextField("需要补正的事项")
    period_days = models.PositiveSmallIntegerField("补正期限（工作日）")
    notice_on = models.DateField("告知日期")
    deadline_on = models.DateField("补正截止日期")
    late = models.BooleanField("超过7个工作日告知", default=False)
    received_on = models.DateField("收到补正日期", null=True, blank=True)
    corrected_text = models.TextField("补正的内容", blank=True)
    expired_on = models.DateField("逾期终止日期", null=True, blank=True)
    letter_number = models.ForeignKey(
        LetterNumber, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "补正告知"
        verbose_name_plural = "补正告知"

    def __str__(self) -> str:
        return f"{self.application.number} 补正告知"


class PartyKind(models.TextChoices):
    THIRD_PARTY = "third_party", "第三方（条例第三十二条）"
    CO_PRODUCER = "co_producer", "共同制作机关（条例第三十四条）"


class OpinionAnswer(models.TextChoices):
    AGREE = "agree", "同意公开"
    DISAGREE = "disagree", "不同意公开"
    PARTLY = "partly", "部分同意公开"
    SILENT = "silent", "逾期未提出意见"


class Consultation(models.Model):
    """A written request for the opinion of a third party or a co-producing agency."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="consultations"
    )
    party_kind = models.CharField("征求对象", max_length=20, choices=PartyKind.choices)
    party_name = models.CharField("第三方或机关名称", max_length=200)
    matter = models.TextField("征求意见的事项", blank=True)
    started_on = models.DateField("发出征求意见书日期")
    answer_due = models.DateField("提出意见的期限")
    ended_on = models.DateField("征求意见结束日期", null=True, blank=True)
    answer = models.CharField(
        "意见", max_length=20, choices=OpinionAnswer.choices, blank=True
    )
    answer_text = models.TextField("意见内容", blank=True)
    deemed_consent = models.BooleanField(
        "视为同意公开",
        default=False,
        help_text="共同制作机关逾期未提出意见的，视为同意公开（条例第三十四条）。",
    )
    letter_number = models.ForeignKey(
        LetterNumber, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["started_on", "id"]
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"

    def __str__(self) -> str:
        return f"{self.application.number} 征求{self.party_name}意见"


class Extension(models.Model):
    """An extension of the reply period (条例第三十三条第二款)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="extensions"
    )
    days = models.PositiveSmallIntegerField("延长的工作日数")
    reason = models.TextField("延长理由")
    approved_on = models.DateField("同意日期")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="同意人（工作机构负责人）",
    )
    due_before = models.DateField("延长前的答复期限", null=True, blank=True)
    due_after = models.DateField("延长后的答复期限", null=True, blank=True)
    letter_number = models.ForeignKey(
        LetterNumber, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["approved_on", "id"]
        verbose_name = "延长答复期限"
        verbose_name_plural = "延长答复期限"

    def __str__(self) -> str:
        return f"{self.application.number} 延长{self.days}个工作日"


class Delay(models.Model):
    """第三十五条: the office sets a reasonable later date for an excessive application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="delays"
    )
    decided_on = models.DateField("告知日期")
    until = models.DateField("延迟答复期限")
    reason = models.TextField("理由")
    letter_number = models.ForeignKey(
        LetterNumber, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["decided_on", "id"]
        verbose_name = "延迟答复"
        verbose_name_plural = "延迟答复"

    def __str__(self) -> str:
        return f"{self.application.number} 延迟至{self.until.isoformat()}"


class Fee(models.Model):
    """A fee notice under 国办函〔2020〕109号 and its payment."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="fees"
    )
    standard = models.CharField(
        "计费标准",
        max_length=20,
        choices=[
            (FeeStandard.BY_PIECE.value, "按件计收"),
            (FeeStandard.BY_PAGE.value, "按量计收"),
        ],
    )
    pieces = models.PositiveSmallIntegerField("本次计费件数", default=1)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    month_previous = models.PositiveIntegerField(
        "本自然月此前的申请件数",
        default=0,
        help_text="同一申请人在同一自然月内此前提出的申请件数。",
    )
    month_position = models.PositiveIntegerField("本月累计件数", default=1)
    month_total_by_piece = models.DecimalField(
        "按件计收的本月累计金额（元）", max_digits=12, decimal_places=2, default=0
    )
    amount = models.DecimalField("应缴金额（元）", max_digits=12, decimal_places=2)
    breakdown = models.JSONField("计费明细", default=list)
    notice_on = models.DateField("发出收费通知日期")
    pay_by = models.DateField("缴费截止日期")
    paid_on = models.DateField("缴费日期", null=True, blank=True)
    expired_on = models.DateField("逾期终止日期", null=True, blank=True)
    letter_number = models.ForeignKey(
        LetterNumber, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["notice_on", "id"]
        verbose_name = "信息处理费"
        verbose_name_plural = "信息处理费"

    def __str__(self) -> str:
        return f"{self.application.number} 信息处理费{self.amount}元"


class ReplyReason(models.Model):
    """One entry of the reason library (seeded from ``reasons.REASONS``)."""

    code = models.CharField("代码", max_length=50, unique=True)
    reply_type = models.CharField("答复类型", max_length=20, choices=ReplyType.choices)
    label = models.CharField("理由", max_length=200)
    article = models.CharField("法律依据", max_length=200)
    wording = models.TextField("答复书默认文字", blank=True)
    requires_review_notice = models.BooleanField(
        "须告知先申请行政复议",
        default=False,
        help_text="《行政复议法》（2023）第二十三条：不予公开的，须告知申请人先申请行政复议。",
    )
    report_row = models.CharField("年报表三行", max_length=50)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["sort_order", "id"]
        verbose_name = "答复理由"
        verbose_name_plural = "答复理由"

    def __str__(self) -> str:
        return f"{ReplyType(self.reply_type).label}·{self.label}"


class Reply(models.Model):
    """The reply (答复) to an application: its type, reasons and text. A sent reply
    is frozen: no service changes it any more."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="reply"
    )
    reply_type = models.CharField("答复类型", max_length=20, choices=ReplyType.choices)
    reasons = models.ManyToManyField(ReplyReason, related_name="+", blank=True)
    reason_codes = models.JSONField("理由代码（按选择顺序）", default=list)
    report_row = models.CharField("年报表三行", max_length=50)
    requires_review_notice = models.BooleanField("须告知先申请行政复议", default=False)
    text = models.TextField("答复内容", blank=True)
    delivery_way = models.CharField(
        "送达方式", max_length=20, choices=DeliveryWay.choices, blank=True
    )
    sent_on = models.DateField("答复日期", null=True, blank=True)
    frozen = models.BooleanField("已定稿", default=False)
    letter_number = models.ForeignKey(
        LetterNumber, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "答复"
        verbose_name_plural = "答复"

    def __str__(self) -> str:
        return f"{self.application.number} {ReplyType(self.reply_type).label}"


class Referral(models.Model):
    """条例第三十六条第（五）项: not ours; the responsible agency, when known."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="referral"
    )
    agency_name = models.CharField("负责公开的机关", max_length=200)
    agency_contact = models.CharField("联系方式", max_length=300, blank=True)
    reason = models.TextField("理由", blank=True)
    referred_on = models.DateField("告知日期")

    class Meta:
        verbose_name = "转办告知"
        verbose_name_plural = "转办告知"

    def __str__(self) -> str:
        return f"{self.application.number} → {self.agency_name}"


class ReviewKind(models.TextChoices):
    """The three blocks of table 四 (keys of ``TABLE4_BLOCKS``)."""

    REVIEW = "review", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼（复议后起诉）"


class ReviewOutcome(models.TextChoices):
    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


class ReviewCase(models.Model):
    """A 行政复议 or 行政诉讼 about the application (table 四 of the yearly report)."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="review_cases"
    )
    kind = models.CharField("类型", max_length=30, choices=ReviewKind.choices)
    body = models.CharField("复议机关或人民法院", max_length=200)
    case_number = models.CharField("案号", max_length=100, blank=True)
    filed_on = models.DateField("申请或起诉日期")
    outcome = models.CharField(
        "结果",
        max_length=20,
        choices=ReviewOutcome.choices,
        default=ReviewOutcome.PENDING,
    )
    decided_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["filed_on", "id"]
        verbose_name = "行政复议、行政诉讼"
        verbose_name_plural = "行政复议、行政诉讼"

    def __str__(self) -> str:
        return f"{self.application.number} {ReviewKind(self.kind).label}"


class FeedToken(models.Model):
    """The secret in a staff member's .ics deadline feed URL."""

    staff = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"feed of {self.staff_id}"


# --- the daily deadline digest -----------------------------------------------------------


class EmailStatus(models.TextChoices):
    NO_ADDRESS = "no_address", "无电子邮箱，未发邮件"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class ReminderDigest(models.Model):
    """One daily digest of a staff member's overdue and nearly due applications
    (``services.reminders_send``). The unique (staff, day) makes it go out at most
    once a day, even when several workers run or the job is run again."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="工作人员",
    )
    day = models.DateField("提醒日期")
    overdue = models.PositiveIntegerField("已超期件数", default=0)
    due_soon = models.PositiveIntegerField("5个工作日内到期件数", default=0)
    numbers = models.JSONField("申请编号", default=list)
    email_status = models.CharField(
        "邮件",
        max_length=20,
        choices=EmailStatus.choices,
        default=EmailStatus.NO_ADDRESS,
    )
    email_error = models.CharField("邮件发送失败的原因", max_length=300, blank=True)
    sent_at = models.DateTimeField("发送时间", default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-day", "staff_id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["staff", "day"], name="reminder_digest_once_a_day"
            ),
        ]
        verbose_name = "期限提醒"
        verbose_name_plural = "期限提醒"

    def __str__(self) -> str:
        return f"{self.day.isoformat()} 期限提醒"


# --- 条例第四十四条: the same information asked for by several applicants ------------------


class SameInformationOutcome(models.TextChoices):
    CONVERTED = "converted", "转为主动公开"
    DECLINED = "declined", "不转为主动公开"


class SameInformationDecision(models.Model):
    """What the disclosure office decided about information several applicants asked
    the unit for (条例第四十四条). ``key`` is ``rules.same_information.information_key``;
    a decided (unit, key) leaves the list of candidates for good."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="受理机关"
    )
    key = models.CharField("信息标识", max_length=400)
    information = models.CharField("信息", max_length=300)
    outcome = models.CharField(
        "决定", max_length=20, choices=SameInformationOutcome.choices
    )
    reason = models.TextField("不转的理由", blank=True)
    application_numbers = models.JSONField("申请编号", default=list)
    applicants = models.PositiveIntegerField("申请人数", default=0)
    record = models.ForeignKey(
        Record,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="主动公开信息草稿",
    )
    decided_at = models.DateTimeField("决定时间", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="决定人",
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-decided_at", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["unit", "key"], name="same_information_decided_once"
            ),
        ]
        verbose_name = "可转为主动公开的信息（条例第四十四条）"
        verbose_name_plural = "可转为主动公开的信息（条例第四十四条）"

    def __str__(self) -> str:
        return f"{self.information}（{SameInformationOutcome(self.outcome).label}）"
