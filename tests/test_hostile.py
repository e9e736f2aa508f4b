"""Issue 11: whatever an upload contains, the process that reads it survives, stays small, answers in
seconds, and says in Chinese what is wrong and where; the database is unchanged and the other files of
the same batch are stored.

Each hostile file (built at test time by tests/hostile/build.py) goes through the CLI in a child
process, `ingest --db <copy of a seeded db> FILE` and `check FILE`, with its address space limited to
4 GB so a runaway cannot hurt the machine. The child runs under tests/hostile/reaper.py, a subreaper
that also waits for whatever the product starts (a fork server and the processes that read files), so
the peak RSS from os.wait4 (ru_maxrss) is that of the largest process of the whole tree: it must stay
under 1.5 GB, and the tree's wall time under 30 s (it is killed at 40 s); no "Traceback" anywhere; the
export of the database is the same before and after.

Two kinds of expectation:

* rejected: exit code 1 and a Chinese message line naming the file (and the sheet/cell where the issue
  says it is known) — for files that are not a valid return (malformed numbers, error cells, broken
  parts, 1e33, a one-quarter 表三 …);
* read, or rejected naming the spot: for a return that is valid apart from something the district
  cannot see (a stray “.” at XFD1048576, a merge below the table or on another sheet, an ss:Index of
  10⁸ on an empty row, a 20-million-character title, a million rows below the footer). The issue asks
  that such a sheet be sized by its filled cells, so it must not be refused for “单元格过多”; the
  product may store it (its values equal the seeded return, so the export does not change) or refuse
  it with a message that names the file and the spot.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.hostile import build, fuzz

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
MAX_RSS = 1536 * 1024 * 1024  # 1.5 GB
# Time is judged as the CPU the whole process tree used (the machine may be busy: a wall-clock rule made
# the same file pass alone and fail beside other work); the wall clock only kills a tree that hangs.
MAX_SECONDS = 30.0
KILL_AFTER = 180.0  # a child still running then is killed (and fails the time rule)
ADDRESS_SPACE = 4 * 1024**3  # RLIMIT_AS of every child
SEED_FILE = build.XLSX_SEED  # 东湖区 2025-Q3 表一, stored before each test
OTHER_FORM_FILE = build.AID_XML_SEED  # 东湖区 2025-Q3 表四, SpreadsheetML 2003
TOO_MANY_CELLS = "单元格过多"  # “工作表单元格过多”, “工作表有内容的单元格过多”
CJK = re.compile(r"[\u4e00-\u9fff]")


# ---------------------------------------------------------------------------------------------
# running a child with limits, measuring its own peak RSS and wall time


@dataclass
class Run:
    args: list[str]
    rc: int
    raw_out: bytes
    raw_err: bytes
    maxrss: int  # bytes
    wall: float
    killed: bool
    cpu: float = 0.0  # seconds of CPU used by the whole tree

    @property
    def out(self) -> str:
        return self.raw_out.decode("utf-8", "replace")

    @property
    def err(self) -> str:
        return self.raw_err.decode("utf-8", "replace")

    def key_line(self) -> str:
        """The line that says most about what happened, for failure messages."""
        if self.killed:
            return f"killed after {KILL_AFTER:.0f} s"
        for text in (self.err, self.out):
            if "Traceback" in text:
                tail = [ln for ln in text.splitlines() if ln.strip(" ^~")]  # not the caret lines under code
                return "Traceback … " + (tail[-1].strip() if tail else "")
        if self.rc < 0:
            sig = signal.Signals(-self.rc).name
            last = [ln for ln in self.err.splitlines() if ln.strip()]
            return f"killed by {sig}" + (f": {last[-1].strip()}" if last else "")
        lines = [ln.strip() for ln in self.out.splitlines() if ln.strip()]
        errors = [ln for ln in lines if ln.startswith("错误")]
        shown = errors[:1] or lines[:2] or [ln.strip() for ln in self.err.splitlines() if ln.strip()][-1:]
        return " | ".join(shown)[:400]


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _limits_at_a_terminal() -> None:
    """_limits, and Ctrl-C as a terminal delivers it. A child inherits an ignored SIGINT (a test run started
    in the background by a script, `nohup`, some CI runners), and Python then installs no handler: the
    ingest would rightly ignore the signal and commit (seen once in `make test`, and reproduced so)."""
    _limits()
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(PYTHONUTF8="1", PYTHONIOENCODING="utf-8", PYTHONPATH=str(ROOT))
    env.pop("UNIONSTATS_DB", None)
    return env


class Tree:
    """A command run under tests/hostile/reaper.py in a session of its own, with RLIMIT_AS for the whole
    tree: the reaper waits for every descendant (a fork server, the readers it forks), so wait4 on it
    gives the peak RSS of the largest process of the tree, and its wall time ends with the last one."""

    def __init__(self, argv: list[str], tmp: Path, out, err):
        self.status_path = tmp / "tree.json"
        self.status_path.unlink(missing_ok=True)
        self.start = time.monotonic()
        self.cpu = 0.0
        self.proc = subprocess.Popen([PYTHON, "-m", "tests.hostile.reaper", str(self.status_path), "--", *argv],
                                     stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=ROOT, env=_env(),
                                     preexec_fn=_limits, start_new_session=True)
        self.lock = threading.Lock()
        self.exited = False
        self.killed = False

    def kill(self) -> None:
        """SIGKILL to the process group of the tree we started (its id is the reaper's pid, which stays
        ours until we reap it)."""
        with self.lock:
            if not self.exited:
                self.killed = True
                os.killpg(self.proc.pid, signal.SIGKILL)

    def wait(self, block: bool = True) -> bool:
        """True once the tree has ended (then rc, maxrss and wall are set)."""
        flags = os.WEXITED | os.WNOWAIT | (0 if block else os.WNOHANG)
        info = os.waitid(os.P_PID, self.proc.pid, flags)
        if info is None:
            return False
        self.wall = time.monotonic() - self.start
        with self.lock:
            self.exited = True
        _, status, usage = os.wait4(self.proc.pid, 0)
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        tree = json.loads(self.status_path.read_text()) if self.status_path.exists() else {}
        self.rc = tree.get("rc") if tree.get("rc") is not None else self.proc.returncode
        self.maxrss = max(usage.ru_maxrss, tree.get("tree_maxrss_kb", 0)) * 1024
        self.cpu = usage.ru_utime + usage.ru_stime + tree.get("tree_cpu_s", 0.0)
        return True


def run_child(argv: list[str], tmp: Path, timeout: float = KILL_AFTER) -> Run:
    """Run argv (and whatever it starts) with RLIMIT_AS; its exit code, output, peak RSS and wall time."""
    tmp.mkdir(parents=True, exist_ok=True)
    out_path, err_path = tmp / "child.out", tmp / "child.err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        tree = Tree(argv, tmp, out, err)
        timer = threading.Timer(timeout, tree.kill)
        timer.start()
        try:
            tree.wait()
        finally:
            timer.cancel()
    return Run(argv, tree.rc, out_path.read_bytes(), err_path.read_bytes(), tree.maxrss, tree.wall, tree.killed, tree.cpu)


def cli(tmp: Path, *args: str) -> Run:
    return run_child([PYTHON, "-m", "pipelines", *args], tmp)


def export(tmp: Path, db: Path) -> str:
    out = tmp / "export.csv"
    run = run_child([PYTHON, "-m", "pipelines", "export", "--db", str(db), "--out", str(out)], tmp / "export")
    assert run.rc == 0, f"export failed: {run.key_line()}"
    return out.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# judging


@dataclass
class Verdict:
    """Collects every broken rule of a test, so one run reports all of them."""

    problems: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.problems.append(text)

    def check(self) -> None:
        assert not self.problems, "\n".join(self.problems)

    def bounded(self, run: Run, label: str) -> None:
        """No traceback, no crash, under 1.5 GB and 30 s."""
        for stream, text in (("stdout", run.out), ("stderr", run.err)):
            if "Traceback" in text:
                self.add(f"{label}: Traceback in {stream}: {run.key_line()}")
        if run.killed:
            self.add(f"{label}: still running after {KILL_AFTER:.0f} s, killed")
        elif run.rc < 0:
            self.add(f"{label}: died ({run.key_line()})")
        if run.maxrss >= MAX_RSS:
            self.add(f"{label}: peak RSS {run.maxrss / 2**20:,.0f} MB ≥ 1,536 MB")
        if run.cpu >= MAX_SECONDS and not run.killed:
            self.add(f"{label}: used {run.cpu:.1f} s of CPU ≥ {MAX_SECONDS:.0f} s (wall {run.wall:.1f} s)")

    def rejected(self, run: Run, label: str, name: str, where: tuple[str, ...] = (), also: tuple[str, ...] = (),
                 never: tuple[str, ...] = ()) -> None:
        """Exit code 1 and a Chinese message line naming the file, `where` (sheet, cell) and matching `also`."""
        self.bounded(run, label)
        if run.rc != 1:
            self.add(f"{label}: exit code {run.rc}, expected 1 — {run.key_line()}")
        if message_line(run, name, where, also) is None:
            wanted = " › ".join((name, *where)) + (f" with {' and '.join(also)}" if also else "")
            self.add(f"{label}: no message line naming {wanted!r} — {run.key_line()}")
        self.never(run, label, never)

    def read_or_named(self, run: Run, label: str, name: str, anchors: tuple[str, ...], never: tuple[str, ...] = ()) -> None:
        """Stored (exit 0, a ✓ line naming the file) or refused (exit 1) with a message naming the file and one of `anchors`."""
        self.bounded(run, label)
        if run.rc == 0:
            if not any(ln.strip().startswith("✓") and name in ln for ln in run.out.splitlines()):
                self.add(f"{label}: exit 0 but no ✓ line for {name!r} — {run.key_line()}")
        elif run.rc == 1:
            if not any(message_line(run, name, (a,)) for a in anchors):
                self.add(f"{label}: refused without a message naming {name!r} and one of {anchors} — {run.key_line()}")
        elif not run.killed and run.rc >= 0:
            self.add(f"{label}: exit code {run.rc} — {run.key_line()}")
        self.never(run, label, never)

    def never(self, run: Run, label: str, texts: tuple[str, ...]) -> None:
        for t in texts:
            hit = next((ln.strip() for ln in run.out.splitlines() if t in ln), None)
            if hit:
                self.add(f"{label}: says {t!r}: {hit[:300]}")

    def same_export(self, before: str, after: str) -> None:
        if before != after:
            old, new = set(before.splitlines()), set(after.splitlines())
            added, removed = sorted(new - old), sorted(old - new)
            self.add(f"database changed: +{len(added)} rows {added[:3]} / -{len(removed)} rows {removed[:3]}")


def message_line(run: Run, name: str, where: tuple[str, ...] = (), also: tuple[str, ...] = ()) -> str | None:
    """A Chinese line of stdout that names the file and the given places, other than the ✓/✗ summary and warnings."""
    for line in run.out.splitlines():
        s = line.strip()
        if not s or s.startswith(("✓", "✗", "提醒", "变化", "共 ")) or name not in s or not CJK.search(s.replace(name, "")):
            continue
        rest = s.replace(name, "")  # the places must be named in the message, not only in the file's name
        if all(w in rest for w in where) and all(re.search(a, rest) for a in also):
            return s
    return None


# ---------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    """hostile(cls) -> the paths of that class, built once per session into a temporary folder."""
    folder = tmp_path_factory.mktemp("hostile")
    built: dict[str, list[Path]] = {}

    def get(cls: str) -> list[Path]:
        if cls not in built:
            built[cls] = build.BUILDERS[cls](folder / cls)
        return built[cls]

    return get


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A database holding the valid 东湖区 2025-Q3 表一 (through the CLI), and its export."""
    folder = tmp_path_factory.mktemp("seed")
    db = folder / "seed.duckdb"
    run = cli(folder / "run", "ingest", "--db", str(db), str(SEED_FILE))
    assert run.rc == 0, f"seeding failed: {run.key_line()}"
    return db, export(folder, db)


