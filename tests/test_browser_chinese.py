"""Every word a user sees is Chinese (issue 13): each page is walked in Chromium — its text, the
placeholders and tooltips of its controls, a chart's toolbar, a table's toolbar, the district list —
and any Latin word outside a short whitelist fails the test. Links carry the quarter they show, and
/overview is the overview's address as well as /."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from pipelines.periods import Period
from tests.browser import browser_page, open_page, server_on_copy, wait_for_app

PAGES = ["", "overview", "coverage", "membership", "competitions", "aid", "upload", "status", "data", "templates",
         "manage", "admin", "glossary"]
# File formats, encodings and product names a Chinese office uses as they are; units; nothing else.
WHITELIST = {"PNG", "CSV", "Excel", "PPTX", "PowerPoint", "XLSX", "XLS", "XLSM", "ODS", "ET", "WPS", "ZIP", "TXT",
             "GBK", "UTF", "MB", "KB", "README"}
UPPER_WHITELIST = {w.upper() for w in WHITELIST}  # file names end in .xlsx as often as in .XLSX
LATIN = re.compile(r"[A-Za-z]{2,}")

# Visible text nodes and the words controls show on hover or when empty. Icons (ligature fonts, marked
# translate="no"), code the user types (`python -m …`, paths) and the glossary's 代码 column are not words.
VISIBLE_WORDS = r"""() => {
  const skip = (el) => !el || el.closest('script, style, code, pre, [translate="no"]') ||
    (el.closest('td, th') && el.closest('table') && (() => {
      const cell = el.closest('td, th'); const table = cell.closest('table');
      const heads = [...table.querySelectorAll('thead th')].map(h => h.innerText.trim());
      return heads[cell.cellIndex] === '代码';
    })());
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const el = n.parentElement;
    if (skip(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    out.push(n.nodeValue);
  }
  for (const el of document.querySelectorAll('[title], [data-title], [placeholder]')) {
    if (skip(el)) continue;
    for (const a of ['title', 'data-title', 'placeholder']) { const v = el.getAttribute(a); if (v) out.push(v); }
  }
  return out.join('\n');
}"""


def show_chart_toolbar(page) -> None:
    """The first chart's toolbar appears on hover."""
    page.locator(".js-plotly-plot").first.hover()
    page.wait_for_selector(".modebar-btn", timeout=10_000)


def latin_words(page) -> set[str]:
    return {w for w in LATIN.findall(page.evaluate(VISIBLE_WORDS)) if w.upper() not in UPPER_WHITELIST}


@pytest.fixture(scope="module")
def server(sample_db, tmp_path_factory):
    with server_on_copy(sample_db, tmp_path_factory.mktemp("chinese")) as (url, db):
        yield url, db


@pytest.mark.browser
def test_no_latin_word_on_any_page(server):
    url, _ = server
    found: dict[str, set[str]] = {}
    with browser_page(1366, 768) as page:
        for name in PAGES:
            page.goto(f"{url}/{name}")
            wait_for_app(page)
            page.wait_for_function("() => window.__unionstatsZh === true", timeout=30_000)  # the observer is in
            page.wait_for_timeout(800)
            if page.locator(".js-plotly-plot").count():
                show_chart_toolbar(page)
            tables = page.locator("[data-testid='stDataFrame']:visible")
            if tables.count():  # so does the table toolbar
                tables.first.hover()
                page.wait_for_timeout(300)
            words = latin_words(page)
            if name == "":  # the district list, opened
                page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").click()
                page.wait_for_selector("[role='option']", timeout=10_000)
                words |= latin_words(page)
                page.keyboard.press("Escape")
            if words:
                found[name or "/"] = words
        page.goto(f"{url}/no-such-page")  # Streamlit's own "page not found" box
        page.wait_for_timeout(3000)
        words = latin_words(page)
        if words:
            found["no-such-page"] = words
    assert found == {}


@pytest.mark.browser
def test_chart_toolbar_is_chinese_and_short(server):
    url, _ = server
    with browser_page(1366, 768) as page:
        page.goto(f"{url}/coverage")
        wait_for_app(page)
        show_chart_toolbar(page)
        titles = page.locator(".js-plotly-plot").first.locator(".modebar-btn").evaluate_all(
            "els => els.map(e => e.getAttribute('data-title'))")
    assert titles == ["下载图片（PNG）", "恢复原始比例", "全屏"]  # the last is Streamlit's own


@pytest.mark.browser
def test_overview_has_its_own_address(server):
    url, _ = server
    with browser_page(1366, 768) as page:
        page.goto(f"{url}/overview?district=东湖区")
        wait_for_app(page)
        assert page.locator("h1", has_text="工会工作总览").count() == 1
        assert page.get_by_text("范围：东湖区").count() == 1
        assert page.get_by_text("Page not found").count() == 0 and page.get_by_text("找不到这个页面").count() == 0


@pytest.mark.browser
def test_every_link_carries_the_quarter_it_shows(server):
    url, _ = server
    with browser_page(1366, 768) as page:
        page.goto(url)
        wait_for_app(page)
        title = page.locator("h1").first.inner_text()
        shown = title.split("·")[-1].strip()
        assert Period.parse_code("2026-Q3").label == shown  # the sample's latest complete quarter
        page.wait_for_function("() => location.search.includes('period=')", timeout=10_000)
        assert f"period={shown}" in unquote(page.url)
        open_page(page, "建会入会", "/coverage")
        page.wait_for_function("() => location.pathname.endsWith('/coverage') && location.search.includes('period=')", timeout=30_000)
        assert f"period={shown}" in unquote(page.url)
