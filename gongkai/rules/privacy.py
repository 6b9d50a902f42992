"""The detectors of the compliance gate (保密审查): personal data, sensitive words and
links to outside addresses in the text of a document that is about to be published.

What is found: 身份证号 (GB 11643-1999, region, birth date and check character; also
the old 15-digit numbers), mobile and landline numbers, bank card numbers (Luhn),
e-mail addresses, words from an editable list, and links to hosts that are not the
site's own.

What is deliberately not found, because government documents are full of it: a digit
only counts when it stands on its own — not inside a longer code (统一社会信用代码,
索引号, 文号, project codes such as "JSGC-2026-000123"), not in an amount
("1,234,567.89元", "￥13800138000"), not in a date or time; 18-character numbers that
fail the 身份证 check; numbers that fail the Luhn check; valid 统一社会信用代码; 400/800
hotlines; and the unit's own published office numbers (``ScanPolicy.allowed_phones``).
docs/domain/compliance.md explains the choices to officials.

Pure Python: no Django (tests/test_architecture.py enforces it).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from gongkai.rules.docnumbers import find_doc_numbers, find_index_numbers
from gongkai.rules.orgcodes import (
    CodeKind,
    check_unit_code,
    org_code_check_digit,
)

_CHINA = ZoneInfo("Asia/Shanghai")


class FindingKind(StrEnum):
    ID_CARD = "id_card"
    MOBILE = "mobile"
    LANDLINE = "landline"
    BANK_CARD = "bank_card"
    EMAIL = "email"
    SENSITIVE_WORD = "sensitive_word"
    EXTERNAL_LINK = "external_link"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_personal_data(self) -> bool:
        return self not in {FindingKind.SENSITIVE_WORD, FindingKind.EXTERNAL_LINK}


_LABELS = {
    FindingKind.ID_CARD: "身份证号",
    FindingKind.MOBILE: "手机号码",
    FindingKind.LANDLINE: "固定电话",
    FindingKind.BANK_CARD: "银行卡号",
    FindingKind.EMAIL: "电子邮箱",
    FindingKind.SENSITIVE_WORD: "敏感词",
    FindingKind.EXTERNAL_LINK: "外部链接",
}

# When two findings overlap, the earlier kind in this order wins (then the longer).
_PRIORITY = {
    FindingKind.ID_CARD: 0,
    FindingKind.BANK_CARD: 1,
    FindingKind.EMAIL: 2,
    FindingKind.MOBILE: 3,
    FindingKind.LANDLINE: 4,
    FindingKind.SENSITIVE_WORD: 5,
    FindingKind.EXTERNAL_LINK: 6,
}


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    start: int  # offsets into the scanned text
    end: int
    text: str  # the original text; never shown to anyone but the editor in place
    masked: str  # what reports, logs and the command line show
    line: int  # 1-based line of ``start``


@dataclass(frozen=True)
class ScanPolicy:
    # The unit's published office numbers, digits only ("053186012345" or the local
    # "86012345"); matches whose digits equal one of them, or whose local part does,
    # are not reported.
    allowed_phones: frozenset[str] = frozenset()
    sensitive_words: tuple[str, ...] = ()
    # Hosts that are not "outside": the portal's own. An entry "*.example.gov.cn"
    # allows every subdomain; "example.gov.cn" also allows "www.example.gov.cn".
    # Nothing else is inside — links to other .gov.cn sites are reported too.
    allowed_hosts: frozenset[str] = frozenset()
    check_links: bool = True
    # Published office mailboxes (e.g. "xxgk@example.gov.cn"); mail to a domain in
    # allowed_hosts is not reported either.
    allowed_emails: frozenset[str] = frozenset()


# --- character classes and boundaries ---------------------------------------------

# Full-width digits, letters and a few signs read as ASCII; one character for one,
# so that offsets into the folded text are offsets into the original.
_FOLD = str.maketrans(
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ＠．－／＋＿",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz@.-/+_",
)

# A number is a candidate only when it is not glued to letters or digits, directly
# or through a connector ("JSGC-2026-000123", "11370100004000016E/2026-00012",
# "1,234,567.89" — a comma is not a connector: "13800138000,13900139000" is a list).
_B = r"(?<![0-9A-Za-z])(?<![0-9A-Za-z][-/._])"
_A = r"(?![0-9A-Za-z])(?![-/._][0-9A-Za-z])"

_ID_RE = re.compile(
    rf"{_B}(?:\d{{17}}[\dXx]|\d{{15}}|\d{{6}} \d{{8}} \d{{3}}[\dXx]){_A}"
)
_CARD_RE = re.compile(
    rf"{_B}(?:\d{{16,19}}|\d{{4}}(?P<sep>[ -])\d{{4}}(?:(?P=sep)\d{{4}}){{1,2}}"
    rf"(?:(?P=sep)\d{{1,4}})?){_A}"
)
_MOBILE_RE = re.compile(
    rf"{_B}(?P<cc>(?:\+|00)?86[ -]?)?1[3-9]\d(?P<sep>-?)\d{{4}}(?P=sep)\d{{4}}{_A}"
    rf"|{_B}(?:(?:\+|00)86 |(?<!\d ))1[3-9]\d \d{{4}} \d{{4}}(?! \d){_A}"
)
_DASH = "-—–"
_AREA = r"010|02\d|0[3-9]\d\d"
_LANDLINE_RE = re.compile(
    rf"(?:{_B}(?P<area>{_AREA})[{_DASH} ]|[(（](?P<area2>{_AREA})[)）] ?)"
    rf"(?P<local>[2-9]\d{{6,7}})(?:(?:[{_DASH}]|转)\d{{1,5}})?{_A}"
)
_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*"
    r"@(?P<domain>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,})"
    r"(?![A-Za-z0-9-])"
)
_URL_RE = re.compile(
    r"(?<![A-Za-z0-9.@/-])(?:(?:https?|ftp)://|www\.)"
    r"[^\s<>\"'（）()【】「」『』《》〈〉，。；！？、“”‘’\u3000]+",
    re.IGNORECASE,
)
_DATE_RES = (
    re.compile(r"(?<!\d)(?:19|20)\d\d\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"),
    re.compile(r"(?<!\d)(?:19|20)\d\d([-/.])\d{1,2}\1\d{1,2}(?!\d)"),
    re.compile(
        rf"{_B}(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
        rf"(?:[01]\d|2[0-3])?(?:[0-5]\d){{0,2}}{_A}"
    ),
    re.compile(r"(?<!\d)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?!\d)"),
)
_AMOUNT_AFTER = re.compile(r"\s*(?:元|万|亿|角|块|美元|港元|欧元|人民币|RMB|CNY)")
_AMOUNT_BEFORE = re.compile(r"(?:[¥￥$]|人民币|RMB|CNY)\s*$")
_URL_TRAILING = ".,;:!?'\")]}"

# --- 身份证号 (GB 11643-1999) -------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# 省级行政区划代码 (GB/T 2260), and 83 used by 台湾居民居住证.
_PROVINCES = frozenset(
    {
        *("11", "12", "13", "14", "15"),
        *("21", "22", "23"),
        *("31", "32", "33", "34", "35", "36", "37"),
        *("41", "42", "43", "44", "45", "46"),
        *("50", "51", "52", "53", "54"),
        *("61", "62", "63", "64", "65"),
        *("71", "81", "82", "83"),
    }
)


def id_check_char(body: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _valid_birth(year: int, month: int, day: int, today: date) -> bool:
    try:
        born = date(year, month, day)
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= today


def is_valid_id_card(s: str, *, today: date | None = None) -> bool:
    """A 居民身份证号码 under GB 11643-1999: 18 characters (province code, a birth
    date in 1900 up to today, the MOD 11-2 check character, X in either case), or an
    old 15-digit number (province code and a valid 19YYMMDD birth date)."""
    s = "".join(s.split()).upper()
    if today is None:
        today = datetime.now(_CHINA).date()
    if len(s) == 18:
        if not s[:17].isdigit() or not (s[17].isdigit() or s[17] == "X"):
            return False
        if not s.isascii() or s[:2] not in _PROVINCES:
            return False
        if not _valid_birth(int(s[6:10]), int(s[10:12]), int(s[12:14]), today):
            return False
        return id_check_char(s[:17]) == s[17]
    if len(s) == 15 and s.isdigit() and s.isascii():
        return s[:2] in _PROVINCES and _valid_birth(
            1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]), today
        )
    return False


def is_credit_code(s: str) -> bool:
    """A valid 统一社会信用代码 whose embedded 组织机构代码 (characters 9–17) also
    carries its own check digit — strict enough that an all-digit 身份证号 is almost
    never taken for one (about 1 in 340 of those starting 11–13 or 51 pass both)."""
    check = check_unit_code(s)
    if check.kind is not CodeKind.USCC or not check.valid:
        return False
    org = check.code[8:17]
    if any(c not in "0123456789ABCDEFGHJKLMNPQRTUWXY" for c in org[:8]):
        return False
    return org_code_check_digit(org[:8]) == org[8]


# --- bank cards ---------------------------------------------------------------------


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check of ISO/IEC 7812 over a string of digits."""
    if not digits or not digits.isdigit() or not digits.isascii():
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _plausible_card(digits: str) -> bool:
    # 62 UnionPay (most Chinese cards), 4 Visa, 5 Mastercard, 3 JCB/Amex, 6 others.
    return 16 <= len(digits) <= 19 and digits[0] in "3456" and luhn_ok(digits)