@pytest.fixture
def db(seeded: tuple[Path, str], tmp_path: Path) -> Path:
    """A private copy of the seeded database (and its archive)."""
    src, _ = seeded
    target = tmp_path / "db"
    target.mkdir()
    for p in src.parent.iterdir():
        if p.name.startswith(src.stem):
            (shutil.copytree if p.is_dir() else shutil.copy2)(p, target / p.name)
    return target / src.name


def exercise(path: Path, db: Path, tmp: Path, seeded: tuple[Path, str]) -> tuple[Run, Run, Verdict]:
    """ingest into the copy of the seeded db, check alone; the verdict already holds the export rule."""
    ingest = cli(tmp / "ingest", "ingest", "--db", str(db), str(path))
    check = cli(tmp / "check", "check", str(path))
    verdict = Verdict()
    verdict.same_export(seeded[1], export(tmp, db))
    return ingest, check, verdict


def rejected_everywhere(path: Path, db: Path, tmp: Path, seeded: tuple[Path, str], **expect) -> None:
    ingest, check, v = exercise(path, db, tmp, seeded)
    v.rejected(ingest, "ingest", path.name, **expect)
    v.rejected(check, "check", path.name, **expect)
    v.check()


def read_or_named_everywhere(path: Path, db: Path, tmp: Path, seeded: tuple[Path, str], anchors: tuple[str, ...],
                             never: tuple[str, ...] = (TOO_MANY_CELLS,)) -> Run:
    ingest, check, v = exercise(path, db, tmp, seeded)
    v.read_or_named(ingest, "ingest", path.name, anchors, never)
    v.read_or_named(check, "check", path.name, anchors, never)
    v.check()
    return ingest


