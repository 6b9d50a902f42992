"""Searching published information: what is found, in which order, and what never is."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.publications import services
from gongkai.publications.models import Record, Revision
from gongkai.publications.tests.helpers import Desk, draft, make_desk, publish
from gongkai.publications.vocab import (
    Disclosure,
    DocumentType,
    Validity,
    WithholdGround,
)
from gongkai.search import index as ix
from gongkai.search import selectors
from gongkai.search.selectors import all_ids_public, search_public

pytestmark = pytest.mark.django_db

Publish = Callable[..., Record]


def ids(result: Any) -> list[int]:
    return [h.record_id for h in result.hits]


def titles(query: str, **kwargs: Any) -> list[str]:
    return [h.title for h in search_public(query, page_size=50, **kwargs).hits]


BODIES = [
    "<p>为全面推進政務公開標準化規範化，現將有關事項通知如下。</p>",
    "<p>各县（市、区）医疗保障局：根据闽医保〔2023〕7号文件精神，做好2024年度城乡居民基本医疗保险参保工作。</p>",
    "<p>乡村振兴示范村名单（第一批）：鼓楼区洪山镇、仓山区城门镇。ＰＭ2.5浓度下降12%。</p>",
    "<p>关于开展安全生产大检查的通知（第３批）：ＡＢＣ类企业、No.7 Gas Station。</p>",
]


@pytest.fixture
def corpus(published: Publish) -> list[Record]:
    return [
        published(title=f"第{n}号测试文件：{title}", body=body)
        for n, (title, body) in enumerate(
            zip(
                [
                    "政务公开工作通知",
                    "医疗保障参保通知",
                    "乡村振兴名单",
                    "安全生产检查",
                ],
                BODIES,
                strict=True,
            ),
            start=1,
        )
    ]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_every_document_containing_the_query_is_found(
    corpus: list[Record], data: st.DataObject
) -> None:
    record = data.draw(st.sampled_from(corpus))
    revision = record.public_revision
    assert revision is not None
    text = data.draw(st.sampled_from([revision.title, revision.body_text]))
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 10)))
    query = text[start:end]
    if not any(ch.isalnum() for ch in query):
        return  # punctuation alone is not a query
    assert record.pk in all_ids_public(query), query
    found = search_public(query, page_size=50)
    assert found.total >= 1
    if found.total <= 50:
        assert record.pk in ids(found), query


def test_traditional_and_simplified_find_each_other(published: Publish) -> None:
    simplified = published(title="关于做好政务公开工作的通知")
    traditional = published(title="政務公開工作要點", body="<p>推進政務公開。</p>")
    for query in ("政务公开", "政務公開", "政務公开"):
        assert set(ids(search_public(query))) == {simplified.pk, traditional.pk}


def test_doc_number_in_other_brackets_ranks_its_document_first(
    published: Publish,
) -> None:
    citing = [
        published(
            title=f"转发闽政办〔2024〕12号文件的通知（{n}）",
            body="<p>根据闽政办〔2024〕12号、闽政办〔2024〕12号文件，闽政办〔2024〕12号。</p>",
        )
        for n in range(3)
    ]
    own = published(
        title="关于印发数字政府建设方案的通知",
        doc_number="闽政办〔2024〕12号",
        body="<p>各设区市人民政府。</p>",
    )
    other = published(title="另一个文件", doc_number="闽政办〔2024〕120号")
    for query in ("闽政办[2024]12号", "闽政办【2024】第12号", "闽政办（2024）12号"):
        result = search_public(query)
        assert result.hits[0].record_id == own.pk, query
        assert result.hits[0].exact
        assert set(ids(result)) == {own.pk, *(r.pk for r in citing)}
        assert other.pk not in ids(result)
        assert result.hits[0].doc_number == "闽政办〔2024〕12号"
        assert all("<mark>闽政办</mark>" in h.snippet for h in result.hits[1:])


def test_index_number_is_matched_exactly(published: Publish) -> None:
    records = [published(title=f"索引号测试{n}") for n in range(3)]
    target = records[1]
    assert target.index_number
    for query in (target.index_number, target.index_number.lower()):
        result = search_public(query)
        assert result.hits[0].record_id == target.pk
        assert result.hits[0].exact
        assert result.hits[0].index_number == target.index_number
        assert result.hits[0].url == f"/xxgk/doc/{target.index_number}/"


def test_facets_count_publisher_type_year_and_validity(
    published: Publish, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    other_desk = make_desk(name="示例市卫生健康委员会", serial=2, column=desk.column)
    published(title="健康促进通知甲", doc_type=DocumentType.NOTICE)
    published(title="健康促进通知乙", doc_type=DocumentType.NOTICE)
    published(
        desk=other_desk,
        title="健康促进管理办法",
        doc_type=DocumentType.MEASURES,
        policy_class="normative",
    )
    published(title="无关的公告", doc_type=DocumentType.ANNOUNCEMENT)
    result = search_public("健康促进")
    assert result.total == 3
    year = str(timezone.localdate().year)
    assert result.facets["publisher"] == {"示例市教育局": 2, "示例市卫生健康委员会": 1}
    assert result.facets["doc_type"] == {"通知": 2, "办法": 1}
    assert result.facets["year"] == {year: 3}
    assert result.facets["validity"] == {ix.NO_VALIDITY: 2, Validity.VALID: 1}

    narrowed = search_public("健康促进", filters={"doc_type": "通知"})
    assert narrowed.total == 2
    assert narrowed.facets["doc_type"] == {"通知": 2}
    assert search_public("健康促进", filters={"validity": "valid"}).total == 1
    assert search_public("", filters={"publisher": "示例市卫生健康委员会"}).total == 1
    # The total comes from the facet pass; without facets, from counting: the same.
    for query, filters in [
        ("健康促进", {}),
        ("健康促进", {"doc_type": "通知"}),
        ("通知", {}),
        ("", {"validity": "valid"}),
    ]:
        counted = search_public(query, filters=filters, with_facets=False).total
        assert search_public(query, filters=filters).total == counted
        assert counted == len(all_ids_public(query, filters=filters))
    # With a core idle the counts are made on a second thread, otherwise on this
    # one. The page is the same.
    monkeypatch.setattr(selectors, "_idle_core", lambda: False)
    inline = search_public("健康促进")
    monkeypatch.setattr(selectors, "_idle_core", lambda: True)
    assert search_public("健康促进") == inline


@pytest.mark.parametrize(
    ("loadavg", "cores", "free"),
    [
        (b"0.47 1.13 1.57 1/79 29959\n", 2, True),  # only the reader runs
        (b"2.10 2.00 1.90 2/120 100\n", 2, False),  # another thread on the other core
        (b"3.00 3.00 3.00 3/120 100\n", 4, True),
        (b"9.00 9.00 9.00 17/300 100\n", 16, False),
        (b"", 2, False),  # unreadable: stay on this thread
        (b"0.1 0.1 0.1 x/1 1", 2, False),
    ],
)
def test_a_second_thread_only_when_a_core_is_free(
    loadavg: bytes, cores: int, free: bool
) -> None:
    assert selectors.core_is_free(loadavg, cores) is free


def test_date_order_puts_the_newest_first(published: Publish) -> None:
    old, newest, middle = (
        published(title=f"养老服务补贴通知{n}", body="<p>养老服务补贴。</p>")
        for n in range(3)
    )
    now = timezone.now()
    for record, days in ((old, 400), (newest, 1), (middle, 30)):
        Revision.objects.filter(record=record).update(
            published_at=now - dt.timedelta(days=days)
        )
    ix.rebuild()
    result = search_public("养老服务", order="date")
    assert ids(result) == [newest.pk, middle.pk, old.pk]
    dates = [h.published_at for h in result.hits if h.published_at is not None]
    assert len(dates) == 3 and dates == sorted(dates, reverse=True)
    assert set(ids(search_public("养老服务", order="relevance"))) == {
        old.pk,
        newest.pk,
        middle.pk,
    }


def test_withdrawn_record_disappears_after_its_signal(
    published: Publish, desk: Desk, django_capture_on_commit_callbacks: Any
) -> None:
    record = published(title="关于河长制工作的通报")
    assert ids(search_public("河长制")) == [record.pk]
    with django_capture_on_commit_callbacks(execute=True):
        services.record_withdraw(actor=desk.leader, record=record, reason="内容有误")
    assert search_public("河长制").total == 0
    assert record.pk not in ix.indexed_ids()


def test_a_stale_index_entry_never_shows_a_withdrawn_record(
    published: Publish, desk: Desk, django_capture_on_commit_callbacks: Any
) -> None:
    record = published(title="关于林长制工作的通报")
    # The withdrawal commits but its index update has not run (yet).
    with django_capture_on_commit_callbacks(execute=False):
        services.record_withdraw(actor=desk.leader, record=record, reason="内容有误")
    assert record.pk in ix.indexed_ids()
    assert search_public("林长制").hits == []


def test_drafts_and_records_not_proactively_public_are_never_indexed(
    published: Publish, desk: Desk, django_capture_on_commit_callbacks: Any
) -> None:
    public = published(title="独角兽企业培育公开文件")
    unpublished = draft(desk, title="独角兽企业培育草稿")
    with django_capture_on_commit_callbacks(execute=True):
        on_request = publish(
            desk, title="独角兽企业培育依申请公开", disclosure=Disclosure.ON_REQUEST
        )
        withheld = publish(
            desk,
            title="独角兽企业培育不予公开",
            disclosure=Disclosure.WITHHELD,
            withhold_ground=WithholdGround.INTERNAL,
        )
    assert not on_request.is_public and not withheld.is_public
    for record in (unpublished, on_request, withheld):
        assert ix.index_record(record.pk) is False
    assert ix.indexed_ids() == {public.pk}
    ix.rebuild()
    assert ix.indexed_ids() == {public.pk}
    assert ids(search_public("独角兽企业培育")) == [public.pk]


def test_reindex_from_scratch_gives_the_same_results(
    corpus: list[Record], index_dir: Any
) -> None:
    queries = ["通知", "医疗保障", "政務公開", "闽医保[2023]7号", "2024", "pm2.5", "镇"]

    def answers() -> list[tuple[int, list[int], dict[str, dict[str, int]]]]:
        out = []
        for q in queries:
            r = search_public(q)
            out.append((r.total, sorted(ids(r)), r.facets))
        return out

    before = answers()
    assert all(total for total, _, _ in before)
    assert ix.rebuild() == len(corpus)
    assert answers() == before
    shutil.rmtree(ix.index_dir())
    assert not search_public("通知").ready
    ix.rebuild()
    assert answers() == before


def test_rebuild_in_worker_processes_gives_the_same_index(corpus: list[Record]) -> None:
    ix.rebuild(workers=0)
    before = [(q, sorted(all_ids_public(q))) for q in ("通知", "医疗", "镇", "12%")]
    ix.rebuild(workers=2)
    assert [(q, sorted(all_ids_public(q))) for q, _ in before] == before


def test_validity_change_is_reflected(
    published: Publish, desk: Desk, django_capture_on_commit_callbacks: Any
) -> None:
    record = published(title="城镇燃气安全管理办法", policy_class="normative")
    assert search_public("燃气").facets["validity"] == {Validity.VALID: 1}
    with django_capture_on_commit_callbacks(execute=True):
        services.record_set_validity(
            actor=desk.leader,
            record=record,
            validity=Validity.REPEALED,
            changed_on=timezone.localdate(),
            reason="已被新办法替代",
        )
    assert search_public("燃气").facets["validity"] == {Validity.REPEALED: 1}


def test_snippet_is_escaped_and_highlighted(published: Publish) -> None:
    published(
        title="<script>alert(1)</script>网格化服务管理",
        body="<p>&lt;b&gt;网格化服务管理&lt;/b&gt;要求如下。</p>",
    )
    (hit,) = search_public("网格化").hits
    assert "<script>" not in hit.title_html
    assert "&lt;script&gt;" in hit.title_html
    assert "<mark>网格化</mark>" in hit.title_html
    assert "&lt;b&gt;<mark>网格化</mark>服务管理&lt;/b&gt;" in hit.snippet


def test_every_term_must_occur(published: Publish) -> None:
    both = published(title="垃圾分类工作方案", body="<p>鼓楼区推进垃圾分类。</p>")
    published(title="垃圾分类宣传", body="<p>仓山区。</p>")
    assert ids(search_public("垃圾分类 鼓楼区")) == [both.pk]
    assert set(titles("垃圾分类")) == {"垃圾分类工作方案", "垃圾分类宣传"}


def test_attachment_text_is_searchable(
    index_dir: Any, desk: Desk, django_capture_on_commit_callbacks: Any
) -> None:
    record = draft(desk, title="关于公布项目清单的通知")
    revision = Record.objects.get(pk=record.pk).revisions.get()
    services.attachment_add(
        actor=desk.editor,
        revision=revision,
        name="清单.txt",
        data="序号\t项目\n1\t高标准农田建设示范片\n".encode(),
    )
    from gongkai.publications.tests.helpers import advance

    with django_capture_on_commit_callbacks(execute=True):
        advance(desk, record)
    (hit,) = search_public("农田建设示范").hits
    assert hit.record_id == record.pk
    assert "<mark>农田建设示范</mark>" in hit.snippet


def test_nothing_asked_and_nothing_published(index_dir: Any) -> None:
    assert not search_public("").searched
    result = search_public("政务公开")
    assert result.ready and result.searched
    assert result.total == 0 and result.hits == []


def test_a_missing_index_is_rebuilt_whole_by_the_next_update(
    published: Publish,
) -> None:
    first = published(title="海洋经济发展规划")
    shutil.rmtree(ix.index_dir())
    assert not search_public("海洋经济").ready
    second = published(title="海洋经济统计公报")
    assert set(ids(search_public("海洋经济"))) == {first.pk, second.pk}


def test_only_documents_containing_the_text_are_found(published: Publish) -> None:
    """Four-character runs are one token, longer ones a phrase narrowed by tokens:
    the characters must be adjacent and in order, never across punctuation."""
    whole = published(title="市医疗保障局工作要点", body="<p>医疗保障局。</p>")
    apart = published(
        title="医疗、保障局通知", body="<p>保障医疗局，医疗工作保障局。</p>"
    )
    for query in ("医疗保障", "医疗保障局", "市医疗保障局工", "疗保障局"):
        assert all_ids_public(query) == {whole.pk}, query
    assert all_ids_public("保障局") == {whole.pk, apart.pk}
