"""Briefing pack speed: the pack's 10 charts with one Chromium kept running, against the same 10
charts exported cold (one Chromium started per chart, as plotly does by default).

    .venv/bin/python bench/briefing.py [--db data/unionstats.duckdb] [--period 2026-Q3]

Prints pack/cold last; target ≤ 0.3, exit 1 when missed. Needs a database with that quarter
(`make run` creates one).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from insights.briefing import area_slides, build_pack, png  # noqa: E402
from pipelines.config import settings_for  # noqa: E402
from pipelines.registry import load_registry  # noqa: E402
from pipelines.store import Store  # noqa: E402

TARGET = 0.3


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--period", default="2026-Q3")
    args = ap.parse_args()
    settings = settings_for(args.db)
    store = Store.open(settings.db_path, read_only=True)
    reg = load_registry(settings.registry_dir)
    figures = [fig for slide in area_slides(store, reg, args.period) for fig in slide.figures]
    start = time.perf_counter()
    for fig in figures:
        png(fig)  # no server running: kaleido starts and stops a Chromium for each chart
    cold = time.perf_counter() - start
    start = time.perf_counter()
    data = build_pack(store, reg, args.period)
    pack = time.perf_counter() - start
    ratio = pack / cold
    print(f"{len(figures)} charts cold, one Chromium each: {cold:.1f} s")
    print(f"whole pack ({len(data) / 1e6:.1f} MB PPTX, same {len(figures)} charts, one Chromium): {pack:.1f} s")
    print(f"\npack ÷ cold exports: {ratio:.2f} (target ≤ {TARGET})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