def _pick(paths: list[Path], stem: str) -> Path:
    [p] = [p for p in paths if p.name.startswith(stem)]
    return p


# ---------------------------------------------------------------------------------------------
# memory: tiny files that declare huge sheets


@pytest.mark.parametrize("ref", build.STRAY_CELLS)
def test_stray_cell(ref, hostile, db, tmp_path, seeded):
    """A stray “.” far away: sized by its filled cells, the return is read (or the “.” is named), never
    “工作表单元格过多”, within 1.5 GB and 30 s."""
    path = _pick(hostile("stray_cell"), f"stray_{ref}_")
    read_or_named_everywhere(path, db, tmp_path, seeded, anchors=(ref,))


@pytest.mark.parametrize("variant", build.MERGED_VARIANTS)
def test_merged_to_last_cell(variant, hostile, db, tmp_path, seeded):
    """A merge reaching XFD1048576 must not be expanded cell by cell: below the table or on another
    sheet the return is read (or the merge named); over the table the return is refused with a message."""
    path = _pick(hostile("merged_to_last_cell"), f"merged_{variant}_")
    if variant == "return_sheet_over_table":
        rejected_everywhere(path, db, tmp_path, seeded, where=("表一",), never=(TOO_MANY_CELLS,))
    else:
        anchors = ("说明",) if variant == "other_sheet" else ("A13", "XFD1048576")
        read_or_named_everywhere(path, db, tmp_path, seeded, anchors=anchors)


