"""Ten leaders read pages in Chromium while an analyst commits a return in an eleventh session: no
session sees an error, and after the commit every session shows the new number."""

from __future__ import annotations

import asyncio
import time

import pytest

from insights import fmt
from pipelines.store import Store
from tests.browser import CHROMIUM_ARGS, HAS_VALUE, chromium_path, open_page_async, streamlit_server
from tests.builders import consistent_values, write_return

READERS = 10
READ_PAGES = [("建会入会", "/coverage"), ("会员发展", "/membership"), ("劳动竞赛", "/competitions"), ("帮扶慰问", "/aid"), ("总览", "/")]
IDLE = ("() => !document.querySelector('[data-testid=\"stStatusWidget\"]') && "
        "document.querySelectorAll('[data-testid=\"stMetric\"], [data-testid=\"stFileUploader\"]').length > 0")


async def _open(page, label: str, path: str) -> None:
    await open_page_async(page, label, path, IDLE)


async def _session(browser, url: str, errors: list[str], who: str):
    context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = await context.new_page()
    page.on("console", lambda m: errors.append(f"{who} console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{who} pageerror: {e}"))
    await page.goto(url)
    await page.wait_for_function(IDLE, timeout=120_000)
    return context, page


async def _read_until(page, done: asyncio.Event, errors: list[str], who: str) -> int:
    """Move through the leader pages until the commit is done; how many pages were opened."""
    opened = 0
    while not done.is_set() or opened < 2:
        label, path = READ_PAGES[opened % len(READ_PAGES)]
        await _open(page, label, path)
        if await page.locator("[data-testid='stException']").count():
            errors.append(f"{who}: exception box on {label}")
        opened += 1
    return opened


async def _scenario(url: str, good_path: str, expected_after: str) -> tuple[list[str], list[int], float]:
    from playwright.async_api import async_playwright

    errors: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            sessions = [await _session(browser, url, errors, f"reader{i}") for i in range(READERS)]
            _, writer = await _session(browser, url, errors, "writer")
            await _open(writer, "数据上报", "/upload")
            done = asyncio.Event()

            async def commit() -> float:
                await writer.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files([good_path])
                button = writer.get_by_role("button", name="导入 1 个文件")
                await button.wait_for(timeout=120_000)
                await button.click()
                await writer.get_by_text("已导入 1 个文件").wait_for(timeout=120_000)
                committed = time.monotonic()
                done.set()
                return committed

            results = await asyncio.gather(commit(), *(_read_until(p, done, errors, f"reader{i}") for i, (_, p) in enumerate(sessions)))
            committed, opened = results[0], list(results[1:])
            # every reader, in its own session, now shows the new number on the overview
            for i, (_, page) in enumerate(sessions):
                await _open(page, "总览", "/")
                try:
                    await page.wait_for_function(HAS_VALUE, arg=expected_after, timeout=60_000)
                except Exception:
                    errors.append(f"reader{i}: the overview does not show {expected_after} after the commit")
            seen = time.monotonic() - committed
            for context, _ in sessions:
                await context.close()
        finally:
            await browser.close()
    return errors, opened, seen


@pytest.mark.browser
def test_ten_readers_and_one_commit(sample_db_copy, registry, tmp_path):
    s = Store.open(sample_db_copy)
    q = "select sum(value) from current_observations where period='2026-Q3' and indicator='unions' and breakdown='all'"
    before = s.scalar(q)
    donghu = s.scalar(q + " and district='donghu'")
    s.close()
    values = consistent_values(registry, "coverage", scale=3)
    good = write_return(tmp_path / "东湖区2026Q3.xlsx", registry, "donghu", "2026-Q3", "coverage", values)
    expected_after = fmt.amount(before - donghu + values[("unions", "all")], "个")  # type: ignore[operator]
    assert expected_after != fmt.amount(before, "个")

    with streamlit_server(sample_db_copy) as url:
        errors, opened, _ = asyncio.run(_scenario(url, str(good), expected_after))
    assert errors == []
    assert len(opened) == READERS and min(opened) >= 2  # every reader was reading while the commit ran
    s = Store.open(sample_db_copy)
    try:
        assert s.scalar(q) == before - donghu + values[("unions", "all")]  # type: ignore[operator]
    finally:
        s.close()
