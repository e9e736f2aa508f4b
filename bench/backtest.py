"""Back-test of 预计全年完成 (insights/projection.py): for every past year with a fourth quarter on record,
project the year from its first, second and third quarter (using only the years before it, as the
dashboard would have then) and compare with the year's actual fourth-quarter year-to-date value.

    .venv/bin/python bench/backtest.py [--db DB] [--indicator joined_ytd]

Without --db it generates the sample city into a temporary folder and ingests it (about 10 s).
Prints, per year × quarter, the city's error and the districts' median absolute error, then the typical
(median absolute) error over all of them. Error = projected ÷ actual − 1. Always exits 0: the figure
is for the README, not a target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from insights.projection import project, target_pair, ytd_history  # noqa: E402
from pipelines.config import Settings, settings_for  # noqa: E402
from pipelines.registry import Registry, load_registry  # noqa: E402
from pipelines.store import Store  # noqa: E402


def sample_store(folder: Path, registry: Registry) -> Store:
    from pipelines.ledger import Ledger
    from pipelines.sample import write_sample

    manifest = write_sample(folder / "sample")
    settings = Settings(db_path=folder / "sample.duckdb", archive_dir=folder / "archive")
    store = Store.open(settings.db_path)
    ledger = Ledger(store, registry, settings)
    ledger.ingest(ledger.planner.read(manifest.files), actor="backtest", is_sample=True)
    return store


def backtest(store: Store, registry: Registry, indicator: str) -> list[dict[str, object]]:
    """One row per (year, quarter, district or city): projected, actual, error."""
    pair = target_pair(registry, indicator)
    history = ytd_history(store, (pair.ytd, pair.target))
    ytd = history[history["indicator"] == pair.ytd]
    actual = {(r.district, r.year): float(r.value) for r in ytd[ytd["quarter"] == 4].itertuples()}
    rows: list[dict[str, object]] = []
    for year in sorted({y for _, y in actual}):
        for quarter in (1, 2, 3):
            frame = project(history, registry, f"{year}-Q{quarter}", pair)
            city_actual = 0.0
            city_projected = 0.0
            for r in frame[frame["level"] == "district"].itertuples():
                done = actual.get((r.district, year))
                if done is None or done <= 0 or r.projected != r.projected:  # NaN: not reported that quarter
                    continue
                city_actual += done
                city_projected += r.projected
                rows.append({"year": year, "quarter": quarter, "district": r.district, "method": r.method,
                             "projected": r.projected, "actual": done, "error": r.projected / done - 1})
            if city_actual:
                rows.append({"year": year, "quarter": quarter, "district": "", "method": "",
                             "projected": city_projected, "actual": city_actual, "error": city_projected / city_actual - 1})
    return rows


def _pct(v: float) -> str:
    return f"{v * 100:+.1f}%"


def report(rows: list[dict[str, object]]) -> str:
    lines = ["year  quarter  city error  districts: median |error|  worst district  methods"]
    cells = sorted({(r["year"], r["quarter"]) for r in rows})
    for year, quarter in cells:
        here = [r for r in rows if r["year"] == year and r["quarter"] == quarter]
        city = next((r for r in here if r["district"] == ""), None)
        districts = [r for r in here if r["district"] != ""]
        errors = [abs(float(r["error"])) for r in districts]  # type: ignore[arg-type]
        worst = max(districts, key=lambda r: abs(float(r["error"])))  # type: ignore[arg-type]
        methods = sorted({str(r["method"]) for r in districts})
        lines.append(f"{year}  Q{quarter}       {_pct(float(city['error'])) if city else '—':>8}  "  # type: ignore[arg-type]
                     f"{statistics.median(errors) * 100:>24.1f}%  {worst['district']} {_pct(float(worst['error']))}  "  # type: ignore[arg-type]
                     f"{' / '.join(methods)}")
    city_errors = [abs(float(r["error"])) for r in rows if r["district"] == ""]  # type: ignore[arg-type]
    district_errors = [abs(float(r["error"])) for r in rows if r["district"] != ""]  # type: ignore[arg-type]
    lines.append("")
    for quarter in (1, 2, 3):
        c = [abs(float(r["error"])) for r in rows if r["district"] == "" and r["quarter"] == quarter]  # type: ignore[arg-type]
        d = [abs(float(r["error"])) for r in rows if r["district"] != "" and r["quarter"] == quarter]  # type: ignore[arg-type]
        if c and d:
            lines.append(f"from Q{quarter}: city median |error| {statistics.median(c) * 100:.1f}%, "
                         f"district median |error| {statistics.median(d) * 100:.1f}%")
    if city_errors:
        lines.append(f"\ntypical error (median absolute): city {statistics.median(city_errors) * 100:.1f}%, "
                     f"district {statistics.median(district_errors) * 100:.1f}% "
                     f"({len(city_errors)} city and {len(district_errors)} district projections)")
    else:
        lines.append("\nno past year with a fourth quarter on record: nothing to back-test")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="a database to back-test instead of a freshly generated sample city")
    ap.add_argument("--indicator", default="joined_ytd")
    args = ap.parse_args()
    registry = load_registry(settings_for(args.db).registry_dir)
    if args.db:
        store = Store.open(settings_for(args.db).db_path, read_only=True)
        print(report(backtest(store, registry, args.indicator)))
        store.close()
        return 0
    with tempfile.TemporaryDirectory() as folder:
        store = sample_store(Path(folder), registry)
        print(report(backtest(store, registry, args.indicator)))
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
