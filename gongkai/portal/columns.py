"""The columns of the 政府信息公开专栏 home page (PRODUCT.md, capability 4)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    slug: str
    title: str
    empty_text: str  # what will appear here, shown while the column is empty
    url: str = ""  # the page of this column ("" while there is none)


HOME_COLUMNS: tuple[Column, ...] = (
    Column(
        "guide",
        "政府信息公开指南",
        "本机关政府信息的分类、编排体系、获取方式，以及政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真和电子邮箱（《政府信息公开条例》第十二条）。",
        "/xxgkzn/",
    ),
    Column(
        "rules",
        "政府信息公开制度",
        "本机关政府信息公开的工作制度：发布审查、保密审查、依申请公开办理、考核评议等规定。",
        "/xxgkzd/",
    ),
    Column(
        "proactive",
        "法定主动公开内容",
        "依照《政府信息公开条例》第二十条、第二十一条应当主动公开的政府信息，按公开目录的栏目排列，经三审后发布。",
        "/xxgk/",
    ),
    Column(
        "policies",
        "政策文件库",
        "本机关制发的规章、行政规范性文件和其他政策文件，标明有效、已修订、已废止或已失效，并与政策解读相互链接。",
        "/zcwjk/",
    ),
    Column(
        "interpretations",
        "政策解读",
        "与政策文件同步发布的解读材料：文字解读、图解和问答。",
        "/zcjd/",
    ),
    Column(
        "apply",
        "依申请公开",
        "在线提交政府信息公开申请、查询办理进度，以及答复期限计算器。",
        "/yisqgk/",
    ),
    Column(
        "reports",
        "政府信息公开工作年度报告",
        "本机关每年1月31日前（本级政府3月31日前）发布的政府信息公开工作年度报告（《政府信息公开条例》第四十九条）。",
        "/ndbg/",
    ),
    Column(
        "participation",
        "公众参与",
        "政策草案征求意见、意见采纳情况反馈，以及留言咨询的公开答复。",
    ),
    Column(
        "catalog",
        "基层政务公开标准目录",
        "各领域基层政务公开标准目录：公开事项、内容、依据、时限、主体、渠道和方式。",
    ),
)