# --- masking ------------------------------------------------------------------------


def _digits(s: str) -> str:
    return "".join(c for c in s.translate(_FOLD) if c.isascii() and c.isdigit())


def _mask_significant(text: str, keep_head: int, keep_tail: int) -> str:
    """Replace the significant characters (digits and X) outside the first
    ``keep_head`` and last ``keep_tail`` with '*', keeping separators as written."""
    folded = text.translate(_FOLD)
    positions = [
        i for i, c in enumerate(folded) if (c.isascii() and c.isdigit()) or c in "Xx"
    ]
    hidden = set(positions[keep_head : max(keep_head, len(positions) - keep_tail)])
    return "".join("*" if i in hidden else c for i, c in enumerate(text))


def _landline_area_length(text: str) -> int:
    folded = text.translate(_FOLD).lstrip("(（")
    area = re.match(r"\d+", folded)
    return len(area.group(0)) if area else 0


def mask(kind: FindingKind, text: str) -> str:
    """What may be shown of a finding: 3701**********123X, 138****5678,
    0531-******45, 6222 **** **** 1234, z***@example.com, 敏*, https://example.com/…"""
    if kind is FindingKind.ID_CARD:
        return _mask_significant(text, 4, 4)
    if kind is FindingKind.MOBILE:
        n = len(_digits(text))
        return _mask_significant(text, max(3, n - 8), 4)
    if kind is FindingKind.LANDLINE:
        return _mask_significant(text, _landline_area_length(text), 2)
    if kind is FindingKind.BANK_CARD:
        digits = _digits(text)
        if len(digits) <= 8:
            return "*" * len(digits)
        stars = "*" * (len(digits) - 8)
        groups = " ".join(stars[i : i + 4] for i in range(0, len(stars), 4))
        return f"{digits[:4]} {groups} {digits[-4:]}"
    if kind is FindingKind.EMAIL:
        local, _, domain = text.rpartition("@")
        if not local:
            return "***"
        return f"{local[0]}***@{domain}"
    if kind is FindingKind.SENSITIVE_WORD:
        return text[:1] + "*" * (len(text) - 1)
    return _mask_link(text)


