"""预计全年完成 on the sample city, against numbers computed here from the sample's truth.csv (the values
the generator wrote), not through insights.projection's own helpers."""

from __future__ import annotations

import csv
import dataclasses
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from insights import projection as pj
from pipelines.registry import Indicator
from pipelines.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def truth(sample) -> dict[tuple[str, str, str], float]:
    """(district, period, indicator) -> value of the 合计 row."""
    with open(sample.truth, encoding="utf-8") as fh:
        return {(r["district"], r["period"], r["indicator"]): float(r["value"])
                for r in csv.DictReader(fh) if r["breakdown"] == "all"}


@pytest.fixture(scope="module")
def sample_store(sample_db):
    store = Store.open(sample_db, read_only=True)
    yield store
    store.close()


def _median(values: list[float]) -> float:
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def _own_shares(truth, district: str, year: int, quarter: int) -> list[float]:
    return [truth[(district, f"{y}-Q{quarter}", "joined_ytd")] / truth[(district, f"{y}-Q4", "joined_ytd")]
            for y in range(2023, year) if (district, f"{y}-Q4", "joined_ytd") in truth]


def _city_shares(truth, registry, year: int, quarter: int) -> list[float]:
    shares = []
    for y in range(2023, year):
        got = [d.code for d in registry.districts if (d.code, f"{y}-Q4", "joined_ytd") in truth]
        shares.append(sum(truth[(d, f"{y}-Q{quarter}", "joined_ytd")] for d in got)
                      / sum(truth[(d, f"{y}-Q4", "joined_ytd")] for d in got))
    return shares


def test_the_dictionary_gives_one_target_today_and_any_new_target_is_found(registry):
    pairs = pj.target_pairs(registry)
    assert [(p.ytd, p.target, p.progress, p.what) for p in pairs] == [("joined_ytd", "joined_target", "target_progress", "新发展会员")]
    extra = (
        Indicator("competitions_target", "competitions", "竞赛项目任务", "项", "T", "", "column", (), "", 20),
        Indicator("competitions_progress", "competitions", "竞赛任务完成率", "%", "D", "", "none", (), "竞赛项目数 ÷ 竞赛项目任务", 21),
    )
    more = dataclasses.replace(registry, indicators=registry.indicators + extra)
    assert [p.ytd for p in pj.target_pairs(more)] == ["joined_ytd", "competitions"]
    assert pj.target_pair(more, "competitions_target").what == "竞赛项目数"


def test_each_district_uses_its_own_years_when_it_has_two(sample_store, registry, truth):
    frame = pj.projection(sample_store, registry, "2026-Q2")
    rows = frame[frame["level"] == "district"].set_index("district")
    assert list(rows.index) == [d.code for d in registry.districts]
    for d in registry.districts:
        shares = _own_shares(truth, d.code, 2026, 2)
        assert len(shares) == (2 if d.code == "jingkai" else 3)
        done = truth[(d.code, "2026-Q2", "joined_ytd")]
        target = truth[(d.code, "2026-Q2", "joined_target")]
        row = rows.loc[d.code]
        assert row["method"] == f"本区往年进度（{len(shares)}年中位数）"
        assert row["ytd"] == done and row["target"] == target
        assert row["projected"] == pytest.approx(done / _median(shares), rel=1e-12)
        assert row["low"] == pytest.approx(done / max(shares), rel=1e-12)
        assert row["high"] == pytest.approx(done / min(shares), rel=1e-12)
        rate = done / _median(shares) / target
        assert row["projected_rate"] == pytest.approx(rate, rel=1e-12)
        assert row["status"] == ("绿" if rate >= 1 else "黄" if rate >= 0.9 else "红")
        assert row["low_rate"] <= row["projected_rate"] <= row["high_rate"]
    city = frame[frame["level"] == "city"].iloc[0]
    expected = sum(truth[(d.code, "2026-Q2", "joined_ytd")] / _median(_own_shares(truth, d.code, 2026, 2)) for d in registry.districts)
    assert city["区县"] == "全市"
    assert city["projected"] == pytest.approx(expected, rel=1e-12)
    assert city["target"] == sum(truth[(d.code, "2026-Q2", "joined_target")] for d in registry.districts)


