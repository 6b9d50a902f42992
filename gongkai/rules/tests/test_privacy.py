from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gongkai.rules.orgcodes import org_code_check_digit, uscc_check_char
from gongkai.rules.privacy import (
    Finding,
    FindingKind,
    ScanPolicy,
    host_allowed,
    id_check_char,
    is_credit_code,
    is_valid_id_card,
    luhn_ok,
    mask,
    normalize_phone,
    scan_text,
)

TODAY = date(2026, 11, 26)
PROVINCES = ["11", "13", "23", "32", "37", "44", "51", "62", "65", "81"]


def make_id(
    province: str = "37", area: str = "0102", born: str = "19850612", seq: str = "123"
) -> str:
    body = province + area + born + seq
    return body + id_check_char(body)


def luhn_complete(body: str) -> str:
    for d in "0123456789":
        if luhn_ok(body + d):
            return body + d
    raise AssertionError("unreachable")


def make_uscc(head: str = "11", region: str = "370100", org: str = "00400001") -> str:
    body = head + region + org + org_code_check_digit(org)
    return body + uscc_check_char(body)


def kinds(text: str, policy: ScanPolicy | None = None) -> list[tuple[str, str]]:
    found = scan_text(text, policy or ScanPolicy(), today=TODAY)
    return [(f.kind.value, f.text) for f in found]


# --- 身份证号 -----------------------------------------------------------------------


def test_the_helpers_make_what_they_say() -> None:
    assert make_id("11", "0101", "19900307", "771") == "110101199003077715"
    assert luhn_complete("622202123456789") == "6222021234567894"
    assert is_credit_code(make_uscc())


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("110101199003077715", True),
        (make_id(seq="009"), True),
        (make_id(born="20000229"), True),  # a leap day
        (make_id(born="19000101"), True),
        (make_id(born="20261126"), True),  # born today
        (make_id(province="83"), True),  # 台湾居民居住证
        ("110101199003077716", False),  # wrong check digit
        (make_id(born="19990229")[:17] + "0", False),
        (make_id(born="19990229"), False),  # no such day
        (make_id(born="20261127"), False),  # in the future
        (make_id(born="18991231"), False),
        (make_id(born="19901301"), False),
        (make_id(province="99"), False),  # no such province
        (make_id(province="00"), False),
        ("11010119900307771", False),  # 17 digits
        ("1101011990030777155", False),
        ("11010119900307771A", False),
        ("", False),
        ("370102850612123", True),  # old 15-digit number
        ("370102851312123", False),  # month 13
        ("990102850612123", False),
    ],
)
def test_is_valid_id_card(number: str, valid: bool) -> None:
    assert is_valid_id_card(number, today=TODAY) is valid


def test_check_character_x_in_either_case() -> None:
    number = next(
        n for seq in range(1000) if (n := make_id(seq=f"{seq:03d}")).endswith("X")
    )
    assert is_valid_id_card(number, today=TODAY)
    assert is_valid_id_card(number.lower(), today=TODAY)
    assert kinds(f"身份证号{number.lower()}。") == [("id_card", number.lower())]


def test_a_valid_credit_code_is_never_an_id() -> None:
    # All-digit numbers that pass both checks: the credit code check (with its
    # embedded 组织机构代码 check) wins, and they are not reported.
    found = []
    for born in ("19900307", "19850612", "20010101", "19770909"):
        for seq in range(1000):
            n = make_id("11", "0101", born, f"{seq:03d}")
            if is_credit_code(n):
                found.append(n)
    assert found, "some 身份证号 also pass as 统一社会信用代码"
    for n in found:
        assert is_valid_id_card(n, today=TODAY)
        assert kinds(f"代码：{n}") == []


def test_ids_are_found_in_their_written_forms() -> None:
    number = make_id()
    assert kinds(f"身份证号：{number}，") == [("id_card", number)]
    spaced = f"{number[:6]} {number[6:14]} {number[14:]}"
    assert kinds(f"身份证 {spaced} 。") == [("id_card", spaced)]
    wide = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    [finding] = scan_text(f"证号{wide}", today=TODAY)
    assert finding.text == wide and finding.start == 2 and finding.end == 20
    assert kinds("老证号370102850612123。") == [("id_card", "370102850612123")]


