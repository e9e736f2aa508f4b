"""Cells to exact Decimals: every accepted spelling, every refusal, and no float drift."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pipelines.issues import CATALOGUE, issue
from pipelines.numbers import ParsedNumber, format_decimal, parse_number, scale


def _ok(cell: object, expected: str, *, blank: bool = False, percent: bool = False) -> ParsedNumber:
    parsed = parse_number(cell)  # type: ignore[arg-type]
    assert parsed.error is None, (cell, parsed)
    assert parsed.value is not None
    assert parsed.value == Decimal(expected), (cell, parsed.value)
    assert format_decimal(parsed.value) == expected
    assert parsed.blank is blank
    assert parsed.percent is percent
    return parsed


# --- values that are numbers -----------------------------------------------------------------

NUMBERS: list[tuple[object, str]] = [
    (0, "0"),
    (12, "12"),
    (-3, "-3"),
    (10**20, "100000000000000000000"),
    (12.34, "12.34"),
    # a currency mark before an amount, as a finance office writes it
    ("￥1,921,370.72", "1921370.72"),
    ("¥ 356820.00", "356820"),
    ("￥(1,200)", "-1200"),
    (0.1, "0.1"),
    (12.0, "12"),
    (-0.0, "0"),
    (1e16, "10000000000000000"),
    (1e-7, "0.0000001"),
    (Decimal("12.340"), "12.34"),
    ("12", "12"),
    ("0", "0"),
    ("0.00", "0"),
    ("-0", "0"),
    ("12.3400", "12.34"),
    ("1.", "1"),
    (".5", "0.5"),
    ("007", "7"),
    # whitespace around the number: ASCII, full-width, NBSP, tabs and newlines
    (" 12 ", "12"),
    ("\t12\n", "12"),
    ("\u300012\u3000", "12"),
    ("12\u00a0", "12"),
    ("\r\n 12 \r\n", "12"),
    # full-width digits, point, minus, comma
    ("１２３", "123"),
    ("１２．５", "12.5"),
    ("－５", "-5"),
    ("１，２３４．５", "1234.5"),
    # thousands separators, only in groups of three
    ("1,234", "1234"),
    ("1,234,567", "1234567"),
    ("1,234,567.891", "1234567.891"),
    ("1，234，567", "1234567"),
    ("-1,234", "-1234"),
    ("1 234", "1234"),
    ("1 234 567", "1234567"),
    ("1\u2009234", "1234"),
    ("1\u202f234", "1234"),
    ("1\u00a0234", "1234"),
    # signs
    ("+5", "5"),
    ("-5", "-5"),
    ("−5", "-5"),  # U+2212 minus sign
    ("-12.5", "-12.5"),
    # scientific notation, as Excel writes large values into text
    ("1.2E+05", "120000"),
    ("1.2e5", "120000"),
    ("1E-3", "0.001"),
    ("１．２Ｅ＋０５", "120000"),
    # accounting parentheses
    ("(123)", "-123"),
    ("（123）", "-123"),
    ("(1,234.5)", "-1234.5"),
]


@pytest.mark.parametrize(("cell", "expected"), NUMBERS, ids=[repr(c) for c, _ in NUMBERS])
def test_numbers(cell: object, expected: str) -> None:
    _ok(cell, expected)


def test_float_uses_repr_not_binary_value() -> None:
    parsed = parse_number(12.34)
    assert parsed.value == Decimal("12.34")
    assert parsed.value != Decimal(12.34)  # what Decimal(float) would have given
    assert str(parsed.value) == "12.34"
    assert parse_number(0.1).value == Decimal("0.1")
    assert str(parse_number(1234.56).value) == "1234.56"


def test_int_is_exact() -> None:
    parsed = parse_number(123456789012345678)
    assert parsed.value == Decimal("123456789012345678")
    assert str(parsed.value) == "123456789012345678"


def test_params_carry_the_text_as_shown() -> None:
    assert parse_number(" 1,234 ").params == {"text": "1,234"}
    assert parse_number(12.0).params == {"text": "12"}
    assert parse_number(7).params == {"text": "7"}
    assert parse_number(None).params == {"text": ""}


# --- zero written as a placeholder -----------------------------------------------------------

BLANKS: list[object] = [None, "", "   ", "\u3000", "\n", "-", "—", "——", "－", "–", "/", "／", "\\", "无", " - ", "--"]


@pytest.mark.parametrize("cell", BLANKS, ids=[repr(c) for c in BLANKS])
def test_blank_means_zero(cell: object) -> None:
    _ok(cell, "0", blank=True)


def test_a_written_zero_is_not_blank() -> None:
    _ok("0", "0", blank=False)
    _ok(0, "0", blank=False)
    _ok(0.0, "0", blank=False)


# --- percentages -----------------------------------------------------------------------------

PERCENTS: list[tuple[str, str]] = [
    ("96.5%", "96.5"),
    ("96.5％", "96.5"),
    ("９６．５％", "96.5"),
    ("96.5 %", "96.5"),
    ("100%", "100"),
    ("0%", "0"),
    ("-2.5%", "-2.5"),
    ("1,234%", "1234"),
]


@pytest.mark.parametrize(("cell", "expected"), PERCENTS, ids=[c for c, _ in PERCENTS])
def test_percent_sign_is_reported_and_removed(cell: str, expected: str) -> None:
    _ok(cell, expected, percent=True)


def test_excel_percentage_cell_is_a_plain_float() -> None:
    # A cell formatted as % holds 0.965; only text carries the sign, the caller rescales floats.
    _ok(0.965, "0.965", percent=False)


# --- estimates (qualifiers) ------------------------------------------------------------------

QUALIFIED: list[tuple[str, str]] = [
    ("20多万元", "多"),
    ("近9.6万", "近"),
    ("约3000", "约"),
    ("大约3000", "大约"),
    ("3000多", "多"),
    ("1000余", "余"),
    ("20余人", "余"),
    ("3000左右", "左右"),
    ("100以上", "以上"),
    ("100以下", "以下"),
    ("不足100", "不足"),
    ("超过100", "超过"),
    ("逾千", "逾"),
    ("100上下", "上下"),
    ("几十", "几"),
    ("几百户", "几"),
    ("数百", "数"),
    ("数十万元", "数"),
    ("约96%", "约"),
    ("约１，２００", "约"),
    (" 近9.6万 ", "近"),
]


@pytest.mark.parametrize(("cell", "word"), QUALIFIED, ids=[c for c, _ in QUALIFIED])
def test_qualified_estimates_are_flagged_with_the_word(cell: str, word: str) -> None:
    parsed = parse_number(cell)
    assert parsed.value is None
    assert parsed.error == "value.qualified"
    assert parsed.params == {"text": cell.strip(), "word": word}
    assert parsed.blank is False


def test_qualified_issue_renders_in_chinese() -> None:
    parsed = parse_number("近9.6万")
    assert parsed.error is not None
    rendered = issue(parsed.error, file="东湖区2025Q3.xlsx", sheet="表二", cell="E7", **parsed.params).render()
    assert rendered.startswith("东湖区2025Q3.xlsx › 表二 › E7：“近9.6万”不是数字（含“近”，是估计值）")


# --- not numbers -----------------------------------------------------------------------------

NOT_NUMBERS: list[object] = [
    # units and magnitudes are never multiplied inside a cell
    "9.6万",
    "3000元",
    "12人",
    "5户",
    "12.5万元",
    "3亿",
    "100人次",
    # free text and Excel errors
    "见附表",
    "数据见附表1",  # contains 数, but is no estimate
    "多",
    "不详",
    "N/A",
    "n/a",
    "#REF!",
    "#DIV/0!",
    "#N/A",
    "#VALUE!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "nan",
    "NaN",
    "inf",
    "Infinity",
    "TRUE",
    "￥",
    "1￥",
    "￥￥5",
    "$5",
    # malformed numbers and bad grouping
    "1,23",
    "12,3456",
    "1,2345",
    ",123",
    "1,234 567",
    "123 45",
    "1  234",
    "1\n234",
    "1\t234",
    "1,5",  # a decimal comma is not guessed
    "1.2.3",
    "5-3",
    "--5",
    "+-5",
    "(-5)",
    "+",
    ".",
    "E5",
    "0x10",
    "1_000",
    "%",
    "一百",
    "1e400",
    "1" * 80,
    # cells that are not text or numbers
    True,
    False,
    dt.date(2025, 9, 30),
    dt.datetime(2025, 9, 30, 12, 0),
    dt.time(8, 30),
    dt.timedelta(days=1),
    float("nan"),
    float("inf"),
    Decimal("NaN"),
]


@pytest.mark.parametrize("cell", NOT_NUMBERS, ids=[repr(c)[:30] for c in NOT_NUMBERS])
def test_not_numbers(cell: object) -> None:
    parsed = parse_number(cell)  # type: ignore[arg-type]
    assert parsed.value is None
    assert parsed.error == "value.not_number"
    assert set(parsed.params) == {"text"}
    assert parsed.blank is False


def test_not_number_params_name_the_cell_text() -> None:
    assert parse_number(" 见附表 ").params == {"text": "见附表"}
    assert parse_number("#REF!").params == {"text": "#REF!"}
    assert parse_number(True).params == {"text": "TRUE"}
    assert parse_number(dt.date(2025, 9, 30)).params == {"text": "2025-09-30"}
    rendered = issue("value.not_number", **parse_number("9.6万").params).message
    assert rendered == "“9.6万”不是数字"


def test_every_error_code_is_in_the_catalogue() -> None:
    for cell in ["近9.6万", "见附表"]:
        code = parse_number(cell).error
        assert code in CATALOGUE


# --- scale and format_decimal ----------------------------------------------------------------


def test_scale_wan_to_yuan_is_exact() -> None:
    result = scale(Decimal("12.34"), 10000)
    assert result == Decimal("123400")
    assert format_decimal(result) == "123400"
    assert str(result) == "123400"
    assert result.as_tuple().exponent == 0


def test_scale_of_a_float_cell_is_exact() -> None:
    value = parse_number(0.1).value
    assert value is not None
    result = scale(value, 10000)
    assert result == Decimal("1000")
    assert str(result) == "1000"
    assert format_decimal(result) == "1000"


SCALES: list[tuple[str, int, str]] = [
    ("12.34", 10000, "123400"),
    ("0.0001", 10000, "1"),
    ("9.6", 10000, "96000"),
    ("1.23456", 10000, "12345.6"),
    ("123456789.123456", 10000, "1234567891234.56"),
    ("1.2E+5", 1, "120000"),
    ("0.965", 100, "96.5"),
    ("-2.5", 10000, "-25000"),
    ("0", 10000, "0"),
    ("-0.0", 10000, "0"),
    ("5", 1, "5"),
]


@pytest.mark.parametrize(("value", "factor", "expected"), SCALES, ids=[f"{v}x{f}" for v, f, _ in SCALES])
def test_scale(value: str, factor: int, expected: str) -> None:
    result = scale(Decimal(value), factor)
    assert result == Decimal(expected)
    assert format_decimal(result) == expected
    assert "E" not in str(result)


def test_scale_never_goes_through_float() -> None:
    # 0.1 + 0.2 style drift would show up here as 30000.000000000004.
    total = scale(Decimal("0.1"), 10000) + scale(Decimal("0.2"), 10000)
    assert format_decimal(total) == "3000"


FORMATS: list[tuple[str, str]] = [
    ("123400", "123400"),
    ("1.2344E+5", "123440"),
    ("1.2E+5", "120000"),
    ("0.5", "0.5"),
    ("0.50", "0.5"),
    ("1234.560", "1234.56"),
    ("1E-7", "0.0000001"),
    ("-0", "0"),
    ("-0.000", "0"),
    ("0E+3", "0"),
    ("-12.50", "-12.5"),
    ("100", "100"),
    ("1E+2", "100"),
]


@pytest.mark.parametrize(("value", "expected"), FORMATS, ids=[v for v, _ in FORMATS])
def test_format_decimal(value: str, expected: str) -> None:
    assert format_decimal(Decimal(value)) == expected


def test_parsed_values_have_no_exponent() -> None:
    for cell in ["1.2E+05", "1E+2", "12.3400", "100"]:
        value = parse_number(cell).value
        assert value is not None
        assert "E" not in str(value), cell
        if value == value.to_integral_value():
            assert value.as_tuple().exponent == 0, cell
