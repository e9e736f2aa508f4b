"""Leader pages in Chromium against the framework's floor: is moving between pages, and opening the
app, about as quick as a bare Streamlit app drawing the same plotly figures?

    .venv/bin/python bench/browser.py [--rounds 7] [--loads 5] [--cold-loads 3]

Builds the sample city into a temporary database, runs every leader page once in AppTest to take
the plotly figures it draws (spec and config, exactly as sent to the browser), and writes a bare
multipage Streamlit app that draws only those figures (same pages, same sidebar navigation, same
theme). Both are served side by side and driven in one Chromium at 1366×768:

- page change: the time from clicking a page's link in the sidebar to its last chart drawn (the
  page's number of `.js-plotly-plot` elements present, each with its `.main-svg`, with that page's
  chart titles, and Streamlit's status widget gone or fading out), caches warm, a page reached
  from the page before it in the menu; median of --rounds, app and bare interleaved;
- first load (new session): a new browser context opening `/` until the overview's last chart is
  drawn, the server already running; median of --loads;
- first load (server just started): the same on a freshly started server (imports, the database
  opened, caches cold); median of --cold-loads, a server started for each.

Targets: app ÷ bare ≤ 1.3 for every page change, ≤ 2 for a first load. Ratios are printed last;
the exit code is 1 when a target is missed. The first visit of each page (caches cold, one sample)
is printed for information.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM_ARGS, chromium_path, free_port, streamlit_server  # noqa: E402

# (menu label, url path, page file)
PAGES = [
    ("总览", "/", "pages/overview.py"),
    ("建会入会", "/coverage", "pages/coverage.py"),
    ("会员发展", "/membership", "pages/membership.py"),
    ("劳动竞赛", "/competitions", "pages/competitions.py"),
    ("帮扶慰问", "/aid", "pages/aid.py"),
]
NAV_TARGET = 1.3
LOAD_TARGET = 2.0
# Two pages driven side by side: neither may be throttled as a background window.
BENCH_ARGS = [*CHROMIUM_ARGS, "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
              "--disable-backgrounding-occluded-windows"]
SETTLE_S = 0.5  # after a page is drawn, before the next click (a click during Streamlit's settling can be dropped)

# True when the page shows `n` drawn plotly charts whose titles are `sig` (null: any), and the
# script has finished: the status widget is gone or in its 200 ms fade-out (not the page's time).
DRAWN = """([n, sig]) => {
  const w = document.querySelector('[data-testid="stStatusWidget"]');
  if (w && !String(w.className).includes('StatusWidget-exit')) return false;
  const plots = document.querySelectorAll('.js-plotly-plot');
  if (plots.length !== n) return false;
  for (const p of plots) if (!p.querySelector('.main-svg')) return false;
  if (sig === null) return true;
  return Array.from(document.querySelectorAll('.js-plotly-plot .gtitle'), e => e.textContent).sort().join('\\n') === sig;
}"""
SIGNATURE = "() => Array.from(document.querySelectorAll('.js-plotly-plot .gtitle'), e => e.textContent).sort().join('\\n')"

BARE_APP = '''"""A bare Streamlit app drawing the leader pages' plotly figures and nothing else (bench/browser.py)."""
import json
from pathlib import Path

import streamlit as st

st.set_page_config(page_title="bare", layout="wide", initial_sidebar_state="expanded")
FIGURES = json.loads((Path(__file__).parent / "figures.json").read_text(encoding="utf-8"))


def drawer(url: str):
    def draw() -> None:
        for i, fig in enumerate(FIGURES[url]):
            st.plotly_chart(json.loads(fig["spec"]), width="stretch", key=f"{url}-{i}", config=json.loads(fig["config"]),
                            theme=fig["theme"] or None, on_select="rerun" if fig["select"] else "ignore",
                            selection_mode="points" if fig["select"] else ("points",))
    return draw