# --- Luhn and bank cards ------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "ok"),
    [
        ("4111111111111111", True),
        ("4111111111111112", False),
        ("6222021234567894", True),
        ("79927398713", True),
        ("0", True),
        ("", False),
        ("12a4", False),
        ("４１１１", False),
    ],
)
def test_luhn(digits: str, ok: bool) -> None:
    assert luhn_ok(digits) is ok


@pytest.mark.parametrize(
    "card",
    [
        luhn_complete("622202123456789"),  # 16 digits
        luhn_complete("621700123456789012"),  # 19 digits
        luhn_complete("4392250012345678"[:-1]),
        luhn_complete("5187180012345678"[:-1]),
        luhn_complete("3568890012345678"[:-1]),
        luhn_complete("6217001234567890"),  # 17 digits
    ],
)
def test_bank_cards_are_found(card: str) -> None:
    assert kinds(f"银行卡号：{card}。") == [("bank_card", card)]


def test_grouped_bank_cards_are_found() -> None:
    card = luhn_complete("622202123456789")
    spaced = " ".join(card[i : i + 4] for i in range(0, 16, 4))
    dashed = "-".join(card[i : i + 4] for i in range(0, 16, 4))
    assert kinds(f"卡号 {spaced} 。") == [("bank_card", spaced)]
    assert kinds(f"卡号 {dashed} 。") == [("bank_card", dashed)]
    long = luhn_complete("621700123456789012")
    grouped = " ".join(long[i : i + 4] for i in range(0, 19, 4))
    assert kinds(f"卡号：{grouped}") == [("bank_card", grouped)]


@pytest.mark.parametrize(
    "text",
    [
        "编号 " + luhn_complete("122202123456789"),  # no card starts with 1
        "编号 " + luhn_complete("922202123456789"),
        "编号 " + luhn_complete("62220212345678901"),  # 18 digits: 身份证 or nothing
        "账号 6222021234567895",  # fails Luhn
        "金额 " + luhn_complete("622202123456789") + "元",  # an amount
        "￥" + luhn_complete("622202123456789"),
        "流水号 " + luhn_complete("20261126143000") + "1",
    ],
)
def test_not_bank_cards(text: str) -> None:
    assert kinds(text) == []


# --- phones -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("手机13800138000", "13800138000"),
        ("手机：13800138000。", "13800138000"),
        ("电话 +86 138 0013 8000 ", "+86 138 0013 8000"),
        ("电话 +8613800138000", "+8613800138000"),
        ("电话 138-0013-8000", "138-0013-8000"),
        ("电话 138 0013 8000", "138 0013 8000"),
        ("Tel:19912345678", "19912345678"),
        ("联系人：张三，１３８００１３８０００", "１３８００１３８０００"),
    ],
)
def test_mobiles(text: str, found: str) -> None:
    assert kinds(text) == [("mobile", found)]


def test_lists_of_mobiles() -> None:
    assert kinds("13800138000,13900139000、15012345678") == [
        ("mobile", "13800138000"),
        ("mobile", "13900139000"),
        ("mobile", "15012345678"),
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("电话：0531-86012345", "0531-86012345"),
        ("电话：010-62345678", "010-62345678"),
        ("电话：（0531）86012345", "（0531）86012345"),
        ("电话：(0531) 86012345", "(0531) 86012345"),
        ("电话：0531—8601234", "0531—8601234"),
        ("电话：0531-86012345-8001", "0531-86012345-8001"),
        ("电话：020 81234567", "020 81234567"),
    ],
)
def test_landlines(text: str, found: str) -> None:
    assert kinds(text) == [("landline", found)]


@pytest.mark.parametrize(
    "text",
    [
        "服务热线 400-123-4567",
        "服务热线 4001234567",
        "免费电话 800-810-8888",
        "政务服务便民热线12345",
        "项目编号 XM-13800138000",
        "编号 13800138000123",
        "金额 13800138000元",
        "金额：￥13800138000",
        "人民币13800138000",
        "数字 150 2000 3000 4500",  # a table row of amounts, not a spaced mobile
        "邮编 250001",
        "时间 2026-11-26 13:00",
        "0531-0123456",  # a local number never starts with 0
    ],
)
def test_not_phones(text: str) -> None:
    assert kinds(text) == []