def _split_url(url: str) -> tuple[str, str, str]:
    """(scheme with "://" or "", host with port, the rest)."""
    m = re.match(r"(?i)((?:[a-z][a-z0-9+.-]*:)?//)?([^/?#\s]*)(.*)", url.strip())
    assert m is not None  # the pattern matches any string
    return m.group(1) or "", m.group(2), m.group(3)


def _mask_link(url: str) -> str:
    # The path and query may carry anything (names, numbers, tokens): show the host.
    scheme, host, rest = _split_url(url)
    host = host.rpartition("@")[2]  # never show user:password@
    return f"{scheme}{host}{'/…' if rest.strip('/') else rest}"


def link_host(url: str) -> str:
    """The lower-case host of a link, without user info and port; "" if none."""
    _, host, _ = _split_url(url)
    host = host.rpartition("@")[2].lower()
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    return host.partition(":")[0].rstrip(".")


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    host = host.lower().rstrip(".")
    bare = host.removeprefix("www.")
    for entry in allowed:
        a = entry.strip().lower().rstrip(".")
        if not a:
            continue
        if a.startswith(("*.", ".")):
            suffix = a.lstrip("*")
            if host.endswith(suffix) or host == suffix[1:]:
                return True
        elif bare == a.removeprefix("www."):
            return True
    return False


def normalize_phone(s: str) -> str:
    """Digits only, without the country code and extension: "+86 138-0013-8000" →
    "13800138000", "(0531) 8601 2345" → "053186012345", "0531-86012345转8001" →
    "053186012345"."""
    landline = _LANDLINE_RE.fullmatch(s.translate(_FOLD).strip())
    if landline:
        return (landline["area"] or landline["area2"]) + landline["local"]
    digits = _digits(s)
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            return digits[len(prefix) :]
    return digits


