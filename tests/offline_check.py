"""Run inside a network namespace with only loopback (see test_offline.py): start the dashboard,
open every page in Chromium, and fail on any request that leaves 127.0.0.1 or fails."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser import browser_page, open_page, streamlit_server, wait_for_app  # noqa: E402

PAGES = {"总览": "/", "建会入会": "/coverage", "会员发展": "/membership", "劳动竞赛": "/competitions", "帮扶慰问": "/aid",
         "数据上报": "/upload", "报送情况": "/status", "数据查询": "/data", "模板下载": "/templates", "数据管理": "/manage", "指标说明": "/glossary"}


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
            open_page(page, name, PAGES[name])
            page.get_by_role("heading").first.wait_for()
            print(f"打开：{name}", flush=True)
    print(f"外部请求 {len(outside)} 个，失败请求 {len(failed)} 个")
    for u in outside + failed:
        print("  ", u)
    return 1 if outside or failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
