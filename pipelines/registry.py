"""Districts, forms, indicators and breakdowns, loaded from the CSV files in data/registry.

A real city replaces data/registry/districts.csv (and city.csv) and nothing else. ratios.csv holds every
ratio the read side computes (numerator and denominator codes); kpis.csv each leader page's KPI row.
Optional files:
district_tiles.csv (the tile map's row and column per district), flag_ratios.csv (the ratios the
data-quality flags compare across districts) and districts.geojson (district boundaries, keyed by code).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipelines.config import REGISTRY_DIR

# city.csv's keys, each read somewhere (a key nobody reads is refused: a setting must never silently do nothing).
CITY_KEYS = {
    "city_name": "城市名称（看板标题、讲话稿）",
    "federation_name": "市总工会名称（模板、汇报材料）",
    "source_line": "数据来源说明（图表脚注）",
    "deadline_days": "季度结束后几天内报送（报送情况的逾期判断）",
}


@dataclass(frozen=True)
class District:
    code: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    first_period: str
    sort_order: int

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Form:
    code: str
    number: str  # 表一 ...
    name: str
    title_keywords: tuple[str, ...]
    dimension: str
    sort_order: int

    @property
    def title(self) -> str:
        return f"{self.number} {self.name}"


@dataclass(frozen=True)
class Indicator:
    code: str
    form: str
    name: str
    unit: str
    kind: str  # S stock, P period flow, Y year-to-date, T annual target, D derived
    parent: str
    layout: str  # column: a table column; line: a single-value line below the table; none: derived only
    synonyms: tuple[str, ...]
    formula: str
    sort_order: int
    disjoint: bool = False  # a 其中 item that never overlaps its siblings: together they cannot exceed the parent

    @property
    def is_money(self) -> bool:
        return self.unit == "元"

    @property
    def derived(self) -> bool:
        return self.kind == "D"


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    code: str
    name: str
    parent: str
    sums_to_parent: bool
    synonyms: tuple[str, ...]
    sort_order: int
    disjoint: bool = False  # rows that never overlap (but need not add up): together they cannot exceed the parent


@dataclass(frozen=True)
class Tile:
    """One square of the tile map: row 0 is the top row, col 0 the left column."""

    code: str
    row: int
    col: int


@dataclass(frozen=True)
class FlagRatio:
    """A ratio the data-quality flags compare across districts in the same quarter (robust z-score)."""

    code: str
    name: str  # 户均送温暖金额
    numerator: str  # indicator code
    numerator_breakdown: str
    denominator: str
    denominator_breakdown: str
    unit: str  # 元/户, %, …
    threshold: float  # |robust z| above this raises a flag
    min_gap: float = 0.2  # and only when it is at least this far from the median, relative to it (0.2 = 20%)


@dataclass(frozen=True)
class Ratio:
    """A ratio of two summed counts (ratios.csv): never an average of the districts' own ratios. `indicator`
    names the derived (kind D) indicator it computes, when it is one (入会率 has two bases, A and B)."""

    code: str
    name: str
    numerator: str
    denominator: str
    unit: str  # "%" (kept as a share 0..1, shown as a percentage), or 元/户, 元/人次 …
    indicator: str = ""

    @property
    def is_share(self) -> bool:
        return self.unit == "%"


@dataclass(frozen=True)
class KpiSpec:
    """One card of a leader page's KPI row (kpis.csv): a stored indicator (optionally of one breakdown),
    a ratio from ratios.csv, or 涉及行业数; the indicator's kind decides whether 环比 is shown."""

    page: str
    label: str
    measure: str
    breakdown: str = "all"
    higher_is_better: bool = True


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _rows(directory: Path, name: str) -> list[dict[str, str]]:
    with open(directory / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# Label normalisation shared by header and row matching: what is left is the bare name.
_UNIT_IN_LABEL = re.compile(r"[（(][^（）()]*[）)]")
_SUB_ITEM_PREFIX = re.compile(r"^(其中[:：、，,]?|#+|＃+|[-—–·•]+)")
_SPACES = re.compile(r"[\s\u3000]+")
_NUMBERING = re.compile(r"^(\d{1,2}[.、．)）]|[（(]\d{1,2}[）)]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、.．]|[①②③④⑤⑥⑦⑧⑨⑩])")


# An English gloss beside the Chinese in a bilingual template: "Total 合计", "incl. female 其中：女会员",
# "会员人数 Members". Only a run of Latin words set off by a space from the Chinese is dropped.
_LATIN = r"[A-Za-z][A-Za-z0-9.,'’/&\-]*(?:\s+[A-Za-z0-9.,'’/&\-]+)*"
_GLOSS_BEFORE = re.compile(r"^\s*" + _LATIN + r"\s+(?=[\u3400-\u9fff（(])")
_GLOSS_AFTER = re.compile(r"(?<=[\u3400-\u9fff）)])\s+" + _LATIN + r"\s*$")


def without_gloss(text: str) -> str:
    """The Chinese of a bilingual label ("incl. female 其中：女会员" -> "其中：女会员"); other labels as they are."""
    if re.search(r"[\u3400-\u9fff]", text):
        return _GLOSS_AFTER.sub("", _GLOSS_BEFORE.sub("", text))
    return text


@cache
def normalise_label(text: str) -> str:
    text = _SPACES.sub("", without_gloss(str(text)))
    text = text.replace("＃", "#")
    text = _UNIT_IN_LABEL.sub("", text)
    # Drop leading numbering ("1.", "（一）", "一、", "①") and 其中 prefixes, in any order.
    while True:
        stripped = _NUMBERING.sub("", text)
        stripped = _SUB_ITEM_PREFIX.sub("", stripped)
        if stripped == text or not stripped:
            break
        text = stripped
    return text.strip(":：")


@dataclass(frozen=True, eq=False)
class Registry:
    city: dict[str, str]
    districts: tuple[District, ...]
    forms: tuple[Form, ...]
    indicators: tuple[Indicator, ...]
    breakdowns: tuple[Breakdown, ...]
    tiles: tuple[Tile, ...] = ()
    flag_ratios: tuple[FlagRatio, ...] = ()
    ratios: tuple[Ratio, ...] = ()
    kpis: tuple[KpiSpec, ...] = ()
    boundaries: Path | None = None  # districts.geojson, when the city has one

    # --- lookups -------------------------------------------------------------------------
    # Lookups by code go through indexes built once per registry: a province has thousands of
    # districts, and a page formats every one of them (building a dict per call made that quadratic).
    def district(self, code: str) -> District:
        return _index(self, "districts")[code]  # type: ignore[return-value]

    def form(self, code: str) -> Form:
        return _index(self, "forms")[code]  # type: ignore[return-value]

    def indicator(self, code: str) -> Indicator:
        return _index(self, "indicators")[code]  # type: ignore[return-value]

    def indicators_of(self, form: str) -> tuple[Indicator, ...]:
        return _by_form(self).get(form, ())

    def ratio(self, code: str) -> Ratio:
        return {r.code: r for r in self.ratios}[code]

    def is_ratio(self, code: str) -> bool:
        return any(r.code == code for r in self.ratios)

    def kpis_of(self, page: str) -> tuple[KpiSpec, ...]:
        return tuple(k for k in self.kpis if k.page == page)

    def breakdowns_of(self, dimension: str) -> tuple[Breakdown, ...]:
        return tuple(b for b in self.breakdowns if b.dimension == dimension)

    def breakdown(self, dimension: str, code: str) -> Breakdown:
        return {b.code: b for b in self.breakdowns_of(dimension)}[code]

    def districts_in(self, text: str) -> list[District]:
        """Districts whose name or alias occurs in `text`, longest match first, without overlaps."""
        flat = _SPACES.sub("", text)  # the text is compared without spaces, so are names
        by_first, always = _district_names(self)
        hits = set(always)
        # Only names whose first character the text has can occur in it; each is then looked for whole.
        for first in by_first.keys() & set(flat):
            for name, k in by_first[first]:
                if k not in hits and name in flat:
                    hits.add(k)
        return [self.districts[k] for k in sorted(hits)]

    def indicator_for_label(self, form: str, label: str) -> Indicator | None:
        return _indicator_labels(self).get((form, normalise_label(label)))

    def breakdown_for_label(self, dimension: str, label: str) -> Breakdown | None:
        return _breakdown_labels(self).get((dimension, normalise_label(label)))


@cache
def _district_names(reg: Registry) -> tuple[dict[str, tuple[tuple[str, int], ...]], tuple[int, ...]]:
    """Every district's names without spaces, by their first character, with the district's place in
    the registry; and the districts with a name of spaces only (found in any text, as "" is)."""
    by_first: dict[str, list[tuple[str, int]]] = {}
    always: set[int] = set()
    for k, d in enumerate(reg.districts):
        for n in d.names:
            name = _SPACES.sub("", n) if n else None
            if name == "":
                always.add(k)
            elif name:
                by_first.setdefault(name[0], []).append((name, k))
    return {c: tuple(names) for c, names in by_first.items()}, tuple(sorted(always))


@cache
def _index(reg: Registry, field: str) -> dict[str, District | Form | Indicator]:
    return {item.code: item for item in getattr(reg, field)}


@cache
def _by_form(reg: Registry) -> dict[str, tuple[Indicator, ...]]:
    found: dict[str, list[Indicator]] = {}
    for i in reg.indicators:
        found.setdefault(i.form, []).append(i)
    return {form: tuple(items) for form, items in found.items()}


@cache
def _indicator_labels(reg: Registry) -> dict[tuple[str, str], Indicator]:
    found: dict[tuple[str, str], Indicator] = {}
    for ind in reg.indicators:
        if ind.layout == "none":
            continue
        for text in (ind.name, *ind.synonyms):
            found.setdefault((ind.form, normalise_label(text)), ind)
    return found


@cache
def _breakdown_labels(reg: Registry) -> dict[tuple[str, str], Breakdown]:
    found: dict[tuple[str, str], Breakdown] = {}
    for b in reg.breakdowns:
        for text in (b.name, *b.synonyms):
            found.setdefault((b.dimension, normalise_label(text)), b)
    return found


# districts.csv leaves first_period empty for a district that has always reported on its own (only a
# district formed later, like 经开区 from 2024-Q1, has a first quarter): any quarter of its history is its own.
ALWAYS = "1900-Q1"


@cache
def load_registry(directory: Path = REGISTRY_DIR) -> Registry:
    city = {r["key"]: r["value"] for r in _rows(directory, "city.csv")}
    _check_city(city)
    districts = tuple(
        District(
            code=r["code"],
            name=r["name"],
            kind=r["kind"],
            aliases=_split(r["aliases"]),
            first_period=r["first_period"].strip() or ALWAYS,
            sort_order=int(r["sort_order"]),
        )
        for r in _rows(directory, "districts.csv")
    )
    forms = tuple(
        Form(
            code=r["code"],
            number=r["number"],
            name=r["name"],
            title_keywords=_split(r["title_keywords"]),
            dimension=r["dimension"],
            sort_order=int(r["sort_order"]),
        )
        for r in _rows(directory, "forms.csv")
    )
    indicators = tuple(
        Indicator(
            code=r["code"],
            form=r["form"],
            name=r["name"],
            unit=r["unit"],
            kind=r["kind"],
            parent=r["parent"],
            layout=r["layout"],
            synonyms=_split(r["synonyms"]),
            formula=r["formula"],
            sort_order=int(r["sort_order"]),
            disjoint=r.get("disjoint") == "1",
        )
        for r in _rows(directory, "indicators.csv")
    )
    breakdowns = tuple(
        Breakdown(
            dimension=r["dimension"],
            code=r["code"],
            name=r["name"],
            parent=r["parent"],
            sums_to_parent=r["sums_to_parent"] == "1",
            synonyms=_split(r["synonyms"]),
            sort_order=int(r["sort_order"]),
            disjoint=r.get("disjoint") == "1",
        )
        for r in _rows(directory, "breakdowns.csv")
    )
    codes = {d.code for d in districts}
    tiles = tuple(
        Tile(code=r["code"].strip(), row=int(r["row"]), col=int(r["col"]))
        for r in _optional_rows(directory, "district_tiles.csv")
    )
    for tile in tiles:
        if tile.code not in codes:
            raise ValueError(f"district_tiles.csv 中的区县代码 {tile.code} 不在 districts.csv 中。")
    known = {i.code for i in indicators}
    flag_ratios = tuple(
        FlagRatio(
            code=r["code"],
            name=r["name"],
            numerator=r["numerator"],
            numerator_breakdown=r["numerator_breakdown"] or "all",
            denominator=r["denominator"],
            denominator_breakdown=r["denominator_breakdown"] or "all",
            unit=r["unit"],
            threshold=float(r["threshold"] or 3.5),
            min_gap=float(r.get("min_gap") or 0.2),
        )
        for r in _optional_rows(directory, "flag_ratios.csv")
    )
    for flag_ratio in flag_ratios:
        for ind in (flag_ratio.numerator, flag_ratio.denominator):
            if ind not in known:
                raise ValueError(f"flag_ratios.csv 中的 {flag_ratio.name} 用到的指标 {ind} 不在 indicators.csv 中。")
    ratios = tuple(
        Ratio(code=r["code"], name=r["name"], numerator=r["numerator"], denominator=r["denominator"], unit=r["unit"],
              indicator=r.get("indicator") or "")
        for r in _rows(directory, "ratios.csv")
    )
    for ratio in ratios:
        for ind in (ratio.numerator, ratio.denominator, *([ratio.indicator] if ratio.indicator else [])):
            if ind not in known:
                raise ValueError(f"ratios.csv 中的 {ratio.name} 用到的指标 {ind} 不在 indicators.csv 中。")
    measures = known | {r.code for r in ratios}
    kpis = tuple(
        KpiSpec(page=r["page"], label=r["label"], measure=r["measure"], breakdown=r.get("breakdown") or "all",
                higher_is_better=(r.get("higher_is_better") or "1") != "0")
        for r in _rows(directory, "kpis.csv")
    )
    for k in kpis:
        if k.measure not in measures:
            raise ValueError(f"kpis.csv 中“{k.label}”的 {k.measure} 既不是指标也不是 ratios.csv 中的比率。")
    geojson = directory / "districts.geojson"
    return Registry(city, districts, forms, indicators, breakdowns, tiles, flag_ratios, ratios, kpis,
                    geojson if geojson.is_file() else None)


def _check_city(city: dict[str, str]) -> None:
    unknown = [k for k in city if k not in CITY_KEYS]
    if not unknown:
        return
    why = ("统计年度按自然年计算（季度报表都是 1 月起的本年累计），不能设置起始月份，请删去 year_start_month 这一行。"
           if "year_start_month" in unknown else "")
    raise ValueError(f"city.csv 中的 {'、'.join(unknown)} 没有程序读取。{why}可用的设置：{'、'.join(CITY_KEYS)}。")


def _optional_rows(directory: Path, name: str) -> list[dict[str, str]]:
    return _rows(directory, name) if (directory / name).is_file() else []
