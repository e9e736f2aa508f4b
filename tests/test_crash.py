"""A real ingest process killed with SIGKILL leaves either a whole submission or none of it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipelines.store import Store
from tests.builders import consistent_values, write_return
from tests.conftest import read_truth

ROOT = Path(__file__).resolve().parent.parent


def integrity(db: Path) -> tuple[int, list[tuple]]:
    """(submissions, problems): every submission has exactly its observations and its raw cells."""
    s = Store.open(db)
    try:
        problems = s.rows(
            """
            select s.id, s.n_observations, count(o.submission_id)
            from submissions s left join observations o on o.submission_id = s.id
            group by s.id, s.n_observations
            having count(o.submission_id) <> s.n_observations
            """
        )
        problems += s.rows("select distinct submission_id from observations where submission_id not in (select id from submissions)")
        problems += s.rows("select id from submissions where id not in (select submission_id from raw_cells)")
        return int(s.scalar("select count(*) from submissions")), problems
    finally:
        s.close()


def test_kill_inside_the_transaction_stores_nothing(tmp_path, registry):
    db = tmp_path / "db.duckdb"
    first = write_return(tmp_path / "东湖区2025Q2.xlsx", registry, "donghu", "2025-Q2", "coverage", consistent_values(registry, "coverage"))
    assert subprocess.run([sys.executable, "-m", "pipelines", "ingest", "--db", str(db), str(first)], cwd=ROOT).returncode == 0
    before = integrity(db)
    second = write_return(tmp_path / "东湖区2025Q3.xlsx", registry, "donghu", "2025-Q3", "coverage", consistent_values(registry, "coverage"))
    marker = tmp_path / "paused"
    proc = subprocess.Popen([sys.executable, "-m", "tests.paused_ingest", str(marker), "ingest", "--db", str(db), str(second)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None and time.monotonic() < deadline, "ingest never reached its transaction"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert integrity(db) == before == (1, [])
    # The original was archived before the transaction; the retry stores it normally.
    assert subprocess.run([sys.executable, "-m", "pipelines", "ingest", "--db", str(db), str(second)], cwd=ROOT).returncode == 0
    assert integrity(db) == (2, [])


def test_kill_at_random_points_of_a_long_ingest(sample, tmp_path):
    db = tmp_path / "db.duckdb"
    files = [str(f) for f in sample.files]
    rng = random.Random(7)
    stored = []
    for after_lines in (30, 90):
        proc = subprocess.Popen([sys.executable, "-m", "pipelines", "ingest", "--progress", "--db", str(db), *files], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None
        committed = 0
        for line in proc.stdout:
            committed += line.startswith("[")
            if committed >= after_lines:
                break
        time.sleep(rng.uniform(0, 0.3))  # somewhere inside the next file's work
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        count, problems = integrity(db)
        assert problems == []
        stored.append(count)
    assert 0 < stored[0] < stored[1] < 4 * len(files)
    done = subprocess.run([sys.executable, "-m", "pipelines", "ingest", "--db", str(db), *files], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:]
    out = tmp_path / "export.csv"
    subprocess.run([sys.executable, "-m", "pipelines", "export", "--db", str(db), "--out", str(out)], cwd=ROOT, check=True)
    assert read_truth(out) == read_truth(sample.truth)
