"""Built-in list of common unit names used to split glued unit lists in work plans.

Work plans often print several responsible units one after another with no
separator ("市教育局市卫生健康委市医保局") or with a shared prefix written only
once ("市发改局、商务局"). The parser splits such runs with the organisation
directory of the deployment (``known_units``) plus the names below.

The list is data: department stems are combined with the prefixes of the levels
of government (市/区/县), and collective names ("各区市县政府", "市直各部门")
are listed as written. Add names here rather than in the parser.
"""

from __future__ import annotations

from functools import cache

__all__ = [
    "COLLECTIVE_UNITS",
    "DEPARTMENT_STEMS",
    "LEVEL_PREFIXES",
    "TOWN_UNITS",
    "builtin_unit_names",
]

# Prefixes of the level of government that owns a department.
LEVEL_PREFIXES: tuple[str, ...] = ("市", "区", "县")

# Department names without the level prefix: the full names used after the
# 2018 institutional reform and the abbreviations that plans commonly print.
DEPARTMENT_STEMS: tuple[str, ...] = (
    # General offices
    "政府办公室",
    "政府办",
    "委办公室",
    "委办",
    "政府新闻办",
    "政务公开办",
    "政务服务办公室",
    "政务服务中心",
    "政务服务管理办公室",
    "政务服务数据管理局",
    "政务服务和数据管理局",
    "政数局",
    "大数据局",
    "大数据发展管理局",
    "数据局",
    "营商局",
    "营商环境建设局",
    "机关事务管理局",
    "外办",
    "信访局",
    # Party departments that often appear in plans
    "委编办",
    "委宣传部",
    "委网信办",
    "委深改办",
    "委政法委",
    "纪委监委",
    # Government departments
    "发展改革委",
    "发展和改革委员会",
    "发展和改革局",
    "发改委",
    "发改局",
    "教育局",
    "教育体育局",
    "科技局",
    "科学技术局",
    "工业和信息化局",
    "工信局",
    "经信局",
    "经济和信息化局",
    "民族宗教局",
    "民宗局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源社会保障局",
    "人力资源和社会保障局",
    "人社局",
    "人力社保局",
    "自然资源局",
    "自然资源和规划局",
    "规划和自然资源局",
    "生态环境局",
    "住房城乡建设局",
    "住房和城乡建设局",
    "住建局",
    "建设局",
    "城市管理局",
    "城管局",
    "综合执法局",
    "城市管理综合执法局",
    "交通运输局",
    "交通局",
    "水务局",
    "水利局",
    "农业农村局",
    "农业农村委",
    "商务局",
    "文化广电旅游局",
    "文化广电和旅游局",
    "文化和旅游局",
    "文广旅局",
    "文广旅体局",
    "文广新局",
    "卫生健康委",
    "卫生健康委员会",
    "卫生健康局",
    "卫健委",
    "卫健局",
    "退役军人事务局",
    "应急管理局",
    "应急局",
    "审计局",
    "国资委",
    "市场监管局",
    "市场监督管理局",
    "体育局",
    "统计局",
    "医保局",
    "医疗保障局",
    "林业局",
    "林业和草原局",
    "乡村振兴局",
    "金融办",
    "地方金融监管局",
    "金融工作局",
    "治水办",
    "人防办",
    "粮食和物资储备局",
    "税务局",
    "气象局",
    "档案局",
    "档案馆",
    "住房公积金管理中心",
    "公共资源交易中心",
    "融媒体中心",
    "消防救援支队",
    "残联",
    "总工会",
    "团委",
    "妇联",
    "法院",
    "检察院",
    "中级人民法院",
    "人民检察院",
)

# Collective names written as one unit, some with separators inside them.
COLLECTIVE_UNITS: tuple[str, ...] = (
    "各区市县政府",
    "各区市县人民政府",
    "各区县政府",
    "各区县人民政府",
    "各县区政府",
    "各县市区政府",
    "各区、县（市）政府",
    "各区、县（市）人民政府",
    "各县（市、区）政府",
    "各县（市、区）人民政府",
    "各区（县、市）政府",
    "各区（县、市）人民政府",
    "各区（市、县）政府",
    "各区、市、县政府",
    "各区市县",
    "各区县",
    "各县（市、区）",
    "各区、县（市）",
    "各镇街",
    "各镇街（园区）",
    "各镇（街道）",
    "各镇（街）",
    "各乡镇（街道）",
    "各乡镇街道",
    "各乡镇",
    "各镇人民政府",
    "各乡镇人民政府",
    "各街道办事处",
    "各街道",
    "各园区",
    "各开发区",
    "各功能区",
    "先导区管委会",
    "管委会各部门",
    "市直各部门",
    "市直各单位",
    "市直有关部门",
    "市直有关单位",
    "市直相关单位",
    "市直相关部门",
    "市政府各部门",
    "市政府各有关部门",
    "市政府各委办局",
    "区政府各部门",
    "区直各部门",
    "区直各单位",
    "县政府各部门",
    "县直各部门",
    "县直各单位",
    "各有关单位",
    "各有关部门",
    "各相关单位",
    "各相关部门",
    "各部门",
    "各单位",
)

# Town-level units (the 镇/街道 variants of a general office).
TOWN_UNITS: tuple[str, ...] = (
    "镇政府办公室",
    "街道办事处",
    "党政综合办",
    "党政办",
)


@cache
def builtin_unit_names() -> frozenset[str]:
    """Every built-in unit name: prefixed department stems plus collective names."""
    names: set[str] = set(COLLECTIVE_UNITS) | set(TOWN_UNITS)
    for stem in DEPARTMENT_STEMS:
        for prefix in LEVEL_PREFIXES:
            names.add(prefix + stem)
    return frozenset(names)
