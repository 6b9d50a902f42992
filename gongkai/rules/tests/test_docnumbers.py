from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.rules.docnumbers import (
    BRACKETS,
    DocNumber,
    doc_number_key,
    find_doc_numbers,
    find_index_numbers,
    format_index_number,
    normalize_doc_number,
    parse_doc_number,
    parse_index_number,
)

# --- 文号 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("闽政办[2024]12号", "闽政办〔2024〕12号"),
        ("闽政办〔2024〕12号", "闽政办〔2024〕12号"),
        ("闽政办【2024】12号", "闽政办〔2024〕12号"),
        ("闽政办［2024］12号", "闽政办〔2024〕12号"),
        ("闽政办(2024)12号", "闽政办〔2024〕12号"),
        ("闽政办（2024）12号", "闽政办〔2024〕12号"),
        ("闽政办﹝2024﹞12号", "闽政办〔2024〕12号"),
        ("闽政办〖2024〗12号", "闽政办〔2024〕12号"),
        ("闽政办〔2024]12号", "闽政办〔2024〕12号"),  # a mixed pair
        ("  闽政办 〔２０２４〕 １２ 号 ", "闽政办〔2024〕12号"),
        ("国办发〔2024〕第3号", "国办发〔2024〕第3号"),
        ("", ""),
        ("   ", ""),
        ("无文号", "无文号"),
    ],
)
def test_normalize_doc_number(raw: str, normalised: str) -> None:
    assert normalize_doc_number(raw) == normalised


def test_every_bracket_pair_reads_as_one() -> None:
    keys = {doc_number_key(f"鲁政办发{o}2022{c}5号") for o, c in BRACKETS}
    assert keys == {"鲁政办发〔2022〕5号"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("国发〔2018〕43号", DocNumber("国发", 2018, 43, "国发〔2018〕43号")),
        ("鲁政办发[2022]5号", DocNumber("鲁政办发", 2022, 5, "鲁政办发〔2022〕5号")),
        ("国办函（2020）109号", DocNumber("国办函", 2020, 109, "国办函〔2020〕109号")),
        (
            "京教基一〔2023〕第07号",
            DocNumber("京教基一", 2023, 7, "京教基一〔2023〕第07号"),
        ),
        ("中办发〔1999〕1号", DocNumber("中办发", 1999, 1, "中办发〔1999〕1号")),
    ],
)
def test_parse_doc_number(raw: str, expected: DocNumber) -> None:
    assert parse_doc_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "〔2022〕5号",
        "国发2022年5号",
        "国发〔22〕5号",
        "国发〔2022〕号",
        "国发〔2022〕5",
    ],
)
def test_not_a_doc_number(raw: str) -> None:
    assert parse_doc_number(raw) is None


def test_doc_number_key_matches_the_ways_of_writing_one() -> None:
    variants = ["鲁政办发〔2022〕5号", "鲁政办发[2022]05号", "鲁政办发 (2022) 第5号"]
    assert {doc_number_key(v) for v in variants} == {"鲁政办发〔2022〕5号"}
    assert doc_number_key("鲁政办发〔2022〕6号") != doc_number_key(variants[0])
    assert doc_number_key("  not one ") == "NOTONE"


def test_find_doc_numbers_in_free_text() -> None:
    text = (
        "根据《山东省人民政府办公厅关于印发……的通知》（鲁政办发〔2022〕5号）和"
        "国办函[2020]109号文件精神，按照闽政办【2024】第12号要求，"
        "废止济政字(2019)3号。"
    )
    found = find_doc_numbers(text)
    assert [n for _, _, n in found] == [
        "鲁政办发〔2022〕5号",
        "国办函〔2020〕109号",
        "闽政办〔2024〕第12号",
        "济政字〔2019〕3号",
    ]
    for start, end, _ in found:
        assert text[start:end].endswith("号")


def test_find_doc_numbers_keeps_offsets_with_full_width_digits() -> None:
    text = "见鲁政发〔２０２２〕５号。"
    [(start, end, number)] = find_doc_numbers(text)
    assert text[start:end] == "鲁政发〔２０２２〕５号"
    assert number == "鲁政发〔2022〕5号"


@given(
    issuer=st.sampled_from(["国发", "鲁政办发", "闽政办", "济政字", "京教基一"]),
    year=st.integers(1990, 2099),
    serial=st.integers(1, 9999),
    bracket=st.sampled_from(BRACKETS),
)
def test_doc_number_round_trip(
    issuer: str, year: int, serial: int, bracket: tuple[str, str]
) -> None:
    o, c = bracket
    parsed = parse_doc_number(f"{issuer}{o}{year}{c}{serial}号")
    assert parsed == DocNumber(issuer, year, serial, f"{issuer}〔{year}〕{serial}号")


# --- 索引号 -------------------------------------------------------------------------


def test_format_index_number() -> None:
    assert (
        format_index_number("11370100004000016E", 2026, 12)
        == "11370100004000016E/2026-00012"
    )
    assert format_index_number("000014349", 2018, 222) == "000014349/2018-00222"
    assert format_index_number(" 0142768-8 ", 2022, 185) == "0142768-8/2022-00185"
    assert format_index_number("abc123456", 2026, 123456) == "ABC123456/2026-123456"


@pytest.mark.parametrize(
    ("code", "year", "serial"), [("", 2026, 1), ("X", 26, 1), ("X", 2026, 0)]
)
def test_format_index_number_refuses(code: str, year: int, serial: int) -> None:
    with pytest.raises(ValueError, match="索引号"):
        format_index_number(code, year, serial)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("000014349/2018-00222", ("000014349", 2018, 222)),
        ("035210000/2025-00016", ("035210000", 2025, 16)),
        ("11370322004222241N/2021-5135380", ("11370322004222241N", 2021, 5135380)),
        ("11341702486344515H/202110-00013", ("11341702486344515H", 2021, 13)),
        ("11620622013933539B/2021-03844", ("11620622013933539B", 2021, 3844)),
        ("000000001/2021-00151", ("000000001", 2021, 151)),
        ("6107280000/2024-001005", ("6107280000", 2024, 1005)),
        ("0142768-8/2022-00185", ("0142768-8", 2022, 185)),
        (" 11370100004000016e / 2026—00012 ", ("11370100004000016E", 2026, 12)),
        ("００００１４３４９／２０１８－００２２２", ("000014349", 2018, 222)),
    ],
)
def test_parse_index_number(raw: str, expected: tuple[str, int, int]) -> None:
    assert parse_index_number(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "000014349", "000014349/18-00222", "/2018-00222", "鲁政发〔2022〕5号"]
)
def test_not_an_index_number(raw: str) -> None:
    assert parse_index_number(raw) is None


@given(
    code=st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=9, max_size=18),
    year=st.integers(1990, 2099),
    serial=st.integers(1, 99999),
)
def test_index_number_round_trip(code: str, year: int, serial: int) -> None:
    assert parse_index_number(format_index_number(code, year, serial)) == (
        code,
        year,
        serial,
    )


def test_find_index_numbers() -> None:
    text = "索引号：11370100004000016E/2026-00012\n索引号 000014349/2018-00222。"
    assert [n for _, _, n in find_index_numbers(text)] == [
        "11370100004000016E/2026-00012",
        "000014349/2018-00222",
    ]
    assert find_index_numbers("JSGC-2026-000123 和 2026/11/26") == []
