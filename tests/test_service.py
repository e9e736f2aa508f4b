"""One database, many processes (issue 14): the dashboard holds no connection between script runs, every
command works while it serves viewers or while another command runs, waits are bounded and named, and
every process sees a commit made in another one on its next read."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from insights import fmt
from pipelines.errors import StoreBusy
from pipelines.store import Store, gate_path, run_scope, waiting_message
from tests.browser import HAS_VALUE, ROOT, open_page_async
from tests.builders import consistent_values, resync_current, write_return

WAITING = "数据库正被看板或其他命令使用，等待中"

# Another process using the database as the dashboard or a command does: `r` holds a read (a script run in
# progress), `w` holds a write (a command committing), `x` lets go; it answers `ok` after each.
HOLDER = """
import sys
from contextlib import ExitStack
from pipelines.store import Store, run_scope
store = Store.shared(sys.argv[1])
held = ExitStack()
for line in sys.stdin:
    cmd = line.strip()
    if cmd == "r":
        held.enter_context(run_scope())
        store.scalar("select count(*) from observations")
    elif cmd == "w":
        held.enter_context(store.writing())
    elif cmd == "x":
        held.close()
        held = ExitStack()
    print("ok", flush=True)
"""


class Holder:
    def __init__(self, db: Path):
        self.proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], cwd=ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def do(self, cmd: str) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(cmd + "\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == "ok"

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


def cli(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-m", "pipelines", *args], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    assert proc.stdin is not None
    proc.stdin.write(stdin)
    proc.stdin.close()
    proc.stdin = None  # communicate() must not write again
    return proc


def wait_for_line(proc: subprocess.Popen[str], text: str, timeout: float = 60) -> str:
    """Read the command's standard error until a line holding `text` (the command is still running)."""
    assert proc.stderr is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if text in line:
            return line
        assert line or proc.poll() is None, f"the command ended without printing {text!r}"
    raise AssertionError(f"no line with {text!r} within {timeout} s")


def active_count(db: Path) -> int:
    s = Store.shared(db)
    return int(s.scalar("select count(*) from submissions where status = 'active'"))


@pytest.fixture
def donghu_correction(registry, tmp_path: Path) -> Path:
    """A corrected 东湖区 2026-Q3 表一: a new version of a return the sample city holds."""
    return write_return(tmp_path / "东湖区2026Q3.xlsx", registry, "donghu", "2026-Q3", "coverage", consistent_values(registry, "coverage", scale=3))


def test_every_command_works_while_the_dashboard_reads_and_another_command_writes(sample_db_copy, donghu_correction, tmp_path, registry):
    """Readers run beside a read in progress (a dashboard's script run); writers print one waiting line and go
    on when it ends, and a reader arriving behind a waiting writer waits its turn too (writers are not starved)."""
    db = str(sample_db_copy)
    sid = str(Store.shared(db).scalar("select max(id) from submissions where status = 'active' and district = 'xishan'"))
    users = tmp_path / "users.json"
    env = {"UNIONSTATS_USERS": str(users)}
    readers = {
        "check --db": ("check", "--db", db, str(donghu_correction)),
        "export": ("export", "--db", db, "--out", str(tmp_path / "out.csv")),
        "history": ("history", "--db", db, "--district", "donghu", "--period", "2026-Q3"),
        "aliases list": ("aliases", "list", "--db", db),
        "bootstrap": ("bootstrap", "--db", db, "--sample-dir", str(tmp_path / "sample")),
        "brief": ("brief", "--db", db, "--period", "2026-Q3", "--out", str(tmp_path / "汇报.pptx")),
    }
    writers = {
        "ingest": ("ingest", "--db", db, str(donghu_correction)),
        "rollback": ("rollback", "--db", db, sid),
        "aliases add": ("aliases", "add", "--db", db, "--kind", "header", "--scope", "competitions", "--district", "linjiang",
                        "--text", "竞赛覆盖职工（人次）", "--to", "participants"),
        "users add": ("users", "add", "王主任", "--role", "admin", "--password-stdin", "--users", str(users), "--db", db),
    }
    holder = Holder(sample_db_copy)
    try:
        holder.do("r")  # a dashboard is in the middle of a page run
        started = {name: cli(*args, env=env) for name, args in readers.items()}
        for name, proc in started.items():
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, (name, out, err)
            assert WAITING not in err, name  # a reader never waits for a reader
        started = {name: cli(*args, env=env, stdin="Wang-zhuren-2026\n" if name == "users add" else "") for name, args in writers.items()}
        for name in writers:
            wait_for_line(started[name], WAITING)  # each writer says it waits, once, and goes on waiting
        late = cli("export", "--db", db, "--out", str(tmp_path / "late.csv"))
        wait_for_line(late, WAITING)  # behind the writers
        time.sleep(0.5)
        assert all(proc.poll() is None for proc in (*started.values(), late))
        holder.do("x")  # the page run ends
        for name, proc in (*started.items(), ("late export", late)):
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, (name, out, err)
            assert err.count(WAITING) <= 1, name
    finally:
        holder.close()
    assert (tmp_path / "汇报.pptx").stat().st_size > 0
    s = Store.shared(db)
    assert s.scalar("select status from submissions where id = ?", [int(sid)]) == "rolled_back"
    assert s.scalar("select count(*) from aliases") == 1
    assert s.scalar("select count(*) from audit_log where action = 'user_add'") == 1
    assert s.scalar("select count(*) from submissions where district = 'donghu' and period = '2026-Q3' and form = 'coverage'") == 2


