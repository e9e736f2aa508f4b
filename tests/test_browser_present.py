"""Presentation mode fits a projector (issue 13): at 1366×768 and 1920×1080 each leader page's first
screen holds its title, the period line, every KPI card and the first row of charts — measured by
bounding boxes in Chromium — with no toolbar over any chart."""

from __future__ import annotations

import pytest

from tests.browser import SCREENSHOTS, browser_page, server_on_copy, wait_for_app

LEADER_PAGES = ["", "coverage", "membership", "competitions", "aid"]
SIZES = [(1366, 768), (1920, 1080)]

# Boxes of what must be on the first screen: the title, every KPI card and the charts of the first
# chart row (those whose top is the smallest), measured where the page lays them out.
BOXES = r"""() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  const charts = [...document.querySelectorAll('.js-plotly-plot')].map(box);
  const firstTop = Math.min(...charts.map(c => c.top));
  return {
    title: box(document.querySelector('h1')),
    kpis: [...document.querySelectorAll('[data-testid="stMetric"]')].map(box),
    firstRow: charts.filter(c => Math.abs(c.top - firstTop) < 4),
    modebars: [...document.querySelectorAll('.modebar-container')].filter(e => e.getBoundingClientRect().height > 0).length,
    sidebar: !!document.querySelector('[data-testid="stSidebar"]') && document.querySelector('[data-testid="stSidebar"]').getBoundingClientRect().width > 0,
  };
}"""


@pytest.fixture(scope="module")
def server(sample_db, tmp_path_factory):
    with server_on_copy(sample_db, tmp_path_factory.mktemp("present")) as (url, db):
        yield url


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_first_screen_holds_title_kpis_and_first_chart_row(server, width, height):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    with browser_page(width, height) as page:
        for name in LEADER_PAGES:
            page.goto(f"{server}/{name}?present=true")
            wait_for_app(page)
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
            page.wait_for_timeout(800)
            page.locator(".js-plotly-plot").first.hover()  # a toolbar would show now
            page.wait_for_timeout(300)
            b = page.evaluate(BOXES)
            page.screenshot(path=str(SCREENSHOTS / f"present-{name or 'overview'}-{width}x{height}.png"))
            where = name or "overview"
            if b["sidebar"]:
                problems.append(f"{where}: sidebar shown")
            if b["modebars"]:
                problems.append(f"{where}: chart toolbar shown")
            if b["title"]["bottom"] > height:
                problems.append(f"{where}: title below the first screen")
            low = [k["bottom"] for k in b["kpis"] if k["bottom"] > height or k["right"] > width]
            if not b["kpis"] or low:
                problems.append(f"{where}: KPI cards outside the first screen {low}")
            if not b["firstRow"]:
                problems.append(f"{where}: no chart")
            elif max(c["bottom"] for c in b["firstRow"]) > height:
                problems.append(f"{where}: first chart row ends at {max(c['bottom'] for c in b['firstRow']):.0f}px > {height}px")
    assert problems == []


@pytest.mark.browser
def test_laptop_first_screen_has_every_filter_and_the_title_near_the_top(server):
    """At 1366×768 in normal mode 季度, 区县 and 口径 are all visible without scrolling the sidebar,
    and the page title is not pushed down by an empty band."""
    with browser_page(1366, 768) as page:
        page.goto(f"{server}/coverage")
        wait_for_app(page)
        # the frontend loads a widget's code on first use and shows a placeholder until then
        page.wait_for_function("() => ['stSelectbox', 'stMultiSelect', 'stRadio'].every(t => "
                               "document.querySelector('[data-testid=\"stSidebar\"] [data-testid=\"' + t + '\"]')) && "
                               "getComputedStyle(document.querySelector('[data-testid=\"stSidebarUserContent\"]')).order === '-1'",
                               timeout=30_000)
        boxes = page.evaluate("""() => ['stSelectbox', 'stMultiSelect', 'stRadio'].map(t => {
            const e = document.querySelector('[data-testid="stSidebar"] [data-testid="' + t + '"]');
            return e ? e.getBoundingClientRect().bottom : null; })""")
        title_top = page.evaluate("() => document.querySelector('h1').getBoundingClientRect().top")
    assert None not in boxes and max(boxes) <= 768, boxes
    assert title_top < 110, title_top