@pytest.mark.parametrize("what", ["row", "cell"])
def test_xml2003_huge_index(what, hostile, db, tmp_path, seeded):
    """ss:Index of 10⁸ on a row or a cell: bounded; read, or refused naming the sheet."""
    path = _pick(hostile("xml2003_huge_index"), f"xml_{what}_index_")
    read_or_named_everywhere(path, db, tmp_path, seeded, anchors=("表一",))


@pytest.mark.parametrize("what", ["across", "down"])
def test_xml2003_huge_merge(what, hostile, db, tmp_path, seeded):
    """ss:MergeAcross / ss:MergeDown of 10⁸: bounded; read, or refused naming the sheet."""
    path = _pick(hostile("xml2003_huge_merge"), f"xml_merge_{what}_")
    read_or_named_everywhere(path, db, tmp_path, seeded, anchors=("表一",))


# ---------------------------------------------------------------------------------------------
# tracebacks instead of messages


@pytest.mark.parametrize(("cell", "text"), [(c, t) for c, _, _, t in build.MALFORMED_NUMBERS], ids=["empty", "2,510", "Infinity"])
def test_xml2003_malformed_number(cell, text, hostile, db, tmp_path, seeded):
    """A Number cell whose text is “”, “2,510” or “Infinity”: a message naming 表一 and the cell."""
    stem = {"": "empty", "2,510": "thousands", "Infinity": "infinity"}[text]
    path = _pick(hostile("xml2003_malformed_number"), f"xml_number_{stem}_")
    rejected_everywhere(path, db, tmp_path, seeded, where=("表一", cell))


@pytest.mark.parametrize("what", ["abc", "negative"])
def test_xml2003_malformed_index(what, hostile, db, tmp_path, seeded):
    """ss:Index="abc" on a cell, "-6" on a row: a message naming the file and 表一."""
    path = _pick(hostile("xml2003_malformed_index"), f"xml_index_{what}_")
    rejected_everywhere(path, db, tmp_path, seeded, where=("表一",))


def test_xlsx_missing_sheet_part(hostile, db, tmp_path, seeded):
    [path] = hostile("xlsx_missing_sheet_part")
    rejected_everywhere(path, db, tmp_path, seeded)


def test_xlsx_shared_string_out_of_range(hostile, db, tmp_path, seeded):
    [path] = hostile("xlsx_shared_string_out_of_range")
    rejected_everywhere(path, db, tmp_path, seeded)


def test_xlsx_malformed_sheet_xml(hostile, db, tmp_path, seeded):
    [path] = hostile("xlsx_malformed_sheet_xml")
    rejected_everywhere(path, db, tmp_path, seeded)


def test_csv_long_field(hostile, db, tmp_path, seeded):
    """A CSV field of 140,000 characters (over csv's 131,072 limit): a message, not a traceback."""
    [path] = hostile("csv_long_field")
    rejected_everywhere(path, db, tmp_path, seeded)


@pytest.mark.parametrize("what", ["short", "long"])
def test_csv_unterminated_quote(what, hostile, db, tmp_path, seeded):
    path = _pick(hostile("csv_unterminated_quote"), "csv_unterminated_quote_long" if what == "long" else "csv_unterminated_quote__")
    rejected_everywhere(path, db, tmp_path, seeded)


# ---------------------------------------------------------------------------------------------
# values


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_count_1e33(suffix, hostile, db, tmp_path, seeded):
    """1e33 in a count cell: `check` and `ingest` both refuse it, naming B5 and the limit."""
    [path] = [p for p in hostile("count_1e33") if p.suffix == suffix]
    rejected_everywhere(path, db, tmp_path, seeded, where=("B5",), also=(r"上限|不超过|最多|超过",))


