"""信息处理费（《政府信息公开信息处理费管理办法》，国办函〔2020〕109号）。

按件计收（第四条）：同一申请人一个自然月内累计申请10件以下（含10件）不收费；
11—30件的部分100元/件；31件以上的部分以10件为一档，每增加一档，
收费标准提高100元/件（31—40件200元/件，41—50件300元/件，依此类推）。
按量计收（第五条）：30页以下（含30页）不收费；31—100页的部分10元/页；
101—200页的部分20元/页；201页以上的部分40元/页。
两种标准均按超额累进方式计算（第三条），每件申请只能选用其中一种。
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

__all__ = ["FeeLine", "FeeResult", "FeeStandard", "fee_by_page", "fee_by_piece"]

_CENT = Decimal("0.01")


class FeeStandard(StrEnum):
    """计费标准：按件或按量（页）。"""

    BY_PIECE = "by_piece"
    BY_PAGE = "by_page"


@dataclass(frozen=True)
class FeeLine:
    """超额累进中的一档：第 first 至 last 件（页），共 count 件（页）。"""

    first: int
    last: int
    count: int
    unit_price: Decimal
    amount: Decimal
    label: str

    def to_json(self) -> dict[str, object]:
        """转为可 JSON 序列化的字典，金额为两位小数的字符串。"""
        return {
            "first": self.first,
            "last": self.last,
            "count": self.count,
            "unit_price": _money(self.unit_price),
            "amount": _money(self.amount),
            "label": self.label,
        }


@dataclass(frozen=True)
class FeeResult:
    """计费结果：标准、应收金额（元）和分档明细。"""

    standard: FeeStandard
    fee_yuan: Decimal
    breakdown: tuple[FeeLine, ...]

    def to_json(self) -> dict[str, object]:
        """转为可 JSON 序列化的字典，如 {"fee_yuan": "3000.00", "breakdown": [...]}。"""
        return {
            "standard": self.standard.value,
            "fee_yuan": _money(self.fee_yuan),
            "breakdown": [line.to_json() for line in self.breakdown],
        }


def _money(value: Decimal) -> str:
    return str(value.quantize(_CENT))


def _label(first: int, last: int, unit: str, price: Decimal) -> str:
    span = f"第{first}{unit}" if first == last else f"第{first}—{last}{unit}"
    if price == 0:
        return f"{span}，不收费"
    return f"{span}，{price:f}元/{unit}"


def _piece_band(n: int) -> tuple[int, int, Decimal]:
    """第 n 件所在的档：(档首, 档尾, 单价)。"""
    if n <= 10:
        return 1, 10, Decimal(0)
    if n <= 30:
        return 11, 30, Decimal(100)
    step = (n - 31) // 10
    first = 31 + step * 10
    return first, first + 9, Decimal(100 * (step + 2))


_PAGE_BANDS: tuple[tuple[int, int | None, Decimal], ...] = (
    (1, 30, Decimal(0)),
    (31, 100, Decimal(10)),
    (101, 200, Decimal(20)),
    (201, None, Decimal(40)),
)


def _build(
    standard: FeeStandard, lines: list[tuple[int, int, Decimal]], unit: str
) -> FeeResult:
    breakdown = tuple(
        FeeLine(
            first=first,
            last=last,
            count=last - first + 1,
            unit_price=price.quantize(_CENT),
            amount=(price * (last - first + 1)).quantize(_CENT),
            label=_label(first, last, unit, price),
        )
        for first, last, price in lines
    )
    total = sum((line.amount for line in breakdown), Decimal(0)).quantize(_CENT)
    return FeeResult(standard=standard, fee_yuan=total, breakdown=breakdown)


def fee_by_piece(*, previous: int, new: int) -> FeeResult:
    """按件计收（国办函〔2020〕109号第三条、第四条）。

    previous 为同一申请人本自然月此前已提出的申请件数，new 为本次计费的件数
    （通常为1；按“一事一申请”原则拆分时可大于1）。只对本次的 new 件收费，
    每件按其在当月累计序号所在的档计价。
    """
    if previous < 0:
        raise ValueError(
            f"本月此前的申请件数不能为负数（当前为{previous}），请填写0或正整数。"
        )
    if new < 1:
        raise ValueError(f"本次计费的申请件数必须至少为1件（当前为{new}），请核对。")
    lines: list[tuple[int, int, Decimal]] = []
    n = previous + 1
    last_n = previous + new
    while n <= last_n:
        _, band_last, price = _piece_band(n)
        upto = min(band_last, last_n)
        lines.append((n, upto, price))
        n = upto + 1
    return _build(FeeStandard.BY_PIECE, lines, "件")


def fee_by_page(*, pages: int) -> FeeResult:
    """按量计收（国办函〔2020〕109号第三条、第五条），按本件申请提供的页数计算。"""
    if pages < 1:
        raise ValueError(f"页数必须为正整数（当前为{pages}），请填写实际提供的页数。")
    lines: list[tuple[int, int, Decimal]] = []
    for first, last, price in _PAGE_BANDS:
        if pages < first:
            break
        upto = pages if last is None else min(last, pages)
        lines.append((first, upto, price))
    return _build(FeeStandard.BY_PAGE, lines, "页")