def test_every_command_waits_for_a_command_that_writes(sample_db_copy, donghu_correction, tmp_path):
    db = str(sample_db_copy)
    holder = Holder(sample_db_copy)
    try:
        holder.do("w")  # an ingest is committing
        export = cli("export", "--db", db, "--out", str(tmp_path / "out.csv"))
        ingest = cli("ingest", "--db", db, str(donghu_correction))
        for proc in (export, ingest):
            assert wait_for_line(proc, WAITING).strip() == waiting_message(60)
        time.sleep(0.5)
        assert export.poll() is None and ingest.poll() is None
        holder.do("x")
        for proc in (export, ingest):
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, out + err
    finally:
        holder.close()
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").startswith("district,period")


def test_an_import_that_waits_to_read_and_again_to_write_says_so_once(sample_db_copy, donghu_correction):
    """An import reads what is stored (planning) and then writes: both may wait. The analyst reads one waiting
    line per command, not one per wait (a CI run printed it twice when a page run began between the two)."""
    holder = Holder(sample_db_copy)
    try:
        holder.do("w")  # another command is committing: the import waits to read
        ingest = cli("ingest", "--db", str(sample_db_copy), str(donghu_correction))
        wait_for_line(ingest, WAITING)
        holder.do("x")
        holder.do("r")  # a page run begins at once: the import reads beside it, then waits to write
        time.sleep(3)
        assert ingest.poll() is None, "the import wrote while a page run was reading"
        holder.do("x")
        out, err = ingest.communicate(timeout=120)
        assert ingest.returncode == 0, out + err
    finally:
        holder.close()
    assert err.count(WAITING) == 0, err  # the first line was read above; none came after it

def test_a_wait_past_the_limit_fails_with_a_message_naming_it(sample_db_copy, donghu_correction, tmp_path):
    db = str(sample_db_copy)
    before = active_count(sample_db_copy)
    holder = Holder(sample_db_copy)
    try:
        holder.do("w")
        short = {"UNIONSTATS_DB_WAIT": "1.5"}
        ingest = cli("ingest", "--db", db, str(donghu_correction), env=short)
        export = cli("export", "--db", db, "--out", str(tmp_path / "out.csv"), env=short)
        rollback = cli("rollback", "--db", db, "1", env=short)
        results = {name: p.communicate(timeout=60) for name, p in (("ingest", ingest), ("export", export), ("rollback", rollback))}
    finally:
        holder.close()
    for name, proc in (("ingest", ingest), ("export", export), ("rollback", rollback)):
        out, err = results[name]
        assert proc.returncode == 2, (name, out, err)
        assert "等待 1.5 秒后仍未轮到" in err and "UNIONSTATS_DB_WAIT" in err and "Traceback" not in err, (name, err)
        assert "这次操作没有进行（数据库没有任何改动）" in err
    assert not (tmp_path / "out.csv").exists()
    assert active_count(sample_db_copy) == before  # nothing was stored, nothing rolled back


def test_the_apps_writes_wait_their_turn_and_fail_naming_the_limit(sample_db_copy):
    """The app writes (audit rows, commits, rollbacks) through short write connections like the command line."""
    from pipelines import access

    app = Store.shared(sample_db_copy, wait=1)
    holder = Holder(sample_db_copy)
    try:
        holder.do("r")  # a command is reading (an export, say)
        with pytest.raises(StoreBusy, match="等待 1 秒后仍未轮到，这次操作没有进行"):
            access.audit(app, "王主任", "login", "内网")
        holder.do("x")
        access.audit(app, "王主任", "login", "内网")  # now it is free
        holder.do("w")
        with pytest.raises(StoreBusy, match="等待 1 秒后仍未轮到，这次操作没有进行"):
            app.scalar("select count(*) from audit_log")
    finally:
        holder.close()
    assert app.scalar("select count(*) from audit_log where actor = '王主任'") == 1


