"""Start the dashboard: `python -m ui.serve [streamlit options]` (what `make run` does).

Streamlit still treats a `pages/` folder next to the entry script as legacy auto-discovered pages
until the first session has run st.navigation; on a fresh server a link straight to /coverage
would then bypass dashboard.py (no filters, no navigation). We route pages/ with st.navigation
only, so we say so before the server starts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

ENTRY = Path(__file__).resolve().parent.parent / "dashboard.py"


LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def requested_address(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg.startswith("--server.address="):
            return arg.split("=", 1)[1]
        if arg == "--server.address" and i + 1 < len(argv):
            return argv[i + 1]
    return "127.0.0.1"  # .streamlit/config.toml


def main(argv: list[str]) -> int:
    address = requested_address(argv)
    if address not in LOOPBACK:
        # Local mode has no sign-in: every feature, including writes, is open to whoever can connect.
        print(f"错误：本机模式只能在 127.0.0.1 上提供看板，不能监听 {address}。"
              "在内网提供服务需要用户文件和登录（尚未启用），见 README“部署”。", file=sys.stderr)
        return 2
    PagesManager.uses_pages_directory = False
    return cli.main(args=["run", str(ENTRY), *argv], prog_name="streamlit", standalone_mode=False) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