@pytest.mark.parametrize(("cell", "error", "suffix"), [(c, e, ".xlsx") for c, e, _ in build.ERROR_CELLS] + [("I5", "#N/A", "_wps.xls")],
                         ids=["NA_in_qizhong", "DIV0", "REF", "VALUE", "NA_xml2003"])
def test_error_cell(cell, error, suffix, hostile, db, tmp_path, seeded):
    """An Excel error in the data area is an error naming the cell (“公式结果为 #N/A”), never 0."""
    stem = error.strip("#!/").replace("/", "").lower()
    [path] = [p for p in hostile("error_cell") if p.name == f"error_{stem}__东湖区2025Q3{suffix}"]
    rejected_everywhere(path, db, tmp_path, seeded, where=("表一", cell), also=(re.escape(error), "公式"))


def test_uncached_formula(hostile, db, tmp_path, seeded):
    """A formula with no cached value in the data area: an error naming B5 (“公式没有计算结果…”)."""
    [path] = hostile("uncached_formula")
    rejected_everywhere(path, db, tmp_path, seeded, where=("表一", "B5"), also=("公式",))


# ---------------------------------------------------------------------------------------------
# big


def fresh_ingest(path: Path, tmp: Path) -> tuple[Run, int | None]:
    """ingest into an empty database (so the return is new and would be stored); the raw cells it stored."""
    fresh = tmp / "fresh" / "fresh.duckdb"
    fresh.parent.mkdir(parents=True)
    run = cli(tmp / "fresh_run", "ingest", "--db", str(fresh), str(path))
    if run.rc != 0 or not fresh.exists():
        return run, None
    import duckdb

    con = duckdb.connect(str(fresh), read_only=True)
    try:
        return run, int(con.execute("select count(*) from raw_cells").fetchone()[0])
    finally:
        con.close()


RAW_CELLS_OF_THE_TABLE = 1000  # the return is 11 rows × 11 columns


@pytest.mark.slow
def test_big_csv(hostile, db, tmp_path, seeded):
    """A 58 MB CSV (a return plus ~2.3 M lines of 3 filled cells): the cell limit of every other format
    applies, so it is refused with a message, within 1.5 GB and 30 s — also when the return is new to
    the database (an empty one), where it would otherwise be stored with its millions of raw cells."""
    [path] = hostile("big_csv")
    assert 50e6 < path.stat().st_size <= 60e6
    ingest, check, v = exercise(path, db, tmp_path, seeded)
    v.rejected(ingest, "ingest", path.name)
    v.rejected(check, "check", path.name)
    run, raw = fresh_ingest(path, tmp_path)
    v.rejected(run, "ingest into an empty db", path.name)
    if raw is not None and raw > RAW_CELLS_OF_THE_TABLE:
        v.add(f"ingest into an empty db stored {raw:,} raw cells")
    v.check()


@pytest.mark.slow
def test_xlsx_rows_below_footer(hostile, db, tmp_path, seeded):
    """A return sheet with a million rows below its footer: bounded; read (storing raw cells only for
    the table) or refused with a message — also into an empty database, where the return is new —
    and judged the same way by check and both ingests (not stored once and “damaged” the next time)."""
    [path] = hostile("xlsx_rows_below_footer")
    ingest, check, v = exercise(path, db, tmp_path, seeded)
    never = ("损坏",)  # a valid workbook under every limit is not “damaged”
    v.read_or_named(ingest, "ingest", path.name, ("表一",), never)
    v.read_or_named(check, "check", path.name, ("表一",), never)
    run, raw = fresh_ingest(path, tmp_path)
    v.read_or_named(run, "ingest into an empty db", path.name, ("表一",), never)
    outcomes = {"ingest": ingest.rc, "check": check.rc, "ingest into an empty db": run.rc}
    if len(set(outcomes.values())) > 1:
        v.add(f"the same file is not judged the same way each time: exit codes {outcomes}")
    if raw is not None and raw > RAW_CELLS_OF_THE_TABLE:
        v.add(f"ingest into an empty db stored {raw:,} raw cells for a table of 11 rows × 11 columns")
    v.check()


# ---------------------------------------------------------------------------------------------
# what a file really is, its name, its title, its period


def test_text_named_xlsx(hostile, db, tmp_path, seeded):
    """Plain text called .xlsx is said to be text, not “不支持的文件类型“.xlsx”” (then “另存为 .xlsx”)."""
    [path] = hostile("text_named_xlsx")
    rejected_everywhere(path, db, tmp_path, seeded, also=("文本",), never=("不支持的文件类型“.xlsx”",))


