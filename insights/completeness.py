"""报送情况: every state of one district's quarter, strongest first, each with its details in Chinese.

A cell of the 报送情况 matrix shows its strongest state; the others and their details (which forms are
missing, how many indicators a form holds, warnings, corrections, first receipt against the deadline)
are listed with it. A new state is one more entry in STATES and one more function in `cell_states`.

数据疑点 (insights.flags) are not a state of the receipt but a count beside it: `with_flags` adds each
cell's flags not yet verified to its details, and `cell_text` writes the count into the cell ("已报送 疑2").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from pipelines.periods import Period
from pipelines.registry import Registry

# Strongest first: what the analyst has to chase a district for (nothing, not all of it, too late), then
# what changed after receipt (a correction changes figures leaders may have seen already), then the soft
# checks to look at (frequent on real returns, so they must not hide a correction), then all is well.
STATES: dict[str, str] = {
    "missing": "缺报",
    "partial": "部分报送",
    "late": "逾期报送",
    "corrected": "已更正",
    "warnings": "有提醒",
    "received": "已报送",
}
MEANINGS: dict[str, str] = {
    "missing": "本季度没有任何报表",
    "partial": "四张表未齐，或某张表的指标不全",
    "late": "有报表首次报送晚于截止日",
    "corrected": "报送过新版本或回退过",
    "warnings": "当前版本有需核对的提醒",
    "received": "四张表按时报齐，没有提醒",
}


@dataclass(frozen=True)
class FormReceipt:
    """One form of one district's quarter, as completeness.sql returns it."""

    form: str
    active: bool
    active_version: int | None
    indicators: int  # distinct indicators the version in force holds
    warnings: int  # warnings stored with the version in force
    submissions: int  # every version ever received, rolled back ones included
    rolled_back: int
    first_received: dt.datetime


def deadline(period: str, days: int) -> dt.date:
    """The last day a return of the period is on time: `days` after the quarter's last day."""
    p = Period.parse_code(period)
    end = dt.date(p.year + (p.end_month == 12), p.end_month % 12 + 1, 1) - dt.timedelta(days=1)
    return end + dt.timedelta(days=days)


def expected_indicators(registry: Registry, form: str) -> int:
    """How many indicators a whole form holds (derived ones are computed, never stored)."""
    return sum(1 for i in registry.indicators_of(form) if not i.derived)


def _day(t: dt.datetime | dt.date) -> str:
    return f"{t:%Y-%m-%d}"


def _missing(registry: Registry, forms: Mapping[str, FormReceipt], due: dt.date) -> str | None:
    if any(f.active for f in forms.values()):
        return None
    gone = [registry.form(c).number for c in forms]
    return f"本季度没有任何报表（截止 {_day(due)}）" + (f"；{'、'.join(gone)}已回退" if gone else "")


def _partial(registry: Registry, forms: Mapping[str, FormReceipt]) -> str | None:
    if not any(f.active for f in forms.values()):
        return None
    parts = []
    absent = [f.number for f in registry.forms if f.code not in forms or not forms[f.code].active]
    if absent:
        parts.append(f"缺{'、'.join(absent)}")
    for f in registry.forms:
        got = forms.get(f.code)
        want = expected_indicators(registry, f.code)
        if got and got.active and got.indicators < want:
            parts.append(f"{f.number}只有 {got.indicators}/{want} 个指标")
    return "；".join(parts) or None


def _late(registry: Registry, forms: Mapping[str, FormReceipt], due: dt.date) -> str | None:
    late = [forms[f.code] for f in registry.forms if f.code in forms and forms[f.code].active and forms[f.code].first_received.date() > due]
    if not late:
        return None
    last = max(f.first_received for f in late).date()
    names = "四张表均" if len(late) == len(registry.forms) else "、".join(registry.form(f.form).number for f in late)
    return f"{names}晚于截止日 {_day(due)}，最晚 {_day(last)} 才报送（晚 {(last - due).days} 天）"


def _corrected(registry: Registry, forms: Mapping[str, FormReceipt]) -> str | None:
    parts = []
    for f in registry.forms:
        got = forms.get(f.code)
        if not got or (got.submissions <= 1 and not got.rolled_back):
            continue
        text = f.number + (f"更正 {got.submissions - 1} 次" if got.submissions > 1 else "")
        if got.rolled_back:
            text += f"{'、' if got.submissions > 1 else ''}回退 {got.rolled_back} 次"
        text += f"（现为第 {got.active_version} 版）" if got.active else "（已无当前版本）"
        parts.append(text)
    return "；".join(parts) or None


