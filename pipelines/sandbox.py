"""Every file is read in a child process that may die without taking its caller along.

A file's bytes go to a child (multiprocessing's "forkserver": forked from a small server that has
already imported the readers, so a child costs a fork, not an interpreter start). The child limits its
own address space (RLIMIT_AS, `Limits.read_memory_bytes`) and CPU time, reads the bytes into Workbooks
(readers.read_bytes) and sends them back pickled. Whatever happens in there — a library that allocates
a sheet's declared size and aborts, a MemoryError, a loop in a damaged file — the caller gets a
ReadResult with an issue: file.too_complex (memory), file.too_slow (past `Limits.read_seconds` of CPU
time, the child is killed) or file.read_failed. A big sheet the parser later wants whole
(readers.Remainder) is read the same way.

A child that read a file cleanly waits for the next one (a fork and multiprocessing's bootstrap cost
~6 ms, three times a return's read): one file at a time, so a child that dies takes only the file it was
reading along. Each file still gets the whole CPU-time limit (the child raises its soft RLIMIT_CPU by a
file's allowance before each read, and calls a read that took more CPU than that too slow as a fresh
child would), and the child retires once its address space has grown or its CPU budget would not fit
another file. A file that ran out of memory or crashed a child that had served others is read again in a
child of its own with exactly the one-file limits, so its verdict never depends on what was read before.

`read_bytes` and `read_path` here are what the ledger calls; readers.read_bytes stays the in-process
reader (tests and tools that trust their input call it directly).
"""

from __future__ import annotations

import io
import math
import multiprocessing as mp
import os
import resource
import signal
import sys
import threading
import time
import zipfile
from multiprocessing import context, forkserver, popen_forkserver, reduction, spawn, util
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

# Imported here so that the fork server holds them and every child starts with them loaded.
import python_calamine  # noqa: F401
import xlrd  # noqa: F401

from pipelines import readers
from pipelines.config import Limits
from pipelines.grid import CellValue
from pipelines.issues import issue
from pipelines.readers import ReadFailure, ReadResult, Remainder

ROOT = Path(__file__).resolve().parent.parent
_LOCK = threading.RLock()
_CONTEXT: Any = None


def _context() -> Any:
    """The forkserver context, its server told to preload this module (and so the readers)."""
    global _CONTEXT
    with _LOCK:
        if _CONTEXT is None:
            # The fork server is a new interpreter that imports this module by name: it must find
            # the project from wherever the caller was started.
            paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
            if str(ROOT) not in paths and Path.cwd().resolve() != ROOT:
                os.environ["PYTHONPATH"] = os.pathsep.join(p for p in [str(ROOT), *paths] if p)
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["pipelines.sandbox"])
            _CONTEXT = ctx
        return _CONTEXT


class _Popen(popen_forkserver.Popen):
    """multiprocessing's forkserver launch, less one thing: the child does not import the caller's
    __main__ again (multiprocessing does, for targets defined there; ours live in this module). The
    app's and a benchmark's main modules import Streamlit or pandas: a second each, for every file."""

    def _launch(self, process_obj: Any) -> None:
        prep_data = {k: v for k, v in spawn.get_preparation_data(process_obj._name).items()
                     if k not in ("init_main_from_name", "init_main_from_path")}
        buf = io.BytesIO()
        context.set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            context.set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)  # type: ignore[attr-defined]
        _parent_w = os.dup(w)
        self.finalizer = util.Finalize(self, util.close_fds, (_parent_w, self.sentinel))  # type: ignore[attr-defined]
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _Process(context.ForkServerProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> _Popen:
        return _Popen(process_obj)


WALL_BACKSTOP_SECONDS = 120.0

# ---------------------------------------------------------------------------------------------
# the child


def _cpu_used() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _address_space() -> int:
    """This process's virtual size in bytes (what RLIMIT_AS bounds); 0 when it cannot be told."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _allowance(seconds: float) -> int:
    """The CPU seconds one file may take: SIGXCPU when a child that reads one file has used them."""
    return int(seconds) + 1


def _limit(memory: int, seconds: float, pooled: bool) -> bool:
    """The child's limits; whether it may read more than one file (its CPU hard limit leaves room)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # A read is judged by the CPU time it takes, not the wall time: on a busy machine the same file
    # must get the same verdict (SIGXCPU at `seconds`, SIGKILL a little later if that is caught).
    cpu = _allowance(seconds)
    cpu_soft, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    if pooled:
        # Room for the soft limit to be raised file by file (_next_cpu_limit); the hard limit stays
        # a backstop a few files' allowance away, and the child retires before it would pass it.
        budget = 2 * (cpu + 3)
        if cpu_hard == resource.RLIM_INFINITY or budget < cpu_hard:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, budget))
            return True
    if cpu_hard == resource.RLIM_INFINITY or cpu + 3 < cpu_hard:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 3 if cpu_hard == resource.RLIM_INFINITY else cpu_hard))
    return False


