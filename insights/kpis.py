"""KPI rows from the registry: each leader page's cards are rows of kpis.csv, each ratio a row of
ratios.csv, computed by one function from summed counts. The indicator's kind decides 环比 (a
period-end stock compares with the quarter before; a year-to-date flow would compare unlike things)."""

from __future__ import annotations

from decimal import Decimal

from insights.metrics import ratio_value
from insights.queries import Kpi, by_breakdown, industries_covered, totals
from pipelines.periods import Period
from pipelines.registry import KpiSpec, Registry
from pipelines.store import Store

INDUSTRIES = "industries_covered"  # counted from the 行业 rows, not stored


def sources(reg: Registry, spec: KpiSpec) -> tuple[str, ...]:
    """The stored indicators a card is computed from."""
    if reg.is_ratio(spec.measure):
        r = reg.ratio(spec.measure)
        return (r.numerator, r.denominator)
    if spec.measure == INDUSTRIES:
        return ("competitions",)
    return (spec.measure,)


def is_stock(reg: Registry, spec: KpiSpec) -> bool:
    return reg.indicator(sources(reg, spec)[0]).kind == "S"


def page_kpis(store: Store, reg: Registry, page: str, period: str, districts: tuple[str, ...] | None = None) -> list[Kpi]:
    """The KPI row of `page` (kpis.csv) for the chosen districts: this quarter, a year ago, the quarter before."""
    specs = reg.kpis_of(page)
    p = Period.parse_code(period)
    periods = (period, p.year_ago().code, p.previous().code)
    wanted = tuple(sorted({s for spec in specs if spec.breakdown == "all" for s in sources(reg, spec)}))
    sums = [totals(store, when, wanted, districts) if wanted else {} for when in periods]
    parts: dict[tuple[str, str], list[Decimal | None]] = {}
    for spec in specs:
        if spec.breakdown != "all":
            for code in sources(reg, spec):
                parts[(code, spec.breakdown)] = [_breakdown_value(store, when, code, spec.breakdown, districts) for when in periods]
    cards = []
    for spec in specs:
        def value(i: int, spec: KpiSpec = spec) -> Decimal | None:
            if spec.measure == INDUSTRIES:
                n = industries_covered(store, periods[i], districts)
                return Decimal(n) if n or i == 0 else None
            by_row = spec.breakdown != "all"
            counts = {code: parts[(code, spec.breakdown)][i] for code in sources(reg, spec)} if by_row else sums[i]
            if reg.is_ratio(spec.measure):
                return ratio_value(counts, reg.ratio(spec.measure))
            return counts.get(spec.measure)

        rate = reg.is_ratio(spec.measure) and reg.ratio(spec.measure).is_share
        unit = "%" if rate else (reg.ratio(spec.measure).unit if reg.is_ratio(spec.measure) else
                                 ("个" if spec.measure == INDUSTRIES else reg.indicator(spec.measure).unit))
        stock = is_stock(reg, spec)
        cards.append(Kpi(spec.measure, spec.label, value(0), value(1), unit, is_rate=rate,
                         last_quarter=value(2) if stock else None, stock=stock, higher_is_better=spec.higher_is_better,
                         indicators=sources(reg, spec)))
    return cards


def _breakdown_value(store: Store, period: str, indicator: str, breakdown: str, districts: tuple[str, ...] | None) -> Decimal | None:
    frame = by_breakdown(store, period, (indicator,), districts)
    row = frame[frame["breakdown"] == breakdown]
    if row.empty or row[indicator].isna().all():
        return None
    return Decimal(str(row[indicator].iloc[0]))
