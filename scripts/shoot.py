"""Developer tool: screenshots of pages in Debian's Chromium, to look at what leaders will see.

    .venv/bin/python scripts/shoot.py DB.duckdb overview coverage --width 1366 --height 768 --query "district=donghu"
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import SCREENSHOTS, browser_page, streamlit_server, wait_for_app  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("pages", nargs="+")
    ap.add_argument("--width", type=int, default=1366)
    ap.add_argument("--height", type=int, default=768)
    ap.add_argument("--query", default="")
    ap.add_argument("--full", action="store_true", help="grow the window to the page height")
    args = ap.parse_args()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with streamlit_server(Path(args.db)) as url, browser_page(args.width, args.height) as page:
        for name in args.pages:
            path = "" if name == "overview" else name  # the default page lives at /
            page.goto(f"{url}/{path}{'?' + args.query if args.query else ''}")
            wait_for_app(page)
            page.wait_for_timeout(1500)
            if args.full:
                h = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
                page.set_viewport_size({"width": args.width, "height": max(args.height, int(h) + 40)})
                page.wait_for_timeout(800)
            out = SCREENSHOTS / f"dev-{name}-{args.width}.png"
            page.screenshot(path=str(out))
            print(out)


if __name__ == "__main__":
    main()
