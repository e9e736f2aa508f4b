"""The parser's shortcut for whole-number cells gives exactly what the general path gives (issue 3)."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from pipelines.cells import whole_number
from pipelines.numbers import parse_number, scale

rng = random.Random(3)
CELLS: list[object] = [0.0, -0.0, 1.0, -5.0, 7, -3, 0, 10**14, 999_999_999_999_999.0, -999_999_999_999_999.0,
                       *(float(rng.randint(-10**15 + 1, 10**15 - 1)) for _ in range(2000)), *(rng.randint(-10**15, 10**15) for _ in range(200))]


@pytest.mark.parametrize("factor", [1, 1_000, 10_000, 100_000_000])
def test_whole_numbers_match_the_general_path_digit_for_digit(factor):
    for cell in CELLS:
        fast = whole_number(cell, factor)
        general = parse_number(cell).value  # type: ignore[arg-type]
        assert fast is not None and general is not None
        expected = scale(general, factor)
        assert (fast, fast.as_tuple()) == (expected, expected.as_tuple()), cell


@pytest.mark.parametrize("cell", [0.5, 1e15, -1e15, 2.0**52, 1e20, float("nan"), float("inf"), True, "12", None, Decimal(3)])
def test_anything_else_takes_the_general_path(cell):
    assert whole_number(cell, 1) is None