def test_every_commit_changes_the_data_version_seen_by_other_processes(sample_db_copy, donghu_correction):
    app = Store.shared(sample_db_copy)
    seen = [app.data_version()]
    for args in (("ingest", "--db", str(sample_db_copy), str(donghu_correction)),
                 ("aliases", "add", "--db", str(sample_db_copy), "--kind", "header", "--scope", "competitions", "--district", "linjiang",
                  "--text", "竞赛覆盖职工（人次）", "--to", "participants")):
        proc = cli(*args)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, out + err
        seen.append(app.data_version())
    with app.reading():  # within one read the version (like the data) stays as it was
        version = app.data_version()
        sid = app.scalar("select max(id) from submissions where status = 'active'")
        other = Store.shared(sample_db_copy)
        assert other.data_version() == version
    assert cli("rollback", "--db", str(sample_db_copy), str(sid)).wait(timeout=120) == 0
    seen.append(app.data_version())
    assert len(set(seen)) == len(seen) == 4, seen


def test_no_connection_outlives_a_script_run_and_a_command_line_import_shows_on_the_next_run(sample_db_copy, donghu_correction,
                                                                                               registry, monkeypatch):
    from streamlit.runtime.scriptrunner import script_runner

    import ui.data  # noqa: F401 - installs the run scope

    assert getattr(script_runner.exec_func_with_error_handling, "_unionstats_run_scope", False)
    monkeypatch.setenv("UNIONSTATS_DB", str(sample_db_copy))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    assert not at.exception
    total = "select sum(value) from current_observations where period = '2026-Q3' and indicator = 'unions' and breakdown = 'all'"
    s = Store.shared(sample_db_copy)
    before, donghu = s.scalar(total), s.scalar(total + " and district = 'donghu'")
    assert {m.label: m.value for m in at.metric}["基层工会数"] == fmt.amount(before, "个")
    # Between runs the app holds nothing: a write connection opens at once in this very process …
    Store.open(sample_db_copy, wait=0.5).close()
    # … and in another one: the command line imports, and the next run shows it (no clear_caches here).
    proc = cli("ingest", "--db", str(sample_db_copy), str(donghu_correction))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and WAITING not in err, out + err
    at.run()
    after = before - donghu + consistent_values(registry, "coverage", scale=3)[("unions", "all")]
    assert {m.label: m.value for m in at.metric}["基层工会数"] == fmt.amount(after, "个")
    Store.open(sample_db_copy, wait=0.5).close()


def test_a_run_reads_one_state_of_the_database(sample_db_copy, donghu_correction):
    """Within one run scope reads share a connection: a commit elsewhere waits for the run to end."""
    app = Store.shared(sample_db_copy)
    with run_scope():
        first = app.scalar("select count(*) from submissions")
        ingest = cli("ingest", "--db", str(sample_db_copy), str(donghu_correction))
        wait_for_line(ingest, WAITING)
        assert app.scalar("select count(*) from submissions") == first
    assert ingest.wait(timeout=120) == 0
    assert app.scalar("select count(*) from submissions") == first + 1


def test_the_gate_file_is_private(sample_db_copy):
    Store.shared(sample_db_copy).scalar("select 1")
    assert gate_path(sample_db_copy).stat().st_mode & 0o777 == 0o600


# --- in the browser: viewers keep reading while the command line imports a quarter and exports ---------

SESSIONS = 5
READ_PAGES = [("建会入会", "/coverage"), ("会员发展", "/membership"), ("劳动竞赛", "/competitions"), ("帮扶慰问", "/aid")]
IDLE = ("() => !document.querySelector('[data-testid=\"stStatusWidget\"]') && "
        "document.querySelectorAll('[data-testid=\"stMetric\"]').length > 0")
COMMAND_LIMIT = 30.0  # seconds each command may take while the dashboards serve


@pytest.fixture
def city_without_a_quarter(sample, sample_db_copy: Path) -> tuple[Path, list[Path]]:
    """The sample city without 2026-Q3 but for 东湖区 (so every page already offers the quarter), and the
    quarter's files, all of them, for the command line to import."""
    s = Store.shared(sample_db_copy)
    names = {r[0] for r in s.rows("select distinct file_name from submissions where period = '2026-Q3'")}
    dropped = "select id from submissions where period = '2026-Q3' and district <> 'donghu'"
    with s.transaction() as tx:
        for table in ("observations", "raw_cells", "submission_issues"):
            tx.execute(f"delete from {table} where submission_id in ({dropped})")
        tx.execute("delete from submissions where period = '2026-Q3' and district <> 'donghu'")
        resync_current(tx)
    files = [Path(f) for f in sample.files if Path(f).name in names]
    assert len(files) == len(names) >= 10
    return sample_db_copy, files


