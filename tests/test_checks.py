"""Each check of docs/domain.md has a case that fails it and one that passes it, on real parsed returns."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.checks import hard_issues, soft_issues
from pipelines.issues import CATALOGUE
from pipelines.parse import Observation, ParsedReturn
from tests.builders import consistent_values


def make_return(registry, form: str, changes: dict | None = None, period: str = "2025-Q3", reported=None) -> ParsedReturn:
    values = consistent_values(registry, form)
    values.update(changes or {})
    obs = [Observation(i, b, Decimal(str(v)), f"{i}/{b}") for (i, b), v in values.items()]
    rates = [Observation(i, b, Decimal(str(v)), f"rate/{b}") for (i, b), v in (reported or {}).items()]
    return ParsedReturn("f.xlsx", "表", form, "donghu", period, obs, rates, [], [])


def codes(issues) -> list[tuple[str, str]]:
    return sorted((i.code, i.cell) for i in issues)


def no_history(district, period, form):
    return {}


# --- hard ----------------------------------------------------------------------------------------

HARD_CASES = [
    ("coverage", {("members_female", "soe"): 10**7}, ("check.sub_exceeds_total", "members_female/soe")),
    ("coverage", {("members_migrant", "all"): 10**7}, ("check.sub_exceeds_total", "members_migrant/all")),
    ("coverage", {("unions_joint", "government"): 10**7}, ("check.sub_exceeds_total", "unions_joint/government")),
    ("coverage", {("units_unionized", "collective"): 10**7}, ("check.sub_exceeds_total", "units_unionized/collective")),
    ("competitions", {("participants_non_public", "it"): 10**7}, ("check.sub_exceeds_total", "participants_non_public/it")),
    ("competitions", {("suggestions_adopted", "trade"): 10**7}, ("check.sub_exceeds_total", "suggestions_adopted/trade")),
    ("aid", {("aid_amount_donations", "medical"): 10**9}, ("check.parts_exceed_total", "aid_amount_union_funds/medical")),
    ("membership", {("members_end", "courier"): 10**7}, ("check.parts_exceed_total", "members_end/truck")),
    ("membership", {("members_end", "new_forms"): 10**8}, ("check.sub_exceeds_total", "members_end/new_forms")),
]


@pytest.mark.parametrize(("form", "changes", "found"), HARD_CASES)
def test_hard_check_fails(registry, form, changes, found):
    assert found in codes(hard_issues(registry, make_return(registry, form, changes)))


@pytest.mark.parametrize("form", ["coverage", "membership", "competitions", "aid"])
def test_hard_checks_pass_on_consistent_returns(registry, form):
    assert hard_issues(registry, make_return(registry, form)) == []


def test_hard_message_names_both_values(registry):
    ret = make_return(registry, "coverage", {("members_female", "soe"): 999999})
    [issue] = hard_issues(registry, ret)
    members = consistent_values(registry, "coverage")[("members", "soe")]
    assert issue.message == f"“国有企业·女会员人数” 999999 大于“国有企业·会员人数” {members}"
    assert issue.severity == "error"


# --- soft ----------------------------------------------------------------------------------------


def test_breakdown_sum(registry):
    values = consistent_values(registry, "competitions")
    bad = make_return(registry, "competitions", {("participants", "all"): int(values[("participants", "all")]) + 50})
    assert ("check.breakdown_sum", "participants/all") in codes(soft_issues(registry, bad, no_history))
    # within 0.5% (or one unit) is tolerated
    ok = make_return(registry, "competitions", {("participants", "all"): int(values[("participants", "all")]) + 1})
    assert ("check.breakdown_sum", "participants/all") not in codes(soft_issues(registry, ok, no_history))


def test_members_exceed_employees(registry):
    values = consistent_values(registry, "coverage")
    bad = make_return(registry, "coverage", {("members", "government"): int(values[("employees_in_unionized", "government")]) + 1})
    assert ("check.members_exceed_employees", "members/government") in codes(soft_issues(registry, bad, no_history))
    assert not [i for i in soft_issues(registry, make_return(registry, "coverage"), no_history) if i.code == "check.members_exceed_employees"]


def test_reported_rate_differs(registry):
    values = consistent_values(registry, "coverage")
    rate = Decimal(values[("members", "all")]) / Decimal(values[("employees_in_unionized", "all")]) * 100
    good = make_return(registry, "coverage", reported={("membership_rate", "all"): round(rate, 2)})
    bad = make_return(registry, "coverage", reported={("membership_rate", "all"): round(rate + Decimal("0.2"), 2)})
    assert [i.code for i in soft_issues(registry, good, no_history)] == []
    assert codes(soft_issues(registry, bad, no_history)) == [("check.reported_rate", "rate/all")]
    # a rate that matches 口径B (members ÷ all employees) is also accepted
    rate_b = Decimal(values[("members", "all")]) / Decimal(values[("employees", "all")]) * 100
    other = make_return(registry, "coverage", reported={("membership_rate", "all"): round(rate_b, 2)})
    assert [i.code for i in soft_issues(registry, other, no_history)] == []


def test_stock_identity(registry):
    values = consistent_values(registry, "membership")
    bad = make_return(registry, "membership", {("members_end", "all"): int(values[("members_end", "all")]) + 3})
    found = [i for i in soft_issues(registry, bad, no_history) if i.code == "check.stock_identity"]
    assert [(i.cell, i.params["diff"]) for i in found] == [("members_end/all", "3")]


def test_start_versus_previous_end(registry):
    values = consistent_values(registry, "membership")
    start = Decimal(values[("members_start", "all")])

    def history(district, period, form):
        assert (district, period, form) == ("donghu", "2025-Q2", "membership")
        return {("members_end", "all"): start - 7}

    found = [i for i in soft_issues(registry, make_return(registry, "membership"), history) if i.code == "check.start_vs_previous_end"]
    assert [(i.cell, i.params["previous_end"]) for i in found] == [("members_start/all", str(start - 7))]

    def same(district, period, form):
        return {("members_end", "all"): start}

    assert not [i for i in soft_issues(registry, make_return(registry, "membership"), same) if i.code == "check.start_vs_previous_end"]


def test_ytd_decrease_only_within_a_year(registry):
    values = consistent_values(registry, "aid")
    higher = {("aid_amount", "all"): Decimal(values[("aid_amount", "all")]) + 1}
    found = [i.code for i in soft_issues(registry, make_return(registry, "aid"), lambda d, p, f: higher)]
    assert "check.ytd_decrease" in found
    # Q1 starts a new year: falling below last year's Q4 is normal
    q1 = make_return(registry, "aid", period="2026-Q1")
    assert "check.ytd_decrease" not in [i.code for i in soft_issues(registry, q1, lambda d, p, f: higher)]


def test_large_change(registry):
    values = consistent_values(registry, "coverage")
    prev = {("unions", "all"): Decimal(values[("unions", "all")]) * 2}
    found = [i for i in soft_issues(registry, make_return(registry, "coverage"), lambda d, p, f: prev) if i.code == "check.large_change"]
    assert [(i.cell, i.params["change"]) for i in found] == [("unions/all", "-50.0%")]
    near = {("unions", "all"): Decimal(values[("unions", "all")]) * Decimal("1.1")}
    assert not [i for i in soft_issues(registry, make_return(registry, "coverage"), lambda d, p, f: near) if i.code == "check.large_change"]


def test_per_unit_ranges(registry):
    values = consistent_values(registry, "aid")
    students = int(values[("aid_person_times", "education")])
    bad = make_return(registry, "aid", {("aid_amount", "education"): students * 9000})
    found = [i for i in soft_issues(registry, bad, no_history) if i.code == "check.per_unit_range"]
    assert [(i.cell, i.params["value"]) for i in found] == [("aid_amount/education", "9000")]


def test_every_check_in_the_catalogue_is_tested():
    """A new check code must come with tests here (or in test_ingest for the upload-level ones)."""
    here = Path(__file__)
    source = here.read_text(encoding="utf-8") + here.with_name("test_ingest.py").read_text(encoding="utf-8")
    missing = [code for code in CATALOGUE if code.startswith("check.") and code not in source]
    assert missing == []


def test_a_real_return_is_never_compared_with_the_sample_city(sample_db_copy, registry, tmp_path):
    """The sample city's quarters are fiction: a real return's history checks (30% change, 期初 vs
    上期期末) look at real data only, and a sample return at sample data only."""
    from pipelines.config import settings_for
    from pipelines.ledger import Ledger
    from pipelines.store import Store
    from tests.builders import consistent_values, write_return

    values = consistent_values(registry, "membership", scale=3)
    path = write_return(tmp_path / "东湖区2026Q3.xlsx", registry, "donghu", "2026-Q3", "membership", values)
    store = Store.open(sample_db_copy)
    ledger = Ledger(store, registry, settings_for(sample_db_copy))
    [plan] = ledger.planner.plan(ledger.planner.read([path]))
    history = {"check.large_change", "check.start_vs_previous_end", "check.ytd_decrease"}
    ledger.compare(plan, is_sample=True)
    assert {i.code for i in plan.all_issues} & history  # against the sample's 2026-Q2 it looks wrong
    ledger.compare(plan)
    assert not {i.code for i in plan.all_issues} & history  # a real return: no real 2026-Q2 to compare with
    store.close()
