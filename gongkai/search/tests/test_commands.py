"""`gongkai search QUERY` and `gongkai search reindex` as operators use them."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.publications.models import Record
from gongkai.search import index as ix

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("search", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_output_has_the_documented_shape(published: Callable[..., Record]) -> None:
    record = published(
        title="关于做好政务公开工作的通知", doc_number="闽政办〔2024〕12号"
    )
    published(title="政務公開年度報告")
    out, _ = run("政务公开", "--limit", "1", "--format", "json")
    data = json.loads(out)
    assert set(data) == {"total", "hits"}
    assert data["total"] == 2
    (hit,) = data["hits"]
    assert set(hit) == {
        "title",
        "index_number",
        "doc_number",
        "url",
        "snippet",
        "score",
    }
    assert isinstance(hit["score"], float)

    out, _ = run("闽政办[2024]12号", "--format", "json")
    first = json.loads(out)["hits"][0]
    assert first["index_number"] == record.index_number
    assert first["doc_number"] == "闽政办〔2024〕12号"
    assert first["url"] == f"/xxgk/doc/{record.index_number}/"


def test_text_output_and_several_words(published: Callable[..., Record]) -> None:
    published(title="乡村振兴实施方案", body="<p>鼓楼区。</p>")
    published(title="乡村振兴工作要点", body="<p>仓山区。</p>")
    out, _ = run("乡村振兴", "鼓楼区")
    assert "共 1 条结果" in out
    assert "乡村振兴实施方案" in out


def test_reindex_rebuilds_from_the_database(
    published: Callable[..., Record], index_dir: Any
) -> None:
    published(title="失业保险稳岗返还公示")
    ix.remove_record(Record.objects.get().pk)
    assert run("失业保险", "--format", "json")[0].count('"title"') == 0
    out, err = run("reindex")
    assert "已重建检索索引：1 条" in out
    assert "重建检索索引" in err  # the progress bar
    assert json.loads(run("失业保险", "--format", "json")[0])["total"] == 1


def test_the_word_reindex_can_still_be_searched(index_dir: Any) -> None:
    call_command("search", "reindex", stdout=io.StringIO(), stderr=io.StringIO())
    out, _ = run("--query", "reindex", "--format", "json")
    assert json.loads(out) == {"total": 0, "hits": []}


def test_clear_messages_for_operator_mistakes(
    published: Callable[..., Record],
) -> None:
    published(title="政务公开工作要点")
    with pytest.raises(CommandError, match="请给出检索词"):
        run()
    shutil.rmtree(ix.index_dir())
    with pytest.raises(CommandError, match="尚未建立"):
        run("政务公开")
    with pytest.raises(CommandError, match="reindex 不带其他参数"):
        run("reindex", "now")


def test_bench_corpus_writes_an_import_file(tmp_path: Any) -> None:
    out = tmp_path / "corpus"
    call_command("bench", "corpus", "--docs", "5", "--out", str(out))
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    row = json.loads(lines[0])
    assert {"title", "body", "unit", "doc_number", "published_on"} <= set(row)
    assert 500 <= len(row["body"]) <= 5000


def test_bench_names_only_existing_benchmarks() -> None:
    with pytest.raises(CommandError, match="没有名为"):
        call_command("bench", "nonexistent")
