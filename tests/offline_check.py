"""Run inside a network namespace with only loopback (see test_offline.py): start the dashboard,
open every page in Chromium, and fail on any request that leaves 127.0.0.1 or fails."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import browser_page, streamlit_server, wait_for_app  # noqa: E402

PAGES = ["总览", "建会入会", "会员发展", "劳动竞赛", "帮扶慰问", "数据上报", "报送情况", "数据查询", "模板下载", "数据管理", "指标说明"]


def main(db: str) -> int:
    outside: list[str] = []
    failed: list[str] = []
    with streamlit_server(Path(db)) as url, browser_page(1366, 768) as page:
        page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", "localhost", None)
                and not r.url.startswith(("data:", "blob:")) else None)
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.goto(url)
        wait_for_app(page)
        for name in PAGES:
            page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=name).click()
            page.wait_for_timeout(300)
            wait_for_app(page)
            page.get_by_role("heading").first.wait_for()
            print(f"打开：{name}", flush=True)
    print(f"外部请求 {len(outside)} 个，失败请求 {len(failed)} 个")
    for u in outside + failed:
        print("  ", u)
    return 1 if outside or failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
