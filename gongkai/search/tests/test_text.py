"""The text rules search relies on: folding, tokens, query parsing, highlighting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.search import text as tx

ALPHABET = "政务公开醫療保障乡村振兴闽政办号年第〔〕[]【】，。、 ＡＢａｂ１２3xyZ—-/\n"


def test_traditional_full_width_and_case_fold() -> None:
    assert tx.normalize("政務公開") == "政务公开"
    assert tx.normalize("ＡＢＣ１２３") == "abc123"
    assert tx.normalize("醫療保障") == tx.normalize("医疗保障") == "医疗保障"


def test_bigrams_leave_a_gap_between_runs() -> None:
    tokens = tx.bigram_tokens(tx.normalize("医疗保障，2024年"))
    assert tokens.split() == [
        "医疗",
        "疗保",
        "保障",
        "障",
        tx.GAP,
        "20",
        "02",
        "24",
        "4年",
        "年",
    ]


def test_query_terms_and_quoted_phrases() -> None:
    parsed = tx.parse_query('政務公開  "乡村 振兴" 税')
    assert [t.text for t in parsed.terms] == ["政务公开", "乡村 振兴", "税"]
    assert parsed.terms[1].runs == ("乡村", "振兴")
    assert parsed.needles == ["政务公开", "乡村", "振兴", "税"]
    assert tx.parse_query("  ，。 ").empty


def test_a_doc_number_in_any_brackets_is_recognised() -> None:
    for typed in ("闽政办[2024]12号", "闽政办【2024】第12号", "闽政办 (2024) 12号"):
        (term,) = tx.parse_query(typed).terms
        assert term.doc_number_key == "闽政办〔2024〕12号"
    assert tx.parse_query("闽政办 2024").terms[0].doc_number_key == ""


def test_an_index_number_is_recognised() -> None:
    (term,) = tx.parse_query("11370100004000016e／2026－00012").terms
    assert term.index_number_key == "11370100004000016E/2026-00012"


def test_highlight_escapes_everything_but_the_marks() -> None:
    html = tx.highlight("<b>政務公開</b> & 政务公开", ["政务公开"])
    assert html == (
        "&lt;b&gt;<mark>政務公開</mark>&lt;/b&gt; &amp; <mark>政务公开</mark>"
    )


def test_highlight_window_shows_the_match() -> None:
    text = "前言" * 200 + "关于乡村振兴的通知" + "结尾" * 200
    html = tx.highlight(text, ["乡村振兴"], max_chars=40, plain=True)
    assert "<mark>乡村振兴</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 80


def _bigram_positions(text: str) -> list[str]:
    return tx.bigram_tokens(tx.normalize(text)).split()


@given(st.text(alphabet=ALPHABET, min_size=1, max_size=40), st.data())
def test_every_substring_is_a_phrase_of_the_token_stream(
    text: str, data: st.DataObject
) -> None:
    """The property recall rests on: any substring of a text, normalised, has each
    of its runs as consecutive bigram tokens (or, for one character, a token
    starting with it) in the text's token stream."""
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    tokens = _bigram_positions(text)
    for run in tx.runs(tx.normalize(text[start:end])):
        if len(run) == 1:
            assert any(t.startswith(run) for t in tokens if t != tx.GAP)
        else:
            grams = tx.run_bigrams(run)
            assert any(
                tokens[i : i + len(grams)] == grams for i in range(len(tokens))
            ), (run, tokens)


@given(
    st.text(alphabet=ALPHABET, min_size=1, max_size=60),
    st.text(alphabet=ALPHABET, min_size=2, max_size=8),
)
def test_the_covering_phrase_matches_where_the_full_phrase_does(
    text: str, query: str
) -> None:
    """The search asks for every other bigram and the last one at their positions
    (``covering_positions``): in a token stream of the index, that finds exactly
    the places where all the bigrams are."""
    tokens = _bigram_positions(text)
    for run in tx.runs(tx.normalize(query)):
        if len(run) < 2:
            continue
        grams = tx.run_bigrams(run)
        picks = tx.covering_positions(len(grams))
        starts = range(len(tokens) - len(grams) + 1)
        full = {i for i in starts if tokens[i : i + len(grams)] == grams}
        covering = {i for i in starts if all(tokens[i + k] == grams[k] for k in picks)}
        assert covering == full, (run, tokens)


@pytest.mark.parametrize(
    ("n", "positions"),
    [(1, [0]), (2, [0, 1]), (3, [0, 2]), (4, [0, 2, 3]), (5, [0, 2, 4])],
)
def test_covering_positions(n: int, positions: list[int]) -> None:
    assert tx.covering_positions(n) == positions


@given(st.text(alphabet=ALPHABET + "①㈱İ", max_size=30))
def test_plain_text_needs_only_lower_casing(text: str) -> None:
    if tx.is_plain(text):
        assert tx.runs(text.lower()) == tx.runs(tx.normalize(text))


@given(
    st.text(alphabet=ALPHABET, max_size=300),
    st.sampled_from(["政务", "医疗", "2", "ab"]),
)
def test_highlight_keeps_the_text_and_marks_only_needles(
    text: str, needle: str
) -> None:
    import html as html_lib
    import re

    for plain in (False, tx.is_plain(text)):
        out = tx.highlight(text, [needle], max_chars=60, plain=plain)
        marked = re.findall(r"<mark>(.*?)</mark>", out)
        assert all(tx.normalize(html_lib.unescape(m)) == needle for m in marked)
        shown = html_lib.unescape(re.sub(r"</?mark>", "", out)).strip("…")
        assert shown.strip() in re.sub(r"\s+", " ", text)
