"""Every reference sample in tests/quirks/files (one real-world quirk each) yields exactly the
observations in tests/quirks/expected_<form>.csv, for 东湖区 2025-Q3, with no error."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.planning import Planner

QUIRKS = Path(__file__).parent / "quirks"
# Quirks that must also be reported (as warnings, never as errors); every other sample has none.
EXPECTED_WARNINGS = {
    "label_unit_wins": {"unit.conflict"},  # label says 元, unit line says 万元: the label wins
    "label_unit_wan": {"unit.conflict"},  # label says 万元, unit line says 元
    "hidden_sheet": {"sheet.hidden"},  # a hidden helper sheet of text is said to be hidden, then skipped
}


def manifest() -> list[tuple[str, str, str]]:
    with open(QUIRKS / "manifest.csv", encoding="utf-8", newline="") as fh:
        return [(r["file"], r["form"], r["quirk"]) for r in csv.DictReader(fh)]


def expected(form: str) -> dict[tuple[str, str], Decimal]:
    with open(QUIRKS / f"expected_{form}.csv", encoding="utf-8", newline="") as fh:
        return {(r["indicator"], r["breakdown"]): Decimal(r["value"]) for r in csv.DictReader(fh)}


def test_every_sample_file_is_in_the_manifest():
    listed = {f for f, _, _ in manifest()}
    on_disk = {p.name for p in (QUIRKS / "files").iterdir()}
    assert listed == on_disk
    assert len(listed) >= 35


@pytest.mark.parametrize(("name", "form", "quirk"), manifest(), ids=[m[0] for m in manifest()])
def test_quirk_yields_expected_observations(name, form, quirk, registry):
    planner = Planner(registry)
    plans = planner.plan(planner.read([QUIRKS / "files" / name]))
    assert len(plans) == 1
    plan = plans[0]
    errors = [i.render() for i in plan.errors]
    assert errors == [], f"{quirk}: {errors}"
    assert [(r.ret.district, r.ret.period, r.ret.form) for r in plan.returns] == [("donghu", "2025-Q3", form)]
    got = plan.returns[0].ret.values()
    assert got == expected(form), quirk
    planner.soft_check(plan)
    kind = name.split("__")[1]
    assert {i.code for i in plan.all_issues} == EXPECTED_WARNINGS.get(kind, set()), quirk