def test_allowed_phones_are_the_units_own() -> None:
    policy = ScanPolicy(allowed_phones=frozenset({"053186012345", "13800138000"}))
    text = "办公室：0531-86012345，（0531）86012345，值班 138-0013-8000，其他 0531-86012346"
    assert kinds(text, policy) == [("landline", "0531-86012346")]
    local = ScanPolicy(allowed_phones=frozenset({"86012345"}))
    assert kinds("电话 0531-86012345", local) == []


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("+86 138-0013-8000", "13800138000"),
        ("008613800138000", "13800138000"),
        ("(0531) 8601 2345", "053186012345"),
        ("０５３１－８６０１２３４５", "053186012345"),
        ("0531-86012345转8001", "053186012345"),
        ("0531-86012345-8001", "053186012345"),
        ("", ""),
    ],
)
def test_normalize_phone(raw: str, normalised: str) -> None:
    assert normalize_phone(raw) == normalised


# --- e-mail, words, links -----------------------------------------------------------


def test_email() -> None:
    assert kinds("邮箱：zhang.san+x@qq.com。") == [("email", "zhang.san+x@qq.com")]
    assert kinds("邮箱 13800138000@163.com") == [("email", "13800138000@163.com")]
    assert kinds("邮箱 ｚｈａｎｇ＠１６３．ｃｏｍ") == [
        ("email", "ｚｈａｎｇ＠１６３．ｃｏｍ")
    ]
    policy = ScanPolicy(
        allowed_hosts=frozenset({"www.jinan.gov.cn"}),
        allowed_emails=frozenset({"XXGK@shandong.gov.cn"}),
    )
    text = "来信 xxgk@jinan.gov.cn 或 xxgk@shandong.gov.cn，个人 li@jinan.com"
    assert kinds(text, policy) == [("email", "li@jinan.com")]
    assert kinds("不是邮箱：a@b 或 @qq.com") == []


def test_sensitive_words_case_insensitive_longest_first() -> None:
    policy = ScanPolicy(sensitive_words=("内部", "内部资料", "Secret", " ", ""))
    assert kinds("本件为内部资料，SECRET，内部使用", policy) == [
        ("sensitive_word", "内部资料"),
        ("sensitive_word", "SECRET"),
        ("sensitive_word", "内部"),
    ]


def test_external_links() -> None:
    policy = ScanPolicy(allowed_hosts=frozenset({"www.jinan.gov.cn", "*.sd.gov.cn"}))
    text = (
        "详见 https://www.jinan.gov.cn/a.html、http://jinan.gov.cn/b、"
        "https://zwfw.sd.gov.cn/x、http://sd.gov.cn，"
        "以及 https://www.gov.cn/zhengce/。参考 www.example.com 和 "
        "http://evil.example.org:8080/path?id=1）。"
    )
    assert kinds(text, policy) == [
        ("external_link", "https://www.gov.cn/zhengce/"),
        ("external_link", "www.example.com"),
        ("external_link", "http://evil.example.org:8080/path?id=1"),
    ]
    assert kinds(text, ScanPolicy(check_links=False)) == []


def test_host_allowed() -> None:
    assert host_allowed("WWW.Jinan.gov.cn", ["jinan.gov.cn"])
    assert host_allowed("jinan.gov.cn", ["www.jinan.gov.cn"])
    assert not host_allowed("evil-jinan.gov.cn", ["*.jinan.gov.cn"])
    assert host_allowed("a.b.jinan.gov.cn", [".jinan.gov.cn"])
    assert not host_allowed("www.gov.cn", ["jinan.gov.cn", ""])


def test_link_targets_outside_the_text() -> None:
    text = "请访问网站或发邮件，或拨打电话，本站链接。"
    links = [
        (3, 5, "https://www.example.com/page"),
        (6, 9, "mailto:zhang@qq.com?subject=x"),
        (11, 15, "tel:+86-138-0013-8000"),
        (16, 20, "/xxgk/index.html"),
        (20, 20, "//cdn.example.net/a.js"),
    ]
    found = scan_text(text, links=links, today=TODAY)
    assert [(f.kind.value, f.start, f.end, f.text, f.masked) for f in found] == [
        (
            "external_link",
            3,
            5,
            "https://www.example.com/page",
            "https://www.example.com/…",
        ),
        ("email", 6, 9, "zhang@qq.com", "z***@qq.com"),
        ("mobile", 11, 15, "+86-138-0013-8000", "+86-138-****-8000"),
        ("external_link", 20, 20, "//cdn.example.net/a.js", "//cdn.example.net/…"),
    ]
    allowed = ScanPolicy(
        allowed_hosts=frozenset({"example.com", "cdn.example.net", "qq.com"}),
        allowed_phones=frozenset({"13800138000"}),
    )
    assert scan_text(text, allowed, links=links, today=TODAY) == []


