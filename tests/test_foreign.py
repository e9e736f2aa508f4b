"""Returns written by people who never read the parser (tests/foreign/<author>/), from the data
contract alone, each with the observations its author expects: every accepted file must yield exactly
those, every reject file must be rejected, and a correction must supersede what it corrects.

Grow the corpus whenever a new style is seen: a new folder, or new files in one (see its build.py).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.config import settings_for
from pipelines.ledger import Ledger
from pipelines.planning import Planner
from pipelines.store import Store

FOREIGN = Path(__file__).parent / "foreign"
AUTHORS = sorted(p.name for p in FOREIGN.iterdir() if (p / "manifest.csv").exists())


def _manifest(author: str) -> list[dict[str, str]]:
    with open(FOREIGN / author / "manifest.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# An author's expectation that contradicts the contract in every file of theirs, and what the product does
# instead: (author, indicator) -> (reason, factor applied to the author's value).
DISPUTED_UNITS = {
    ("year_end", "economic_benefit"): (
        "表三's header says 创经济效益（万元） but the author expects the cells' figures in 元 (18705300 for a "
        "cell showing 18705300). The contract says the label's unit wins: the product stores 万元 × 10,000.",
        Decimal(10000),
    ),
}


def _expected(author: str) -> dict[str, dict[tuple[str, str, str, str], Decimal]]:
    found: dict[str, dict[tuple[str, str, str, str], Decimal]] = defaultdict(dict)
    with open(FOREIGN / author / "expected.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            factor = DISPUTED_UNITS.get((author, r["indicator"]), ("", Decimal(1)))[1]
            found[r["file"]][(r["district"], r["period"], r["indicator"], r["breakdown"])] = Decimal(r["value"]) * factor
    return found


# Judgement calls where an author and the product disagree and the data contract is silent: the
# product's decision is tested here, with its reason, until the city settles it.
DISPUTED = {
    ("other_years", "经开区2025年二季度报表.xlsx"): (
        "表三!G5 is the text “1.2e3”. The author would reject it; the product reads it as exactly 1200, because Excel "
        "and WPS write large numbers into text cells in this notation and nothing is guessed (its 合计 agrees).",
        ("jingkai", "2025-Q2", "suggestions_made", "manufacturing"), Decimal(1200),
    ),
}
# Files an author expects read whose layout the product refuses, with the message it gives instead: the
# analyst is told what to change, nothing is stored, until the layout is seen often enough to be read.
REFUSED_LAYOUTS = {
    ("merged_offices", "西山区2025年第三季度统计报表.xlsx"): (
        "The four forms have no 合计 rows; the totals sit in a separate 汇总 sheet. Which 汇总 row belongs to which "
        "form is not guessed: each form says it has no 合计 row, and 汇总 read as a second copy of each form conflicts.",
        "row.no_total",
    ),
    ("merged_offices", "西山区2025年第三季度统计报表（更正）.xlsx"): ("The same layout, corrected.", "row.no_total"),
    ("merged_offices", "临江县2025年四季度统计报表.xlsx"): (
        "表一 and 表三 are typed mirrored for a right-to-left sheet view (labels in the last column): the header is "
        "said to name none of the form's indicators; the district is asked to send the sheets left to right.",
        "header.unrecognised",
    ),
    ("merged_offices", "青石县2025年1-9月劳动竞赛统计表.xlsx"): (
        "表三 as one row 91 columns wide (industries as merged column groups of ten indicators): the header is said to "
        "name none of the form's indicators; the district is asked for the template's rows.",
        "header.unrecognised",
    ),
    ("year_end", "临江县2025财年工会统计报表.xlsx"): (
        "Sheets named FY2025-1 … FY2025-4 (their order, not quarters) under a title saying 2025财年第四季度: "
        "\"2025-3\" reads as March 2025, so the sheet names and the title disagree and the period is not guessed.",
        "period.conflict",
    ),
    ("year_end", "东湖区2025年报（终稿）.xlsx"): (
        "表二's 期初会员数 column is headed 年初数 (the start of the year) while it holds the quarter's opening "
        "figure: 年初 is not 期初 in a fourth-quarter return, so the column is asked about, not guessed.",
        "header.unknown_label",
    ),
    ("year_end", "东湖区2025年报（终稿2）.xlsx"): ("The same 年初数 header.", "header.unknown_label"),
    ("year_end", "东湖区2025年报（终稿2）（修改）.xlsx"): ("The same 年初数 header.", "header.unknown_label"),
    ("finance_office", "南港区总工会2026年1-3月帮扶慰问（横排）.xlsx"): (
        "表四 transposed (indicators as rows) and split in two stacked tables, the funding sources in the second: "
        "read as two halves of one form, neither complete; the district is asked for one table.",
        "check.duplicate_conflict",
    ),
}
CASES = [(a, row["file"], row["expect"]) for a in AUTHORS for row in _manifest(a)
         if (a, row["file"]) not in DISPUTED and (a, row["file"]) not in REFUSED_LAYOUTS]


def test_the_corpus_is_large_and_varied():
    assert len(AUTHORS) >= 3
    assert len(CASES) >= 30
    assert all((a, n) in {(x, r["file"]) for x in AUTHORS for r in _manifest(x)} for a, n in DISPUTED)
    for author in AUTHORS:
        on_disk = {p.name for p in (FOREIGN / author / "files").iterdir()}
        assert on_disk == {row["file"] for row in _manifest(author)}, author


@pytest.mark.parametrize(("author", "name", "expect"), CASES, ids=[f"{a}/{n}" for a, n, _ in CASES])
def test_foreign_return(author, name, expect, registry):
    planner = Planner(registry)
    plans = planner.plan(planner.read([FOREIGN / author / "files" / name]))
    assert len(plans) == 1
    plan = plans[0]
    errors = [i.render() for i in plan.errors]
    if expect == "reject":
        assert errors, f"{name} should be rejected"
        return
    assert errors == [], name
    got = {(r.ret.district, r.ret.period, o.indicator, o.breakdown): o.value for r in plan.returns for o in r.ret.observations}
    want = _expected(author)[name]
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    wrong = sorted((k, got[k], want[k]) for k in set(got) & set(want) if got[k] != want[k])
    assert (missing[:10], extra[:10], wrong[:10]) == ([], [], []), f"{name}: {len(missing)} missing, {len(extra)} extra, {len(wrong)} wrong"


@pytest.mark.parametrize(("author", "name"), sorted(DISPUTED), ids=[f"{a}/{n}" for a, n in sorted(DISPUTED)])
def test_disputed_return_gets_the_products_decision(author, name, registry):
    _reason, key, value = DISPUTED[(author, name)]
    planner = Planner(registry)
    [plan] = planner.plan(planner.read([FOREIGN / author / "files" / name]))
    assert plan.accepted, [i.render() for i in plan.errors]
    got = {(r.ret.district, r.ret.period, o.indicator, o.breakdown): o.value for r in plan.returns for o in r.ret.observations}
    assert got[key] == value


@pytest.mark.parametrize(("author", "name"), sorted(REFUSED_LAYOUTS), ids=[f"{a}/{n}" for a, n in sorted(REFUSED_LAYOUTS)])
def test_a_refused_layout_is_rejected_with_a_message_saying_why(author, name, registry):
    _reason, code = REFUSED_LAYOUTS[(author, name)]
    planner = Planner(registry)
    [plan] = planner.plan(planner.read([FOREIGN / author / "files" / name]))
    assert not plan.accepted
    assert code in {i.code for i in plan.errors}, [i.render() for i in plan.errors]


CORRECTIONS = [(a, row["file"], row["corrects"]) for a in AUTHORS for row in _manifest(a)
               if row["corrects"] and (a, row["file"]) not in REFUSED_LAYOUTS]


@pytest.mark.parametrize(("author", "name", "first"), CORRECTIONS, ids=[f"{a}/{n}" for a, n, _ in CORRECTIONS])
def test_a_correction_supersedes_the_first_version(author, name, first, registry, tmp_path):
    store = Store.open(tmp_path / "db.duckdb")
    ledger = Ledger(store, registry, settings_for(tmp_path / "db.duckdb"))
    files = FOREIGN / author / "files"
    first_expect = {row["file"]: row["expect"] for row in _manifest(author)}[first]
    [plan] = ledger.ingest(ledger.planner.read([files / first]), actor="测试")
    assert plan.accepted == (first_expect == "accept"), [i.render() for i in plan.errors]
    [plan] = ledger.ingest(ledger.planner.read([files / name]), actor="测试")
    assert plan.accepted, [i.render() for i in plan.errors]
    # A correction of a stored return supersedes it; one of a rejected file is simply the first version; one
    # that changes no number (a title's typo) leaves the stored version as it is.
    statuses = {r.status for r in plan.returns}
    if first_expect == "accept" and _expected(author)[name] == _expected(author)[first]:
        assert statuses == {"unchanged"}
    else:
        assert statuses <= ({"supersede", "unchanged"} if first_expect == "accept" else {"new"})
        assert ("supersede" if first_expect == "accept" else "new") in statuses
    stored = {(d, p, i, b): Decimal(v) for d, p, i, b, v in ledger.export_rows()}
    assert stored == _expected(author)[name]
    store.close()


def test_comparison_columns_are_one_note_per_table_not_one_per_column(registry):
    """本期 | 上年同期 | 同比 beside every indicator: the 上年同期 and 同比 columns are not stored, and the
    review says so once per table, naming the range, instead of dozens of warnings."""
    planner = Planner(registry)
    [plan] = planner.plan(planner.read([FOREIGN / "sector_unions" / "files" / "东湖区总工会2025年二季度统计报表（含同期对比）.xlsx"]))
    assert plan.accepted
    notes = [i for i in plan.all_issues if i.code.startswith("header.extra_column")]
    assert [i.code for i in notes] == ["header.extra_columns"] * 4
    assert notes[0].message.startswith("24 列不是本表的数据，未导入（上年同期、同比±%；")
