"""A realistic corpus of government information for the search benchmarks.

    .venv/bin/python -m bench.search_corpus --docs 1000 --out /tmp/corpus

Titles in the forms officials use (关于印发《…实施方案》的通知, …的公示, …的报告),
文号 of the publisher's 发文机关代字 with the year in 〔〕 or, as on migrated
sites, in [] 【】 （） ［］; bodies of 500–5,000 characters (about 2,000 on
average) built from government-style sentences over a vocabulary of policy topics,
places, amounts and dates, citing other 文号 in whatever brackets; the text of
attachments (project lists, tables) for about a third of the documents; about 3 %
of the documents in traditional characters. Deterministic for a given seed.

``--out`` writes ``documents.jsonl`` in the format of ``gongkai import documents``
(with the attachments as .txt files beside it) and ``units.txt`` (the publishers,
which must exist as units before such an import). The search benchmark
(``bench.search``) uses ``generate()`` directly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# (publisher, 发文机关代字, unit serial)
PUBLISHERS: tuple[tuple[str, str], ...] = (
    ("福建省人民政府", "闽政"),
    ("福建省人民政府办公厅", "闽政办"),
    ("福建省发展和改革委员会", "闽发改"),
    ("福建省教育厅", "闽教"),
    ("福建省财政厅", "闽财"),
    ("福建省人力资源和社会保障厅", "闽人社"),
    ("福建省医疗保障局", "闽医保"),
    ("福建省卫生健康委员会", "闽卫"),
    ("福建省生态环境厅", "闽环"),
    ("福建省住房和城乡建设厅", "闽建"),
    ("福建省交通运输厅", "闽交"),
    ("福建省农业农村厅", "闽农"),
    ("福建省市场监督管理局", "闽市监"),
    ("福建省应急管理厅", "闽应急"),
    ("福建省民政厅", "闽民"),
    ("福建省商务厅", "闽商务"),
    ("福建省文化和旅游厅", "闽文旅"),
    ("福建省自然资源厅", "闽自然资"),
    ("福建省水利厅", "闽水"),
    ("福建省科学技术厅", "闽科"),
    ("福州市人民政府", "榕政"),
    ("福州市人民政府办公厅", "榕政办"),
    ("福州市教育局", "榕教"),
    ("福州市财政局", "榕财"),
    ("福州市医疗保障局", "榕医保"),
    ("福州市卫生健康委员会", "榕卫"),
    ("福州市生态环境局", "榕环"),
    ("福州市住房和城乡建设局", "榕建"),
    ("福州市市场监督管理局", "榕市监"),
    ("福州市民政局", "榕民"),
    ("厦门市人民政府", "厦府"),
    ("厦门市人民政府办公厅", "厦府办"),
    ("厦门市教育局", "厦教"),
    ("厦门市人力资源和社会保障局", "厦人社"),
    ("泉州市人民政府", "泉政"),
    ("泉州市人民政府办公室", "泉政办"),
    ("鼓楼区人民政府", "鼓政"),
    ("鼓楼区教育局", "鼓教"),
    ("仓山区人民政府", "仓政"),
    ("晋江市人民政府", "晋政"),
)

TOPICS = (
    "医疗保障",
    "乡村振兴",
    "营商环境",
    "安全生产",
    "义务教育",
    "养老服务",
    "生态环境保护",
    "城乡建设",
    "政务公开",
    "数字政府",
    "公共卫生",
    "食品安全",
    "就业创业",
    "社会救助",
    "住房保障",
    "交通运输",
    "文化旅游",
    "科技创新",
    "人才引进",
    "农业农村",
    "水利工程",
    "防汛抗旱",
    "森林防火",
    "消防安全",
    "市场监管",
    "知识产权",
    "行政审批",
    "放管服改革",
    "民营经济",
    "招商引资",
    "财政预算",
    "政府采购",
    "审计整改",
    "统计调查",
    "退役军人服务",
    "残疾人保障",
    "妇女儿童发展",
    "未成年人保护",
    "老旧小区改造",
    "垃圾分类",
    "河长制",
    "林长制",
    "碳达峰碳中和",
    "新能源汽车推广",
    "数字经济",
    "专精特新企业培育",
    "中小企业发展",
    "疫苗接种",
    "托育服务",
    "学前教育",
    "职业教育",
    "高校毕业生就业",
    "稳岗补贴",
    "失业保险",
    "基本医疗保险",
    "城乡居民养老保险",
    "最低生活保障",
    "特困人员救助供养",
    "临时救助",
    "耕地保护",
    "高标准农田建设",
    "粮食安全",
    "种业振兴",
    "海洋经济",
    "港口建设",
    "轨道交通",
    "农村公路建设",
    "现代物流",
    "电子商务",
    "对外贸易",
    "跨境电商",
    "文物保护",
    "公共文化服务",
    "全民健身",
    "应急管理",
    "地质灾害防治",
    "危险化学品安全",
    "城镇燃气安全",
    "自建房安全整治",
    "建筑施工安全",
    "工程建设项目审批",
    "招标投标监管",
    "社会信用体系建设",
    "双随机一公开监管",
    "行政执法",
    "行政复议",
    "法治政府建设",
    "12345政务服务便民热线",
    "一网通办",
    "不动产登记",
    "户籍管理",
    "社区治理",
    "网格化服务管理",
    "普惠金融",
    "农村人居环境整治",
    "污水处理",
    "大气污染防治",
    "土壤污染防治",
    "长期护理保险",
    "家庭医生签约服务",
    "基层医疗卫生服务",
)

ACTIONS = (
    "实施方案",
    "工作方案",
    "管理办法",
    "实施意见",
    "若干措施",
    "三年行动计划",
    "工作要点",
    "专项行动方案",
    "考核办法",
    "资金管理办法",
    "补贴实施细则",
    "应急预案",
    "服务指南",
    "评价办法",
)

PLACES = (
    "鼓楼区",
    "台江区",
    "仓山区",
    "晋安区",
    "马尾区",
    "长乐区",
    "闽侯县",
    "连江县",
    "罗源县",
    "闽清县",
    "永泰县",
    "福清市",
    "思明区",
    "湖里区",
    "集美区",
    "海沧区",
    "同安区",
    "翔安区",
    "鲤城区",
    "丰泽区",
    "洛江区",
    "泉港区",
    "石狮市",
    "晋江市",
    "南安市",
    "惠安县",
    "安溪县",
    "永春县",
    "德化县",
)

POLICIES = (
    "《中华人民共和国政府信息公开条例》",
    "《优化营商环境条例》",
    "《中华人民共和国安全生产法》",
    "《中华人民共和国社会保险法》",
    "《医疗保障基金使用监督管理条例》",
    "《中华人民共和国乡村振兴促进法》",
    "《中华人民共和国义务教育法》",
    "《中华人民共和国环境保护法》",
    "《养老机构管理办法》",
    "《社会救助暂行办法》",
    "党的二十大精神",
    "省委、省政府决策部署",
    "国务院常务会议精神",
)

UNIT_KINDS = (
    "县（市、区）人民政府",
    "市直各部门",
    "各乡镇人民政府、街道办事处",
    "各有关单位",
    "各学校",
    "各相关企业",
)

DOC_TYPES_BY_TITLE = {
    "通知": "通知",
    "公示": "公示",
    "公告": "公告",
    "报告": "报告",
    "意见": "意见",
    "办法": "办法",
    "通报": "通报",
    "批复": "批复",
}

# (opening, closing, weight) of the bracket around the year of a 文号.
BRACKET_VARIANTS = (
    ("〔", "〕", 70),
    ("[", "]", 12),
    ("【", "】", 6),
    ("（", "）", 5),
    ("［", "］", 4),
    ("(", ")", 3),
)

HEADINGS = (
    "一、总体要求",
    "二、主要任务",
    "三、重点工作",
    "四、保障措施",
    "五、工作要求",
    "六、其他事项",
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董"


@dataclass
class CorpusDoc:
    serial: int
    title: str
    publisher: str
    unit_index: int
    doc_number: str  # as published (brackets vary on migrated sites)
    body: str
    summary: str
    doc_type: str
    published: dt.date
    validity: str
    traditional: bool
    attachments: list[tuple[str, str]] = field(default_factory=list)  # name, text

    @property
    def searchable(self) -> str:
        """Everything the search covers, joined (for substring truth)."""
        return "\n".join(
            (
                self.title,
                self.doc_number,
                self.publisher,
                self.summary,
                self.body,
                *(t for _, t in self.attachments),
            )
        )


def _bracket(rng: random.Random) -> tuple[str, str]:
    o, c, _ = rng.choices(BRACKET_VARIANTS, weights=[w for *_, w in BRACKET_VARIANTS])[
        0
    ]
    return o, c


def doc_number(rng: random.Random, code: str, year: int, serial: int) -> str:
    o, c = _bracket(rng)
    return f"{code}{o}{year}{c}{serial}号"


def _date_cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


class _Vocab:
    """Pools of sentences, drawn once: documents pick from them (fast and varied)."""

    def __init__(self, rng: random.Random, pool: int = 30000) -> None:
        self.rng = rng
        self.sentences = [self._sentence() for _ in range(pool)]

    def _fill(self) -> dict[str, str]:
        rng = self.rng
        year = rng.randint(2015, 2026)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        pub, code = rng.choice(PUBLISHERS)
        own = rng.random() < 0.95
        # Most sentences are about the document's own topics, filled in per
        # document ({T}, {T2}); some mention another topic.
        other = rng.random() < 0.1
        return {
            "topic": rng.choice(TOPICS) if other else "{T}",
            "topic2": rng.choice(TOPICS) if rng.random() < 0.2 else "{T2}",
            "action": rng.choice(ACTIONS),
            "place": "{L}" if rng.random() < 0.8 else rng.choice(PLACES),
            "policy": rng.choice(POLICIES),
            "units": rng.choice(UNIT_KINDS),
            # Mostly the document's own publisher ({P}) and year ({Y}).
            "publisher": "{P}" if own else pub,
            "year": "{Y}" if own else str(year),
            "date": ("{Y}" if own else str(year)) + f"年{month}月{day}日",
            "n": str(rng.randint(2, 980)),
            "few": str(rng.randint(2, 5)),
            "m": f"{rng.randint(10, 99999)}",
            "k": f"{rng.randint(1, 500)}.{rng.randint(0, 9)}",
            "pct": f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%",
            "dn": doc_number(rng, code, year, rng.randint(1, 300)),
            "name": rng.choice(SURNAMES) + rng.choice(("先生", "女士")),
            "phone": f"0591-{rng.randint(22000000, 88999999)}",
        }

    _TEMPLATES = (
        "为深入贯彻落实{policy}，进一步推进{topic}工作，结合{place}实际，制定本方案。",
        "{units}要高度重视{topic}工作，切实加强组织领导，明确责任分工，确保各项任务落到实处。",
        "{year}年，全市共完成{topic}项目{n}个，完成投资{m}万元，惠及群众{k}万人。",
        "对{topic}中发现的问题，要建立问题清单和整改台账，限期整改，并于{date}前将整改情况报送{publisher}。",
        "根据{dn}文件精神，现将{year}年{topic}有关事项通知如下。",
        "本{action}自{date}起施行，有效期{few}年，由{publisher}负责解释。",
        "坚持以人民为中心的发展思想，统筹推进{topic}和{topic2}，不断增强人民群众的获得感、幸福感、安全感。",
        "到{year}年底，{topic}覆盖率达到{pct}以上，{topic2}水平明显提升。",
        "加大财政资金投入，{year}年安排{topic}专项资金{m}万元，重点支持{place}{topic2}项目建设。",
        "建立健全{topic}工作机制，完善部门协同、上下联动的工作格局，形成工作合力。",
        "加强{topic}政策宣传解读，通过政府网站、政务新媒体等渠道及时发布相关信息，回应社会关切。",
        "联系人：{name}，联系电话：{phone}。",
        "{place}在{topic}方面积极探索，形成了一批可复制可推广的经验做法。",
        "严格落实{topic}主体责任，对工作不力、造成严重后果的，依法依规追究相关责任。",
        "经研究，同意{place}{topic}{action}，请认真组织实施。",
        "《{topic}{action}》已经{publisher}同意，现印发给你们，请结合实际认真贯彻执行。",
        "公示期间，如有异议，请以书面形式向{publisher}反映。公示时间：{date}至{date}。",
        "各地要结合{topic2}，统筹做好{topic}与疫情防控、安全生产等工作。",
        "{publisher}将对各地{topic}工作开展情况进行督查，督查结果纳入年度绩效考核。",
        "推动{topic}数字化转型，依托一体化政务服务平台，实现相关事项“一网通办”“跨省通办”。",
        "鼓励社会资本参与{topic}，对符合条件的项目按照{dn}规定给予补助。",
        "本{action}所称{topic}，是指由政府主导、社会参与的相关公共服务和管理活动。",
        "截至{date}，全省累计办理{topic}业务{m}件，群众满意率{pct}。",
        "同时废止{dn}。",
        "请各单位于{date}前将{topic}工作总结报送{publisher}，电子版发送至指定邮箱。",
    )

    def _sentence(self) -> str:
        return self.rng.choice(self._TEMPLATES).format(**self._fill())

    def title(self, pub: str, topic: str) -> tuple[str, str]:
        rng = self.rng
        action = rng.choice(ACTIONS)
        year = rng.randint(2015, 2026)
        form = rng.randrange(10)
        if form == 0:
            return f"{pub}关于印发《{topic}{action}》的通知", "通知"
        if form == 1:
            return f"{pub}关于做好{year}年{topic}工作的通知", "通知"
        if form == 2:
            return f"关于{year}年度{topic}项目的公示", "公示"
        if form == 3:
            return f"{pub}关于{year}年度{topic}工作情况的报告", "报告"
        if form == 4:
            return f"关于进一步加强{topic}工作的实施意见", "意见"
        if form == 5:
            return f"{pub}关于{topic}有关事项的公告", "公告"
        if form == 6:
            return f"关于开展{topic}专项检查的通知", "通知"
        if form == 7:
            return f"{topic}{action}", "办法"
        if form == 8:
            return f"关于{rng.choice(PLACES)}{topic}工作情况的通报", "通报"
        return f"关于同意{rng.choice(PLACES)}{topic}{action}的批复", "批复"


def _attachment(
    rng: random.Random, vocab: _Vocab, topic: str, pub: str, year: int, place: str
) -> str:
    lines = [f"{year}年{topic}项目清单", "序号\t项目名称\t责任单位\t建设内容\t完成时限"]
    for i in range(1, rng.randint(4, 16)):
        unit, _ = rng.choice(PUBLISHERS)
        where = rng.choice(PLACES[:12]) if i % 2 else "{L}"
        d = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        lines.append(
            f"{i}\t{where}{topic}项目\t{unit}\t"
            f"新建{rng.randint(1, 90)}处，投资{rng.randint(10, 9999)}万元\t{_date_cn(d)}"
        )
    lines.append(rng.choice(vocab.sentences))
    return (
        "\n".join(lines)
        .replace("{T}", topic)
        .replace("{T2}", topic)
        .replace("{P}", pub)
        .replace("{Y}", str(year))
        .replace("{L}", place)
    )


def _length(rng: random.Random) -> int:
    """Body length: about 2,000 characters on average, between 500 and 5,000."""
    return int(min(5000, max(500, rng.lognormvariate(7.45, 0.5))))


def generate(docs: int, seed: int = 20261201) -> Iterator[CorpusDoc]:
    rng = random.Random(seed)
    vocab = _Vocab(rng)
    import opencc

    s2t = opencc.OpenCC("s2t")
    serials: dict[tuple[int, int], int] = {}
    for n in range(docs):
        unit_index = rng.randrange(len(PUBLISHERS))
        pub, code = PUBLISHERS[unit_index]
        topic, topic2 = rng.choice(TOPICS), rng.choice(TOPICS)
        place = rng.choice(PLACES)
        title, doc_type = vocab.title(pub, topic)
        published = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(4300))
        number = ""
        if rng.random() < 0.7:
            key = (unit_index, published.year)
            serials[key] = serials.get(key, 0) + 1
            number = doc_number(rng, code, published.year, serials[key])
        target = _length(rng)
        parts: list[str] = []
        size = 0
        heading = 0
        while size < target:
            if rng.random() < 0.08 and heading < len(HEADINGS):
                parts.append("\n" + HEADINGS[heading] + "\n")
                heading += 1
            sentence = rng.choice(vocab.sentences)
            parts.append(sentence)
            size += len(sentence)
        body = (
            "".join(parts)
            .replace("{T}", topic)
            .replace("{T2}", topic2)
            .replace("{P}", pub)
            .replace("{Y}", str(published.year))
            .replace("{L}", place)
            .strip()[: max(target, 500)]
        )
        summary = (
            vocab.sentences[rng.randrange(len(vocab.sentences))]
            .replace("{T}", topic)
            .replace("{T2}", topic2)
            .replace("{P}", pub)
            .replace("{Y}", str(published.year))
            .replace("{L}", place)
        )
        attachments = []
        if rng.random() < 0.33:
            for i in range(rng.choice((1, 1, 1, 2))):
                attachments.append(
                    (
                        f"附件{i + 1}.txt",
                        _attachment(rng, vocab, topic, pub, published.year, place),
                    )
                )
        validity = ""
        if doc_type in {"办法", "意见"} or "《" in title:
            validity = rng.choices(
                ["valid", "revised", "repealed", "expired"], weights=[80, 8, 7, 5]
            )[0]
        traditional = rng.random() < 0.03
        if traditional:
            title, body, summary = (s2t.convert(x) for x in (title, body, summary))
        yield CorpusDoc(
            serial=n + 1,
            title=title,
            publisher=pub,
            unit_index=unit_index,
            doc_number=number,
            body=body,
            summary=summary,
            doc_type=DOC_TYPES_BY_TITLE.get(doc_type, "其他"),
            published=published,
            validity=validity,
            traditional=traditional,
            attachments=attachments,
        )


# Realistic queries: what people type into a government site's search box.
_SHORT = ("社保", "医保", "低保", "招聘", "公示", "预算", "补贴", "养老", "教育", "税")
_EXTRA = ("通知", "公示", "补贴", "名单", "实施方案", "管理办法", "2024年", "2023年")


def queries(n: int, docs: list[CorpusDoc] | None = None, seed: int = 7) -> list[str]:
    """``n`` realistic queries of one to three words: topics, topic + kind of
    document or year, a few in traditional characters, a few short words, and
    (given ``docs``) a few 文号 typed in other brackets."""
    import opencc

    rng = random.Random(seed)
    s2t = opencc.OpenCC("s2t")
    numbered = [d for d in (docs or []) if d.doc_number]
    out: list[str] = []
    while len(out) < n:
        roll = rng.random()
        topic = rng.choice(TOPICS)
        if roll < 0.40:
            out.append(topic)
        elif roll < 0.65:
            out.append(f"{topic} {rng.choice(_EXTRA)}")
        elif roll < 0.78:
            out.append(f"{rng.choice(PLACES)} {topic} {rng.choice(_EXTRA)}")
        elif roll < 0.85:
            out.append(s2t.convert(topic))
        elif roll < 0.92:
            out.append(rng.choice(_SHORT))
        elif numbered:
            d = rng.choice(numbered)
            o, c = _bracket(rng)
            out.append(_rebracket(d.doc_number, o, c))
        else:
            out.append(f"{topic}{rng.choice(ACTIONS)}")
    return out


def _rebracket(number: str, o: str, c: str) -> str:
    opens, closes = "〔[【（［(", "〕]】）］)"
    return "".join(o if ch in opens else c if ch in closes else ch for ch in number)


def write_jsonl(out: Path, docs: int, seed: int = 20261201) -> int:
    """``documents.jsonl`` for ``gongkai import documents`` and ``units.txt``."""
    out.mkdir(parents=True, exist_ok=True)
    files = out / "files"
    files.mkdir(exist_ok=True)
    count = 0
    with open(out / "documents.jsonl", "w", encoding="utf-8") as fh:
        for doc in generate(docs, seed):
            names = []
            for name, text in doc.attachments:
                path = files / f"{doc.serial:07d}-{name}"
                path.write_text(text, encoding="utf-8")
                names.append(f"files/{path.name}")
            row = {
                "title": doc.title,
                "body": doc.body,
                "summary": doc.summary,
                "unit": doc.publisher,
                "publisher": doc.publisher,
                "doc_number": doc.doc_number,
                "published_on": doc.published.isoformat(),
                "written_on": doc.published.isoformat(),
                "genre": doc.doc_type,
                "validity": doc.validity,
                "attachments": names,
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    (out / "units.txt").write_text(
        "\n".join(p for p, _ in PUBLISHERS) + "\n", encoding="utf-8"
    )
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--out", type=Path, required=True, help="目录")
    args = parser.parse_args(argv)
    count = write_jsonl(args.out, args.docs, args.seed)
    print(
        f"已生成 {count} 篇文档：{args.out / 'documents.jsonl'}（发布机构见 units.txt）"
    )


if __name__ == "__main__":
    main()