# --- what must never be reported ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "鲁政办发〔2022〕5号",
        "国办函（2020）109号",
        "索引号：11370100004000016E/2026-00012",
        "索引号 000014349/2018-00222、0142768-8/2022-00185",
        "索引号 11370322004222241N/2021-5135380",
        "代码 91370100MA3C4B5D30、00400001-2",
        "JSGC-2026-000123",
        "HT20261126-0007",
        "专利号 ZL201920123456.7",
        "ISBN 978-7-5097-1234-5",
        "1,234,567.89元",
        "15800000000元",
        "￥138,001,380.00",
        "人民币13805310001元",
        "2026年11月26日、2026-11-26、2026.12.31、20261126、09:30",
        "身份证号码：370102********1234，电话 138****8000",  # already masked
        "账号 37001616708050012345",  # 20 digits
        "400-123-4567、12345",
    ],
)
def test_what_documents_are_full_of_is_never_reported(text: str) -> None:
    assert kinds(text) == []


def test_a_notice_full_of_codes_reports_nothing() -> None:
    failing_id = make_id()[:17] + ("1" if make_id()[17] != "1" else "2")
    failing_card = luhn_complete("622202123456789")[:15] + "0"
    if luhn_ok(failing_card):
        failing_card = failing_card[:15] + "1"
    text = f"""济南市人民政府办公厅关于印发2026年重点项目计划的通知
索引号：11370100004000016E/2026-00012    发文字号：济政办发〔2026〕12号
成文日期：2026年11月26日  发布日期：2026-11-26  有效性：有效
根据《山东省人民政府办公厅关于印发……的通知》（鲁政办发[2022]5号）、国办函（2020）109号
和闽政办【2024】第12号文件精神，现将有关事项通知如下。
一、项目单位：济南市城乡建设局，统一社会信用代码{make_uscc()}；
    承建单位统一社会信用代码 {make_uscc("91", "370102", "MA3C0001")}，组织机构代码 00400001-2。
二、项目编号 JSGC-2026-000123，合同编号 HT20261126-0007，总投资 1,234,567.89元（大写），
    其中财政资金 13800138000 元，专项债 ￥6,000,000.00，计划2026.12.31前完成，
    编号 {failing_id}，账户流水 {failing_card}，批次 20261126，时间 14:30:00。
三、咨询电话：0531-86012345，服务热线 400-123-4567，12345 热线。
"""
    policy = ScanPolicy(allowed_phones=frozenset({"053186012345"}))
    assert scan_text(text, policy, today=TODAY) == []


# --- masking ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "text", "masked"),
    [
        (FindingKind.ID_CARD, "37010219850612123X", "3701**********123X"),
        (FindingKind.ID_CARD, "370102850612123", "3701*******2123"),
        (FindingKind.ID_CARD, "370102 19850612 123X", "3701** ******** 123X"),
        (FindingKind.MOBILE, "13812345678", "138****5678"),
        (FindingKind.MOBILE, "+86 138 1234 5678", "+86 138 **** 5678"),
        (FindingKind.MOBILE, "138-1234-5678", "138-****-5678"),
        (FindingKind.LANDLINE, "0531-86012345", "0531-******45"),
        (FindingKind.LANDLINE, "（010）62345678", "（010）******78"),
        (FindingKind.BANK_CARD, "6222021234561234", "6222 **** **** 1234"),
        (FindingKind.BANK_CARD, "6222 0212 3456 1234", "6222 **** **** 1234"),
        (FindingKind.BANK_CARD, "6217001234567890123", "6217 **** **** *** 0123"),
        (FindingKind.EMAIL, "zhang@example.com", "z***@example.com"),
        (FindingKind.SENSITIVE_WORD, "内部资料", "内***"),
        (
            FindingKind.EXTERNAL_LINK,
            "https://a.example.com/x?id=1",
            "https://a.example.com/…",
        ),
        (
            FindingKind.EXTERNAL_LINK,
            "http://u:p@a.example.com/",
            "http://a.example.com/",
        ),
        (FindingKind.EXTERNAL_LINK, "www.example.com", "www.example.com"),
    ],
)
def test_mask(kind: FindingKind, text: str, masked: str) -> None:
    assert mask(kind, text) == masked


