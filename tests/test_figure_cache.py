"""Charts are built once per data version, arguments and mode (ui.data.built, ui.page.Plot), the
overview's styled target table drawn once per data version and contents; a commit, a different frame
or presentation mode always draws a new one."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from insights import fmt
from pipelines.store import Store
from tests.browser import ROOT
from tests.builders import resync_current

CALLS: list[str] = []


def _summed(frame: pd.DataFrame, label: str) -> str:
    CALLS.append(label)
    return f"{label}{frame['v'].sum()}"


@pytest.fixture
def versions(monkeypatch):
    import ui.data

    version = ["v1"]
    monkeypatch.setattr(ui.data, "data_version", lambda: version[0])
    ui.data.clear_caches()
    CALLS.clear()
    yield version
    ui.data.clear_caches()


def test_a_built_value_is_kept_until_the_data_version_or_an_argument_changes(versions):
    from ui.data import built

    frame = pd.DataFrame({"v": [1, 2]})
    assert built(_summed, frame, "a") == "a3"
    assert built(_summed, frame.copy(), "a") == "a3"  # the same contents: from the cache
    assert CALLS == ["a"]
    assert built(_summed, pd.DataFrame({"v": [1, 5]}), "a") == "a6"  # other values, same shape
    assert built(_summed, frame, "b") == "b3"
    assert len(CALLS) == 3
    versions[0] = "v2"  # a commit, in any process
    assert built(_summed, frame, "a") == "a3"
    assert len(CALLS) == 4


def test_a_frame_too_long_to_hash_whole_is_never_a_key(versions):
    from ui.data import built

    long = pd.DataFrame({"v": [0] * 60_000})
    built(_summed, long, "a")
    long.loc[59_999, "v"] = 7  # a change Streamlit's sampled hash could miss
    assert built(_summed, long, "a") == "a7"
    assert CALLS == ["a", "a"]


def _ranking_hover(at: AppTest, key: str) -> list[str]:
    [found] = [c for c in at.get("plotly_chart") if c.proto.id.endswith(key)]
    return json.loads(found.proto.spec)["data"][0]["hovertext"]


def test_a_commit_redraws_the_cached_charts_and_table_and_presentation_mode_has_its_own(sample_db_copy, monkeypatch):
    monkeypatch.setenv("UNIONSTATS_DB", str(sample_db_copy))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    assert not at.exception
    s = Store.open(sample_db_copy)
    period = s.scalar("select max(period) from submissions where status = 'active'")
    one = "select value from current_observations where period = ? and district = 'donghu' and indicator = ? and breakdown = 'all'"
    before, joined = s.scalar(one, [period, "members"]), s.scalar(one, [period, "joined_ytd"])
    s.close()

    def joined_shown() -> float:
        table = at.dataframe[0].value
        return float(table.loc[table["区县"] == "东湖区", "本年累计新发展（人）"].iloc[0])

    assert f"东湖区：{fmt.grouped(before)}人" in _ranking_hover(at, "rank_members")
    assert joined_shown() == float(joined)
    at.run()  # the same run again: the same chart and table, from the cache
    assert f"东湖区：{fmt.grouped(before)}人" in _ranking_hover(at, "rank_members")
    assert joined_shown() == float(joined)

    s = Store.open(sample_db_copy)
    with s.transaction() as tx:  # a new data version
        tx.execute("update observations set value = value * 2 where period = ? and district = 'donghu' "
                   "and indicator in ('members', 'joined_ytd')", [period])
        resync_current(tx)
    s.close()
    at.run()
    assert not at.exception
    assert f"东湖区：{fmt.grouped(before * 2)}人" in _ranking_hover(at, "rank_members")
    assert joined_shown() == float(joined * 2)

    def layout(key: str) -> dict:
        [found] = [c for c in at.get("plotly_chart") if c.proto.id.endswith(key)]
        return json.loads(found.proto.spec)["layout"]

    from ui.present import CHART_HEIGHT, FONT

    assert layout("rank_members")["font"]["size"] != FONT
    at.session_state["present"] = True
    at.run()
    assert layout("rank_members")["font"]["size"] == FONT
    assert layout("rank_members")["height"] >= CHART_HEIGHT


def test_a_commit_redraws_the_cached_projection_table(sample_db_copy, monkeypatch):
    monkeypatch.setenv("UNIONSTATS_DB", str(sample_db_copy))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/membership.py").run()
    assert not at.exception

    def donghu_progress() -> float:
        [table] = [d.value for d in at.dataframe if "预计全年完成率" in d.value.columns and "推算方法" in d.value.columns]
        return float(table.loc[table["区县"] == "东湖区", "完成年度任务"].iloc[0])

    before = donghu_progress()
    at.run()  # replayed from the cache
    assert donghu_progress() == before
    s = Store.open(sample_db_copy)
    period = s.scalar("select max(period) from submissions where status = 'active'")
    with s.transaction() as tx:
        tx.execute("update observations set value = value * 2 where period = ? and district = 'donghu' and indicator = 'joined_ytd'", [period])
        resync_current(tx)
    s.close()
    at.run()
    assert not at.exception
    assert donghu_progress() == pytest.approx(before * 2, abs=0.2)
