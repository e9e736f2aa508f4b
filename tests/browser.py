"""A real Streamlit server and Debian's Chromium driven by Playwright, for end-to-end tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    """Debian's Chromium; its absence is a failure with instructions, never a skip."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise AssertionError("找不到 Chromium。请运行 `bash scripts/system_deps.sh`（Debian: apt-get install chromium）。")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server_on_copy(source: Path, folder: Path) -> Iterator[tuple[str, Path]]:
    """A server over a private copy of a database (the tests' sample city); its URL and the copy."""
    db = folder / "db.duckdb"
    db.write_bytes(source.read_bytes())
    with streamlit_server(db) as url:
        yield url, db


@contextmanager
def streamlit_server(db: Path, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    with streamlit_server_logged(db, extra_env) as (url, _):
        yield url


@contextmanager
def streamlit_server_logged(db: Path, extra_env: dict[str, str] | None = None, address: str = "127.0.0.1") -> Iterator[tuple[str, Path]]:
    """`python -m ui.serve` on `address`; yields its URL (always reached through 127.0.0.1) and its log."""
    port = free_port()
    env = {**os.environ, "UNIONSTATS_DB": str(db), **(extra_env or {})}
    log_path = db.parent / f"streamlit-{port}.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.serve", "--server.port", str(port),
         "--server.address", address, "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("Streamlit 没有启动：\n" + log_path.read_text(errors="replace"))
            time.sleep(0.3)
        yield url, log_path
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def browser_page(width: int = 1366, height: int = 768) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", device_scale_factor=1)
            page = context.new_page()
            yield page
        finally:
            browser.close()


def wait_for_app(page: object, timeout_ms: int = 60_000) -> None:
    """Until Streamlit has finished running the script (no spinner, no 'running' status)."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') && document.querySelectorAll('[data-testid=\"stMetric\"], [data-testid=\"stDataFrame\"], [data-testid=\"stTable\"], [data-testid=\"stAlert\"], [data-testid=\"stDownloadButton\"], [data-testid=\"stFileUploader\"]').length > 0",
        timeout=timeout_ms,
    )


def open_page(page: object, label: str, path: str, attempts: int = 3) -> None:
    """Click a page in the sidebar navigation and wait until the app has moved there.

    A click that lands while Streamlit is still settling the previous run can be dropped by its
    frontend; a person clicks again, and so does this (at most `attempts` times)."""
    link = page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=label)  # type: ignore[attr-defined]
    check = "(p) => p === '/' ? location.pathname === '/' : location.pathname.endsWith(p)"
    for attempt in range(attempts):
        link.click()
        try:
            page.wait_for_function(check, arg=path, timeout=10_000)  # type: ignore[attr-defined]
            break
        except Exception:
            if attempt == attempts - 1:
                raise
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    wait_for_app(page)


HAS_VALUE = "(v) => [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')].some(e => e.innerText.trim() === v)"


async def open_page_async(page: object, label: str, path: str, idle: str) -> None:
    """`open_page` for async Playwright (many sessions at once): click the page in the sidebar, again if
    the click was dropped while the previous run settled, then wait until `idle` (a JS predicate) holds."""
    link = page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=label)  # type: ignore[attr-defined]
    check = "(p) => p === '/' ? location.pathname === '/' : location.pathname.endsWith(p)"
    for attempt in range(3):
        await link.click()
        try:
            await page.wait_for_function(check, arg=path, timeout=15_000)  # type: ignore[attr-defined]
            break
        except Exception:
            if attempt == 2:
                raise
    await page.wait_for_timeout(300)  # type: ignore[attr-defined]
    await page.wait_for_function(idle, timeout=120_000)  # type: ignore[attr-defined]

