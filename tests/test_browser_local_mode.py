"""Local mode has no sign-in, so only this computer may use it: a request that arrives through a
reverse proxy (forwarded headers, another host name) gets a refusal and no data."""

from __future__ import annotations

import pytest

from tests.browser import CHROMIUM_ARGS, chromium_path, streamlit_server, wait_for_app

REFUSAL = "本机模式（未设置用户）只能在运行看板的这台电脑上使用"


def _first_screen(url: str, headers: dict[str, str] | None = None, resolve: str | None = None) -> tuple[str, int]:
    from playwright.sync_api import sync_playwright

    args = [*CHROMIUM_ARGS, *([f"--host-resolver-rules=MAP {resolve} 127.0.0.1"] if resolve else [])]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=args)
        try:
            page = browser.new_context(extra_http_headers=headers or {}).new_page()
            page.goto(url)
            wait_for_app(page)
            # either the dashboard's numbers or the refusal, whichever this request gets
            page.wait_for_function(
                "(t) => document.querySelectorAll('[data-testid=\"stMetricValue\"]').length > 0 || document.body.innerText.includes(t)",
                arg=REFUSAL, timeout=60_000,
            )
            page.wait_for_timeout(500)
            return page.locator("[data-testid='stMain']").inner_text(), page.locator("[data-testid='stMetric']").count()
        finally:
            browser.close()


@pytest.mark.browser
def test_local_mode_refuses_requests_that_come_through_a_proxy(sample_db):
    db = sample_db.parent / "local-mode.duckdb"
    db.write_bytes(sample_db.read_bytes())
    with streamlit_server(db) as url:
        text, metrics = _first_screen(url)
        assert REFUSAL not in text and metrics > 0  # this computer: the dashboard
        port = url.rsplit(":", 1)[1]
        text, metrics = _first_screen(f"http://unionstats.intranet:{port}", resolve="unionstats.intranet")
        assert REFUSAL in text and metrics == 0  # another host name, as a proxy forwards it
        text, metrics = _first_screen(url, headers={"X-Forwarded-For": "10.1.2.3"})
        assert REFUSAL in text and metrics == 0
