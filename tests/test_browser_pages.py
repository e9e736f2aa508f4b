"""Every page in Debian's Chromium at laptop and projector sizes: no console errors, no exception
boxes, screenshots saved; a link with filters in the query string reproduces the same numbers."""

from __future__ import annotations

import pytest

from insights import fmt
from pipelines.store import Store
from tests.browser import SCREENSHOTS, browser_page, open_page, server_on_copy, wait_for_app

PAGES = {"总览": "overview", "建会入会": "coverage", "会员发展": "membership", "劳动竞赛": "competitions", "帮扶慰问": "aid", "指标说明": "glossary"}
# Opening a deep link (/coverage) makes Streamlit's frontend probe /coverage/_stcore/... for its base
# path before falling back to /: those two 404s are Streamlit's own, not ours.
BASE_PATH_PROBES = ("/_stcore/host-config", "/_stcore/health")


def real_errors(errors: list[str]) -> list[str]:
    return [e for e in errors if not (e.startswith("404 ") and e.endswith(BASE_PATH_PROBES))]
SIZES = [(1366, 768), (1920, 1080)]


def record_failed(errors: list[str], request) -> None:  # noqa: ANN001 - a Playwright request
    """A request that failed — except one the browser itself cancelled because the test moved to
    another address while the page was still fetching a script (net::ERR_ABORTED: no server failed;
    under load a page.goto lands while Streamlit's frontend loads a widget's code)."""
    if (request.failure or "") != "net::ERR_ABORTED":
        errors.append(f"request failed: {request.url} ({request.failure})")


@pytest.fixture(scope="module")
def server(sample_db, tmp_path_factory):
    with server_on_copy(sample_db, tmp_path_factory.mktemp("browser")) as (url, db):
        yield url, db


def metric_value(page, label: str) -> str:
    card = page.locator("[data-testid='stMetric']", has_text=label).first
    return card.locator("[data-testid='stMetricValue']").inner_text().strip()


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_page_renders_cleanly(server, width, height):
    url, _ = server
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with browser_page(width, height) as page:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("requestfailed", lambda r: record_failed(errors, r))
        page.goto(url)
        wait_for_app(page)
        for link, name in PAGES.items():
            open_page(page, link, "/" if name == "overview" else f"/{name}")
            page.wait_for_selector(".js-plotly-plot" if name != "glossary" else "[data-testid='stTable']", timeout=30_000)
            page.wait_for_timeout(500)
            assert page.locator("[data-testid='stException']").count() == 0, name
            assert page.get_by_text("Page not found").count() == 0, name
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}x{height}.png"), full_page=True)
        assert errors == []


@pytest.mark.browser
def test_link_with_filters_reproduces_the_view(server, sample_db):
    url, _ = server
    s = Store.open(sample_db)  # the server's copy is locked by the server; the content is the same
    try:
        members = s.scalar("select sum(value) from current_observations where period = '2025-Q2' and indicator = 'members' "
                           "and breakdown = 'all' and district = 'donghu'")
    finally:
        s.close()
    expected = fmt.amount(members, "人")
    with browser_page() as page:
        errors: list[str] = []
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("requestfailed", lambda r: record_failed(errors, r))
        # Bound widgets write their labels into the URL: a readable link such as ?period=2025年第二季度&district=东湖区
        page.goto(f"{url}/?period=2025年第二季度&district=东湖区")
        wait_for_app(page)
        page.get_by_text("2025年第二季度").first.wait_for()
        assert metric_value(page, "会员人数") == expected
        # the filters survive a page change, and the URL still carries them
        open_page(page, "建会入会", "/coverage")
        # the URL is rewritten as the page's widgets register; wait for both filters to be back in it
        page.wait_for_function(
            "() => location.pathname.endsWith('/coverage') && location.search.includes('district=') && location.search.includes('period=')",
            timeout=30_000,
        )
        from urllib.parse import unquote

        assert "district=东湖区" in unquote(page.url) and "period=2025年第二季度" in unquote(page.url)
        assert page.get_by_text("范围：东湖区").count() == 1
        page.goto(f"{url}/coverage?period=2025年第二季度&district=东湖区")
        wait_for_app(page)
        assert page.get_by_text("范围：东湖区").count() == 1
        assert real_errors(errors) == []


@pytest.mark.browser
def test_clicking_a_district_in_a_ranking_opens_its_view(server):
    url, _ = server
    with browser_page(1366, 900) as page:
        page.goto(url)
        wait_for_app(page)
        plot = page.locator(".js-plotly-plot").first
        plot.scroll_into_view_if_needed()
        bar = plot.locator("g.point path").last  # bars are drawn bottom-up: the last one is the top of the ranking
        name = plot.locator("g.ytick text").last.text_content()
        box = bar.bounding_box()
        assert box is not None
        # Plotly puts a drag layer over the bars; a real mouse click at the bar's centre is what a leader does.
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.get_by_text(f"范围：{name}").wait_for(timeout=30_000)
        from urllib.parse import unquote

        assert f"district={name}" in unquote(page.url)


@pytest.mark.browser
def test_presentation_mode_hides_chrome_and_survives_page_changes(server):
    url, _ = server
    with browser_page(1920, 1080) as page:
        page.goto(url)
        wait_for_app(page)
        page.locator("[data-testid='stSidebar']").get_by_text("演示模式（投影用）").click()
        page.get_by_role("button", name="退出演示模式").wait_for(timeout=30_000)
        page.locator("[data-testid='stSidebar']").wait_for(state="hidden", timeout=30_000)
        page.screenshot(path=str(SCREENSHOTS / "present-overview-1920x1080.png"))
        # the pages are now in a top bar; moving to another page keeps the mode (it is in the URL)
        page.get_by_text("领导看板").first.click()
        page.get_by_role("menuitem", name="帮扶慰问").click()
        page.wait_for_url("**/aid?*present=true*")
        wait_for_app(page)
        page.get_by_role("button", name="退出演示模式").wait_for(timeout=30_000)
        page.locator("[data-testid='stSidebar']").wait_for(state="hidden", timeout=30_000)
        page.screenshot(path=str(SCREENSHOTS / "present-aid-1920x1080.png"))
        page.get_by_role("button", name="退出演示模式").click()
        page.locator("[data-testid='stSidebar']").wait_for(state="visible", timeout=30_000)