def _next_cpu_limit(seconds: float) -> bool:
    """Before a further file: the soft CPU limit a whole allowance above what this child has used (never
    below, so no file gets less than a fresh child gives it); False when the hard limit leaves no room."""
    soft = math.ceil(_cpu_used()) + _allowance(seconds)
    cpu_soft, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    if cpu_hard != resource.RLIM_INFINITY and soft + 3 > cpu_hard:
        return False
    resource.setrlimit(resource.RLIMIT_CPU, (soft, cpu_hard))
    return True


# A child that has grown by more than this (Python keeps freed memory; a big file leaves fragments)
# retires instead of reading another file with less room under its memory limit.
GROWTH_BYTES = 64 * 1024 * 1024


def _job(job: str, args: tuple[Any, ...], data: bytes) -> tuple[str, Any]:
    try:
        if job == "read":
            name, limits = args
            results = readers.read_bytes(data, name, limits)
            for r in results:
                if r.data is data:
                    r.data = None  # type: ignore[assignment] # the caller has them
            return ("ok", results)
        (rest,) = args
        rest.data = data
        return ("ok", readers.read_remainder(rest))
    except MemoryError:
        return ("memory", None)
    except ReadFailure as exc:
        return ("failure", exc.issue)
    except BaseException as exc:  # noqa: BLE001 - anything else is a failed read, said as such
        return ("error", type(exc).__name__)


