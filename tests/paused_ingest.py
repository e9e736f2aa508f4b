"""`python -m tests.paused_ingest MARKER ingest --db … FILE…`: the command line's ingest, pausing inside its
first transaction (after writing MARKER) so a test can kill it exactly there (tests/test_crash.py,
tests/test_hostile.py). The pause is a hook given to `pipelines.__main__.main`; production code never sleeps."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pipelines.__main__ import main


def _pause_once(marker: Path) -> None:
    if not marker.exists():
        marker.write_text("in transaction")
        time.sleep(120)


if __name__ == "__main__":
    marker = Path(sys.argv[1])
    sys.exit(main(sys.argv[2:], in_transaction=lambda: _pause_once(marker)))
