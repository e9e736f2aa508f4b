"""Ingest speed and memory, printed as ratios.

    .venv/bin/python bench/ingest.py [--big-mb 50]

(1) A full quarter of the sample city (10 districts × 4 forms), ingested through the same code as
    `python -m pipelines ingest` into a fresh database, divided by the time python-calamine alone
    takes to read those files' grids. Target ≤ 5.
(2) Peak memory of `python -m pipelines ingest` on a ~50 MB workbook (the four forms plus a
    基层工会名册 detail sheet of many rows, as districts attach), above the same process's
    baseline (interpreter and imports), divided by the file size. Target ≤ 4.
Ratios are printed last; the exit code is 1 when a target is missed. Each timing is the median of
--repeats runs after one untimed warm-up run (first-use costs of the process are not the ingest's).
The ingest time is also printed in parts, with what a fresh database costs that stores nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import python_calamine  # noqa: E402

from pipelines.config import Settings  # noqa: E402
from pipelines.ledger import Ledger  # noqa: E402
from pipelines.registry import load_registry  # noqa: E402
from pipelines.sample import write_sample  # noqa: E402
from pipelines.store import Store  # noqa: E402

SPEED_TARGET = 5.0
MEMORY_TARGET = 4.0


def quarter_files(sample_dir: Path, period: str) -> list[Path]:
    """The sample returns of one quarter, found by reading them (file names vary like real ones)."""
    reg = load_registry()
    ledger = Ledger(None, reg)
    chosen = []
    for path in sorted((sample_dir / "returns").iterdir()):
        plans = ledger.plan(ledger.read([path]))
        if any(r.ret.period == period for p in plans for r in p.returns):
            chosen.append(path)
    return chosen


def calamine_seconds(files: list[Path]) -> float:
    start = time.perf_counter()
    for f in files:
        wb = python_calamine.CalamineWorkbook.from_path(str(f))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return time.perf_counter() - start


def ingest_seconds(files: list[Path], work: Path, n: int) -> dict[str, float]:
    """The CLI's path: open a new store, read, ingest (plan, check, archive, commit), close; timed in parts."""
    db = work / f"speed{n}.duckdb"
    start = time.perf_counter()
    store = Store.open(db)
    opened = time.perf_counter()
    ledger = Ledger(store, load_registry(), Settings(db_path=db, archive_dir=work / f"archive{n}"))
    results = ledger.read(files)
    read = time.perf_counter()
    plans = ledger.ingest(results, actor="bench")
    ingested = time.perf_counter()
    store.close()
    end = time.perf_counter()
    assert all(p.accepted for p in plans), [i.render() for p in plans for i in p.errors][:3]
    return {"total": end - start, "open": opened - start, "read": read - opened, "plan+commit": ingested - read, "close": end - ingested}


def empty_store_seconds(work: Path, n: int) -> float:
    """A new database opened and closed with nothing stored: DuckDB's share that no ingest can avoid."""
    start = time.perf_counter()
    Store.open(work / f"empty{n}.duckdb").close()
    return time.perf_counter() - start


def big_workbook(path: Path, target_mb: int, sample_file: Path) -> int:
    """The four forms of a real sample return, plus a detail sheet grown until the file is ~target_mb."""
    import xlsxwriter

    src = python_calamine.CalamineWorkbook.from_path(str(sample_file))
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    wb.set_properties({"created": dt.datetime(2025, 1, 1)})
    for name in src.sheet_names:
        ws = wb.add_worksheet(name)
        for r, row in enumerate(src.get_sheet_by_name(name).to_python(skip_empty_area=False)):
            for c, v in enumerate(row):
                if v != "":
                    ws.write(r, c, v)
    detail = wb.add_worksheet("附表 基层工会名册")
    detail.write_row(0, 0, ["序号", "基层工会名称", "所在单位", "单位类型", "建会时间", "职工人数", "会员人数", "女会员", "农民工会员", "工会主席", "联系电话"])
    # About 80 bytes of compressed XML per row of varied text (measured): rows for the wanted size.
    rows = target_mb * 1024 * 1024 // 80
    for i in range(1, rows + 1):
        detail.write_row(i, 0, [i, f"示例市第{i:07d}号基层工会委员会", f"示例市某某有限公司{i * 7919 % 100000:05d}分公司",
                                ["非公有制企业", "国有企业", "事业单位", "社会组织"][i % 4], f"20{10 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                50 + i * 37 % 2000, 40 + i * 31 % 1800, 10 + i * 13 % 900, i * 11 % 700, f"主席{i * 104729 % 99991:05d}",
                                f"0571-8{i * 7 % 10000000:07d}"])
    wb.close()
    return path.stat().st_size