def _warnings(registry: Registry, forms: Mapping[str, FormReceipt]) -> str | None:
    counts = [(registry.form(c).number, forms[c].warnings) for c in (f.code for f in registry.forms)
              if c in forms and forms[c].active and forms[c].warnings]
    if not counts:
        return None
    return f"{sum(n for _, n in counts)} 条（" + "、".join(f"{name} {n} 条" for name, n in counts) + "）"


def cell_states(registry: Registry, period: str, forms: Mapping[str, FormReceipt], deadline_days: int) -> list[tuple[str, str]]:
    """Every state of one district's quarter as (state, details), strongest first; 已报送 only when
    nothing else holds. `forms` has the forms with any submission in the quarter, keyed by form code."""
    due = deadline(period, deadline_days)
    found = {
        "missing": _missing(registry, forms, due),
        "partial": _partial(registry, forms),
        "late": _late(registry, forms, due),
        "corrected": _corrected(registry, forms),
        "warnings": _warnings(registry, forms),
    }
    states = [(code, text) for code, text in found.items() if text]
    if not states:
        states = [("received", "四张表齐全，按时报送，没有提醒")]
    return sorted(states, key=lambda s: list(STATES).index(s[0]))


def receipt_line(registry: Registry, forms: Mapping[str, FormReceipt], deadline_days: int, period: str) -> str:
    """When the quarter's returns first arrived (and when the last form did), against the deadline;
    '' when nothing is in force."""
    active = [f.first_received for f in forms.values() if f.active]
    if not active:
        return ""
    first, last = min(active).date(), max(active).date()
    complete = len(active) == len(registry.forms) and last != first
    return f"首次报送 {_day(first)}" + (f"，{_day(last)} 报齐" if complete else "") + f"；截止 {_day(deadline(period, deadline_days))}"


def describe(states: list[tuple[str, str]], receipt: str = "") -> str:
    """The details of a cell as lines: '缺报：…' for each state, then the receipt line if given."""
    lines = [f"{STATES[code]}：{text}" for code, text in states]
    return "\n".join([*lines, receipt] if receipt else lines)


# --- 数据疑点 beside the states --------------------------------------------------------------------------------

FLAG_MARK = "疑"  # "已报送 疑2": two flags not yet verified
# Text a quarter's column holds at 1366 px with the sidebar open (8 quarters; tests/test_browser_status.py):
# about 103 px less the grid's padding, in Source Sans 14 px (a Chinese character 14 px, a digit or + 7, a space 3.5).
CELL_TEXT_PX = 86


def _text_px(text: str) -> float:
    return sum(14.0 if ord(c) >= 0x2E80 else 3.5 if c == " " else 7.0 for c in text)


def cell_text(state: str, others: int, flags: int) -> str:
    """A matrix cell: its strongest state, '+2' when two more states hold, '疑3' when three 数据疑点 wait
    to be verified. When both do not fit a quarter's column the '+2' gives way (the flags are what to look
    at now; every state stays in the quarter's tooltip and the cell's details)."""
    more = f" +{others}" if others else ""
    mark = f" {FLAG_MARK}{flags}" if flags else ""
    if mark and more and _text_px(state + more + mark) > CELL_TEXT_PX:
        more = ""
    return state + more + mark


def flag_line(kinds: Sequence[str]) -> str:
    """'数据疑点：2 条待核实（疑似照抄上季度报表、推算的本季度数为负）' from the 类型 of each flag not yet verified."""
    named = "、".join(dict.fromkeys(kinds))
    return f"数据疑点：{len(kinds)} 条待核实（{named}）"


def with_flags(matrix: pd.DataFrame, flags: pd.DataFrame) -> pd.DataFrame:
    """The matrix of queries.completeness with each cell's 数据疑点 not yet verified (insights.flags frame):
    `flags` (how many) and `flag_kinds`, the flag line added to 情况 and 详情 (before the receipt line)."""
    open_flags = flags[~flags["verified"].astype(bool)] if not flags.empty else flags
    kinds: dict[tuple[str, str], list[str]] = {}
    for district, period, kind in zip(open_flags["district"], open_flags["period"], open_flags["类型"], strict=True):
        kinds.setdefault((district, period), []).append(kind)
    out = matrix.copy()
    found = [kinds.get((d, p), []) for d, p in zip(out["district"], out["period"], strict=True)]
    out["flags"] = [len(k) for k in found]
    out["flag_kinds"] = [tuple(k) for k in found]
    out["情况"] = [text + (f"\n{flag_line(k)}" if k else "") for text, k in zip(out["情况"], found, strict=True)]
    out["详情"] = [text + (f"\n{received}" if received else "") for text, received in zip(out["情况"], out["报送时间"], strict=True)]
    return out
