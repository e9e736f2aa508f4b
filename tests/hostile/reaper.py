"""Run a command and wait for its whole process tree, so its peak memory counts every process.

    python -m tests.hostile.reaper STATUS.json -- COMMAND [ARG …]

The product may read files in other processes (a fork server and the children it forks). Those are
not waited for by the command itself: when it exits they are orphans, and their memory never shows in
the command's own rusage. This wrapper makes itself a child subreaper (prctl PR_SET_CHILD_SUBREAPER),
so orphaned descendants are re-parented to it; it reaps every one of them before it exits. A process's
rusage from wait4 covers the descendants it reaped, so the caller's wait4 on this wrapper gives the
peak RSS of the largest process of the whole tree. STATUS.json gets the command's own exit code
(negative: killed by that signal), its wall time, and the peak RSS of each reaped process.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def main(argv: list[str]) -> int:
    status_path, sep, command = argv[0], argv[1], argv[2:]
    assert sep == "--" and command, __doc__
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")
    start = time.monotonic()
    proc = subprocess.Popen(command)  # stdin/stdout/stderr: ours, as the caller set them
    rc: int | None = None
    command_wall = None
    reaped: list[tuple[int, int]] = []
    while True:
        try:
            pid, status, usage = os.wait4(-1, 0)
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        reaped.append((pid, usage.ru_maxrss))
        if pid == proc.pid:
            rc = os.waitstatus_to_exitcode(status)
            command_wall = time.monotonic() - start
            proc.returncode = rc
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(status_path, "w", encoding="utf-8") as fh:
        json.dump({"rc": rc, "command_wall": command_wall, "tree_wall": time.monotonic() - start,
                   "tree_maxrss_kb": children.ru_maxrss, "tree_cpu_s": children.ru_utime + children.ru_stime,
                   "reaped": reaped}, fh)
    return 0 if rc is None else (rc if rc >= 0 else 128 - rc)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