def test_zip_named_xlsx(hostile, db, tmp_path, seeded):
    """A zip renamed .xlsx is said to be a zip archive, not a corrupt file."""
    [path] = hostile("zip_named_xlsx")
    rejected_everywhere(path, db, tmp_path, seeded, also=("压缩",), never=("已损坏",))


@pytest.mark.parametrize("which", ["newline", "ansi"])
def test_hostile_file_name(which, hostile, db, tmp_path, seeded):
    """A newline or ANSI escape in a file name neither forges nor garbles output lines: the name is
    printed escaped, on the line of its message."""
    path = hostile("hostile_file_name")[0 if which == "newline" else 1]
    ingest, check, v = exercise(path, db, tmp_path, seeded)
    mark = "伪造" if which == "newline" else "红字"
    for label, run in (("ingest", ingest), ("check", check)):
        v.bounded(run, label)
        if run.rc != 1:
            v.add(f"{label}: exit code {run.rc}, expected 1 — {run.key_line()}")
        for stream, raw in (("stdout", run.raw_out), ("stderr", run.raw_err)):
            if b"\x1b" in raw:
                v.add(f"{label}: raw ESC in {stream}: {raw[:200]!r}")
        forged = [ln for ln in run.out.splitlines() if ln.startswith("✓")]
        if forged:
            v.add(f"{label}: forged line {forged[0]!r}")
        if not any("东湖区2025Q3" in ln and mark in ln and "B5" in ln for ln in run.out.splitlines()):
            v.add(f"{label}: no single line with the whole (escaped) name and its message at B5: {run.out[:300]!r}")
    v.check()


def test_long_title(hostile, db, tmp_path, seeded):
    """A 20-million-character title (text per cell capped): read, or refused naming A1, within 30 s."""
    [path] = hostile("long_title")
    read_or_named_everywhere(path, db, tmp_path, seeded, anchors=("A1",))


def test_single_quarter_ytd(hostile, db, tmp_path, seeded):
    """表三 is year to date: a title of 2025年7-9月 (one quarter's flow) is an error saying so, not Q3."""
    [path] = hostile("single_quarter_ytd")
    rejected_everywhere(path, db, tmp_path, seeded, also=("7-9月",), never=("统计期不一致",))


# ---------------------------------------------------------------------------------------------
# one bad file does not sink the batch


@pytest.fixture(scope="session")
def valid_pair_export(tmp_path_factory: pytest.TempPathFactory) -> str:
    """What the two valid files alone store in an empty database."""
    folder = tmp_path_factory.mktemp("pair")
    db = folder / "pair.duckdb"
    run = cli(folder / "run", "ingest", "--db", str(db), str(SEED_FILE), str(OTHER_FORM_FILE))
    assert run.rc == 0, run.key_line()
    return export(folder, db)


BATCH = {
    "count_1e33": ("count_1e33", ".xlsx"),
    "xml2003_infinity": ("xml2003_malformed_number", "xml_number_infinity"),
    "merge_over_table": ("merged_to_last_cell", "merged_return_sheet_over_table"),
}


@pytest.mark.parametrize("which", list(BATCH))
def test_batch_stores_the_valid_files(which, valid_pair_export, tmp_path):
    """One hostile file (of 西山区) and two valid returns of 东湖区 (表一 .xlsx, 表四 XML 2003) in one
    ingest: exit 1, the hostile file refused with its message, both valid files stored."""
    cls, key = BATCH[which]
    [bad] = [p for p in build.BUILDERS[cls](tmp_path / "files", district="西山区") if key in p.name or p.suffix == key]
    db = tmp_path / "db" / "batch.duckdb"
    db.parent.mkdir()
    run = cli(tmp_path / "run", "ingest", "--db", str(db), str(bad), str(SEED_FILE), str(OTHER_FORM_FILE))
    v = Verdict()
    v.bounded(run, "ingest")
    if run.rc != 1:
        v.add(f"ingest: exit code {run.rc}, expected 1 — {run.key_line()}")
    if message_line(run, bad.name) is None:
        v.add(f"no message line naming {bad.name!r} — {run.key_line()}")
    for good in (SEED_FILE, OTHER_FORM_FILE):
        if not any(ln.strip().startswith("✓") and good.name in ln for ln in run.out.splitlines()):
            v.add(f"no ✓ line for the valid {good.name}")
    stored = export(tmp_path, db) if db.exists() else ""
    if stored != valid_pair_export:
        missing = set(valid_pair_export.splitlines()) - set(stored.splitlines())
        extra = set(stored.splitlines()) - set(valid_pair_export.splitlines())
        v.add(f"stored rows differ from the two valid files alone: {len(missing)} missing, {len(extra)} extra {sorted(extra)[:3]}")
    v.check()


