"""Docs and registry that cannot drift: every form has samples, tests and a README entry; every
indicator in the dictionary is shown on some page; every CLI command is documented."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from pipelines.__main__ import build_parser

ROOT = Path(__file__).resolve().parent.parent
PAGES = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "pages").glob("*.py"))
SHARED = (ROOT / "insights" / "metrics.py").read_text(encoding="utf-8") + (ROOT / "insights" / "queries.py").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_form_has_reference_samples_and_a_readme_entry(registry):
    with open(ROOT / "tests" / "quirks" / "manifest.csv", encoding="utf-8") as fh:
        forms_with_samples = {r["form"] for r in csv.DictReader(fh)}
    for form in registry.forms:
        assert form.code in forms_with_samples, f"{form.title} has no reference sample in tests/quirks"
        assert form.name in README, f"{form.title} is not described in README.md"


def test_every_indicator_is_shown_on_a_page(registry):
    for ind in registry.indicators:
        quoted = f'"{ind.code}"'
        if ind.derived:
            assert quoted in SHARED or quoted in PAGES or ind.code in ("membership_rate",), ind.code
        else:
            assert quoted in PAGES, f"{ind.code}（{ind.name}）is never shown on a page"


def test_sample_city_covers_every_stored_indicator(registry, sample):
    with open(sample.truth, encoding="utf-8") as fh:
        found = {r["indicator"] for r in csv.DictReader(fh)}
    assert found == {i.code for i in registry.indicators if not i.derived}


def test_every_cli_command_is_in_the_readme():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert re.search(rf"python -m pipelines {name}\b", README), f"`{name}` is missing from README.md"
