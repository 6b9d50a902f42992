"""The reply types and the reason library (答复理由库).

Every reply to an application is of one type — the groups of table 三 of the yearly
report (《中华人民共和国政府信息公开工作年度报告格式》, 国办公开办函〔2021〕30号) —
and cites one or more reasons from this library. Each reason carries its legal
article, the default wording of the letter, whether the letter must tell the
applicant that 行政复议 comes first (《行政复议法》2023 第二十三条第一款第四项), and
the key of the table 三 row it counts in (``gongkai.rules.annual_report.TABLE3_ROWS``),
so that the yearly report counts replies by construction.

The data below seeds the ``ReplyReason`` table (data migration); offices edit the
wording there. Codes and report rows are fixed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class ReplyType(models.TextChoices):
    """答复类型: the result groups of table 三 (三、本年度办理结果)."""

    GRANTED = "granted", "予以公开"
    PARTIAL = "partial", "部分公开"
    WITHHELD = "withheld", "不予公开"
    UNABLE = "unable", "无法提供"
    NOT_PROCESSED = "not_processed", "不予处理"
    OTHER = "other", "其他处理"


@dataclass(frozen=True)
class ReasonData:
    code: str
    reply_type: ReplyType
    label: str
    article: str
    wording: str
    report_row: str
    requires_review_notice: bool = False


_PROVIDE = "经审查，您申请公开的政府信息属于公开范围，现予以提供。"
_WITHHELD_TAIL = "决定不予公开。"

REASONS: tuple[ReasonData, ...] = (
    # （一）予以公开
    ReasonData(
        "granted",
        ReplyType.GRANTED,
        "予以公开",
        "《政府信息公开条例》第三十六条第（二）项",
        _PROVIDE,
        "granted",
    ),
    ReasonData(
        "granted.already_public",
        ReplyType.GRANTED,
        "已主动公开，告知获取方式和途径",
        "《政府信息公开条例》第三十六条第（一）项",
        "您申请公开的政府信息已经主动公开，可以通过以下方式和途径获取：",
        "granted",
    ),
    # （二）部分公开
    ReasonData(
        "partial",
        ReplyType.PARTIAL,
        "部分公开（区分处理）",
        "《政府信息公开条例》第三十七条",
        "您申请公开的政府信息中含有不应当公开或者不属于政府信息的内容，"
        "经区分处理，现提供可以公开的部分，对不予公开的内容说明理由如下：",
        "partial",
    ),
    # （三）不予公开
    ReasonData(
        "withheld.state_secret",
        ReplyType.WITHHELD,
        "属于国家秘密",
        "《政府信息公开条例》第十四条",
        "您申请公开的政府信息依法确定为国家秘密，" + _WITHHELD_TAIL,
        "withheld.state_secret",
        True,
    ),
    ReasonData(
        "withheld.prohibited_by_law",
        ReplyType.WITHHELD,
        "其他法律行政法规禁止公开",
        "《政府信息公开条例》第十四条",
        "您申请公开的政府信息属于法律、行政法规禁止公开的政府信息，" + _WITHHELD_TAIL,
        "withheld.prohibited_by_law",
        True,
    ),
    ReasonData(
        "withheld.endangers_security",
        ReplyType.WITHHELD,
        "危及“三安全一稳定”",
        "《政府信息公开条例》第十四条",
        "您申请公开的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，"
        + _WITHHELD_TAIL,
        "withheld.endangers_security",
        True,
    ),
    ReasonData(
        "withheld.third_party",
        ReplyType.WITHHELD,
        "保护第三方合法权益",
        "《政府信息公开条例》第十五条",
        "您申请公开的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，"
        + _WITHHELD_TAIL,
        "withheld.third_party",
        True,
    ),
    ReasonData(
        "withheld.internal_affairs",
        ReplyType.WITHHELD,
        "属于三类内部事务信息",
        "《政府信息公开条例》第十六条第一款",
        "您申请公开的政府信息属于行政机关的内部事务信息（人事管理、后勤管理、"
        "内部工作流程等方面的信息），" + _WITHHELD_TAIL,
        "withheld.internal_affairs",
        True,
    ),
    ReasonData(
        "withheld.process_info",
        ReplyType.WITHHELD,
        "属于四类过程性信息",
        "《政府信息公开条例》第十六条第二款",
        "您申请公开的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、"
        "过程稿、磋商信函、请示报告等过程性信息，" + _WITHHELD_TAIL,
        "withheld.process_info",
        True,
    ),
    ReasonData(
        "withheld.enforcement_files",
        ReplyType.WITHHELD,
        "属于行政执法案卷",
        "《政府信息公开条例》第十六条第二款",
        "您申请公开的政府信息属于行政执法案卷信息，" + _WITHHELD_TAIL,
        "withheld.enforcement_files",
        True,
    ),
    ReasonData(
        "withheld.administrative_query",
        ReplyType.WITHHELD,
        "属于行政查询事项",
        "《政府信息公开条例》第三十六条第（七）项",
        "您申请获取的信息属于工商、不动产登记资料等行政查询事项，有关法律、"
        "行政法规对信息的获取有特别规定，请依照有关规定办理查询。",
        "withheld.administrative_query",
        True,
    ),
    # （四）无法提供
    ReasonData(
        "unable.not_held",
        ReplyType.UNABLE,
        "本机关不掌握相关政府信息",
        "《政府信息公开条例》第三十六条第（四）项",
        "经检索，本机关没有您申请公开的政府信息，该政府信息不存在。",
        "unable.not_held",
    ),
    ReasonData(
        "unable.not_responsible",
        ReplyType.UNABLE,
        "不属于本机关负责公开（告知负责机关）",
        "《政府信息公开条例》第三十六条第（五）项",
        "您申请公开的政府信息不属于本机关负责公开。负责公开该政府信息的行政机关及其"
        "联系方式如下：",
        "unable.not_held",
    ),
    ReasonData(
        "unable.needs_creation",
        ReplyType.UNABLE,
        "没有现成信息需要另行制作",
        "《政府信息公开条例》第三十八条",
        "您申请的信息需要本机关对现有政府信息进行加工、分析，本机关没有现成信息，"
        "不予提供。",
        "unable.needs_creation",
    ),
    ReasonData(
        "unable.still_unclear",
        ReplyType.UNABLE,
        "补正后申请内容仍不明确",
        "《政府信息公开条例》第三十条",
        "您补正后的申请内容仍不明确，本机关无法确定您申请公开的政府信息，无法提供。",
        "unable.still_unclear",
    ),
    # （五）不予处理
    ReasonData(
        "not_processed.petition",
        ReplyType.NOT_PROCESSED,
        "信访举报投诉类申请",
        "《政府信息公开条例》第三十九条第一款",
        "您以政府信息公开申请的形式提出的是信访、投诉、举报等事项，不作为政府信息公开"
        "申请处理，请通过相应渠道提出。",
        "not_processed.petition",
    ),
    ReasonData(
        "not_processed.repeated",
        ReplyType.NOT_PROCESSED,
        "重复申请",
        "《政府信息公开条例》第三十六条第（六）项",
        "本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同政府信息，"
        "本机关不予重复处理。",
        "not_processed.repeated",
    ),
    ReasonData(
        "not_processed.publication",
        ReplyType.NOT_PROCESSED,
        "要求提供公开出版物",
        "《政府信息公开条例》第三十九条第二款",
        "您申请获取的是政府公报、报刊、书籍等公开出版物，可以通过以下途径获取：",
        "not_processed.publication",
    ),
    ReasonData(
        "not_processed.excessive",
        ReplyType.NOT_PROCESSED,
        "无正当理由大量反复申请",
        "《政府信息公开条例》第三十五条",
        "您申请公开政府信息的数量、频次明显超过合理范围，经要求说明理由，本机关认为"
        "申请理由不合理，不予处理。",
        "not_processed.excessive",
    ),
    ReasonData(
        "not_processed.confirmation",
        ReplyType.NOT_PROCESSED,
        "要求行政机关确认或重新出具已获取信息",
        "《政府信息公开条例》第三十六条、第三十八条",
        "您的申请是要求本机关确认或者重新出具您已经获取的信息，不属于政府信息公开"
        "申请的处理范围，不予处理。",
        "not_processed.confirmation",
    ),
    # （六）其他处理（2021年格式的三个分项）
    ReasonData(
        "other.no_correction",
        ReplyType.OTHER,
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "《政府信息公开条例》第三十条",
        "您未在补正期限内补正，也没有正当理由，视为放弃申请，本机关不再处理该政府"
        "信息公开申请。",
        "other.no_correction",
    ),
    ReasonData(
        "other.fee_unpaid",
        ReplyType.OTHER,
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
        "您未在收费通知规定的期限内缴纳信息处理费，视为放弃申请，本机关不再处理该"
        "政府信息公开申请。",
        "other.fee_unpaid",
    ),
    ReasonData(
        "other.other",
        ReplyType.OTHER,
        "其他",
        "《政府信息公开条例》",
        "",
        "other.other",
    ),
)

REASON_CODES: frozenset[str] = frozenset(r.code for r in REASONS)

# Reasons the system records itself when it closes an application; staff cannot
# choose them in the reply form.
SYSTEM_REASONS: frozenset[str] = frozenset(
    {"other.no_correction", "other.fee_unpaid", "unable.not_responsible"}
)

# The reasons that may explain the withheld part of a 部分公开 reply.
PARTIAL_GROUNDS: frozenset[ReplyType] = frozenset(
    {ReplyType.WITHHELD, ReplyType.UNABLE}
)


def reason_data(code: str) -> ReasonData:
    for reason in REASONS:
        if reason.code == code:
            return reason
    raise KeyError(code)


def seed_reason_library(model: type[models.Model] | None = None) -> int:
    """Create the library rows that are missing (the data migration; and again after
    a test flushed the tables). Existing rows, with their edited wording, stay.
    Returns how many rows were created."""
    if model is None:
        from gongkai.disclosures.models import ReplyReason

        model = ReplyReason
    manager = model._default_manager
    present = set(manager.values_list("code", flat=True))
    missing = [
        model(
            code=reason.code,
            reply_type=reason.reply_type.value,
            label=reason.label,
            article=reason.article,
            wording=reason.wording,
            requires_review_notice=reason.requires_review_notice,
            report_row=reason.report_row,
            sort_order=order,
            is_active=True,
        )
        for order, reason in enumerate(REASONS, start=1)
        if reason.code not in present
    ]
    manager.bulk_create(missing)
    return len(missing)


def ensure_reason_library() -> None:
    """Seed the library when it is incomplete (cheap when it is not)."""
    from gongkai.disclosures.models import ReplyReason

    if ReplyReason.objects.count() < len(REASONS):
        seed_reason_library()
