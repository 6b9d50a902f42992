"""Whether two applications ask for the same government information (条例第四十四条).

《政府信息公开条例》第四十四条：“多个申请人就相同政府信息向同一行政机关提出公开申请，
且该政府信息属于可以公开的，行政机关可以纳入主动公开的范围。”

To find such information, applications are grouped by a key made from what the
applicant wrote in “文件名称、文号” (``doc_reference``):

* When the text contains a 文号, the key is the 文号 (``docnumbers.doc_number_key``:
  any bracket around the year, 第, leading zeros and full-width digits read as one),
  so “示发改[2026]5号” and “《关于……的批复》（示发改〔2026〕第05号）” are the same.
  Several 文号 in one text: the key is all of them, sorted.
* Otherwise the key is the text itself, folded: full-width to half-width (NFKC),
  case, and every space, punctuation mark and symbol removed, so
  “《示例市2026年校舍建设计划》” and “示例市 2026 年校舍建设计划” are the same.
* An empty text (or one of punctuation only) has no key: it is never grouped.

The description of the information (``description``) is not used: it is free text,
may carry personal data, and two descriptions of the same document rarely match.
"""

from __future__ import annotations

import re
import unicodedata

from gongkai.rules.docnumbers import (
    doc_number_key,
    find_doc_numbers,
    normalize_doc_number,
    parse_doc_number,
)

DOC_PREFIX = "文号:"
TEXT_PREFIX = "名称:"
MAX_KEY_LENGTH = 320
_BOOK_TITLE = re.compile(r"《\s*([^《》]+?)\s*》")
# Unicode categories dropped from a folded title: punctuation, symbols, separators,
# control and format characters.
_DROPPED = ("P", "S", "Z", "C")


def _doc_number_keys(text: str) -> list[str]:
    keys = {doc_number_key(found) for _, _, found in find_doc_numbers(text)}
    if not keys:
        whole = parse_doc_number(text)
        if whole is not None:
            keys.add(doc_number_key(whole.text))
    return sorted(keys)


def fold_title(text: str) -> str:
    """The text with width, case, spaces and punctuation folded away."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(
        ch for ch in folded if not unicodedata.category(ch).startswith(_DROPPED)
    )


def information_key(doc_reference: str) -> str:
    """The key of the information an application asks for; "" when it has none."""
    text = (doc_reference or "").strip()
    if not text:
        return ""
    numbers = _doc_number_keys(unicodedata.normalize("NFKC", text))
    if numbers:
        return (DOC_PREFIX + "+".join(numbers))[:MAX_KEY_LENGTH]
    folded = fold_title(text)
    if not folded:
        return ""
    return (TEXT_PREFIX + folded)[:MAX_KEY_LENGTH]


def is_doc_number_key(key: str) -> bool:
    return key.startswith(DOC_PREFIX)


def single_doc_number(doc_reference: str) -> str:
    """The one 文号 the text cites, written the standard way (〔〕); "" when it cites
    none or several (a draft of the information takes it as its 文号)."""
    text = unicodedata.normalize("NFKC", doc_reference or "").strip()
    whole = parse_doc_number(text)
    if whole is not None:
        return whole.text
    found = {doc_number_key(n): n for _, _, n in find_doc_numbers(text)}
    return normalize_doc_number(next(iter(found.values()))) if len(found) == 1 else ""


def information_title(doc_reference: str) -> str:
    """A title for a 主动公开 draft of the information: the name in 《》 when the
    text has one, the 文号 when the text is only a 文号, else the text as written."""
    text = " ".join(unicodedata.normalize("NFKC", doc_reference or "").split())
    named = _BOOK_TITLE.search(text)
    if named:
        return named.group(1)
    whole = parse_doc_number(text)
    return whole.text if whole is not None else text