PAGES = json.loads((Path(__file__).parent / "pages.json").read_text(encoding="utf-8"))
pages = [st.Page(drawer(url), title=title, url_path=url, default=url == "overview") for title, url in PAGES]
st.navigation({"领导看板": pages}, position="sidebar", expanded=True).run()
'''


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def sample_database(work: Path) -> Path:
    """The sample city, ingested through the CLI's code (as tests/conftest.py builds it)."""
    from pipelines.config import Settings
    from pipelines.ledger import Ledger
    from pipelines.registry import load_registry
    from pipelines.sample import write_sample
    from pipelines.store import Store

    manifest = write_sample(work / "sample")
    db = work / "sample.duckdb"
    store = Store.open(db)
    ledger = Ledger(store, load_registry(), Settings(db_path=db, archive_dir=work / "sample_archive"))
    plans = ledger.ingest(getattr(ledger, "planner", ledger).read(manifest.files), actor="bench", is_sample=True)
    store.close()
    rejected = [i.render() for p in plans if not p.accepted for i in p.errors]
    if rejected:
        raise SystemExit("示例数据导入失败：\n" + "\n".join(rejected[:10]))
    return db


def capture_figures(db: Path) -> dict[str, list[dict[str, Any]]]:
    """Every plotly chart each leader page sends to the browser (default filters), from one AppTest run."""
    from streamlit.testing.v1 import AppTest

    from tests.apptest_routing import route_through_dashboard

    route_through_dashboard()
    os.environ["UNIONSTATS_DB"] = str(db)
    os.environ["UNIONSTATS_USERS"] = str(db.parent / "no-users.json")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    at.run()
    figures = {}
    for _, path, page in PAGES:
        at.switch_page(page).run()
        if at.exception:
            raise SystemExit(f"{page} failed: {at.exception[0].value}")
        figures[url_name(path)] = [
            {"spec": e.proto.spec, "config": e.proto.config, "theme": e.proto.theme, "select": bool(e.proto.selection_mode)}
            for e in at.get("plotly_chart")
        ]
    return figures


def url_name(path: str) -> str:
    return path.strip("/") or "overview"


def write_bare_app(target: Path, figures: dict[str, list[dict[str, Any]]]) -> Path:
    (target / ".streamlit").mkdir(parents=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", target / ".streamlit" / "config.toml")  # same theme and server settings
    (target / "figures.json").write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")
    (target / "pages.json").write_text(json.dumps([(label, url_name(path)) for label, path, _ in PAGES], ensure_ascii=False), encoding="utf-8")
    script = target / "bare.py"
    script.write_text(BARE_APP, encoding="utf-8")
    return script


@contextmanager
def bare_server(script: Path) -> Iterator[str]:
    port = free_port()
    log = open(script.parent / f"bare-{port}.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true"],
        cwd=script.parent, stdout=log, stderr=subprocess.STDOUT,
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
                raise SystemExit("bare Streamlit app did not start:\n" + (script.parent / f"bare-{port}.log").read_text(errors="replace"))
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def app_server(db_source: Path, work: Path, name: str) -> Iterator[str]:
    """The dashboard as `make run` serves it (ui.serve), over a private copy of the sample database."""
    folder = work / name
    folder.mkdir()
    db = folder / "app.duckdb"
    shutil.copy(db_source, db)
    with streamlit_server(db, {"UNIONSTATS_USERS": str(folder / "no-users.json")}) as url:
        yield url


class Driver:
    """One browser tab on one server."""

    def __init__(self, browser: Any, url: str, counts: dict[str, int]):
        self.browser, self.url, self.counts = browser, url, counts
        self.signatures: dict[str, str] = {}
        self.context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", device_scale_factor=1)
        self.page = self.context.new_page()
        self.here = "/"

    def wait_drawn(self, path: str, timeout_ms: int = 120_000) -> None:
        name = url_name(path)
        self.page.wait_for_function(DRAWN, arg=[self.counts[name], self.signatures.get(name)], polling="raf", timeout=timeout_ms)

    def load(self) -> float:
        """Open / in this (new) tab; seconds until the overview's last chart is drawn."""
        start = time.perf_counter()
        self.page.goto(self.url)
        self.wait_drawn("/")
        elapsed = time.perf_counter() - start
        self.here = "/"
        return elapsed

    def go(self, label: str, path: str) -> tuple[float, int]:
        """Click a page's link; seconds until its last chart is drawn, and how many clicks were dropped."""
        time.sleep(SETTLE_S)
        self.wait_drawn(self.here)  # still settled
        link = self.page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=label)
        check = "(p) => p === '/' ? location.pathname === '/' : location.pathname.endsWith(p)"
        dropped = 0
        while True:
            start = time.perf_counter()
            link.click()
            try:
                self.page.wait_for_function(check, arg=path, polling="raf", timeout=5_000)
                break
            except Exception:
                dropped += 1
                if dropped == 3:
                    raise
        self.wait_drawn(path)
        elapsed = time.perf_counter() - start
        self.here = path
        return elapsed, dropped

    def calibrate(self, path: str) -> None:
        """The page's chart titles, once it has settled: the mark that the page drawn is this page."""
        time.sleep(1.0)
        self.wait_drawn(path)
        self.signatures[url_name(path)] = self.page.evaluate(SIGNATURE)

    def close(self) -> None:
        self.context.close()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7, help="page changes timed per page (medians)")
    ap.add_argument("--loads", type=int, default=5, help="first loads of a running server (new browser session)")
    ap.add_argument("--cold-loads", type=int, default=3, help="first loads of a just-started server")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="unionstats-browser-"))
    try:
        say("building the sample city …")
        db = sample_database(work)
        capture = work / "capture.duckdb"
        shutil.copy(db, capture)
        say("taking each page's figures through AppTest …")
        figures = capture_figures(capture)
        counts = {name: len(figs) for name, figs in figures.items()}
        say("charts per page: " + ", ".join(f"{label} {counts[url_name(path)]}" for label, path, _ in PAGES))
        script = write_bare_app(work / "bare", figures)
        n_app = 0

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), args=BENCH_ARGS)

            # First load of a just-started server: a server per sample, app and bare alternating first.
            cold: dict[str, list[float]] = {"app": [], "bare": []}
            for r in range(args.cold_loads):
                for who in (("app", "bare") if r % 2 == 0 else ("bare", "app")):
                    if who == "app":
                        n_app += 1
                        server = app_server(db, work, f"app{n_app}")
                    else:
                        server = bare_server(script)
                    with server as url:
                        d = Driver(browser, url, counts)
                        cold[who].append(d.load())
                        d.close()
                say(f"cold first load {r + 1}/{args.cold_loads}: app {ms(cold['app'][-1])} ms, bare {ms(cold['bare'][-1])} ms")

            n_app += 1
            with app_server(db, work, f"app{n_app}") as app_url, bare_server(script) as bare_url:
                drivers = {"app": Driver(browser, app_url, counts), "bare": Driver(browser, bare_url, counts)}
                # Warm-up: the first visit of every page (caches cold), then each page's chart titles.
                first_visit: dict[str, dict[str, float]] = {"app": {}, "bare": {}}
                for who, d in drivers.items():
                    first_visit[who]["/"] = d.load()
                    d.calibrate("/")
                    for label, path, _ in PAGES[1:]:
                        first_visit[who][path] = d.go(label, path)[0]
                        d.calibrate(path)
                    d.go(PAGES[0][0], PAGES[0][1])
                for name in counts:
                    if drivers["app"].signatures[name] != drivers["bare"].signatures[name]:
                        raise SystemExit(f"the bare app does not draw the same charts as the app on {name}")
                if len(set(drivers["app"].signatures.values())) != len(PAGES):
                    raise SystemExit("two pages draw charts with the same titles: a page change could not be told apart")

                loads: dict[str, list[float]] = {"app": [], "bare": []}
                for r in range(args.loads):
                    for who in (("app", "bare") if r % 2 == 0 else ("bare", "app")):
                        d = Driver(browser, drivers[who].url, counts)
                        d.signatures = drivers[who].signatures
                        loads[who].append(d.load())
                        d.close()
                say(f"first loads (new session): app {', '.join(ms(t) for t in loads['app'])}; bare {', '.join(ms(t) for t in loads['bare'])}")

                nav: dict[str, dict[str, list[float]]] = {"app": {p: [] for _, p, _ in PAGES}, "bare": {p: [] for _, p, _ in PAGES}}
                dropped = 0
                order = PAGES[1:] + PAGES[:1]  # from the overview round the menu and back
                for r in range(args.rounds):
                    for label, path, _ in order:
                        for who in (("app", "bare") if r % 2 == 0 else ("bare", "app")):
                            elapsed, lost = drivers[who].go(label, path)
                            nav[who][path].append(elapsed)
                            dropped += lost
                    say(f"round {r + 1}/{args.rounds}: " + ", ".join(
                        f"{label} {ms(nav['app'][path][-1])}/{ms(nav['bare'][path][-1])}" for label, path, _ in PAGES) + " ms (app/bare)")
                for d in drivers.values():
                    d.close()
            browser.close()

        print(f"\n{'page change (caches warm)':<28}{'app ms':>10}{'bare ms':>10}{'ratio':>8}{'first visit app/bare ms':>26}")
        ratios = {}
        for label, path, _ in PAGES:
            a, b = statistics.median(nav["app"][path]), statistics.median(nav["bare"][path])
            ratios[label] = a / b
            print(f"{label + ' ' + path:<28}{ms(a):>10}{ms(b):>10}{a / b:>8.2f}{ms(first_visit['app'][path]) + ' / ' + ms(first_visit['bare'][path]):>26}")
        load_app, load_bare = statistics.median(loads["app"]), statistics.median(loads["bare"])
        cold_app, cold_bare = statistics.median(cold["app"]), statistics.median(cold["bare"])
        print(f"{'first load, new session':<28}{ms(load_app):>10}{ms(load_bare):>10}{load_app / load_bare:>8.2f}")
        print(f"{'first load, server started':<28}{ms(cold_app):>10}{ms(cold_bare):>10}{cold_app / cold_bare:>8.2f}")
        if dropped:
            print(f"({dropped} clicks dropped by Streamlit's frontend were clicked again; each timed from its last click)")

        worst = max(ratios, key=lambda k: ratios[k])
        load_ratio, cold_ratio = load_app / load_bare, cold_app / cold_bare
        print("\npage change app ÷ bare: " + ", ".join(f"{k} {v:.2f}" for k, v in ratios.items())
              + f"; worst {ratios[worst]:.2f} ({worst}) (target ≤ {NAV_TARGET})")
        print(f"first load app ÷ bare: new session {load_ratio:.2f}, server just started {cold_ratio:.2f} (target ≤ {LOAD_TARGET})")
        met = ratios[worst] <= NAV_TARGET and load_ratio <= LOAD_TARGET and cold_ratio <= LOAD_TARGET
        return 0 if met else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