# ---------------------------------------------------------------------------------------------
# fuzz: seeded mutations of valid reference files, one child per format


def run_fuzz(fmt: str, folder: Path) -> tuple[list[dict], list[int]]:
    """Run every case in one child (`tests.hostile.fuzz_child`); when the child dies or a case runs past
    KILL_AFTER, the case is recorded as crashed and a new child goes on from the next one."""
    cases = fuzz.cases(fmt, folder / "cases")
    case_list = folder / "cases.txt"
    case_list.write_text("\n".join(str(p) for p in cases) + "\n", encoding="utf-8")
    results = folder / "results.jsonl"
    db = folder / "fuzz.duckdb"
    records: dict[int, dict] = {}
    peaks: list[int] = []
    start = 0
    while start < len(cases):
        with open(folder / "child.out", "ab") as out, open(folder / "child.err", "wb") as err:
            tree = Tree([PYTHON, "-m", "tests.hostile.fuzz_child", str(results), str(case_list), str(db), str(start)],
                        folder, out, err)
            while not tree.wait(block=False):
                running = _running_case(results, start)
                if running is not None and time.time() - running[1] > KILL_AFTER:
                    tree.kill()
                time.sleep(0.1)
        peaks.append(tree.maxrss)
        for line in results.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            if rec["event"] == "done":
                records[rec["i"]] = rec
        running = _running_case(results, start)
        if running is None or running[0] in records:
            if tree.rc != 0:
                err_text = (folder / "child.err").read_text("utf-8", "replace")[-500:]
                raise AssertionError(f"fuzz child failed outside a case: {tree.rc} {err_text}")
            break
        i = running[0]
        err_lines = (folder / "child.err").read_text("utf-8", "replace").strip().splitlines()
        how = f"killed after {KILL_AFTER:.0f} s" if tree.killed else f"died ({_signal_name(tree.rc)})"
        records[i] = {"i": i, "crashed": how + (f": {err_lines[-1]}" if err_lines else ""), "maxrss_kb": tree.maxrss // 1024}
        with open(results, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"event": "done", **records[i]}) + "\n")
        start = i + 1
    for i, rec in records.items():
        rec["file"] = cases[i].name
    return [records[i] for i in sorted(records)], peaks


def _running_case(results: Path, since: int) -> tuple[int, float] | None:
    """The case the current child (started at case `since`) began last, and when."""
    last = None
    if results.exists():
        for line in results.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            if rec["event"] == "start" and rec["i"] >= since:
                last = (rec["i"], rec["t"])
    return last


def _signal_name(rc: int | None) -> str:
    if rc is not None and rc < 0:
        return signal.Signals(-rc).name
    return f"exit {rc}"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", fuzz.FORMATS)
def test_fuzz(fmt, tmp_path):
    """80 seeded mutations of a valid reference file per format, in one child process: no exception
    escapes the CLI, no crash, each case under 30 s of CPU, the child's peak RSS under 1.5 GB; the unmutated
    reference (case 0) is accepted."""
    records, peaks = run_fuzz(fmt, tmp_path)
    problems = []
    ref = records[0]
    if ref.get("check") != 0 or ref.get("ingest") not in (0, None):
        problems.append(f"reference not accepted: {ref.get('crashed') or ref.get('escaped') or ref.get('output', '')[:300]}")
    for rec in records:
        name = rec["file"]
        if rec.get("crashed"):
            problems.append(f"{name}: {rec['crashed']} (peak {rec['maxrss_kb'] / 1024:,.0f} MB)")
            continue
        if rec.get("escaped"):
            problems.append(f"{name}: escaped {rec['escaped']}")
        elif rec.get("traceback_in_output"):
            problems.append(f"{name}: Traceback printed")
        # CPU, not wall time: beside other work a case waits for the processor (a memory bomb read twice,
        # in a shared reader and then alone, took 34.5 s of wall time beside a CPU hog, 1 run in 14).
        # A case that hangs is killed after KILL_AFTER seconds of wall time and recorded as crashed.
        if rec["cpu"] >= MAX_SECONDS:
            problems.append(f"{name}: {rec['cpu']:.1f} s of CPU (wall {rec['secs']:.1f} s)")
        for key in ("check", "ingest"):
            if rec.get(key) not in (None, 0, 1):
                problems.append(f"{name}: {key} exit code {rec[key]}")
    over = [r for r in records if max(r.get("maxrss_kb", 0), r.get("descendants_maxrss_kb", 0)) * 1024 >= MAX_RSS]
    if max(peaks) >= MAX_RSS or over:
        first = over[0]["file"] if over else "?"
        problems.append(f"peak RSS of the child's process tree {max(peaks) / 2**20:,.0f} MB ≥ 1,536 MB (first over the limit: {first})")
    for r in over:
        if r.get("descendants_maxrss_kb", 0) * 1024 >= MAX_RSS:
            problems.append(f"{r['file']}: a process below the child reached {r['descendants_maxrss_kb'] / 1024:,.0f} MB")
    summary = f"{len(records)} cases, {sum(1 for r in records if r.get('check') == 0)} accepted by check"
    assert not problems, f"{fmt}: {summary}; {len(problems)} problems:\n" + "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# the command line around a file: Ctrl-C, a full disk, a read-only database


