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

from pipelines.users import Role, UsersError, UsersFile, users_path_from

ENTRY = Path(__file__).resolve().parent.parent / "dashboard.py"


LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def requested_address(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg.startswith("--server.address="):
            return arg.split("=", 1)[1]
        if arg == "--server.address" and i + 1 < len(argv):
            return argv[i + 1]
    return "127.0.0.1"  # .streamlit/config.toml


def refusal(address: str, users_path: Path) -> str | None:
    """Why the app may not listen on `address`, in Chinese; None when it may.

    Without a users file the app runs in local mode: no sign-in, every feature open to whoever can
    connect, so only this computer may connect. With one (holding an administrator), every session
    signs in and any address is allowed."""
    if address in LOOPBACK:
        return None
    try:
        accounts = UsersFile.load(users_path).accounts
    except UsersError as exc:
        return f"错误：{exc}"
    if not accounts:
        return (f"错误：本机模式只能在 127.0.0.1 上提供看板，不能监听 {address}。"
                f"在内网提供服务需要用户文件（{users_path}）：先运行 `python -m pipelines users add 用户名 --role admin` 添加管理员，见 README“部署”。")
    if not any(a.role is Role.admin for a in accounts.values()):
        return f"错误：用户文件 {users_path} 中没有管理员。请先添加一个管理员（--role admin）。"
    return None


def main(argv: list[str]) -> int:
    problem = refusal(requested_address(argv), users_path_from(None))
    if problem:
        print(problem, file=sys.stderr)
        return 2
    PagesManager.uses_pages_directory = False
    return cli.main(args=["run", str(ENTRY), *argv], prog_name="streamlit", standalone_mode=False) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
