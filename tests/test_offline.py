"""The dashboard works with the network cut off: a network namespace with only loopback, every
page opened in Chromium, and not one request leaving 127.0.0.1 (no fonts, telemetry or CDNs)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.browser import ROOT


@pytest.mark.browser
def test_every_page_loads_without_network(sample_db_copy):
    assert os.geteuid() == 0 and shutil.which("unshare") and shutil.which("ip"), (
        "这个测试需要 root、unshare 和 ip（iproute2）来建立没有外网的网络命名空间；CI 以 root 运行。")
    done = subprocess.run(
        ["unshare", "--net", "sh", "-c", f"ip link set lo up && exec {sys.executable} tests/offline_check.py {sample_db_copy}"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "打开：指标说明" in done.stdout
    assert "外部请求 0 个，失败请求 0 个" in done.stdout