def test_ctrl_c_inside_the_transaction(tmp_path):
    """Ctrl-C while ingest holds its transaction: one Chinese line, no traceback, exit 130, nothing
    stored and no archived original left behind."""
    db = tmp_path / "db" / "ctrl_c.duckdb"
    db.parent.mkdir()
    marker = tmp_path / "paused"
    proc = subprocess.Popen([PYTHON, "-m", "tests.paused_ingest", str(marker), "ingest", "--db", str(db), str(SEED_FILE)], cwd=ROOT, env=_env(),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_limits_at_a_terminal)
    deadline = time.monotonic() + KILL_AFTER
    while not marker.exists():
        assert proc.poll() is None and time.monotonic() < deadline, "ingest never reached its transaction"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=KILL_AFTER)
    text = out.decode() + err.decode()
    assert proc.returncode == 130, f"{text}\nat the pause: {marker.read_text()}"
    assert "Traceback" not in text and "已中断" in err.decode(), text
    archive = db.parent / "ctrl_c_archive"
    assert not archive.exists() or not [p for p in archive.rglob("*") if p.is_file()]
    assert export(tmp_path, db).strip() == "district,period,indicator,breakdown,value"


def test_disk_full_while_archiving(tmp_path, seeded):
    """The archive folder is a file system of 8 KB (a private tmpfs): the first original fits, the
    second does not. That file says the disk is full, the other file of the batch is stored, no .tmp
    is left behind."""
    folder = tmp_path / "db"
    archive = folder / "full_archive"
    archive.mkdir(parents=True)
    if shutil.which("unshare") is None or not _private_mount_works(archive, "mount -t tmpfs -o size=8k tmpfs '{0}'"):
        pytest.fail("needs unshare -m and mount (a private tmpfs): run as root, as CI does")
    script = (f"mount -t tmpfs -o size=8k tmpfs '{archive}' && "
              f"'{PYTHON}' -m pipelines ingest --db '{folder / 'full.duckdb'}' '{SEED_FILE}' '{OTHER_FORM_FILE}'; rc=$?; "
              f"find '{archive}' -name '*.tmp' -printf 'LEFT %p\\n'; exit $rc")
    run = run_child(["unshare", "-m", "sh", "-c", script], tmp_path / "run")
    v = Verdict()
    v.bounded(run, "ingest")
    if run.rc != 1:
        v.add(f"exit code {run.rc}, expected 1 — {run.key_line()}")
    if message_line(run, OTHER_FORM_FILE.name, also=("磁盘空间不足",)) is None:
        v.add(f"no message saying the disk is full for {OTHER_FORM_FILE.name} — {run.key_line()}")
    if not any(ln.startswith("✓") and SEED_FILE.name in ln for ln in run.out.splitlines()):
        v.add(f"the other file was not stored — {run.key_line()}")
    if "LEFT " in run.out:
        v.add(f"temporary files left: {[ln for ln in run.out.splitlines() if ln.startswith('LEFT')]}")
    v.same_export(seeded[1], export(tmp_path, folder / "full.duckdb"))
    v.check()


def _private_mount_works(folder: Path, command: str) -> bool:
    probe = subprocess.run(["unshare", "-m", "sh", "-c", command.format(folder)], capture_output=True)
    return probe.returncode == 0


def test_read_only_database(tmp_path, seeded):
    """A database on a read-only file system is said to be read-only, not “held by another program”."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if shutil.which("unshare") is None or not _private_mount_works(folder, "mount --bind '{0}' '{0}' && mount -o remount,bind,ro '{0}'"):
        pytest.fail("needs unshare -m and mount (a private read-only bind mount): run as root, as CI does")
    shutil.copy2(seeded[0], folder / "seed.duckdb")
    script = (f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}' && "
              f"exec '{PYTHON}' -m pipelines ingest --db '{folder / 'seed.duckdb'}' '{OTHER_FORM_FILE}'")
    run = run_child(["unshare", "-m", "sh", "-c", script], tmp_path / "run")
    assert run.rc == 2, run.key_line()
    assert "Traceback" not in run.err + run.out
    assert "只读" in run.err and "其他程序" not in run.err, run.err