def test_a_district_with_one_year_uses_the_city_pattern(sample_store, registry, truth):
    # 2025: 经开区 reports from 2024 on, so it has one earlier year of its own; the city has two.
    frame = pj.projection(sample_store, registry, "2025-Q3").set_index("district")
    shares = _city_shares(truth, registry, 2025, 3)
    assert len(shares) == 2
    row = frame.loc["jingkai"]
    assert row["method"] == "全市往年进度（2年中位数）"
    done = truth[("jingkai", "2025-Q3", "joined_ytd")]
    assert row["projected"] == pytest.approx(done / _median(shares), rel=1e-12)
    assert (row["low"], row["high"]) == (pytest.approx(done / max(shares)), pytest.approx(done / min(shares)))
    assert frame.loc["donghu", "method"] == "本区往年进度（2年中位数）"
    # 2024: nobody has two years yet, so everybody uses the city's 2023.
    frame = pj.projection(sample_store, registry, "2024-Q1")
    districts = frame[frame["level"] == "district"]
    assert set(districts["method"]) == {"全市往年进度（1年中位数）"}
    (share,) = _city_shares(truth, registry, 2024, 1)
    for r in districts.itertuples():
        assert r.projected == pytest.approx(truth[(r.district, "2024-Q1", "joined_ytd")] / share, rel=1e-12)


def test_straight_line_without_any_history_and_the_year_itself_at_q4(sample_store, registry, truth):
    frame = pj.projection(sample_store, registry, "2023-Q3")
    districts = frame[frame["level"] == "district"].set_index("district")
    assert "jingkai" not in districts.index  # it did not report in 2023
    assert set(districts["method"]) == {"按时间直线推算"}
    assert districts.loc["xishan", "projected"] == pytest.approx(truth[("xishan", "2023-Q3", "joined_ytd")] / 0.75)
    assert districts["low"].isna().all()  # no years, no range
    at_q4 = pj.projection(sample_store, registry, "2025-Q4").set_index("district")
    assert at_q4.loc["baisha", "projected"] == truth[("baisha", "2025-Q4", "joined_ytd")]
    assert at_q4.loc["baisha", "method"] == "全年数已报（第四季度）"


def test_a_district_filter_projects_only_those_districts(sample_store, registry, truth):
    frame = pj.projection(sample_store, registry, "2026-Q1", districts=("donghu", "xishan"))
    assert list(frame["district"]) == ["donghu", "xishan", ""]
    city = frame.iloc[-1]
    assert city["区县"] == "所选2个区县"
    # the pattern stays each district's own; the city pattern would come from every district
    expected = sum(truth[(d, "2026-Q1", "joined_ytd")] / _median(_own_shares(truth, d, 2026, 1)) for d in ("donghu", "xishan"))
    assert city["projected"] == pytest.approx(expected, rel=1e-12)


def test_the_sentence_for_the_speech(sample_store, registry, truth):
    pair = pj.target_pair(registry)
    frame = pj.projection(sample_store, registry, "2026-Q3")
    sentence = pj.speech_sentence(frame, pair, "2026-Q3")
    projected = {d.code: truth[(d.code, "2026-Q3", "joined_ytd")] / _median(_own_shares(truth, d.code, 2026, 3))
                 for d in registry.districts}
    rates = {c: v / truth[(c, "2026-Q3", "joined_target")] for c, v in projected.items()}
    total = sum(projected.values())
    city_rate = total / sum(truth[(d.code, "2026-Q3", "joined_target")] for d in registry.districts)
    short = sorted((r, c) for c, r in rates.items() if r < 1)
    names = {d.code: d.name for d in registry.districts}
    expected = (f"按目前进度，预计全年新发展会员{total / 1e4:.1f}万人，完成年度任务{city_rate * 100:.1f}%；"
                f"{len(short)}个区县可能完不成：" + "、".join(f"{names[c]}（预计{r * 100:.1f}%）" for r, c in short) + "。")
    assert sentence == expected
    assert "按时间直线推算" in pj.method_text(pair) and "中位数" in pj.method_text(pair)


