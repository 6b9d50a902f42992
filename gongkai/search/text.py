"""Chinese text for search: normalising, tokens for the index, query parsing,
highlighting. Pure Python: no Django import.

Two token streams are indexed:

- **words** of the title (rjieba ``cut_for_search``), for ranking: a document whose
  title has the query's words as words scores higher (words of the whole text were
  measured to cost a quarter of the query time and of the indexing time for
  no visible gain in ranking, see docs/domain/search.md);
- **character bigrams** of every run of letters, digits and CJK characters, for
  finding, over the whole text (title included): a query of two or more characters
  is a phrase of its bigrams, so every
  document whose text contains the query text is found, whatever the segmenter
  thinks the words are. The last character of each run is also indexed on its own,
  so that a token starting with a character exists wherever that character occurs:
  a one-character query is a prefix query. Runs are separated by a position gap, so
  a phrase never matches across punctuation.
- **four-character tokens** of every run (no positions), for speed: a run of exactly
  four characters is found by one term, a longer one is narrowed by its first and
  last four characters before the bigram phrase is checked.

Normalising is one table lookup per character (NFKC, lower case, OpenCC
traditional → simplified of the single character), so that it commutes with
taking substrings: if a text contains a query, the normalised text contains the
normalised query. That is what makes recall 1.0 provable rather than likely.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

from gongkai.rules.docnumbers import (
    doc_number_key,
    parse_doc_number,
    parse_index_number,
)

# A token longer than the index's length limit: it is dropped at indexing but keeps
# its position, which leaves a gap between runs (see index.BIGRAM_MAX_BYTES).
GAP = "~" * 12
# A run of characters that can be part of a word: letters, digits, CJK (not "_").
_RUN = re.compile(r"[^\W_]+")
_NON_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")


@functools.cache
def _table() -> dict[int, str]:
    """The per-character normalisation table (built once per process, ~0.2 s)."""
    import opencc

    codepoints = [
        cp for cp in range(0x20, 0x32000) if not 0xD800 <= cp < 0xE000 and cp != 0x0A
    ]
    folded = {cp: unicodedata.normalize("NFKC", chr(cp)).lower() for cp in codepoints}
    # Convert each character alone: with a newline between every two characters
    # OpenCC cannot apply its phrase tables, so the mapping is context-free.
    chars = sorted({c for s in folded.values() for c in s if c != "\n"})
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    t2s = dict(zip(chars, converted, strict=True))
    table: dict[int, str] = {}
    for cp, s in folded.items():
        out = "".join(t2s.get(c, c) for c in s)
        if out != chr(cp):
            table[cp] = out
    return table


@functools.cache
def _changing() -> re.Pattern[str]:
    """Characters of the BMP whose normalised form is not just their lower case and
    is, or gives, a word character (traditional characters, full-width letters, ①).
    Only the BMP: a class with characters beyond it is matched one range at a time
    (measured: 1 ms per 1,000 characters instead of a few µs)."""
    chars = [
        chr(cp)
        for cp, out in _table().items()
        if cp <= 0xFFFF
        and out != chr(cp).lower()
        and (chr(cp).isalnum() or any(c.isalnum() for c in out))
    ]
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def is_plain(text: str) -> bool:
    """Whether lower-casing ``text`` finds the same words as normalising it."""
    if _ASTRAL.search(text):
        return _RUN.findall(text.lower()) == _RUN.findall(normalize(text))
    return _changing().search(text) is None


def normalize(text: str) -> str:
    """NFKC, lower case, traditional → simplified, character by character.

    "政務公開" → "政务公开"; "ＡＢＣ１２" → "abc12"; "［2024］" → "[2024]"."""
    return text.translate(_table())


def runs(normalized: str) -> list[str]:
    """The runs of letters, digits and CJK characters of a normalised text."""
    return _RUN.findall(normalized)


_SEP = "\x00"
_SEP_PAIR = re.compile("\x00.")


def bigram_tokens(normalized: str) -> str:
    """Space-separated bigram tokens of a normalised text (see the module doc)."""
    return _bigrams(_NON_WORD.sub(_SEP, normalized))


def _bigrams(marked: str) -> str:
    # ``marked``: runs separated by one _SEP. Pairs of neighbours, all at once (slice
    # assignment, no string per pair): a pair "x<SEP>" is the last character of a
    # run, a pair "<SEP>y" the gap.
    n = len(marked)
    if n < 2:
        return marked.strip(_SEP)
    out = [" "] * (3 * (n - 1))
    out[0::3] = marked[:-1]
    out[1::3] = marked[1:]
    if marked[-1] != _SEP:
        out.append(marked[-1])
    return _SEP_PAIR.sub(GAP, "".join(out).replace(_SEP + " ", " ")).strip()


QUAD = 4


def quad_tokens(normalized: str) -> str:
    """Space-separated four-character tokens of every run of a normalised text
    (医疗保障局 → 医疗保障 疗保障局), without positions: a query run of exactly four
    characters — the commonest length of a Chinese search term — is one term
    lookup instead of a phrase of bigrams; a longer run uses them to narrow the
    documents whose bigram positions are then checked."""
    return " ".join(
        run[i : i + QUAD]
        for run in runs(normalized)
        for i in range(len(run) - QUAD + 1)
    )


def word_tokens(normalized: str) -> str:
    """Space-separated words of a normalised text (rjieba, search mode)."""
    import rjieba

    return " ".join(rjieba.cut_for_search(_NON_WORD.sub(" ", normalized)))


def tokens(normalized: str) -> tuple[str, str]:
    """(words, bigrams) of a normalised text, for the index."""
    import rjieba

    marked = _NON_WORD.sub(_SEP, normalized)
    words = " ".join(rjieba.cut_for_search(marked.replace(_SEP, " ")))
    return words, _bigrams(marked)


class IndexTokens(NamedTuple):
    title_w: str
    title_b: str
    all_b: str
    all_q: str
    # The text's word characters are already normalised (but for case): snippets
    # can be found in it directly (``highlight(plain=True)``).
    plain: bool


def index_tokens(title: str, searchable: str) -> IndexTokens:
    """Words and bigrams of a document's title, bigrams of all its searchable text
    (which includes the title), as the index is fed them."""
    norm = normalize(searchable)
    title_w, title_b = tokens(normalize(title))
    all_b = bigram_tokens(norm)
    return IndexTokens(title_w, title_b, all_b, quad_tokens(norm), is_plain(searchable))


def index_tokens_batch(texts: list[tuple[str, str]]) -> list[IndexTokens]:
    """``index_tokens`` for many documents (run in worker processes by a rebuild)."""
    return [index_tokens(title, searchable) for title, searchable in texts]


def warm() -> None:
    """Build the normalisation tables and load the dictionary now."""
    import rjieba

    _table()
    _changing()
    rjieba.cut("政府信息公开")


def query_words(normalized: str) -> list[str]:
    """The distinct words of a query, in order (for ranking)."""
    words = word_tokens(normalized).split()
    return list(dict.fromkeys(words))


def run_bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def covering_positions(n: int) -> list[int]:
    """Positions of bigrams that together cover all ``n + 1`` characters of a run
    of ``n`` bigrams: every other one and the last (5 → [0, 2, 4]; 4 → [0, 2, 3])."""
    picks = list(range(0, n, 2))
    if picks[-1] != n - 1:
        picks.append(n - 1)
    return picks


def index_number_key(text: str) -> str:
    """One way of writing a 索引号 for exact matching: full-width folded, upper
    case, no spaces, dashes as "-"."""
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"[—–‐‑−]", "-", s)
    return _SPACES.sub("", s).upper()


# --- queries --------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One part of a query (separated by spaces, or a quoted phrase): a document
    matches it when it contains every run of the normalised text."""

    raw: str
    text: str  # normalised
    runs: tuple[str, ...]
    words: tuple[str, ...]
    doc_number_key: str = ""  # set when the term is a 文号
    index_number_key: str = ""  # set when the term is a 索引号


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    terms: tuple[Term, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.terms

    @property
    def needles(self) -> list[str]:
        """Normalised strings to highlight, longest first."""
        found = {run for term in self.terms for run in term.runs}
        return sorted(found, key=lambda s: (-len(s), s))

    @property
    def doc_number_keys(self) -> list[str]:
        return [t.doc_number_key for t in self.terms if t.doc_number_key]

    @property
    def index_number_keys(self) -> list[str]:
        return [t.index_number_key for t in self.terms if t.index_number_key]


MAX_QUERY_CHARS = 200
MAX_TERMS = 10
_QUOTED = re.compile(r"[\"“”「」『』]([^\"“”「」『』]*)[\"“”「」『』]?|(\S+)")


def _split(raw: str) -> list[str]:
    parts: list[str] = []
    for m in _QUOTED.finditer(raw):
        part = m.group(1) if m.group(1) is not None else m.group(2)
        if part and part.strip():
            parts.append(part.strip())
    return parts


def _term(raw: str) -> Term | None:
    text = normalize(raw)
    term_runs = tuple(dict.fromkeys(runs(text)))
    if not term_runs:
        return None
    dn_key = ""
    compact = _SPACES.sub("", raw)
    if parse_doc_number(compact) is not None:
        dn_key = doc_number_key(compact)
        # Match the text by the 文号's parts as written officially: "第12号" and
        # "012号" typed still find "〔2024〕12号" (and everything that contains
        # what was typed also contains these parts).
        term_runs = tuple(dict.fromkeys(runs(normalize(dn_key))))
    ix_key = ""
    if parse_index_number(compact) is not None:
        ix_key = index_number_key(compact)
    return Term(
        raw=raw,
        text=text,
        runs=term_runs,
        words=tuple(query_words(text)),
        doc_number_key=dn_key,
        index_number_key=ix_key,
    )


def parse_query(raw: str) -> ParsedQuery:
    """Split a query into terms: words separated by spaces, or "quoted phrases".

    A document matches when it contains every term. A term that is a 文号 (in any
    brackets, with or without 第) or a 索引号 also matches the document that has
    it as its own 文号/索引号, exactly, and that document is ranked first."""
    raw = (raw or "").strip()[:MAX_QUERY_CHARS]
    # A 文号 is often typed with a space before the bracket or the serial.
    whole = _SPACES.sub("", raw)
    if whole and (
        parse_doc_number(whole) is not None or parse_index_number(whole) is not None
    ):
        term = _term(whole)
        return ParsedQuery(raw=raw, terms=(term,) if term else ())
    terms = [t for t in (_term(p) for p in _split(raw)) if t is not None]
    return ParsedQuery(raw=raw, terms=tuple(terms[:MAX_TERMS]))


# --- highlighting -----------------------------------------------------------------


def _offsets(text: str) -> list[int]:
    """For each position of ``normalize(text)``, the position in ``text``."""
    table = _table()
    out: list[int] = []
    for i, ch in enumerate(text):
        out.extend([i] * len(table.get(ord(ch), ch)))
    out.append(len(text))
    return out


def _squash(s: str) -> str:
    return _SPACES.sub(" ", s)


def highlight(
    text: str,
    needles: list[str],
    *,
    max_chars: int = 0,
    context: int = 24,
    plain: bool = False,
) -> str:
    """HTML of ``text`` (escaped) with the needles marked ``<mark>…</mark>``.

    ``needles`` are normalised (``ParsedQuery.needles``); matching is on the
    normalised text, marking on the original. ``plain``: the text's word characters
    are known to be normalised already but for case (``IndexTokens.plain``), so
    lower-casing it is enough. With ``max_chars``, only a window of about that
    length is returned — the one, among those starting at the first occurrence of
    each needle, that shows the most different needles — with "…" where text was
    left out. Cost: a few scans of the text in C, whatever its length."""
    if not text:
        return ""
    offsets: list[int] | None = None
    hay = text.lower() if plain else ""
    if not plain or len(hay) != len(text):
        hay = normalize(text)
        offsets = _offsets(text) if len(hay) != len(text) else None
    lo, hi = 0, len(hay)
    if max_chars and len(hay) > max_chars:
        lo = _window(hay, needles, max_chars, context)
        hi = min(len(hay), lo + max_chars)
        lo = max(0, hi - max_chars)
    spans: list[tuple[int, int]] = []
    if needles:
        pattern = re.compile("|".join(re.escape(n) for n in needles))
        spans = [(m.start(), m.end()) for m in pattern.finditer(hay, lo, hi)]
    if offsets is not None:
        lo, hi = offsets[lo], offsets[hi]
        spans = [(offsets[a], offsets[b]) for a, b in spans]
    parts: list[str] = ["…"] if lo > 0 else []
    pos = lo
    for a, b in spans:
        if a < pos:
            continue
        parts.append(html.escape(_squash(text[pos:a])))
        parts.append(f"<mark>{html.escape(_squash(text[a:b]))}</mark>")
        pos = b
    parts.append(html.escape(_squash(text[pos:hi])))
    if hi < len(text):
        parts.append("…")
    return "".join(parts).strip()


def _window(hay: str, needles: list[str], width: int, context: int) -> int:
    """Where a window of ``width`` characters should start: ``context`` characters
    before the first occurrence of a needle, choosing the occurrence whose window
    shows the most different needles (the earliest of equals)."""
    firsts = sorted({p for n in needles if (p := hay.find(n)) >= 0})
    best, best_count = 0, 0
    for first in firsts[:8]:
        lo = max(0, first - context)
        count = sum(1 for n in needles if hay.find(n, lo, lo + width) >= 0)
        if count > best_count:
            best, best_count = lo, count
    return best
