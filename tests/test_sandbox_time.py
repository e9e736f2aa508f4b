"""A file's read is judged by the CPU time it takes, not the wall clock: on a busy machine (a county's
server during a batch import) the same file must get the same verdict, and a read that computes past
the limit is stopped with file.too_slow."""

from __future__ import annotations

import multiprocessing as mp
import time
from dataclasses import replace

import pytest

from pipelines import readers, sandbox
from pipelines.config import Limits
from pipelines.readers import ReadFailure, Remainder


def _burn(stop) -> None:  # noqa: ANN001 - a CPU hog beside the read
    while not stop.is_set():
        pass


def _xlsx(tmp_path, rows: int) -> bytes:
    """A return sheet with a long list under it: big enough that reading it costs seconds of CPU."""
    import xlsxwriter

    path = tmp_path / "big.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("表一")
    ws.write_row(0, 0, ["区县", "应建会单位数", "已建会单位数", "基层工会数", "职工人数"])
    for r in range(1, rows):
        ws.write_row(r, 0, [f"单位{r}", r, r, r, r])
    wb.close()
    return path.read_bytes()


def _read_whole(data: bytes, name: str, limits: Limits) -> list[str]:
    """What reading a file and then its big sheet whole says (the codes of its problems)."""
    codes = []
    for r in sandbox.read_bytes(data, name, limits):
        codes += [i.code for i in r.issues]
        for sheet in (r.workbook.sheets if r.workbook else []):
            if isinstance(sheet.rest, Remainder):
                try:
                    sheet.rest.read()
                except ReadFailure as exc:
                    codes.append(exc.issue.code)
    return codes


def _cpu_seconds(data: bytes, name: str) -> float:
    """The CPU time of the same reads in this process."""
    start = time.process_time()
    for r in readers.read_bytes(data, name, Limits()):
        for sheet in (r.workbook.sheets if r.workbook else []):
            if isinstance(sheet.rest, Remainder):
                sheet.rest.read()
    return time.process_time() - start


@pytest.mark.slow
def test_a_read_that_computes_past_the_limit_is_stopped(tmp_path):
    data = _xlsx(tmp_path, 360_000)
    assert _cpu_seconds(data, "big.xlsx") > 2.5  # reading it takes longer than the limit below, here too
    assert _read_whole(data, "很慢.xlsx", replace(Limits(), read_seconds=0.5)) == ["file.too_slow"]


@pytest.mark.slow
def test_a_busy_machine_does_not_make_a_file_too_slow(tmp_path):
    data = _xlsx(tmp_path, 8_000)
    cpu = _cpu_seconds(data, "probe.xlsx")
    assert cpu < 0.45, cpu  # well inside the limit below (one CPU second) on its own
    stop = mp.Event()
    hogs = [mp.Process(target=_burn, args=(stop,)) for _ in range(6)]  # three times the cores of a small server
    for h in hogs:
        h.start()
    try:
        # half a second: on two cores beside six hogs the read takes longer than that on the wall clock
        verdicts = [_read_whole(data, "正常.xlsx", replace(Limits(), read_seconds=0.5)) for _ in range(3)]
    finally:
        stop.set()
        for h in hogs:
            h.join()
    assert verdicts == [[], [], []], verdicts
