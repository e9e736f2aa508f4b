"""Chinese sentences: numbers formatted the way briefings write them, honest edge cases."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from insights import fmt, narrative


@pytest.mark.parametrize(("value", "unit", "text"), [
    (123_456, "人", "12.3万人"), (9_876, "人", "9,876人"), (120_000_000, "元", "1.2亿元"), (0, "个", "0个"),
    (Decimal("1587654"), "人", "158.8万人"), (99_999, "人次", "10.0万人次"),
])
def test_amounts(value, unit, text):
    assert fmt.amount(value, unit) == text


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("27805700"), "2,780.57万元"), (Decimal("324566700"), "3.25亿元"), (0, "0.00万元"), (Decimal("99999999.99"), "10,000.00万元"),
])
def test_money_in_wan_then_yi(value, text):
    assert fmt.money(value) == text


def test_chart_titles_and_labels_use_the_unit_the_chart_shows():
    from insights import charts

    frame = pd.DataFrame({"区县": ["甲", "乙"], "code": ["a", "b"], "v": [8044.0, 29213.0]})
    fig = charts.bar_ranking(frame, label_col="区县", value_col="v", key_col="code", title="2026年1-9月 各区县参赛职工（人次）",
                             unit="人次", source="数据来源")
    assert fig.layout.title.text == "2026年1-9月 各区县参赛职工（万人次）"
    assert list(fig.data[0].text) == ["0.80万人次", "2.92万人次"]  # one precision per chart
    assert fig.layout.xaxis.title.text == "万人次"
    small = charts.bar_ranking(frame.assign(v=[80.0, 292.0]), label_col="区县", value_col="v", key_col="code",
                               title="各区县竞赛项目（项）", unit="项", source="数据来源")
    assert small.layout.title.text == "各区县竞赛项目（项）" and list(small.data[0].text) == ["80项", "292项"]


@pytest.mark.parametrize(("current", "previous", "rate", "text"), [
    (103, 100, False, "同比增长3.0%"),
    (97, 100, False, "同比下降3.0%"),
    (100, 100, False, "同比持平"),
    (5, None, False, "上年同期无数据"),
    (5, 0, False, "上年同期为0"),
    (Decimal("0.925"), Decimal("0.920"), True, "同比提高0.5个百分点"),
    (Decimal("0.915"), Decimal("0.920"), True, "同比下降0.5个百分点"),
    (Decimal("0.92"), Decimal("0.92"), True, "同比持平"),
    (None, 100, False, ""),
])
def test_year_on_year_wording(current, previous, rate, text):
    assert narrative.yoy(current, previous, rate=rate) == text


def test_quarter_on_quarter_wording():
    assert narrative.yoy(110, 100, what="环比") == "环比增长10.0%"
    assert narrative.yoy(1, None, what="环比") == "上期无数据"


def test_speech_sentences():
    assert narrative.coverage_sentence("全市", 9706, 1_587_654) == "全市共建立基层工会组织9,706个，工会会员158.8万人。"
    assert narrative.competition_sentence(8, 226_512) == "劳动竞赛涉及8个行业，覆盖22.7万人次职工。"
    assert narrative.competition_sentence(0, 0) == "本期尚未开展劳动竞赛。"
    assert narrative.aid_sentence(Decimal("27805700")) == "发放帮扶慰问资金2,780.57万元。"
    assert narrative.aid_sentence(Decimal("327805700"), {"送温暖慰问": Decimal("5011500"), "一线职工慰问": None}) == \
        "发放帮扶慰问资金3.28亿元，其中送温暖慰问501.15万元。"
    assert narrative.aid_sentence(0) == "本期尚未发放帮扶慰问资金。"
    assert narrative.aid_sentence(None) is None


def test_target_sentences():
    assert narrative.target_sentence("本年新发展会员", 109_000, 155_000, "人") == "本年新发展会员10.9万人，完成年度任务70.3%。"
    assert narrative.target_sentence("本年新发展会员", 5_000, None, "人") == "本年新发展会员5,000人（未下达年度任务）。"
    assert narrative.target_sentence("本年新发展会员", 5_000, 0, "人") == "本年新发展会员5,000人（未下达年度任务）。"


def test_best_and_lagging_districts():
    frame = pd.DataFrame({"区县": ["青石县", "高新区", "东湖区"], "rate": [0.939, 0.916, None]})
    assert narrative.leaders_sentence(frame, "rate", "区县", "入会率", rate=True) == "入会率最高的是青石县（93.9%），最低的是高新区（91.6%）。"
    assert narrative.leaders_sentence(frame.head(1), "rate", "区县", "入会率", rate=True) is None
    same = pd.DataFrame({"区县": ["甲", "乙"], "n": [5.0, 5.0]})
    assert narrative.leaders_sentence(same, "n", "区县", "新建工会", unit="个") == "各区县新建工会相同（5个）。"


def test_scope_names():
    assert narrative.scope_name("示例市", None) == "全市"
    assert narrative.scope_name("示例市", ["东湖区"]) == "东湖区"
    assert narrative.scope_name("示例市", ["东湖区", "西山区"]) == "所选2个区县"