def test_the_projection_reads_only_its_quarters_and_any_order_of_rows_gives_the_same_figures(sample_store, registry):
    # projection() reads the chosen quarter and Q4 only (ytd_for_projection.sql, unordered); project() over the
    # whole history, in any row order, must give exactly the same frame, city sums to the last digit.
    from pandas.testing import assert_frame_equal

    pair = pj.target_pair(registry)
    history = pj.ytd_history(sample_store, (pair.ytd, pair.target))
    shuffled = history.sample(frac=1, random_state=7).reset_index(drop=True)
    periods = sorted({f"{y}-Q{q}" for y, q in zip(history["year"], history["quarter"], strict=True)})
    assert len(periods) >= 12
    for period in periods:
        for districts in (None, ("donghu", "jingkai")):
            read = pj.projection(sample_store, registry, period, districts=districts)
            assert_frame_equal(read, pj.project(history, registry, period, pair, districts), check_exact=True)
            assert_frame_equal(read, pj.project(shuffled, registry, period, pair, districts), check_exact=True)


def test_status_thresholds_and_range_text():
    assert [pj.status_of(v) for v in (1.2, 1.0, 0.9999, 0.9, 0.8999, float("nan"))] == ["绿", "绿", "黄", "黄", "红", ""]
    assert pj.range_text(0.921, 1.036) == "92%–104%"
    assert pj.range_text(0.981, 0.981) == "98%"
    assert pj.range_text(float("nan"), float("nan")) == "—"


def test_the_backtest_prints_a_typical_error(sample_db):
    done = subprocess.run([sys.executable, "bench/backtest.py", "--db", str(sample_db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "typical error (median absolute): city" in done.stdout
    for year in (2023, 2024, 2025):
        for q in (1, 2, 3):
            assert f"{year}  Q{q}" in done.stdout


def test_a_year_with_nothing_done_by_the_quarter_is_left_out_not_divided_by(registry):
    """东湖区 did nothing by Q2 in 2024 (all of it later): that year gives no share; its other years do."""
    import math

    import pandas as pd

    from insights.projection import project, target_pair

    rows = []
    for year, q2, q4 in ((2023, 400.0, 1000.0), (2024, 0.0, 1000.0), (2025, 500.0, 1000.0)):
        rows += [("donghu", year, 2, "joined_ytd", q2), ("donghu", year, 4, "joined_ytd", q4)]
    rows += [("donghu", 2026, 2, "joined_ytd", 450.0), ("donghu", 2026, 2, "joined_target", 1000.0)]
    history = pd.DataFrame(rows, columns=["district", "year", "quarter", "indicator", "value"])
    frame = project(history, registry, "2026-Q2", target_pair(registry, "joined_ytd"), ("donghu",))
    row = frame[frame["district"] == "donghu"].iloc[0]
    assert math.isfinite(row["projected"])
    assert row["projected"] == 450.0 / 0.45  # the median of 40% and 50%, the 0% year left out


@pytest.mark.parametrize(("period", "said"), [("2026-Q3", "可能完不成，预计完成率最低的10个："), ("2026-Q4", "未完成，完成率最低的10个：")])
def test_a_speech_names_the_ten_slowest_of_many_short_districts(period, said):
    """25 districts short of their task (a province): the sentence counts all 25 and names the 10 slowest,
    slowest first; 10 short districts are all named."""
    pair = pj.TargetPair("joined_ytd", "joined_target", "target_progress", "本年累计新发展会员", "年度发展任务", "人")
    rates = [0.5 + k / 100 for k in range(25)]  # district 0 slowest
    rows = [{"level": "district", "区县": f"第{k}区", "projected_rate": r, "projected": 100.0} for k, r in reversed(list(enumerate(rates)))]
    rows += [{"level": "district", "区县": "达标区", "projected_rate": 1.2, "projected": 100.0}]
    city = {"level": "city", "区县": "全市", "projected_rate": 0.8, "projected": 2600.0}
    sentence = pj.speech_sentence(pd.DataFrame([*rows, city]), pair, period)
    word = "完成" if period.endswith("Q4") else "预计"
    expected = "25个区县" + said + "、".join(f"第{k}区（{word}{rates[k] * 100:.1f}%）" for k in range(10)) + "。"
    assert sentence.endswith(expected), sentence
    assert "第10区" not in sentence and "达标区" not in sentence

    ten = pd.DataFrame([*rows[-11:], city])  # 第9区 … 第0区 and 达标区
    sentence = pj.speech_sentence(ten, pair, period)
    assert sentence.endswith("10个区县" + ("未完成" if word == "完成" else "可能完不成") + "："
                             + "、".join(f"第{k}区（{word}{rates[k] * 100:.1f}%）" for k in range(10)) + "。"), sentence
