"""Codes that identify a government body: 统一社会信用代码 and 组织机构代码.

The code of a unit is the front part of every 索引号 it issues
(《政府信息公开目录系统实施指引（试行）》: 前段码为信息发布单位的组织机构代码).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# GB 32100-2015 uses the 31 characters 0-9 and A-Z without I, O, Z, S, V.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


class CodeKind(StrEnum):
    USCC = "uscc"  # 统一社会信用代码 (18 characters)
    ORG = "org"  # 组织机构代码 (9 characters, often written XXXXXXXX-X)
    OTHER = "other"  # a local code some sites use; accepted but not checked


@dataclass(frozen=True)
class CodeCheck:
    code: str  # normalised: upper case, no hyphen or spaces
    kind: CodeKind
    valid: bool
    message: str  # Chinese, empty when valid


def org_code_check_digit(body: str) -> str:
    """Check character of an 8-character 组织机构代码 body (GB 11714-1997 第4章)."""
    total = sum(_char_value(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    rest = 11 - total % 11
    return {10: "X", 11: "0"}.get(rest, str(rest))


def uscc_check_char(body: str) -> str:
    """Check character of a 17-character 统一社会信用代码 body (GB 32100-2015 第5章)."""
    total = sum(
        _USCC_ALPHABET.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True)
    )
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def _char_value(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - ord("A") + 10


def normalise_code(raw: str) -> str:
    return "".join(raw.split()).replace("-", "").replace("－", "").upper()


def check_unit_code(raw: str) -> CodeCheck:
    """Recognise and check a unit code: 18 characters → 统一社会信用代码 (GB 32100-2015),
    9 characters → 组织机构代码 (GB 11714-1997). Other lengths are accepted as local
    codes (some sites use 10-digit codes as the 索引号 front part) but flagged."""
    code = normalise_code(raw)
    if not code:
        return CodeCheck(
            code, CodeKind.OTHER, False, "请填写统一社会信用代码或组织机构代码。"
        )
    if len(code) == 18:
        if any(c not in _USCC_ALPHABET for c in code):
            return CodeCheck(
                code,
                CodeKind.USCC,
                False,
                "统一社会信用代码只能包含数字和除I、O、Z、S、V以外的大写字母，请核对。",
            )
        if uscc_check_char(code[:17]) != code[17]:
            return CodeCheck(
                code,
                CodeKind.USCC,
                False,
                "统一社会信用代码的校验码不正确（GB 32100-2015），请核对后重新填写。",
            )
        return CodeCheck(code, CodeKind.USCC, True, "")
    if len(code) == 9:
        body, check = code[:8], code[8]
        if not body.isalnum() or not body.isascii():
            return CodeCheck(
                code, CodeKind.ORG, False, "组织机构代码格式不正确，请核对。"
            )
        if org_code_check_digit(body) != check:
            return CodeCheck(
                code,
                CodeKind.ORG,
                False,
                "组织机构代码的校验码不正确（GB 11714-1997），请核对后重新填写。",
            )
        return CodeCheck(code, CodeKind.ORG, True, "")
    if code.isalnum() and code.isascii() and 6 <= len(code) <= 20:
        return CodeCheck(code, CodeKind.OTHER, True, "")
    return CodeCheck(
        code,
        CodeKind.OTHER,
        False,
        "单位代码应为18位统一社会信用代码或9位组织机构代码，请核对。",
    )
