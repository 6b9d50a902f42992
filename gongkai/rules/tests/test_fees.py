from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.rules.fees import FeeStandard, fee_by_page, fee_by_piece


def test_35_applications_from_zero() -> None:
    r = fee_by_piece(previous=0, new=35)
    assert r.standard is FeeStandard.BY_PIECE
    assert r.fee_yuan == Decimal("3000.00")
    assert [(line.first, line.last, line.count) for line in r.breakdown] == [
        (1, 10, 10),
        (11, 30, 20),
        (31, 35, 5),
    ]
    assert [line.label for line in r.breakdown] == [
        "第1—10件，不收费",
        "第11—30件，100元/件",
        "第31—35件，200元/件",
    ]
    assert r.to_json() == {
        "standard": "by_piece",
        "fee_yuan": "3000.00",
        "breakdown": [
            {
                "first": 1,
                "last": 10,
                "count": 10,
                "unit_price": "0.00",
                "amount": "0.00",
                "label": "第1—10件，不收费",
            },
            {
                "first": 11,
                "last": 30,
                "count": 20,
                "unit_price": "100.00",
                "amount": "2000.00",
                "label": "第11—30件，100元/件",
            },
            {
                "first": 31,
                "last": 35,
                "count": 5,
                "unit_price": "200.00",
                "amount": "1000.00",
                "label": "第31—35件，200元/件",
            },
        ],
    }


def test_150_pages() -> None:
    r = fee_by_page(pages=150)
    assert r.standard is FeeStandard.BY_PAGE
    assert r.fee_yuan == Decimal("1700.00")
    assert r.to_json()["fee_yuan"] == "1700.00"
    assert [line.label for line in r.breakdown] == [
        "第1—30页，不收费",
        "第31—100页，10元/页",
        "第101—150页，20元/页",
    ]


@pytest.mark.parametrize(
    ("total", "fee"),
    [
        (1, "0.00"),
        (10, "0.00"),
        (11, "100.00"),
        (30, "2000.00"),
        (31, "2200.00"),
        (40, "4000.00"),
        (41, "4300.00"),
        (50, "7000.00"),
        (51, "7400.00"),
        (60, "11000.00"),
    ],
)
def test_piece_boundaries_cumulative(total: int, fee: str) -> None:
    assert fee_by_piece(previous=0, new=total).fee_yuan == Decimal(fee)


@pytest.mark.parametrize(
    ("previous", "price"),
    [
        (0, "0.00"),
        (9, "0.00"),
        (10, "100.00"),
        (29, "100.00"),
        (30, "200.00"),
        (34, "200.00"),
        (39, "200.00"),
        (40, "300.00"),
        (49, "300.00"),
        (50, "400.00"),
        (99, "800.00"),
        (100, "900.00"),
    ],
)
def test_single_application_price(previous: int, price: str) -> None:
    r = fee_by_piece(previous=previous, new=1)
    assert r.fee_yuan == Decimal(price)
    assert len(r.breakdown) == 1
    assert r.breakdown[0].first == r.breakdown[0].last == previous + 1


def test_previous_34_new_1() -> None:
    r = fee_by_piece(previous=34, new=1)
    assert r.fee_yuan == Decimal("200.00")
    assert r.breakdown[0].label == "第35件，200元/件"


def test_split_application_spanning_bands() -> None:
    r = fee_by_piece(previous=8, new=5)  # 第9—13件
    assert r.fee_yuan == Decimal("300.00")
    assert [line.label for line in r.breakdown] == [
        "第9—10件，不收费",
        "第11—13件，100元/件",
    ]


def test_charging_in_parts_equals_charging_at_once() -> None:
    whole = fee_by_piece(previous=0, new=73).fee_yuan
    parts = sum(
        (fee_by_piece(previous=i, new=1).fee_yuan for i in range(73)), Decimal(0)
    )
    assert whole == parts


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (1, "0.00"),
        (30, "0.00"),
        (31, "10.00"),
        (100, "700.00"),
        (101, "720.00"),
        (200, "2700.00"),
        (201, "2740.00"),
        (250, "4700.00"),
    ],
)
def test_page_boundaries(pages: int, fee: str) -> None:
    assert fee_by_page(pages=pages).fee_yuan == Decimal(fee)


def test_invalid_inputs_have_chinese_messages() -> None:
    with pytest.raises(ValueError, match="不能为负数"):
        fee_by_piece(previous=-1, new=1)
    with pytest.raises(ValueError, match="至少为1件"):
        fee_by_piece(previous=0, new=0)
    with pytest.raises(ValueError, match="至少为1件"):
        fee_by_piece(previous=0, new=-3)
    with pytest.raises(ValueError, match="页数必须为正整数"):
        fee_by_page(pages=0)
    with pytest.raises(ValueError, match="页数必须为正整数"):
        fee_by_page(pages=-5)
