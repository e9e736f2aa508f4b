"""The whole sample city goes in through the pipeline and comes out of `export` exactly as generated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import read_truth

ROOT = Path(__file__).resolve().parent.parent


def test_export_equals_ground_truth(sample, sample_db, tmp_path):
    out = tmp_path / "export.csv"
    done = subprocess.run(
        [sys.executable, "-m", "pipelines", "export", "--db", str(sample_db), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    exported = read_truth(out)
    truth = read_truth(sample.truth)
    assert exported[0] == ("district", "period", "indicator", "breakdown", "value")
    assert exported[0] == truth[0]
    missing = sorted(set(truth[1:]) - set(exported[1:]))
    extra = sorted(set(exported[1:]) - set(truth[1:]))
    assert missing == [], f"{len(missing)} missing, e.g. {missing[:5]}"
    assert extra == [], f"{len(extra)} extra, e.g. {extra[:5]}"
    assert exported == truth  # same rows, same order, nothing duplicated
