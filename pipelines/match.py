"""Header texts, row labels and district names matched by meaning, and the mappings analysts taught.

One place answers "which indicator is this column / which breakdown is this row / which district is
this": first an alias an analyst taught (stored in the database, see `Aliases`), then the registry's
names and synonyms after light normalisation, then a score by meaning. A clear best match is taken; a
close call is unknown (with its candidates, so the review can ask "这一列是：__"), never a guess.

Scoring a header against an indicator name, both normalised (spaces, full-width forms, numbering,
其中 prefixes and bracketed units removed):
- equal texts: 1.0; equal once qualifiers (本年/本期/累计 …) and count suffixes (数/人数/总数 …) are
  dropped: 0.9; one inside the other: 0.5 + 0.3 × (shorter ÷ longer); otherwise 0.8 × the Dice
  coefficient of their character pairs;
- a unit the header states (in brackets or as a suffix: 户数, 人次, 金额 …) of another kind than the
  indicator's (money, people, households, counts, percent) rules the indicator out;
- a qualifier the header states (本期 vs 本年累计, 期初 vs 期末, 任务) that contradicts the
  indicator's kind halves the score.
A match is taken when its score is at least ACCEPT and beats every other indicator by MARGIN.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from pipelines.registry import Breakdown, District, Indicator, Registry, normalise_label, without_gloss

ACCEPT = 0.55
MARGIN = 0.1

# Unit words and the kind of quantity they name.
_UNIT_KINDS = {
    "元": "money", "万元": "money", "亿元": "money", "千元": "money", "百万元": "money",
    "人": "people", "人次": "people", "名": "people", "万人": "people", "万人次": "people",
    "户": "households", "户次": "households",
    "个": "count", "项": "count", "家": "count", "条": "count", "件": "count", "次": "count", "所": "count",
    "%": "percent", "％": "percent", "百分比": "percent",
}
# Suffixes that say what is counted; dropped for the core comparison, kept as a unit hint.
_SUFFIXES = (
    ("总金额", "money"), ("总人数", "people"), ("总人次", "people"), ("总户数", "households"),
    ("户数", "households"), ("人数", "people"), ("人次", "people"), ("个数", "count"), ("项数", "count"),
    ("家数", "count"), ("条数", "count"), ("金额", "money"), ("资金", "money"), ("总额", "money"),
    ("数量", None), ("总数", None), ("合计", None), ("总计", None), ("小计", None), ("情况", None), ("数", None),
)
_QUALIFIERS = {
    "本期": "current", "本季度": "flow", "本季": "flow", "当季": "flow", "季度": "flow",
    "本年累计": "ytd", "本年": "ytd", "当年": "ytd", "累计": "ytd", "年度累计": "ytd", "全年累计": "ytd",
    "期初": "start", "年初": "start", "上期末": "start",
    "期末": "end", "年末": "end", "现有": "end",
    "任务": "target", "目标": "target", "计划": "target",
}
_QUALIFIER_RE = re.compile("|".join(sorted(_QUALIFIERS, key=len, reverse=True)))
_BRACKETS = re.compile(r"[（(【\[]([^（）()【】\[\]]*)[）)】\]]")


def _kind_qualifiers(ind: Indicator) -> set[str]:
    """Which qualifiers agree with an indicator (by its kind, and by its own name)."""
    found = {_QUALIFIERS[q] for q in _QUALIFIER_RE.findall(ind.name)}
    by_kind = {"P": {"flow", "current"}, "Y": {"ytd"}, "T": {"target", "ytd"}, "S": set(), "D": set()}[ind.kind]
    return found | by_kind


def conflicts(stated: frozenset[str] | set[str], ind: Indicator, strict: bool = True) -> bool:
    """Whether qualifiers a header states contradict an indicator: 本季度 over a year-to-date figure,
    本年累计 over a period flow, 期初 over a period-end stock, 任务 over anything but a target.

    本期 is "this return's figure" (beside 上年同期) on a year-to-date form, but "this quarter's" beside
    本年累计 on 表二: it only tips a close call (strict=False), never rules a named indicator out."""
    if not strict and "current" in stated:
        stated = {*stated, "flow"}
    own = _kind_qualifiers(ind) | ({"flow"} if "current" in _kind_qualifiers(ind) else set())
    return bool(
        ("flow" in stated and ind.kind in ("Y", "T") and "flow" not in own)
        or ("ytd" in stated and ind.kind == "P")
        or ("start" in stated and "end" in own)
        or ("end" in stated and "start" in own)
        or ("target" in stated and "target" not in own)
    )


def unit_kind(unit: str) -> str | None:
    return _UNIT_KINDS.get(unit.strip())


@dataclass(frozen=True)
class _Reading:
    full: str  # normalised text
    core: str  # without qualifiers and count suffixes
    unit: str | None  # kind of quantity the text states
    qualifiers: frozenset[str]


@lru_cache(maxsize=65536)
def read_header(text: str) -> _Reading:
    flat = unicodedata.normalize("NFKC", text)
    unit = None
    qualifiers = {_QUALIFIERS[q] for q in _QUALIFIER_RE.findall(re.sub(r"\s", "", flat))}
    for inner in _BRACKETS.findall(flat):
        inner = re.sub(r"\s|单位[:：]?", "", inner)
        unit = unit or unit_kind(inner)
    full = normalise_label(flat)
    core = _QUALIFIER_RE.sub("", full)
    for suffix, kind in _SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix) + 1:
            core = core[: -len(suffix)]
            unit = unit or kind
            break
    if core.endswith("率") or flat.rstrip().endswith(("%", "％")):
        unit = unit or "percent"
        core = core.rstrip("%％")
    return _Reading(full, core or full, unit, frozenset(qualifiers))


_NOT_HEADER = re.compile(r"[:：].|填报|填表|盖章|日期|单位[:：]|统计表|情况表|^表[一二三四五六七八九十\d]")


def header_like(text: str) -> bool:
    """Whether a text can be a column header (not a title, a 填报单位 line or a note with a value)."""
    flat = re.sub(r"^(其中)?[:：、]?", "", re.sub(r"\s", "", text))
    return len(text) <= 40 and not _NOT_HEADER.search(flat)


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


@lru_cache(maxsize=262144)
def similarity(a: _Reading, b: _Reading) -> float:
    if a.full == b.full:
        return 1.0
    if a.core == b.core:
        return 0.9
    best = 0.0
    for x, y in ((a.full, b.full), (a.core, b.core)):
        short, long_ = sorted((x, y), key=len)
        # A name inside a longer header ("帮扶户数" in "困难职工帮扶户数") when it is a real part of it:
        # two characters ("工会", "金额") sit inside too many unrelated texts.
        if len(short) >= 3 and long_.endswith(short):
            # Chinese puts the head noun last: "夏送清凉、冬送温暖一线慰问" is a kind of 一线慰问.
            best = max(best, 0.65 + 0.2 * len(short) / len(long_))
        if len(short) >= 3 and short in long_ and len(short) / len(long_) >= 0.34:
            best = max(best, 0.5 + 0.3 * len(short) / len(long_))
        elif len(short) >= 4 and _subsequence(short, long_) and len(short) / len(long_) >= 0.45:
            # The same name with words left out ("交通运输仓储邮政业", "已建工会单位职工数").
            best = max(best, 0.6 + 0.3 * len(short) / len(long_))
        pa, pb = _pairs(x), _pairs(y)
        best = max(best, 0.8 * 2 * len(pa & pb) / (len(pa) + len(pb)))
    return best


def _subsequence(short: str, long_: str) -> bool:
    it = iter(long_)
    return all(ch in it for ch in short)


@dataclass(frozen=True)
class Candidate:
    code: str
    name: str
    score: float


@dataclass(frozen=True)
class Match:
    """The answer for one text: `code` when clear, else None with the best candidates."""

    code: str | None
    candidates: tuple[Candidate, ...] = ()
    taught: bool = False  # an analyst's alias decided it
    other_kind: bool = False  # names an indicator, but as a figure of another kind (本季度 of a 本年累计 form)


@dataclass
class Aliases:
    """Mappings analysts taught: (kind, scope, district, normalised text) -> target code.

    kind is "header" (scope: form code), "row" (scope: dimension) or "district" (scope and district
    empty). A header or row alias applies to uploads of its district, or to every district when its
    district is empty; "" as target means "ignore this column".
    """

    entries: dict[tuple[str, str, str, str], str] = field(default_factory=dict)

    def lookup(self, kind: str, scope: str, district: str, text: str) -> str | None:
        if not self.entries:
            return None
        key = alias_key(text)
        found = self.entries.get((kind, scope, district, key))
        if found is None and district:
            found = self.entries.get((kind, scope, "", key))
        return found


def alias_key(text: str) -> str:
    return normalise_label(unicodedata.normalize("NFKC", text))


IGNORE = ""  # an alias target meaning: this column is not data


class Matcher:
    """Registry lookups by meaning, with the aliases taught for one district (or none).

    The answers for a header's texts and for a line's text are kept, as the parser asks for the same
    ones row after row and file after file: a matcher is made for one set of aliases, which must not
    change while it is used (the planner makes a new one when they are read again)."""

    def __init__(self, registry: Registry, aliases: Aliases | None = None, district: str = ""):
        self.registry = registry
        self.aliases = aliases or Aliases()
        self.district = district
        self._indicators: dict[tuple[str, tuple[str, ...], bool], Match] = {}
        self._lines: dict[tuple[str, str], Indicator | None] = {}

    def size(self) -> int:
        return len(self._indicators) + len(self._lines)

    def for_district(self, district: str) -> Matcher:
        return Matcher(self.registry, self.aliases, district)

    # --- headers ----------------------------------------------------------------------------
    def indicator(self, form: str, texts: Iterable[str], columns_only: bool = True) -> Match:
        """The indicator a column's header texts (top to bottom) name.

        Readings tried: the texts joined, each text alone, a leaf with its group before or after it
        ("其中：女" under "会员" is 女会员; "应建会" under "单位数" is 应建会单位数), and for a leaf such as
        合计/小计/总数 the group itself. Qualifiers (本期, 本年累计 …) count wherever the column states them.
        """
        key = (form, tuple(texts), columns_only)
        found = self._indicators.get(key)
        if found is None:
            found = self._indicators[key] = self._indicator(form, key[1], columns_only)
        return found

    def _indicator(self, form: str, given: tuple[str, ...], columns_only: bool) -> Match:
        texts = [t for t in given if t.strip() and normalise_label(t) not in ("其中", "")]
        if not texts or _WORDLESS.fullmatch(texts[-1]):
            return Match(None)
        for t in ["".join(texts), texts[-1]]:
            taught = self.aliases.lookup("header", form, self.district, t)
            if taught is not None:
                return Match(taught, taught=True)
        return _indicator_match(self.registry, form, tuple(texts), columns_only)

    def line_indicator(self, form: str, text: str) -> Indicator | None:
        """A single-value line below a table ("在档困难职工户数：1234"), by name or clear meaning."""
        key = (form, text)
        if key not in self._lines:
            self._lines[key] = self._line_indicator(form, text)
        return self._lines[key]

    def _line_indicator(self, form: str, text: str) -> Indicator | None:
        head = re.split(r"[:：]", without_gloss(text), maxsplit=1)[0]
        if not head.strip() or len(head) > 40 or _WORDLESS.fullmatch(head):
            return None
        taught = self.aliases.lookup("header", form, self.district, head)
        lines = [i for i in self.registry.indicators_of(form) if i.layout == "line"]
        if taught is not None:
            return next((i for i in lines if i.code == taught), None)
        return _line_match(self.registry, form, head)

    # --- rows --------------------------------------------------------------------------------
    def breakdown(self, dimension: str, text: str) -> Match:
        if not text.strip():
            return Match(None)
        taught = self.aliases.lookup("row", dimension, self.district, text)
        if taught is not None:
            return Match(taught, taught=True)
        return _breakdown_match(self.registry, dimension, text)

    def breakdown_of(self, dimension: str, text: str) -> Breakdown | None:
        code = self.breakdown(dimension, text).code
        return self.registry.breakdown(dimension, code) if code else None

    # --- districts ---------------------------------------------------------------------------
    def districts_in(self, text: str) -> list[District]:
        found = self.registry.districts_in(text)
        flat = re.sub(r"\s", "", text)
        for (kind, _, _, alias), code in self.aliases.entries.items():
            if kind == "district" and alias and alias in flat and all(d.code != code for d in found):
                try:
                    found.append(self.registry.district(code))
                except KeyError:
                    continue
        return found


_SUBTOTAL_WORDS = {"合计", "小计", "总计", "计", "总数", "小计数", "合计数", "总量",
                   # a period word under its indicator ("已建会单位数 / 本期") is that indicator, so qualified
                   "本期", "本季度", "本季", "当期", "本期数", "本年累计", "累计", "本年", "本年数", "累计数", "本期累计"}


@lru_cache(maxsize=65536)
def _indicator_match(registry: Registry, form: str, texts: tuple[str, ...], columns_only: bool) -> Match:
    """Matcher.indicator without aliases: the same texts always read the same way, so it is cached."""
    pool = [i for i in registry.indicators_of(form) if i.layout != "none" and (i.layout == "column" or not columns_only)]
    stated_readings = [read_header(t) for t in reversed(texts)]
    # The leaf's own qualifiers speak for the column; a group's ("本季度会员增减" over "新发展") only
    # when the leaf states none.
    qualifiers = stated_readings[0].qualifiers or frozenset(q for r in stated_readings[1:] for q in r.qualifiers)
    stated = next((r.unit for r in stated_readings if r.unit), None)
    # A sub-column ("其中：农民工" under "工会会员数") is a part of its group's indicator: one of that
    # indicator's children, never the group itself.
    codes = {i.code for i in pool}
    variants = _variants(texts)
    ruled_out = None
    for v in variants:
        exact = registry.indicator_for_label(form, v)
        if exact is not None and exact.code in codes and _unit_fits(exact, stated):
            if conflicts(qualifiers, exact):
                ruled_out = exact
                continue
            return Match(exact.code)
    if ruled_out is not None:
        # "竞赛项目数 / 本季度" on a year-to-date form: a figure of another kind, not this return's data.
        return Match(None, (Candidate(ruled_out.code, ruled_out.name, 1.0),), other_kind=True)
    group = None
    leaf = normalise_label(texts[-1])
    if len(texts) > 1 and leaf not in _SUBTOTAL_WORDS:
        found = registry.indicator_for_label(form, "".join(texts[:-1])) or registry.indicator_for_label(form, texts[-2])
        if found is not None and any(i.parent == found.code for i in pool):
            group = found.code
            pool = [i for i in pool if i.code != group]
    if not header_like(texts[-1]):
        return Match(None)
    readings = [read_header(v) for v in variants]
    scores: list[Candidate] = []
    for ind in pool:
        best = max((_score(r, ind, qualifiers, stated) for r in readings), default=0.0)
        if best > 0 and group is not None:
            best = best + 0.2 if ind.parent == group else best * 0.5
        if best > 0:
            scores.append(Candidate(ind.code, ind.name, round(best, 3)))
    same_unit = [i for i in pool if unit_kind(i.unit) == stated]
    if stated == "percent" and len(same_unit) == 1 and any(c.code == same_unit[0].code for c in scores):
        return Match(same_unit[0].code, tuple(scores))  # the form's only rate, named as a rate
    return _decide(scores)


@lru_cache(maxsize=65536)
def _line_match(registry: Registry, form: str, head: str) -> Indicator | None:
    lines = [i for i in registry.indicators_of(form) if i.layout == "line"]
    if not lines:
        return None
    found = registry.indicator_for_label(form, head)
    if found is not None:
        return found if found.layout == "line" else None
    reading = read_header(head)
    scores = [Candidate(i.code, i.name, _score(reading, i)) for i in lines]
    match = _decide([s for s in scores if s.score > 0], accept=0.8)
    return next((i for i in lines if i.code == match.code), None)


_WORDLESS = re.compile(r"[^\u4e00-\u9fff]*")


@lru_cache(maxsize=65536)
def _breakdown_match(registry: Registry, dimension: str, text: str) -> Match:
    exact = registry.breakdown_for_label(dimension, text)
    if exact is not None:
        return Match(exact.code)
    reading = read_header(text)
    if len(reading.full) > 40 or _WORDLESS.fullmatch(reading.full):
        return Match(None)  # a number, a code or a mark: no name of anything
    scores = []
    for b in registry.breakdowns_of(dimension):
        best = max(similarity(reading, read_header(n)) for n in (b.name, *b.synonyms))
        if best > 0:
            scores.append(Candidate(b.code, b.name, round(best, 3)))
    return _decide(scores, accept=0.7)


def _variants(texts: tuple[str, ...] | list[str]) -> list[str]:
    """Ways to read a column's header texts as one name, most specific first."""
    keys = [normalise_label(t) for t in texts]
    found = ["".join(keys)]
    leaf = keys[-1]
    if len(keys) > 1:
        groups = keys[:-1]
        if leaf in _SUBTOTAL_WORDS:
            found += ["".join(groups[i:]) for i in range(len(groups))] + groups
        else:
            for g in reversed(groups):
                found += [leaf + g, g + leaf]
    found += ["".join(keys[i:]) for i in range(1, len(keys))]
    found.append(leaf)
    return list(dict.fromkeys(v for v in found if v))


def _unit_fits(ind: Indicator, stated: str | None) -> bool:
    own = unit_kind(ind.unit)
    return stated is None or own is None or stated == own


def _score(reading: _Reading, ind: Indicator, qualifiers: frozenset[str] | None = None, unit: str | None = None) -> float:
    own = unit_kind(ind.unit)
    stated_unit = reading.unit or unit
    if stated_unit is not None and own is not None and stated_unit != own:
        return 0.0
    best = max(similarity(reading, read_header(n)) for n in (ind.name, *ind.synonyms))
    if conflicts(reading.qualifiers | (qualifiers or frozenset()), ind, strict=False):
        best *= 0.3
    return best


def _decide(scores: list[Candidate], accept: float = ACCEPT) -> Match:
    ranked = tuple(sorted(scores, key=lambda c: -c.score)[:3])
    if not ranked:
        return Match(None)
    best = ranked[0]
    runner = ranked[1].score if len(ranked) > 1 else 0.0
    if best.score >= accept and best.score - runner >= MARGIN - 1e-9:
        return Match(best.code, ranked)
    return Match(None, ranked)
