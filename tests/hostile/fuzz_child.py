"""Child process of the fuzz test: the product's CLI entry point, in-process, over many case files.

    python -m tests.hostile.fuzz_child RESULTS.jsonl CASES.txt DB START

For each case from START on (its wall time and the CPU time of this process tree are recorded): `check FILE` through `pipelines.__main__.main` (read + plan + checks, as
the CLI does) and, when check accepts the file, `ingest --db DB FILE`. Nothing here handles an error
for the product: an exception that escapes main() is written down with its traceback as a failure of
that case, and the loop goes on. Before each case a "start" line is written (flushed), so the parent
knows which case was running if the process dies (abort, memory limit) or has to be killed. Each case
records this process's peak RSS so far and the largest peak RSS seen among its descendants (the
product may read files in other processes) during the case.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import sys
import threading
import time
import traceback


def _descendants(root: int):
    """The pids of every live process below `root` (a fork server, its readers)."""
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
        if pid != root:
            yield pid


def _descendants_peak_kb(root: int) -> int:
    """The largest peak RSS (VmHWM) among the processes below `root` now."""
    peak = 0
    for pid in _descendants(root):
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except (OSError, ValueError):
            continue
    return peak


_TICK = os.sysconf("SC_CLK_TCK")


def _tree_cpu(root: int) -> float:
    """CPU seconds used so far by this process, its reaped children and every live process below it (their
    own reaped children included): the case's cost is the difference, whatever else loads the machine."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + reaped.ru_utime + reaped.ru_stime
    for pid in _descendants(root):
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += sum(int(f) for f in fields[11:15]) / _TICK  # utime, stime, cutime, cstime
        except (OSError, ValueError):
            continue
    return total


class _Sampler(threading.Thread):
    """Samples the descendants' peak RSS every 20 ms, to tell which case made a reader process big (the
    reaper around this process measures the exact peak of the whole tree)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0

    def run(self) -> None:
        me = os.getpid()
        while True:
            self.peak_kb = max(self.peak_kb, _descendants_peak_kb(me))
            time.sleep(0.02)


def run(results: str, case_list: str, db: str, start: int) -> None:
    from pipelines.__main__ import main as cli

    sampler = _Sampler()
    sampler.start()

    with open(case_list, encoding="utf-8") as fh:
        paths = fh.read().splitlines()
    with open(results, "a", encoding="utf-8") as log:
        for i in range(start, len(paths)):
            path = paths[i]
            log.write(json.dumps({"event": "start", "i": i, "t": time.time()}) + "\n")
            log.flush()
            t0 = time.monotonic()
            cpu0 = _tree_cpu(os.getpid())
            sampler.peak_kb = 0
            out = io.StringIO()
            record: dict[str, object] = {"event": "done", "i": i, "check": None, "ingest": None, "escaped": None}
            command = "check"
            try:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                    record["check"] = cli(["check", path])
                    if record["check"] == 0:
                        command = "ingest"
                        record["ingest"] = cli(["ingest", "--db", db, path])
            except BaseException as exc:  # noqa: BLE001 - recorded as this case's failure, never handled
                record["escaped"] = f"{command}: {type(exc).__name__}: {exc}"[:500]
                record["traceback"] = traceback.format_exc()[-4000:]
            record["secs"] = round(time.monotonic() - t0, 3)
            record["cpu"] = round(_tree_cpu(os.getpid()) - cpu0, 3)
            record["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            record["descendants_maxrss_kb"] = max(sampler.peak_kb, _descendants_peak_kb(os.getpid()))
            text = out.getvalue()
            record["traceback_in_output"] = "Traceback" in text
            record["output"] = text[-1500:]
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
            log.flush()


if __name__ == "__main__":
    run(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