def _child(conn: Connection, pooled: bool = False) -> None:
    """Files' reads, one at a time: a job, then the file's bytes, from the pipe; the result back on it,
    with whether this child takes another (a child started for one file never does)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle; it kills us
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)  # a library's abort message is no output of the caller's
        os.close(devnull)
    except OSError:
        pass
    first, size = True, _address_space()  # as the fork left us: what a child of its own starts a file with
    while True:
        try:
            job, args, memory, seconds = conn.recv()
            data = conn.recv_bytes()
        except (EOFError, OSError):
            break  # the caller is done with us
        if first:
            pooled = _limit(memory, seconds, pooled)
            first = False
        elif not _next_cpu_limit(seconds):  # the caller checked; never read a file with less time than its due
            break
        start = _cpu_used()
        payload = _job(job, args, data)
        del data, args  # the file's bytes (a sheet read whole holds them too) are not kept while we wait
        if pooled and _cpu_used() - start > _allowance(seconds):
            payload = ("cpu", None)  # a child of its own would have been stopped at its allowance
        more = (pooled and payload[0] == "ok" and _address_space() - size <= GROWTH_BYTES
                and math.ceil(_cpu_used()) + _allowance(seconds) + 3 <= resource.getrlimit(resource.RLIMIT_CPU)[1])
        try:
            conn.send((*payload, more))
        except MemoryError:
            conn.send(("memory", None, False))
            break
        except (BrokenPipeError, OSError):
            break
        payload = None  # type: ignore[assignment] # its results are the caller's now
        if not more:
            break
    conn.close()


# ---------------------------------------------------------------------------------------------
# the caller


class _Outcome:
    def __init__(self, status: str, value: Any = None):
        self.status, self.value = status, value


class _Worker:
    def __init__(self, pooled: bool):
        _context()
        parent, child = _CONTEXT.Pipe(duplex=True)
        self.proc = _Process(target=_child, args=(child, pooled), daemon=True)
        self.proc.start()
        child.close()
        self.conn: Connection = parent
        self.pooled = pooled
        self.files = 0  # read so far

    def end(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()
        self.proc.close()


# Children that read a file cleanly and wait for the next, by the limits they were started with (a
# child's memory limit cannot be raised again). At most a few: as many as files are read at once.
_IDLE: dict[tuple[int, float], list[_Worker]] = {}
_IDLE_PID = os.getpid()
MAX_IDLE = 4


def _take(key: tuple[int, float]) -> _Worker:
    global _IDLE_PID
    with _LOCK:
        if os.getpid() != _IDLE_PID:  # a forked copy of this process: those children are not ours
            _IDLE.clear()
            _IDLE_PID = os.getpid()
        idle = _IDLE.get(key)
        worker = idle.pop() if idle else None
    while worker is not None and not worker.proc.is_alive():
        worker.end()
        with _LOCK:
            worker = idle.pop() if idle else None
    return worker if worker is not None else _Worker(pooled=True)


def _give_back(key: tuple[int, float], worker: _Worker) -> None:
    with _LOCK:
        idle = _IDLE.setdefault(key, [])
        if len(idle) < MAX_IDLE and os.getpid() == _IDLE_PID:
            idle.append(worker)
            return
    worker.end()


def _exchange(worker: _Worker, job: str, args: tuple[Any, ...], data: bytes, limits: Limits) -> tuple[_Outcome, bool]:
    """One job in `worker`; what it sent back, or how it ended; and whether it takes another."""
    # The wall clock only catches a child that waits instead of computing (it never should).
    deadline = time.monotonic() + max(WALL_BACKSTOP_SECONDS, limits.read_seconds * 6)
    try:
        worker.conn.send((job, args, limits.read_memory_bytes, limits.read_seconds))
        worker.conn.send_bytes(data)
        if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
            return _Outcome("slow"), False
        status, value, more = worker.conn.recv()
        return _Outcome(status, value), more
    except (EOFError, OSError):
        worker.proc.join(5)
        return _Outcome("died", worker.proc.exitcode), False


# Ends that may depend on what a child read before (less memory left, a crash): told again by a child of
# the file's own.
_CRASHES = (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV, -signal.SIGBUS)


def _again_alone(outcome: _Outcome) -> bool:
    if outcome.status == "memory":
        return True
    if outcome.status == "died":
        return outcome.value != -signal.SIGXCPU
    if outcome.status == "ok" and isinstance(outcome.value, list):  # a read's results (a sheet read whole is rows)
        return any(i.code == "file.too_complex" for r in outcome.value if isinstance(r, ReadResult) for i in r.issues)
    return False


def _run(job: str, args: tuple[Any, ...], data: bytes, limits: Limits) -> _Outcome:
    """Run one job in a child with the file's bytes; what it sent back, or how it ended."""
    key = (limits.read_memory_bytes, limits.read_seconds)
    worker = _take(key)
    try:
        outcome, more = _exchange(worker, job, args, data, limits)
    except BaseException:
        worker.end()
        raise
    worker.files += 1
    if more:
        _give_back(key, worker)
    else:
        worker.end()
    if worker.files == 1 or not _again_alone(outcome):
        return outcome  # a child's first file meets the memory and CPU limits a child of its own sets
    alone = _Worker(pooled=False)
    try:
        return _exchange(alone, job, args, data, limits)[0]
    finally:
        alone.end()


