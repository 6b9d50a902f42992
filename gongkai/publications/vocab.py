"""Controlled vocabularies of government information metadata."""

from __future__ import annotations

from django.db import models


class RecordKind(models.TextChoices):
    DOCUMENT = "document", "政府信息"
    INTERPRETATION = "interpretation", "政策解读"


class DocumentType(models.TextChoices):
    NOTICE = "通知", "通知"
    ANNOUNCEMENT = "公告", "公告"
    CIRCULAR = "通告", "通告"
    OPINION = "意见", "意见"
    DECISION = "决定", "决定"
    ORDER = "命令", "命令（令）"
    BULLETIN = "通报", "通报"
    REPORT = "报告", "报告"
    REPLY = "批复", "批复"
    LETTER = "函", "函"
    MINUTES = "纪要", "纪要"
    MEASURES = "办法", "办法"
    PROVISIONS = "规定", "规定"
    PLAN = "规划", "规划"
    SCHEME = "方案", "方案"
    PUBLICITY = "公示", "公示"
    LICENSING_DECISION = "行政许可决定", "行政许可决定"
    PENALTY_DECISION = "行政处罚决定", "行政处罚决定"
    INTERPRETATION_TEXT = "文字解读", "文字解读"
    INTERPRETATION_GRAPHIC = "图解", "图解"
    INTERPRETATION_QA = "问答", "问答"
    OTHER = "其他", "其他"


# 行政许可、行政处罚 decisions must be public within 7 working days (国办发〔2018〕118号).
ENFORCEMENT_TYPES = frozenset(
    {DocumentType.LICENSING_DECISION, DocumentType.PENALTY_DECISION}
)
INTERPRETATION_TYPES = frozenset(
    {
        DocumentType.INTERPRETATION_TEXT,
        DocumentType.INTERPRETATION_GRAPHIC,
        DocumentType.INTERPRETATION_QA,
    }
)


class PolicyClass(models.TextChoices):
    """What the yearly report counts in table 二 (规章 and 行政规范性文件)."""

    NONE = "", "非政策文件"
    RULE = "rule", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER_POLICY = "other_policy", "其他政策文件"


class Topic(models.TextChoices):
    GENERAL = "综合政务", "综合政务"
    ECONOMY = "国民经济管理、国有资产监管", "国民经济管理、国有资产监管"
    FINANCE = "财政、金融、审计", "财政、金融、审计"
    LAND = "国土资源、能源", "国土资源、能源"
    AGRICULTURE = "农业、林业、水利", "农业、林业、水利"
    INDUSTRY = "工业、交通", "工业、交通"
    TRADE = "商贸、海关、旅游", "商贸、海关、旅游"
    MARKET = "市场监管、安全生产监管", "市场监管、安全生产监管"
    CONSTRUCTION = "城乡建设、环境保护", "城乡建设、环境保护"
    EDUCATION = "科技、教育", "科技、教育"
    CULTURE = "文化、广电、新闻出版", "文化、广电、新闻出版"
    HEALTH = "卫生、体育", "卫生、体育"
    POPULATION = "人口与计划生育、妇女儿童工作", "人口与计划生育、妇女儿童工作"
    LABOUR = "劳动、人事、监察", "劳动、人事、监察"
    SECURITY = "公安、安全、司法", "公安、安全、司法"
    CIVIL = "民政、扶贫、救灾", "民政、扶贫、救灾"
    ETHNIC = "民族、宗教", "民族、宗教"
    FOREIGN = "对外事务", "对外事务"
    HMT = "港澳台侨工作", "港澳台侨工作"
    DEFENCE = "国防", "国防"
    OTHER = "其他", "其他"


class Validity(models.TextChoices):
    NOT_APPLICABLE = "", "不适用"
    VALID = "valid", "有效"
    REVISED = "revised", "已修订"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "已失效"


class Disclosure(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class WithholdGround(models.TextChoices):
    """Grounds for 不予公开 (《政府信息公开条例》第十四—十六条)."""

    NONE = "", "—"
    STATE_SECRET = "state_secret", "属于国家秘密（第十四条）"
    LAW_FORBIDS = "law_forbids", "法律、行政法规禁止公开（第十四条）"
    SECURITY = "security", "危及“三安全一稳定”（第十四条）"
    TRADE_SECRET = "trade_secret", "涉及商业秘密（第十五条）"
    PRIVACY = "privacy", "涉及个人隐私（第十五条）"
    INTERNAL = "internal", "属于内部事务信息（第十六条第一款）"
    PROCESS = "process", "属于过程性信息（第十六条第二款）"
    ENFORCEMENT_FILE = "enforcement_file", "属于行政执法案卷（第十六条第二款）"


class Channel(models.TextChoices):
    """公开方式."""

    WEBSITE = "政府网站", "政府网站"
    GAZETTE = "政府公报", "政府公报"
    PRESS = "新闻发布会", "新闻发布会"
    MEDIA = "报刊广播电视", "报刊广播电视"
    NEW_MEDIA = "政务新媒体", "政务新媒体"
    READING_ROOM = "公共查阅点", "公共查阅点"
    NOTICE_BOARD = "公开栏", "公开栏"
