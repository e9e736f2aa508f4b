"""One source of truth (issue 15): a new indicator added to indicators.csv — a count on 表三 with a
synonym — is read from a return, checked, stored, exported and explained in 指标说明, and a new ratio
added to ratios.csv with a row in kpis.csv shows on its page's KPI row, with no Python change."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from insights import fmt
from pipelines.config import REGISTRY_DIR
from pipelines.registry import load_registry
from tests.browser import ROOT
from tests.builders import consistent_values, write_return

NEW = {"code": "skill_training", "form": "competitions", "name": "技能培训人次", "unit": "人次", "kind": "Y", "parent": "",
       "layout": "column", "synonyms": "技能培训|培训职工人次", "formula": "", "sort_order": "99", "disjoint": ""}


def _append(path, row: dict[str, str]) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        fields = next(csv.reader(fh))
    with open(path, "a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=fields, lineterminator="\n").writerow({k: row.get(k, "") for k in fields})


def test_a_new_indicator_and_ratio_need_no_python(tmp_path, monkeypatch):
    reg_dir = tmp_path / "registry"
    shutil.copytree(REGISTRY_DIR, reg_dir)
    _append(reg_dir / "indicators.csv", NEW)
    _append(reg_dir / "ratios.csv", {"code": "training_share", "name": "技能培训人次占参赛职工比例", "numerator": "skill_training",
                                     "denominator": "participants", "unit": "%"})
    _append(reg_dir / "kpis.csv", {"page": "competitions", "label": "技能培训占参赛比例", "measure": "training_share", "higher_is_better": "1"})
    reg = load_registry(reg_dir)

    values = consistent_values(reg, "competitions")
    path = write_return(tmp_path / "东湖区2026年第三季度表三.xlsx", reg, "donghu", "2026-Q3", "competitions", values)
    wb = load_workbook(path)  # the district writes the column under a synonym, not the registry's name
    ws = wb.active
    header = next(c for c in ws[3] if c.value == "技能培训人次（人次）")
    header.value = "培训职工人次"
    wb.save(path)

    env = {"UNIONSTATS_REGISTRY": str(reg_dir), "UNIONSTATS_DB": str(tmp_path / "db.duckdb")}
    run = lambda *a: subprocess.run([sys.executable, "-m", "pipelines", *a], cwd=ROOT, capture_output=True, text=True,  # noqa: E731
                                    env={**__import__("os").environ, **env}, timeout=120)
    done = run("ingest", str(path))
    assert done.returncode == 0, done.stdout + done.stderr
    out = tmp_path / "export.csv"
    assert run("export", "--out", str(out)).returncode == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        exported = {(r["indicator"], r["breakdown"]): Decimal(r["value"]) for r in csv.DictReader(fh) if r["indicator"] == "skill_training"}
    assert exported == {k: Decimal(v) for k, v in values.items() if k[0] == "skill_training"}

    for k, v in env.items():
        monkeypatch.setenv(k, v)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/glossary.py").run()
    assert not at.exception
    glossary = "\n".join(t.value.to_csv() for t in at.table)
    assert "技能培训人次" in glossary and "培训职工人次" in glossary
    at.switch_page("pages/competitions.py").run()
    assert not at.exception, [e.value for e in at.exception]
    cards = {m.label.split("（")[0]: m.value for m in at.metric}  # one district reported: "（1/10个区县）" follows
    share = Decimal(values[("skill_training", "all")]) / Decimal(values[("participants", "all")])
    assert cards["技能培训占参赛比例"] == fmt.percent(share, 2)


def test_every_city_setting_is_read_and_an_unread_one_is_refused(tmp_path):
    """city.csv holds only keys the program reads; a year starting in another month is refused, saying why."""
    reg_dir = tmp_path / "registry"
    shutil.copytree(REGISTRY_DIR, reg_dir)
    sources = "\n".join(p.read_text(encoding="utf-8") for folder in ("pipelines", "insights", "ui", "pages") for p in (ROOT / folder).glob("*.py"))
    for key in load_registry(reg_dir).city:
        assert f'city["{key}"]' in sources or f"city['{key}']" in sources or f'city.get("{key}"' in sources, key
    october = tmp_path / "october"  # load_registry is cached per folder
    shutil.copytree(REGISTRY_DIR, october)
    with open(october / "city.csv", "a", encoding="utf-8") as fh:
        fh.write("year_start_month,10\n")
    with pytest.raises(ValueError, match="统计年度按自然年计算.*year_start_month"):
        load_registry(october)