def _problem(outcome: _Outcome, name: str, sheet: str, limits: Limits) -> Any:
    """The issue that says why a child gave no result."""
    if outcome.status == "failure":
        return outcome.value
    if outcome.status in ("slow", "cpu") or (outcome.status == "died" and outcome.value == -signal.SIGXCPU):
        return issue("file.too_slow", name, sheet, seconds=f"{limits.read_seconds:g}")
    if outcome.status == "memory" or (outcome.status == "died" and outcome.value in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV)):
        # A library that cannot allocate aborts (Rust) or crashes; the kernel's OOM killer kills.
        return issue("file.too_complex", name, sheet, limit=f"{limits.read_memory_bytes / 1024**3:.1f} GB")
    if outcome.status == "died":
        how = signal.Signals(-outcome.value).name if isinstance(outcome.value, int) and outcome.value < 0 else f"退出码 {outcome.value}"
        return issue("file.read_failed", name, sheet, detail=f"读取进程异常结束：{how}")
    return issue("file.read_failed", name, sheet, detail=str(outcome.value))


def read_bytes(data: bytes, display_name: str, limits: Limits = Limits()) -> list[ReadResult]:
    """readers.read_bytes, run in a child process."""
    if not data or len(data) > limits.max_file_bytes:
        return readers.read_bytes(data, display_name, limits)  # said without reading anything
    outcome = _run("read", (display_name, limits), data, limits)
    if outcome.status != "ok":
        return [ReadResult(display_name, None, [_problem(outcome, display_name, "", limits)], data)]
    results: list[ReadResult] = outcome.value
    for r in results:
        if r.data is None:
            r.data = data
        if r.workbook is not None:
            for sheet in r.workbook.sheets:
                if isinstance(sheet.rest, Remainder):
                    sheet.rest.data = r.data
                    sheet.rest.reader = _read_remainder
    return results


def read_path(path: Path, display_name: str | None = None, limits: Limits = Limits()) -> list[ReadResult]:
    name = display_name or Path(path).name
    try:
        size = Path(path).stat().st_size
        if size > limits.max_file_bytes:  # not even read into memory
            return [ReadResult(name, None, [issue("file.too_large", name, size=f"{size / 1024 / 1024:.1f} MB",
                                                  limit=f"{limits.max_file_bytes / 1024 / 1024:.1f} MB")], b"")]
        data = Path(path).read_bytes()
    except OSError as exc:
        return [ReadResult(name, None, [issue("file.not_found", name, detail=exc.strerror or type(exc).__name__)], b"")]
    return read_bytes(data, name, limits)


def _read_remainder(rest: Remainder) -> list[list[CellValue]]:
    """Remainder.read, run in a child process; raises ReadFailure with the issue when it fails."""
    assert rest.data is not None
    outcome = _run("rest", (rest,), rest.data, rest.limits)
    if outcome.status != "ok":
        raise ReadFailure(_problem(outcome, rest.display_name, rest.name, rest.limits))
    rows: list[list[CellValue]] = outcome.value
    return rows


def _warm() -> None:
    """In the fork server: read a small workbook once, so that every child starts with the readers'
    lazy state (compiled patterns, codecs, caches) in place, then freeze the heap for the collector."""
    import gc

    parts = {
        "[Content_Types].xml": "<Types/>",
        "xl/workbook.xml": ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
                            'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表" sheetId="1" r:id="rId1"/>'
                            "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                       '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                                       'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                                     '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1.5</v></c><c r="C1" t="e"><v>#N/A</v></c></row>'
                                     '</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>'),
        "xl/sharedStrings.xml": '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>表一</t></si></sst>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    readers.read_bytes(out.getvalue(), "warm.xlsx")
    readers.read_bytes("表一,1\n".encode(), "warm.csv")
    gc.freeze()


if sys.argv[:1] == ["-c"] and "multiprocessing.forkserver" in sys.modules:  # we are the fork server's preload
    _warm()


if __name__ == "__main__":  # python -m pipelines.sandbox FILE: read one file as the ledger does
    for result in read_path(Path(sys.argv[1])):
        print(result.display_name, [i.render() for i in result.issues],
              [(s.name, s.height, s.width) for s in (result.workbook.sheets if result.workbook else [])])
