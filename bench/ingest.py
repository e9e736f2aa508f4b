"""Ingest speed and memory, printed as ratios.

    .venv/bin/python bench/ingest.py [--big-mb 50] [--period 2026-Q3] [--repeats 5]

(1) A province-scale quarter: 100 districts × 4 forms (the sample city's generator run over ten
    copies of its districts, names rewritten: 甲东湖区, 乙东湖区 …), ingested through the CLI's code
    (sandboxed read, parse, checks, compare with history, archive, one transaction) into an open
    database that already holds the 8 quarters before it, divided by the floor for the same work:
    python-calamine reading the same files' grids plus one bulk insert of the same observations
    into the same open database (a copy of it). Target ≤ 3. Both are printed in parts.
(2) Peak memory of `python -m pipelines ingest` on a ~50 MB workbook (the four forms plus a
    基层工会名册 detail sheet of many rows, as districts attach), above the same process's
    baseline (interpreter and imports), divided by the file size. Target ≤ 4.
Ratios are printed last; the exit code is 1 when a target is missed. Timings are medians of
--repeats runs after one untimed warm-up run of each, ingest and floor interleaved, each on a fresh
copy of the 8-quarter database (copied and opened before the clock starts).
"""

from __future__ import annotations

import argparse
import csv
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

from pipelines.config import REGISTRY_DIR, Settings  # noqa: E402
from pipelines.ledger import Ledger  # noqa: E402
from pipelines.periods import Period, find_periods  # noqa: E402
from pipelines.registry import Registry, load_registry  # noqa: E402
from pipelines.sample import write_sample  # noqa: E402
from pipelines.store import Store  # noqa: E402

SPEED_TARGET = 3.0
COPIES = "甲乙丙丁戊己庚辛壬癸"  # ten copies of the sample city's ten districts: a province's 100
HISTORY = 8  # quarters already in the database
MEMORY_TARGET = 4.0


def files_of(paths: list[Path], period: str) -> list[Path]:
    """The returns of one quarter, told by the period their file names state (the sample names every file so)."""
    return sorted(p for p in paths if any(m.period is not None and m.period.code == period for m in find_periods(p.stem)))