def test_labels() -> None:
    assert [k.label for k in FindingKind] == [
        "身份证号",
        "手机号码",
        "固定电话",
        "银行卡号",
        "电子邮箱",
        "敏感词",
        "外部链接",
    ]


def test_findings_carry_offsets_lines_and_masks() -> None:
    number = make_id()
    card = luhn_complete("622202123456789")
    text = f"低保名单\n张三\t{number}\t13800138000\n李四\t{card}\tli@qq.com\n"
    found = scan_text(text, today=TODAY)
    assert [(f.kind, f.line) for f in found] == [
        (FindingKind.ID_CARD, 2),
        (FindingKind.MOBILE, 2),
        (FindingKind.BANK_CARD, 3),
        (FindingKind.EMAIL, 3),
    ]
    for f in found:
        assert text[f.start : f.end] == f.text
        assert f.masked != f.text
        assert f.masked == mask(f.kind, f.text)


# --- properties ---------------------------------------------------------------------

CHINESE = st.text(
    alphabet=st.sampled_from(
        list(
            "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可"
            "主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家"
            "电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合"
            "，。；：、（）《》“”！？\n\t 　"
        )
    ),
    max_size=40,
)


@st.composite
def valid_ids(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(PROVINCES))
    area = draw(st.text(alphabet="0123456789", min_size=4, max_size=4))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    seq = draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
    number = make_id(province, area, born.strftime("%Y%m%d"), seq)
    return number.lower() if draw(st.booleans()) else number


@given(before=CHINESE, number=valid_ids(), after=CHINESE)
def test_any_valid_id_in_chinese_text_is_found(
    before: str, number: str, after: str
) -> None:
    assume(not is_credit_code(number))
    found = scan_text(before + number + after, today=TODAY)
    assert [(f.kind, f.start, f.text) for f in found] == [
        (FindingKind.ID_CARD, len(before), number)
    ]
    assert "*" in found[0].masked and number[6:14] not in found[0].masked


@given(
    before=CHINESE,
    body=st.text(alphabet="0123456789", min_size=17, max_size=17),
    check=st.sampled_from("0123456789X"),
    after=CHINESE,
)
def test_ids_failing_the_check_are_not_found(
    before: str, body: str, check: str, after: str
) -> None:
    assume(id_check_char(body) != check)
    assert scan_text(before + body + check + after, today=TODAY) == []


@given(
    before=CHINESE,
    body=st.text(alphabet="0123456789", min_size=14, max_size=14),
    first=st.sampled_from("3456"),
    after=CHINESE,
)
def test_luhn_valid_cards_found_off_by_one_not(
    before: str, body: str, first: str, after: str
) -> None:
    card = luhn_complete(first + body)
    found = scan_text(before + card + after, today=TODAY)
    assert [(f.kind, f.text) for f in found] == [(FindingKind.BANK_CARD, card)]
    off_by_one = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert scan_text(before + off_by_one + after, today=TODAY) == []


PIECES = st.one_of(
    CHINESE,
    valid_ids(),
    st.just("13800138000"),
    st.just("0531-86012345"),
    st.just("zhang@qq.com"),
    st.just("https://www.example.com/a"),
    st.just("6222021234567894"),
    st.just("鲁政办发〔2022〕5号"),
    st.just("11370100004000016E/2026-00012"),
    st.just("1,234,567.89元"),
    st.just("内部资料"),
    st.text(alphabet="0123456789 -/.", max_size=20),
)


@given(pieces=st.lists(PIECES, max_size=12))
def test_findings_are_sorted_and_never_overlap(pieces: list[str]) -> None:
    text = "".join(pieces)
    found: list[Finding] = scan_text(
        text, ScanPolicy(sensitive_words=("内部", "资料", "内部资料")), today=TODAY
    )
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    for f in found:
        assert text[f.start : f.end] == f.text
        assert f.line == text.count("\n", 0, f.start) + 1
