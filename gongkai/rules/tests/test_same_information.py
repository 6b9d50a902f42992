"""The key that groups applications for the same information (条例第四十四条)."""

from __future__ import annotations

import pytest

from gongkai.rules.same_information import (
    fold_title,
    information_key,
    information_title,
    is_doc_number_key,
    single_doc_number,
)

SAME = [
    # The same 文号 however its year is bracketed, with 第, zeros, full-width digits.
    ("示发改〔2026〕5号", "示发改[2026]5号"),
    ("示发改〔2026〕5号", "示发改【2026】5号"),
    ("示发改〔2026〕5号", "示发改（2026）5号"),
    ("示发改〔2026〕5号", "示发改(2026)5号"),
    ("示发改〔2026〕5号", "示发改﹝2026﹞5号"),
    ("示发改〔2026〕5号", "示发改〔2026〕第05号"),
    ("示发改〔2026〕5号", "示发改（２０２６）５号"),
    ("示发改〔2026〕5号", " 示发改 〔2026〕 5 号 "),
    # A 文号 inside a title or a sentence.
    ("示发改〔2026〕5号", "《关于示例市校舍立项的批复》（示发改〔2026〕5号）"),
    ("示发改〔2026〕5号", "根据示发改[2026]5号文件"),
    # Several 文号, in any order.
    ("示发改〔2026〕5号、示财〔2025〕3号", "示财[2025]3号和示发改[2026]5号"),
    # No 文号: the title with width, case, spaces and punctuation folded.
    ("《示例市2026年校舍建设计划》", "示例市 2026 年校舍建设计划"),
    ("示例市2026年校舍建设计划。", "“示例市2026年校舍建设计划”"),
    ("ＡＢＣ项目环评报告", "abc项目环评报告"),
    ("示例市2026年校舍建设计划", "示例市２０２６年校舍建设计划"),
]

DIFFERENT = [
    ("示发改〔2026〕5号", "示发改〔2026〕6号"),
    ("示发改〔2026〕5号", "示发改〔2025〕5号"),
    ("示发改〔2026〕5号", "示财〔2026〕5号"),
    ("示发改〔2026〕5号", "示发改〔2026〕5号、示财〔2025〕3号"),
    ("示例市2026年校舍建设计划", "示例市2025年校舍建设计划"),
    # A title and a 文号 are not matched with each other.
    ("关于示例市校舍立项的批复", "示发改〔2026〕5号"),
]

NONE = ["", "   ", "《》", "——", "（）。", "\u3000"]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_information_has_the_same_key(a: str, b: str) -> None:
    assert information_key(a)
    assert information_key(a) == information_key(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_information_has_different_keys(a: str, b: str) -> None:
    assert information_key(a) != information_key(b)


@pytest.mark.parametrize("text", NONE)
def test_nothing_to_match_has_no_key(text: str) -> None:
    assert information_key(text) == ""


@pytest.mark.parametrize(
    ("text", "key", "by_doc_number"),
    [
        ("示发改[2026]第05号", "文号:示发改〔2026〕5号", True),
        ("《示例市2026年校舍建设计划》", "名称:示例市2026年校舍建设计划", False),
    ],
)
def test_key_says_what_it_was_made_from(
    text: str, key: str, by_doc_number: bool
) -> None:
    assert information_key(text) == key
    assert is_doc_number_key(key) is by_doc_number


def test_fold_title_drops_only_punctuation_spaces_and_width() -> None:
    assert fold_title(" 《ＡＢＣ 项目·环评》（2026）！ ") == "abc项目环评2026"


def test_keys_are_bounded() -> None:
    assert len(information_key("校" * 1000)) <= 320


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("示发改[2026]第05号", "示发改〔2026〕第05号"),
        ("《关于校舍立项的批复》（示发改（2026）5号）", "示发改〔2026〕5号"),
        ("示发改〔2026〕5号和示发改[2026]5号", "示发改〔2026〕5号"),
        ("示发改〔2026〕5号、示财〔2025〕3号", ""),
        ("示例市2026年校舍建设计划", ""),
        ("", ""),
    ],
)
def test_single_doc_number(text: str, number: str) -> None:
    assert single_doc_number(text) == number


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("《关于校舍立项的批复》（示发改〔2026〕5号）", "关于校舍立项的批复"),
        ("示发改[2026]第05号关于《 校舍立项的批复 》", "校舍立项的批复"),
        ("示发改[2026]5号", "示发改〔2026〕5号"),
        ("示例市  2026年校舍建设计划", "示例市 2026年校舍建设计划"),
        ("根据示发改[2026]5号文件", "根据示发改[2026]5号文件"),
    ],
)
def test_information_title(text: str, title: str) -> None:
    assert information_title(text) == title
