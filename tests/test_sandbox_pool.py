"""A child that read a file cleanly reads the next one (sandbox.py): the saving is a fork per file, and
nothing else may change. A child that dies takes only the file it was reading along: that file gets its
Chinese message, the files before and after it in the batch are read as if alone, and a failure that
may come from what a child read before is judged again by a child of the file's own."""

from __future__ import annotations

import os
import signal
from dataclasses import replace
from pathlib import Path

import pytest

from pipelines import readers, sandbox
from pipelines.config import Limits
from pipelines.issues import issue
from pipelines.planning import Planner
from pipelines.readers import ReadResult

QUIRKS = Path(__file__).parent / "quirks" / "files"
FILES = sorted(QUIRKS.iterdir())[:6]
# Limits of these tests' own (a child's limits are part of which children it may share), so that
# children left idle by other tests are not the ones looked at here.
LIMITS = replace(Limits(), read_seconds=19.0)
GB = f"{LIMITS.read_memory_bytes / 1024**3:.1f} GB"  # as file.too_complex says the limit


def as_read(results: list[ReadResult]) -> list[tuple]:
    return [(r.display_name, r.workbook, [i.render() for i in r.issues]) for r in results]


def alone(path: Path) -> list[tuple]:
    return as_read(readers.read_bytes(path.read_bytes(), path.name, LIMITS))


def killing(monkeypatch: pytest.MonkeyPatch, name: str, how: signal.Signals, *, only_shared: bool) -> list[str]:
    """Kill the child about to read `name` (only one that read other files first, or every one); the
    kinds of children killed, in order."""
    exchange = sandbox._exchange
    killed: list[str] = []

    def kill_then_exchange(worker, job, args, data, limits):  # type: ignore[no-untyped-def]
        if job == "read" and args[0] == name and (worker.files > 0 or not only_shared):
            killed.append("shared" if worker.files > 0 else "own")
            os.kill(worker.proc.pid, how)
            worker.proc.join(5)
        return exchange(worker, job, args, data, limits)

    monkeypatch.setattr(sandbox, "_exchange", kill_then_exchange)
    return killed


def test_one_child_reads_file_after_file_as_each_alone():
    before = {id(w) for w in sandbox._IDLE.get((LIMITS.read_memory_bytes, LIMITS.read_seconds), [])}
    got = [as_read(sandbox.read_path(p, limits=LIMITS)) for p in FILES]
    assert got == [alone(p) for p in FILES]
    idle = sandbox._IDLE[(LIMITS.read_memory_bytes, LIMITS.read_seconds)]
    assert any(w.files >= len(FILES) and id(w) not in before for w in idle)  # one child read them all


@pytest.mark.parametrize("how, code, detail", [(signal.SIGSEGV, "file.too_complex", None),
                                               (signal.SIGTERM, "file.read_failed", "读取进程异常结束：SIGTERM")])
def test_a_file_that_kills_every_child_is_named_and_the_rest_are_read(monkeypatch, how, code, detail):
    bad = FILES[2].name
    killed = killing(monkeypatch, bad, how, only_shared=False)
    got = as_read(Planner(None, LIMITS).read(FILES))  # type: ignore[arg-type] # reading needs no registry
    expected = [alone(p) if p.name != bad else [(bad, None, [issue(code, bad, detail=detail).render() if detail else
                                                              issue(code, bad, limit=GB).render()])] for p in FILES]
    assert got == [row for rows in expected for row in rows]
    assert killed[-1] == "own"  # the verdict is that of a child of its own


def test_a_child_that_dies_after_other_files_is_no_verdict_on_the_file(monkeypatch):
    """Killed while it is about to read the file (as if something it read before had hurt it): the file
    is read again by a child of its own, and every file of the batch reads as it does alone."""
    bad = FILES[3].name
    killed = killing(monkeypatch, bad, signal.SIGKILL, only_shared=True)
    got = [as_read(sandbox.read_path(p, limits=LIMITS)) for p in FILES]
    assert killed == ["shared"]
    assert got == [alone(p) for p in FILES]


def test_what_is_judged_again_by_a_child_of_its_own():
    def outcome(status: str, value: object = None) -> sandbox._Outcome:
        return sandbox._Outcome(status, value)

    complex_read = [ReadResult("a.xlsx", None, [issue("file.too_complex", "a.xlsx", limit=GB)], b"")]
    fine_read = [ReadResult("a.xlsx", None, [issue("file.corrupt", "a.xlsx", detail="x")], b"")]
    again = [outcome("memory"), outcome("died", -signal.SIGSEGV), outcome("died", -signal.SIGKILL), outcome("died", 0),
             outcome("ok", complex_read)]
    not_again = [outcome("died", -signal.SIGXCPU), outcome("slow"), outcome("cpu"), outcome("ok", fine_read),
                 outcome("ok", [[1, 2], [3]]), outcome("failure", issue("file.read_failed", "a.xlsx", detail="x"))]
    assert [sandbox._again_alone(o) for o in again] == [True] * len(again)
    assert [sandbox._again_alone(o) for o in not_again] == [False] * len(not_again)


@pytest.mark.slow
def test_a_file_read_after_others_gets_its_whole_time_and_no_more(tmp_path):
    """In a child that has read other files, a file that computes past the CPU limit is stopped, a file
    inside it is read, and so are the files after them."""
    from tests.test_sandbox_time import _read_whole, _xlsx

    quick = replace(Limits(), read_seconds=0.5)
    slow, fine = _xlsx(tmp_path, 360_000), _xlsx(tmp_path, 2_000)
    verdicts = [_read_whole(p.read_bytes(), p.name, quick) for p in FILES]
    verdicts += [_read_whole(slow, "很慢.xlsx", quick), _read_whole(fine, "正常.xlsx", quick), _read_whole(FILES[0].read_bytes(), "又一个.xlsx", quick)]
    assert verdicts == [[] for _ in FILES] + [["file.too_slow"], [], []]