def province_registry(target: Path) -> Registry:
    """The sample city's registry with its 10 districts copied ten times under new names (甲东湖区 …)."""
    target.mkdir(parents=True)
    for f in REGISTRY_DIR.glob("*.csv"):
        if f.name not in ("districts.csv", "district_tiles.csv"):  # tiles place the city's own districts only
            shutil.copy(f, target / f.name)
    base = load_registry()
    with open(target / "districts.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "name", "kind", "aliases", "first_period", "sort_order"])
        for k, mark in enumerate(COPIES):
            for d in base.districts:
                w.writerow([f"{d.code}{k}", f"{mark}{d.name}", d.kind, "|".join(f"{mark}{a}" for a in d.aliases), d.first_period,
                            k * len(base.districts) + d.sort_order])
    return load_registry(target)


def quarters_before(period: str, n: int) -> str:
    p = Period.parse_code(period)
    for _ in range(n):
        p = p.previous()
    return p.code


def calamine_read(files: list[Path]) -> None:
    for f in files:
        wb = python_calamine.CalamineWorkbook.from_path(str(f))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python(skip_empty_area=False)


class Parts:
    """Seconds spent in named steps: methods of an object wrapped to add their time to a part."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, part: str, *where: tuple[object, str]) -> None:
        """Time the first of (object, method) that exists (the ledger's parts have moved between modules)."""
        for obj, method in where:
            inner = getattr(obj, method, None)
            if inner is not None:
                break
        else:
            return  # none left: its time shows under "other"

        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                self.seconds[part] = self.seconds.get(part, 0.0) + time.perf_counter() - start

        setattr(obj, method, timed)


def ingest_run(files: list[Path], history_db: Path, registry: Registry, work: Path, n: int) -> dict[str, float]:
    """The CLI's path on a copy of the 8-quarter database, opened before the clock starts; timed in parts."""
    db = work / f"ingest{n}.duckdb"
    shutil.copy(history_db, db)
    store = Store.open(db)
    ledger = Ledger(store, registry, Settings(db_path=db, archive_dir=work / f"archive{n}"))
    parts = Parts()
    planner = getattr(ledger, "planner", ledger)
    parts.wrap("plan (parse, hard checks)", (planner, "plan"))
    parts.wrap("compare (history, soft checks)", (ledger, "_compare_all"))
    parts.wrap("archive", (getattr(ledger, "archive", None), "write_all"), (ledger, "_archive_all"), (ledger, "_archive"))
    parts.wrap("store (one transaction)", (ledger, "_store"))
    start = time.perf_counter()
    results = planner.read(files)
    read = time.perf_counter()
    plans = ledger.ingest(results, actor="bench")
    end = time.perf_counter()
    store.close()
    bad = [i.render() for p in plans if not p.accepted for i in p.errors]
    assert not bad, bad[:3]
    assert all(r.status == "new" for p in plans for r in p.returns), "the quarter was already in the database"
    return {"total": end - start, "read (sandboxed)": read - start, **parts.seconds,
            "other": end - read - sum(parts.seconds.values())}


def floor_run(files: list[Path], history_db: Path, rows: dict[str, list[object]], work: Path, n: int) -> dict[str, float]:
    """python-calamine reading the same grids, then the same observations in one insert into a copy of the same database."""
    db = work / f"floor{n}.duckdb"
    shutil.copy(history_db, db)
    store = Store.open(db)
    start = time.perf_counter()
    calamine_read(files)
    read = time.perf_counter()
    with store.transaction() as tx:
        tx.append("observations", rows)
    end = time.perf_counter()
    store.close()
    return {"total": end - start, "python-calamine read": read - start, "bulk insert": end - read}


def observations_of(db: Path, period: str) -> dict[str, list[object]]:
    """The quarter's observations as an ingest stored them, column-wise (values as text, as the ledger passes them)."""
    store = Store.open(db, read_only=True)
    frame = store.frame("select * from observations where period = ?", [period])
    store.close()
    frame["value"] = frame["value"].astype(str)
    return {c: frame[c].tolist() for c in frame.columns}


def speed(work: Path, period: str, repeats: int) -> tuple[float, list[str]]:
    """(ingest ÷ floor, lines to print)."""
    registry = province_registry(work / "registry")
    start = time.perf_counter()
    manifest = write_sample(work / "province", first=quarters_before(period, HISTORY), last=period, registry=registry)
    files = files_of(manifest.files, period)
    history = [f for f in manifest.files if f not in set(files)]
    db = work / "history.duckdb"
    store = Store.open(db)
    ledger = Ledger(store, registry, Settings(db_path=db, archive_dir=work / "history_archive"))
    plans = ledger.ingest(getattr(ledger, "planner", ledger).read(history), actor="bench")
    store.close()
    assert all(p.accepted for p in plans), [i.render() for p in plans for i in p.errors][:3]
    returns = sum(len(p.returns) for p in plans)
    print(f"province: {len(registry.districts)} districts; {HISTORY} quarters ({len(history)} files, {returns} returns) "
          f"in the database, built in {time.perf_counter() - start:.0f}s", flush=True)

    ingest_run(files, db, registry, work, -1)  # warm-up, untimed (also what the floor inserts)
    rows = observations_of(work / "ingest-1.duckdb", period)
    floor_run(files, db, rows, work, -1)
    runs, floors = [], []
    for n in range(repeats):
        for which in ("ingest", "floor") if n % 2 == 0 else ("floor", "ingest"):
            if which == "ingest":
                runs.append(ingest_run(files, db, registry, work, n))
            else:
                floors.append(floor_run(files, db, rows, work, n))
        for f in work.glob(f"*{n}.duckdb*"):
            f.unlink()
    ingest, floor = statistics.median(r["total"] for r in runs), statistics.median(r["total"] for r in floors)
    sheets = sum(len(python_calamine.CalamineWorkbook.from_path(str(f)).sheet_names) for f in files)

    def parts(rs: list[dict[str, float]]) -> str:
        return ", ".join(f"{k} {statistics.median(r.get(k, 0.0) for r in rs) * 1000:,.0f} ms" for k in rs[0] if k != "total")

    return ingest / floor, [
        f"quarter {period}: {len(files)} files, {sheets} sheets, {len(rows['district']):,} observations, "
        f"into a database holding {HISTORY} quarters",
        f"  ingest {ingest * 1000:,.0f} ms: {parts(runs)}",
        f"  floor  {floor * 1000:,.0f} ms: {parts(floors)}",
    ]


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
        ratio, lines = speed(work / "speed", args.period, args.repeats)
        for line in lines:
            print(line, flush=True)

        # Memory: the baseline is the same interpreter with the same imports, ingesting nothing.
        sample = write_sample(work / "sample")
        baseline = peak_rss_bytes(["-c", "import pipelines.__main__, pipelines.ledger, pipelines.readers, pandas, pyarrow, duckdb"])
        big = work / "东湖区2026Q3_含名册.xlsx"
        size = big_workbook(big, args.big_mb, files_of(sample.files, args.period)[0])
        peak = peak_rss_bytes(["-m", "pipelines", "ingest", "--db", str(work / "big.duckdb"), str(big)])
        memory = (peak - baseline) / size
        print(f"big workbook {size / 1e6:.1f} MB; baseline {baseline / 1e6:.0f} MB; peak {peak / 1e6:.0f} MB; above baseline {(peak - baseline) / 1e6:.0f} MB")
        print(f"\nprovince quarter: ingest ÷ floor (python-calamine read + one bulk insert): {ratio:.2f} (target ≤ {SPEED_TARGET})")
        print(f"peak memory above baseline ÷ file size: {memory:.2f} (target ≤ {MEMORY_TARGET})")
        return 0 if ratio <= SPEED_TARGET and memory <= MEMORY_TARGET else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
