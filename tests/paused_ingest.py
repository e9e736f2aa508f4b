"""`python -m tests.paused_ingest MARKER ingest --db … FILE…`: the command line's ingest, pausing inside its
first transaction (after writing MARKER) so a test can kill it exactly there (tests/test_crash.py,
tests/test_hostile.py). The pause is a hook given to `pipelines.__main__.main`; production code never sleeps.

The marker records how this process would take Ctrl-C at that moment (the SIGINT handler, the signals
blocked, the threads alive), and a pause that ends without being interrupted says so on standard error
with its length: a test that finds the ingest was not stopped reads why."""

from __future__ import annotations

import signal
import sys
import threading
import time
from pathlib import Path

from pipelines.__main__ import main

PAUSE_SECONDS = 120.0


def _pause_once(marker: Path) -> None:
    if marker.exists():
        return
    state = (f"handler={signal.getsignal(signal.SIGINT)!r} "
             f"blocked={sorted(int(s) for s in signal.pthread_sigmask(signal.SIG_BLOCK, []))} "
             f"threads={[t.name for t in threading.enumerate()]}")
    tmp = marker.with_suffix(".tmp")
    tmp.write_text(state)
    tmp.replace(marker)  # whole when it appears: the test reads it
    start = time.monotonic()
    time.sleep(PAUSE_SECONDS)
    print(f"paused_ingest: the pause ended after {time.monotonic() - start:.1f} s without an interrupt ({state})",
          file=sys.stderr, flush=True)


if __name__ == "__main__":
    marker = Path(sys.argv[1])
    sys.exit(main(sys.argv[2:], in_transaction=lambda: _pause_once(marker)))
