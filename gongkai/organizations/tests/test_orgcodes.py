"""统一社会信用代码 (GB 32100-2015) and 组织机构代码 (GB 11714-1997): the front part
of every 索引号. Pure functions of gongkai.rules.orgcodes; no database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.rules.orgcodes import (
    CodeKind,
    check_unit_code,
    normalise_code,
    org_code_check_digit,
    uscc_check_char,
)

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def reference_uscc_check(body: str) -> str:
    """GB 32100-2015 第5章 written out independently: weight of position i is 3^i
    mod 31, check value 31 - (sum mod 31), 31 meaning 0."""
    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return USCC_ALPHABET[(31 - total % 31) % 31]


# Codes quoted with their check character: the example of GB 32100-2015 and a
# 机关 code quoted in the issue; the 组织机构代码 example of GB 11714-1997.
KNOWN_USCC = ["91350100M000100Y43", "11370322004222241N"]
KNOWN_ORG = ["D2143569-X"]


@pytest.mark.parametrize("code", KNOWN_USCC)
def test_known_uscc_codes_are_accepted(code: str) -> None:
    assert uscc_check_char(code[:17]) == code[17]
    assert reference_uscc_check(code[:17]) == code[17]
    result = check_unit_code(code)
    assert (result.valid, result.kind, result.code, result.message) == (
        True,
        CodeKind.USCC,
        code,
        "",
    )


@pytest.mark.parametrize("code", KNOWN_ORG)
def test_known_org_codes_are_accepted(code: str) -> None:
    assert org_code_check_digit(code[:8]) == code[-1]
    result = check_unit_code(code)
    assert result.valid
    assert result.kind == CodeKind.ORG
    assert result.code == code.replace("-", "")


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("91350100m000100y43", "91350100M000100Y43"),
        (" 9135 0100 M000 100Y 43 ", "91350100M000100Y43"),
        ("d2143569-x", "D2143569X"),
        ("D2143569－X", "D2143569X"),  # full-width hyphen, as typed in Chinese IMEs
    ],
)
def test_codes_are_normalised_before_checking(raw: str, normalised: str) -> None:
    assert normalise_code(raw) == normalised
    result = check_unit_code(raw)
    assert result.valid
    assert result.code == normalised


@pytest.mark.parametrize("code", [*KNOWN_USCC])
def test_every_wrong_uscc_check_char_is_refused(code: str) -> None:
    for wrong in USCC_ALPHABET:
        if wrong == code[17]:
            continue
        result = check_unit_code(code[:17] + wrong)
        assert not result.valid
        assert result.kind == CodeKind.USCC
        assert "校验码不正确" in result.message


@pytest.mark.parametrize(
    ("code", "expected_message"),
    [
        ("D2143569-1", "组织机构代码的校验码不正确"),
        ("D2143569-0", "组织机构代码的校验码不正确"),
        ("D214356*-X", "组织机构代码格式不正确"),
        ("91350100M000100YI3", "不能包含"),  # never I, O, Z, S, V
        ("91350100M000100Y4O", "不能包含"),
        ("", "请填写"),
        ("12345", "应为18位统一社会信用代码或9位组织机构代码"),
        ("代码代码代码代码代码", "应为18位统一社会信用代码或9位组织机构代码"),
    ],
)
def test_invalid_codes_are_refused_in_chinese(code: str, expected_message: str) -> None:
    result = check_unit_code(code)
    assert not result.valid
    if expected_message == "不能包含":
        assert "I、O、Z、S、V" in result.message
    else:
        assert expected_message in result.message


def test_local_codes_are_accepted_unchecked() -> None:
    result = check_unit_code("0053700001")  # some sites use 10-digit 前段码
    assert result.valid
    assert result.kind == CodeKind.OTHER


@pytest.mark.parametrize(
    ("body", "check"),
    [("D2143569", "X"), ("12345678", "8"), ("00000001", "9"), ("MA0B1234", "X")],
)
def test_org_code_check_digit(body: str, check: str) -> None:
    # 11 - (Σ value × weight mod 11), 10 → X, 11 → 0, weights 3 7 9 10 5 8 4 2.
    total = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * w
        for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)
    )
    assert {10: "X", 11: "0"}.get(11 - total % 11, str(11 - total % 11)) == check
    assert org_code_check_digit(body) == check


@given(st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17))
def test_uscc_check_char_matches_the_standard(body: str) -> None:
    check = uscc_check_char(body)
    assert check == reference_uscc_check(body)
    assert check_unit_code(body + check).valid
    wrong = USCC_ALPHABET[(USCC_ALPHABET.index(check) + 1) % 31]
    assert not check_unit_code(body + wrong).valid
