"""Docs and registry that cannot drift: every form has samples, tests and a README entry; every
indicator in the dictionary is shown on some page; every CLI command is documented."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from pipelines.__main__ import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_form_has_reference_samples_and_a_readme_entry(registry):
    with open(ROOT / "tests" / "quirks" / "manifest.csv", encoding="utf-8") as fh:
        forms_with_samples = {r["form"] for r in csv.DictReader(fh)}
    for form in registry.forms:
        assert form.code in forms_with_samples, f"{form.title} has no reference sample in tests/quirks"
        assert form.name in README, f"{form.title} is not described in README.md"


def test_every_indicator_is_shown_on_a_page_and_explained(registry, sample_db_copy, monkeypatch):
    """Observed, not read from the source: every leader page runs in AppTest while the queries record the
    indicators they are asked for; with the KPI rows of kpis.csv that must cover every stored indicator,
    and every indicator (derived ones too) is a row of 指标说明."""
    from streamlit.testing.v1 import AppTest

    from insights import kpis, queries

    asked: set[str] = set()
    for name in ("totals", "by_district", "by_breakdown", "trend", "quarter_trend"):
        real = getattr(queries, name)

        def spy(store, *args, _real=real, **kw):
            for a in args:
                if isinstance(a, tuple) and all(isinstance(x, str) for x in a):
                    asked.update(a)
            return _real(store, *args, **kw)

        monkeypatch.setattr(queries, name, spy)
    monkeypatch.setenv("UNIONSTATS_DB", str(sample_db_copy))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    for page in ("pages/coverage.py", "pages/membership.py", "pages/competitions.py", "pages/aid.py", "pages/glossary.py"):
        at.switch_page(page).run()
        assert not at.exception, page
    glossary = "\n".join(t.value.to_csv() for t in at.table)
    shown = asked | {s for spec in registry.kpis for s in kpis.sources(registry, spec)}
    computed = {r.indicator for r in registry.ratios} | {kpis.INDUSTRIES}
    for ind in registry.indicators:
        assert ind.name in glossary, f"{ind.code}（{ind.name}）is not explained in 指标说明"
        if ind.derived:
            assert ind.code in computed, f"{ind.code}（{ind.name}）is computed nowhere (ratios.csv)"
        else:
            assert ind.code in shown, f"{ind.code}（{ind.name}）is never shown on a page"


def test_sample_city_covers_every_stored_indicator(registry, sample):
    with open(sample.truth, encoding="utf-8") as fh:
        found = {r["indicator"] for r in csv.DictReader(fh)}
    assert found == {i.code for i in registry.indicators if not i.derived}


def test_every_cli_command_is_in_the_readme():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert re.search(rf"python -m pipelines {name}\b", README), f"`{name}` is missing from README.md"
