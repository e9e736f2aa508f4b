"""Every file is read in a child process that may die without taking its caller along.

A file's bytes go to a fresh child (multiprocessing's "forkserver": forked from a small server that
has already imported the readers, so a child costs a fork, not an interpreter start). The child
limits its own address space (RLIMIT_AS, `Limits.read_memory_bytes`) and CPU time, reads the bytes
into Workbooks (readers.read_bytes) and sends them back pickled. Whatever happens in there — a
library that allocates a sheet's declared size and aborts, a MemoryError, a loop in a damaged
file — the caller gets a ReadResult with an issue: file.too_complex (memory), file.too_slow (past
`Limits.read_seconds` of CPU time, the child is killed) or file.read_failed. A big sheet the parser later wants
whole (readers.Remainder) is read the same way.

`read_bytes` and `read_path` here are what the ledger calls; readers.read_bytes stays the in-process
reader (tests and tools that trust their input call it directly).
"""

from __future__ import annotations

import io
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


def _limit(memory: int, seconds: float) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    # A read is judged by the CPU time it takes, not the wall time: on a busy machine the same file
    # must get the same verdict (SIGXCPU at `seconds`, SIGKILL a little later if that is caught).
    cpu = int(seconds) + 1
    cpu_soft, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    if cpu_hard == resource.RLIM_INFINITY or cpu + 3 < cpu_hard:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 3 if cpu_hard == resource.RLIM_INFINITY else cpu_hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _child(conn: Connection) -> None:
    """One file's read: the job, then the file's bytes, from the pipe; the result back on it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle; it kills us
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)  # a library's abort message is no output of the caller's
        os.close(devnull)
    except OSError:
        pass
    try:
        job, args, memory, seconds = conn.recv()
        data = conn.recv_bytes()
        _limit(memory, seconds)
        if job == "read":
            name, limits = args
            results = readers.read_bytes(data, name, limits)
            for r in results:
                if r.data is data:
                    r.data = None  # type: ignore[assignment] # the caller has them
            payload: tuple[str, Any] = ("ok", results)
        else:
            (rest,) = args
            rest.data = data
            payload = ("ok", readers.read_remainder(rest))
    except MemoryError:
        payload = ("memory", None)
    except ReadFailure as exc:
        payload = ("failure", exc.issue)
    except BaseException as exc:  # noqa: BLE001 - anything else is a failed read, said as such
        payload = ("error", type(exc).__name__)
    try:
        conn.send(payload)
    except MemoryError:
        conn.send(("memory", None))
    except (BrokenPipeError, OSError):
        pass
    conn.close()


# ---------------------------------------------------------------------------------------------
# the caller


class _Outcome:
    def __init__(self, status: str, value: Any = None):
        self.status, self.value = status, value


# One child started ahead, waiting for the next file: it is used once, like any other, but its start
# (a fork and multiprocessing's bootstrap, ~3 ms) overlaps the read before it.
_SPARE: list[tuple[Any, Connection]] = []


def _launch() -> tuple[Any, Connection]:
    _context()
    parent, child = _CONTEXT.Pipe(duplex=True)
    proc = _Process(target=_child, args=(child,), daemon=True)
    proc.start()
    child.close()
    return proc, parent


def _fresh() -> tuple[Any, Connection]:
    with _LOCK:
        spare = _SPARE.pop() if _SPARE else None
    if spare is not None and spare[0].is_alive():
        return spare
    if spare is not None:
        _end(*spare)
    return _launch()


def _ahead() -> None:
    with _LOCK:
        if not _SPARE:
            _SPARE.append(_launch())


def _end(proc: Any, conn: Connection) -> None:
    if proc.is_alive():
        proc.kill()
    proc.join()
    conn.close()
    proc.close()


def _run(job: str, args: tuple[Any, ...], data: bytes, limits: Limits) -> _Outcome:
    """Run one job in a fresh child with the file's bytes; what it sent back, or how it ended."""
    proc, parent = _fresh()
    try:
        parent.send((job, args, limits.read_memory_bytes, limits.read_seconds))
    except OSError:  # a child started ahead that is gone: another one
        _end(proc, parent)
        proc, parent = _launch()
        parent.send((job, args, limits.read_memory_bytes, limits.read_seconds))
    # The wall clock only catches a child that waits instead of computing (it never should).
    deadline = time.monotonic() + max(WALL_BACKSTOP_SECONDS, limits.read_seconds * 6)
    try:
        try:
            parent.send_bytes(data)
            _ahead()
            if not parent.poll(max(0.0, deadline - time.monotonic())):
                return _Outcome("slow")
            status, value = parent.recv()
            return _Outcome(status, value)
        except (EOFError, OSError):
            proc.join(5)
            return _Outcome("died", proc.exitcode)
    finally:
        _end(proc, parent)


def _problem(outcome: _Outcome, name: str, sheet: str, limits: Limits) -> Any:
    """The issue that says why a child gave no result."""
    if outcome.status == "failure":
        return outcome.value
    if outcome.status == "slow" or (outcome.status == "died" and outcome.value == -signal.SIGXCPU):
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