# Runs `python -c CODE` or `python -m MODULE ARGS…` in this child, then reports the child's own high-water
# mark. The child's ru_maxrss cannot be used: Linux keeps in it the memory of the process it was forked
# from (this one, ~190 MB after the speed runs), which put the baseline at ~190 MB instead of ~125 MB.
_MEASURED = """
import runpy, sys
args = sys.argv[1:]
try:
    if args[0] == "-c":
        exec(compile(args[1], "<bench>", "exec"), {"__name__": "__main__"})
    else:
        sys.argv = [args[1], *args[2:]]
        runpy.run_module(args[1], run_name="__main__", alter_sys=True)
    code = 0
except SystemExit as exc:
    code = exc.code
with open("/proc/self/status") as fh:
    print("BENCH_PEAK_KB", next(line.split()[1] for line in fh if line.startswith("VmHWM")), file=sys.stderr)
sys.exit(code)
"""


def peak_rss_bytes(args: list[str]) -> int:
    """Peak resident memory of a child process: its VmHWM (KiB) as it exits."""
    done = subprocess.run([sys.executable, "-c", _MEASURED, *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(done.stdout[-2000:] + done.stderr[-2000:])
    kib = next(int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("BENCH_PEAK_KB"))
    return kib * 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--big-mb", type=int, default=50)
    ap.add_argument("--period", default="2026-Q3")
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="unionstats-ingest-"))
    try:
        manifest = write_sample(work / "sample")
        files = quarter_files(work / "sample", args.period)
        calamine_seconds(files)  # warm-up, untimed
        read = statistics.median(calamine_seconds(files) for _ in range(args.repeats))
        ingest_seconds(files, work, -1)  # warm-up, untimed
        runs = [ingest_seconds(files, work, n) for n in range(args.repeats)]
        ingest = statistics.median(r["total"] for r in runs)
        speed = ingest / read
        empty = statistics.median(empty_store_seconds(work, n) for n in range(args.repeats))
        print(f"quarter {args.period}: {len(files)} files; python-calamine alone {read * 1000:.1f} ms; ingest {ingest * 1000:.1f} ms")
        print("  ingest in parts (medians): " + ", ".join(f"{k} {statistics.median(r[k] for r in runs) * 1000:.1f} ms" for k in runs[0] if k != "total"))
        print(f"  a new database opened and closed with nothing stored: {empty * 1000:.1f} ms ({empty / read:.1f} × python-calamine)")

        # Memory: the baseline is the same interpreter with the same imports, ingesting nothing.
        baseline = peak_rss_bytes(["-c", "import pipelines.__main__, pipelines.ledger, pipelines.readers, pandas, pyarrow, duckdb"])
        big = work / "东湖区2026Q3_含名册.xlsx"
        size = big_workbook(big, args.big_mb, files[0])
        peak = peak_rss_bytes(["-m", "pipelines", "ingest", "--db", str(work / "big.duckdb"), str(big)])
        memory = (peak - baseline) / size
        print(f"big workbook {size / 1e6:.1f} MB; baseline {baseline / 1e6:.0f} MB; peak {peak / 1e6:.0f} MB; above baseline {(peak - baseline) / 1e6:.0f} MB")
        print(f"\ningest time ÷ calamine read time: {speed:.1f} (target ≤ {SPEED_TARGET})")
        print(f"peak memory above baseline ÷ file size: {memory:.2f} (target ≤ {MEMORY_TARGET})")
        del manifest
        return 0 if speed <= SPEED_TARGET and memory <= MEMORY_TARGET else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