async def _open(page, label: str, path: str) -> None:
    await open_page_async(page, label, path, IDLE)


async def _problems(page, who: str, where: str) -> list[str]:
    found = []
    if await page.locator("[data-testid='stException']").count():
        found.append(f"{who}: exception box on {where}")
    for alert in await page.locator("[data-testid='stAlert']").all_inner_texts():
        if "数据库" in alert:
            found.append(f"{who}: {alert[:80]} on {where}")
    return found


async def _viewers_and_commands(urls: list[str], before: str, after: str, commands: list[list[str]]) -> tuple[list[str], list[float], list[int]]:
    import asyncio

    from playwright.async_api import async_playwright

    from tests.browser import CHROMIUM_ARGS, chromium_path

    errors: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            async def session(i: int):  # sessions spread over the dashboards
                context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
                page = await context.new_page()
                who = f"session{i}"
                page.on("console", lambda m: errors.append(f"{who} console: {m.text}") if m.type == "error" else None)
                page.on("pageerror", lambda e: errors.append(f"{who} pageerror: {e}"))
                await page.goto(f"{urls[i % len(urls)]}/?period=2026年第三季度")
                await page.wait_for_function(IDLE, timeout=120_000)
                await page.wait_for_function(HAS_VALUE, arg=before, timeout=30_000)  # 东湖区 alone so far
                return page

            pages = await asyncio.gather(*(session(i) for i in range(SESSIONS)))
            started = asyncio.Event()
            done = asyncio.Event()

            async def read(page, who: str) -> int:
                opened = 0
                while not done.is_set() or opened < 2:
                    label, path = READ_PAGES[opened % len(READ_PAGES)]
                    await _open(page, label, path)
                    errors.extend(await _problems(page, who, label))
                    opened += 1
                    if opened == 1:
                        started.set()
                return opened

            async def run(args: list[str]) -> tuple[float, int]:
                await started.wait()
                t = time.monotonic()
                proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "pipelines", *args, cwd=ROOT,
                                                            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
                out, err = await proc.communicate()
                if proc.returncode != 0:
                    errors.append(f"{args[0]} exited {proc.returncode}: {out.decode()[-500:]} {err.decode()[-500:]}")
                return time.monotonic() - t, int(proc.returncode or 0)

            async def commands_then_done() -> list[tuple[float, int]]:
                results = await asyncio.gather(*(run(c) for c in commands))
                done.set()
                return list(results)

            results = await asyncio.gather(commands_then_done(), *(read(p, f"session{i}") for i, p in enumerate(pages)))
            timings, opened = results[0], list(results[1:])
            # The next page change of every session shows the whole quarter.
            for i, page in enumerate(pages):
                await _open(page, "总览", "/")
                errors.extend(await _problems(page, f"session{i}", "总览"))
                try:
                    await page.wait_for_function(HAS_VALUE, arg=after, timeout=10_000)
                except Exception:
                    errors.append(f"session{i}: the overview does not show {after} after the import")
        finally:
            await browser.close()
    return errors, [t for t, _ in timings], opened


@pytest.mark.browser
@pytest.mark.slow
def test_viewers_on_two_dashboards_keep_reading_while_the_command_line_imports_a_quarter_and_exports(
        city_without_a_quarter, sample_db, tmp_path):
    import asyncio
    from contextlib import ExitStack

    from tests.browser import streamlit_server

    db, quarter = city_without_a_quarter
    total = "select sum(value) from current_observations where period = '2026-Q3' and indicator = 'unions' and breakdown = 'all'"
    before = fmt.amount(Store.shared(db).scalar(total), "个")
    after = fmt.amount(Store.shared(sample_db).scalar(total), "个")
    assert before != after
    out = tmp_path / "export.csv"
    commands = [["ingest", "--db", str(db), *map(str, quarter)], ["export", "--db", str(db), "--out", str(out)]]
    t = time.monotonic()
    with ExitStack() as servers:
        urls = [servers.enter_context(streamlit_server(db)) for _ in range(2)]  # two dashboards on one database
        print(f"servers up in {time.monotonic() - t:.1f} s")
        errors, timings, opened = asyncio.run(_viewers_and_commands(urls, before, after, commands))
    print(f"ingest {timings[0]:.1f} s, export {timings[1]:.1f} s; pages opened per session meanwhile: {opened}")
    assert errors == []
    assert all(t < COMMAND_LIMIT for t in timings), timings
    assert min(opened) >= 2  # every session kept changing pages while the commands ran
    assert Store.shared(db).scalar(total) == Store.shared(sample_db).scalar(total)
    assert out.read_text(encoding="utf-8").startswith("district,period,indicator,breakdown,value")