# --- the scan -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    kind: FindingKind
    start: int
    end: int
    text: str | None = None  # when the finding's text is not the span (HTML hrefs)


class _Spans:
    """Spans that may overlap each other; answers "does [start, end) touch one?"."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._max_end: list[int] = []
        running = -1
        for _, e in ordered:
            running = max(running, e)
            self._max_end.append(running)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, max(end, start + 1))
        return i > 0 and self._max_end[i - 1] > start


def _protected_spans(folded: str) -> _Spans:
    """文号, 索引号 and 统一社会信用代码: never reported as anything."""
    spans = [(s, e) for s, e, _ in find_doc_numbers(folded)]
    spans += [(s, e) for s, e, _ in find_index_numbers(folded)]
    for m in re.finditer(rf"{_B}[0-9A-Z]{{18}}{_A}", folded):
        if is_credit_code(m.group(0)):
            spans.append(m.span())
    return _Spans(spans)


def _date_spans(folded: str) -> _Spans:
    return _Spans(m.span() for pattern in _DATE_RES for m in pattern.finditer(folded))


def _is_amount(folded: str, start: int, end: int) -> bool:
    return bool(
        _AMOUNT_AFTER.match(folded, end)
        or _AMOUNT_BEFORE.search(folded, max(0, start - 8), start)
    )


def _phone_allowed(number: str, local: str, allowed: frozenset[str]) -> bool:
    return bool(allowed) and (number in allowed or (bool(local) and local in allowed))


def _candidates(folded: str, policy: ScanPolicy, today: date) -> list[_Candidate]:
    found: list[_Candidate] = []
    allowed_phones = frozenset(normalize_phone(p) for p in policy.allowed_phones)
    allowed_phones -= {""}

    for m in _ID_RE.finditer(folded):
        raw = m.group(0)
        if is_valid_id_card(raw, today=today) and not is_credit_code(raw):
            found.append(_Candidate(FindingKind.ID_CARD, *m.span()))

    for m in _CARD_RE.finditer(folded):
        if not m["sep"]:
            digits = m.group(0)
            if (
                len(digits) != 18  # an 18-digit number is an 身份证号 or nothing
                and _plausible_card(digits)
                and not _is_amount(folded, *m.span())
            ):
                found.append(_Candidate(FindingKind.BANK_CARD, *m.span()))
            continue
        # Grouped "6222 0212 3456 7894": in a table row the next column may follow
        # after a single space, so without its last group the number may be whole.
        start, end = m.span()
        ends = [end, start + m.group(0).rfind(m["sep"])]
        for e in ends:
            if _plausible_card(_digits(folded[start:e])):
                if not _is_amount(folded, start, e):
                    found.append(_Candidate(FindingKind.BANK_CARD, start, e))
                break

    for m in _MOBILE_RE.finditer(folded):
        number = normalize_phone(m.group(0))
        if _is_amount(folded, *m.span()):
            continue
        if not _phone_allowed(number, number, allowed_phones):
            found.append(_Candidate(FindingKind.MOBILE, *m.span()))

    for m in _LANDLINE_RE.finditer(folded):
        area = m["area"] or m["area2"]
        local = m["local"]
        if _is_amount(folded, *m.span()):
            continue
        if not _phone_allowed(area + local, local, allowed_phones):
            found.append(_Candidate(FindingKind.LANDLINE, *m.span()))

    allowed_emails = {e.strip().lower() for e in policy.allowed_emails}
    for m in _EMAIL_RE.finditer(folded):
        if m.group(0).lower() in allowed_emails:
            continue
        if host_allowed(m["domain"], policy.allowed_hosts):
            continue
        found.append(_Candidate(FindingKind.EMAIL, *m.span()))

    words = sorted(
        {w.strip().translate(_FOLD) for w in policy.sensitive_words} - {""},
        key=lambda w: (-len(w), w),
    )
    if words:
        pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
        for m in pattern.finditer(folded):
            found.append(_Candidate(FindingKind.SENSITIVE_WORD, *m.span()))

    if policy.check_links:
        for m in _URL_RE.finditer(folded):
            start, end = m.span()
            while end > start and folded[end - 1] in _URL_TRAILING:
                end -= 1
            url = folded[start:end]
            host = link_host(url if "://" in url else "//" + url)
            if host and "." in host and not host_allowed(host, policy.allowed_hosts):
                found.append(_Candidate(FindingKind.EXTERNAL_LINK, start, end))
    return found


def _target_candidates(
    links: Iterable[tuple[int, int, str]], policy: ScanPolicy
) -> list[_Candidate]:
    """Link targets that are not in the text: outside links, and mail or phone
    addresses hidden behind a link ("mailto:", "tel:")."""
    found: list[_Candidate] = []
    allowed_phones = frozenset(normalize_phone(p) for p in policy.allowed_phones)
    allowed_emails = {e.strip().lower() for e in policy.allowed_emails}
    for start, end, raw in links:
        url = raw.strip()
        scheme = url.partition(":")[0].lower()
        if scheme == "mailto":
            address = url[7:].partition("?")[0].strip()
            m = _EMAIL_RE.fullmatch(address.translate(_FOLD))
            if (
                m
                and address.lower() not in allowed_emails
                and not host_allowed(m["domain"], policy.allowed_hosts)
            ):
                found.append(_Candidate(FindingKind.EMAIL, start, end, address))
        elif scheme == "tel":
            number = url[4:].strip()
            digits = normalize_phone(number)
            local = ""
            if digits.startswith("0"):
                local = digits[3:] if digits.startswith(("010", "02")) else digits[4:]
            if _phone_allowed(digits, local, allowed_phones):
                continue
            if re.fullmatch(r"1[3-9]\d{9}", digits):
                found.append(_Candidate(FindingKind.MOBILE, start, end, number))
            elif re.fullmatch(rf"(?:{_AREA})[2-9]\d{{6,7}}", digits):
                found.append(_Candidate(FindingKind.LANDLINE, start, end, number))
        elif policy.check_links and re.match(r"(?i)(?:https?|ftp):|//", url):
            host = link_host(url)
            if host and not host_allowed(host, policy.allowed_hosts):
                found.append(_Candidate(FindingKind.EXTERNAL_LINK, start, end, url))
    return found


def scan_text(
    text: str,
    policy: ScanPolicy = ScanPolicy(),  # frozen, so sharing the default is safe
    *,
    links: Iterable[tuple[int, int, str]] = (),
    today: date | None = None,
) -> list[Finding]:
    """Every finding in ``text``, sorted by start and not overlapping.

    ``links`` are link targets that are not part of the text (HTML href/src,
    hyperlinks in a .docx) as (start, end, target), the span being the link's text
    in ``text``: an outside link, or a "mailto:"/"tel:" address, is reported over
    that span with ``Finding.text`` = the target.
    """
    if today is None:
        today = datetime.now(_CHINA).date()
    folded = text.translate(_FOLD)
    found = _candidates(folded, policy, today) + _target_candidates(links, policy)

    protected = _protected_spans(folded)
    dates = _date_spans(folded)
    numbers = {
        FindingKind.ID_CARD,
        FindingKind.BANK_CARD,
        FindingKind.MOBILE,
        FindingKind.LANDLINE,
    }
    kept: list[_Candidate] = []
    for c in found:
        if c.text is None and c.kind in numbers:
            if protected.overlaps(c.start, c.end):
                continue
            if c.kind is not FindingKind.ID_CARD and dates.overlaps(c.start, c.end):
                continue
        kept.append(c)

    # Greedy by kind priority, then length: personal data before sensitive words
    # before links. A link that overlaps personal data shows up once that is gone.
    kept.sort(key=lambda c: (_PRIORITY[c.kind], -(c.end - c.start), c.start))
    starts: list[int] = []  # of the chosen spans, which never overlap
    ends: list[int] = []
    chosen: list[_Candidate] = []
    for c in kept:
        end = max(c.end, c.start + 1)  # an empty link text still takes its place
        i = bisect.bisect_left(starts, end)
        if i > 0 and ends[i - 1] > c.start:
            continue
        starts.insert(i, c.start)
        ends.insert(i, end)
        chosen.append(c)
    chosen.sort(key=lambda c: (c.start, c.end))

    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    findings = []
    for c in chosen:
        original = c.text if c.text is not None else text[c.start : c.end]
        findings.append(
            Finding(
                kind=c.kind,
                start=c.start,
                end=c.end,
                text=original,
                masked=mask(c.kind, original),
                line=bisect.bisect_left(newlines, c.start) + 1,
            )
        )
    return findings
