"""Start the dashboard: `python -m ui.serve [streamlit options]` (what `make run` does).

Before the server starts, the launcher
- reads the address Streamlit will listen on the way Streamlit does (command line, STREAMLIT_*
  environment variables, config.toml files) and refuses anything but loopback without a users file
  holding an administrator;
- decides the mode once (ui.auth.decide): local only with no accounts and a loopback address;
- puts `Guard` in front of Streamlit's HTTP server (below), stops Streamlit's look-up of this
  computer's external IP address (the dashboard does not go on the internet), and makes every file it
  creates private to its owner (umask 077: the database, its write-ahead log, the archive, users file).

Streamlit still treats a `pages/` folder next to the entry script as legacy auto-discovered pages
until the first session has run st.navigation; on a fresh server a link straight to /coverage
would then bypass dashboard.py (no filters, no navigation). We route pages/ with st.navigation
only, so we say so before the server starts.
"""

from __future__ import annotations

import logging
import os
import secrets
import sys
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from pipelines.config import settings_for
from pipelines.users import Role, UsersError, UsersFile

ENTRY = Path(__file__).resolve().parent.parent / "dashboard.py"
_LOG = logging.getLogger("unionstats.serve")

LOOPBACK = {"127.0.0.1", "localhost", "::1"}

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def effective_address(argv: list[str]) -> str:
    """The address Streamlit will listen on for `streamlit run dashboard.py *argv`, found the way
    Streamlit finds it: --server.address, then STREAMLIT_SERVER_ADDRESS, then config.toml files.
    An empty string means none was set: Streamlit then listens on every interface."""
    from streamlit import config
    from streamlit.web import bootstrap

    ctx = cli.main_run.make_context("run", [str(ENTRY), *argv])
    config._main_script_path = str(ENTRY)
    bootstrap.load_config_options({k: v for k, v in ctx.params.items() if k not in ("target", "args")})
    return str(config.get_option("server.address") or "")


def refusal(address: str, users_path: Path) -> str | None:
    """Why the app may not start on `address`, in Chinese; None when it may.

    Without accounts the app runs in local mode: no sign-in, every feature open to whoever can
    connect, so only this computer may connect. With them (holding an administrator), every session
    signs in and any address is allowed. A users file that exists but cannot be read stops the start
    either way: the server would require sign-in and nobody could sign in."""
    try:
        accounts = UsersFile.load(users_path).accounts
    except UsersError as exc:
        return f"错误：{exc}"
    if address in LOOPBACK:
        return None
    shown = address or "所有网络地址（未设置 server.address）"
    if not accounts:
        return (f"错误：本机模式只能在 127.0.0.1 上提供看板，不能监听 {shown}。"
                f"在内网提供服务需要用户文件（{users_path}）：先运行 `python -m pipelines users add 用户名 --role admin` 添加管理员，见 README“部署与用户”。")
    if not any(a.role is Role.admin for a in accounts.values()):
        return f"错误：用户文件 {users_path} 中没有管理员。请先添加一个管理员（--role admin）。"
    return None


# --- in front of Streamlit's HTTP server -------------------------------------------------------------------


# Paths that never get the client cookie: everything but the page itself.
_ASSET_PREFIXES = ("/static/", "/_stcore/", "/media/", "/component/", "/app/static/")


class Guard:
    """ASGI middleware around Streamlit's app.

    - Every page load without the browser's client cookie gets one (random, HttpOnly, SameSite=Strict):
      ui.auth binds a sign-in to it.
    - `PUT`/`DELETE /_stcore/upload_file/<session>/…` only for a session signed in as someone allowed
      to upload, from the browser that signed in (local mode: from this computer, the session's own
      browser); and at most `upload_cap` bytes held per session.
    - `/media/<id>` (downloads, images) only for the browser of a session that the file was made for.
    - `/_stcore/metrics` and the agent API answer 404.
    - When a session's socket closes, its sign-in ends (ui.auth.forget_session).
    """

    def __init__(self, app: Any, runtime: Any, base_url: str = "", upload_cap: int = 200 * 1024 * 1024):
        from ui import auth

        self.app = app
        # Total bytes of uploaded files one session may hold at once (Streamlit keeps them in memory until the
        # upload widget lets go of them): Settings.upload_session_mb, 200 MB unless $UNIONSTATS_UPLOAD_SESSION_MB says otherwise.
        self.upload_cap = upload_cap
        self.runtime = runtime
        self.auth = auth
        self.base = "/" + base_url.strip("/") if base_url.strip("/") else ""
        self._lock = threading.Lock()
        self._reserved: dict[str, int] = {}  # upload bytes on their way in, per session
        self._media: dict[str, set[str]] = {}  # media file id → sessions it was made for
        self._hook_runtime()

    # --- runtime hooks ---

    def _hook_runtime(self) -> None:
        runtime = self.runtime
        disconnect, close = runtime.disconnect_session, runtime.close_session

        def disconnect_session(session_id: str, *, client: Any = None) -> None:
            disconnect(session_id, client=client)
            if not runtime.is_active_session(session_id):
                self._session_ended(session_id)

        def close_session(session_id: str) -> None:
            close(session_id)
            self._session_ended(session_id)

        runtime.disconnect_session = disconnect_session
        runtime.close_session = close_session

        media = runtime.media_file_mgr
        add = media.add

        def media_add(*args: Any, **kwargs: Any) -> str:
            from streamlit.runtime.media_file_manager import _get_session_id

            url = add(*args, **kwargs)
            with self._lock:
                self._media.setdefault(_file_id(url), set()).add(_get_session_id())
            return str(url)

        media.add = media_add

    def _session_ended(self, session_id: str) -> None:
        self.auth.forget_session(session_id)
        with self._lock:
            for fid in [f for f, owners in self._media.items() if session_id in owners]:
                self._media[fid].discard(session_id)
                if not self._media[fid]:
                    del self._media[fid]

    # --- requests ---

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        rel = path[len(self.base):] if self.base and path.startswith(self.base) else path
        if rel.rstrip("/").endswith("/_stcore/metrics") or "/_stcore/agent" in rel:
            await _respond(scope, send, 404, "Not Found")
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        method = scope.get("method", "GET")
        from starlette.requests import HTTPConnection

        conn = HTTPConnection(scope)
        cookie = conn.cookies.get(self.auth.COOKIE)
        if rel.startswith("/_stcore/upload_file/") and method in ("PUT", "DELETE"):
            await self._upload(scope, receive, send, rel, method, cookie)
            return
        if rel.startswith("/media/") and method in ("GET", "HEAD") and not self._media_allowed(_file_id(rel), cookie):
            await _respond(scope, send, 404, "Not Found")
            return
        if method in ("GET", "HEAD") and not rel.startswith(_ASSET_PREFIXES) and not self.auth.valid_cookie(cookie):
            send = self._with_client_cookie(send)
        await self.app(scope, receive, send)

    def _with_client_cookie(self, send: Send) -> Send:
        from streamlit import config

        value = secrets.token_urlsafe(32)
        attrs = f"{self.auth.COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict"
        if config.get_option("server.sslCertFile"):
            attrs += "; Secure"

        async def sending(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = [*message.get("headers", []), (b"set-cookie", attrs.encode("latin-1"))]
            await send(message)

        return sending

    def _from_this_computer(self, scope: Scope) -> bool:
        from starlette.datastructures import Headers

        headers = Headers(scope=scope)
        peer = (scope.get("client") or ("",))[0]
        if peer not in LOOPBACK or any(headers.get(h) for h in self.auth.PROXY_HEADERS):
            return False
        return self.auth._hostname(headers.get("host", "")) in self.auth.LOOPBACK

    def _client_cookie_of(self, session_id: str) -> str | None:
        client = self.runtime.get_client(session_id)
        context = getattr(client, "client_context", None)
        return context.cookies.get(self.auth.COOKIE) if context is not None else None

    def _upload_allowed(self, scope: Scope, session_id: str, cookie: str | None) -> bool:
        from pipelines import access

        if not self.auth.valid_cookie(cookie):
            return False
        if self.auth.mode().local:
            own = self._client_cookie_of(session_id)
            return self._from_this_computer(scope) and own is not None and secrets.compare_digest(own, cookie or "")
        return access.can(self.auth.signed_in(session_id, cookie), "upload")

    async def _upload(self, scope: Scope, receive: Receive, send: Send, rel: str, method: str, cookie: str | None) -> None:
        parts = rel.split("/")  # "", "_stcore", "upload_file", session, file
        session_id = parts[3] if len(parts) == 5 else ""
        if not self._upload_allowed(scope, session_id, cookie):
            _LOG.warning("拒绝上传：会话 %s 未登录、无上传权限或不是登录时的浏览器（来自 %s）", session_id[:8], (scope.get("client") or ("?",))[0])
            await _respond(scope, send, 403, "未登录或没有上传权限：不接收文件。")
            return
        if method == "DELETE":
            await self.app(scope, receive, send)
            return
        from starlette.datastructures import Headers

        try:
            length = int(Headers(scope=scope).get("content-length", ""))
        except ValueError:
            await _respond(scope, send, 411, "上传须注明长度（Content-Length）。")
            return
        cap = self.upload_cap
        with self._lock:
            held = self._held(session_id) + self._reserved.get(session_id, 0)
            if held + length > cap:
                refused = True
            else:
                refused = False
                self._reserved[session_id] = self._reserved.get(session_id, 0) + length
        if refused:
            await _respond(scope, send, 413, f"这个会话暂存的上传文件已接近上限（{cap // 1024 // 1024} MB）。请先导入或移除已选的文件。")
            return
        try:
            await self.app(scope, receive, send)
        finally:
            with self._lock:
                left = self._reserved.get(session_id, 0) - length
                if left > 0:
                    self._reserved[session_id] = left
                else:
                    self._reserved.pop(session_id, None)

    def _held(self, session_id: str) -> int:
        mgr = self.runtime.uploaded_file_mgr
        lock = getattr(mgr, "_lock", None)
        storage = getattr(mgr, "file_storage", {})
        if lock is None:
            return sum(len(f.data) for f in list(storage.get(session_id, {}).values()))
        with lock:
            return sum(len(f.data) for f in storage.get(session_id, {}).values())

    def _media_allowed(self, file_id: str, cookie: str | None) -> bool:
        if not self.auth.valid_cookie(cookie):
            return False
        with self._lock:
            owners = list(self._media.get(file_id, ()))
        for session_id in owners:
            own = self._client_cookie_of(session_id)
            if own is not None and secrets.compare_digest(own, cookie or ""):
                return True
        return False


def _file_id(url_or_path: str) -> str:
    return url_or_path.rsplit("/", 1)[-1].split(".", 1)[0]


async def _respond(scope: Scope, send: Send, status: int, text: str) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def install_guard(decided_address: str, upload_session_mb: float = 200.0) -> None:
    """Wrap the app Streamlit's server builds with `Guard`; check the address it was built for."""
    from streamlit import config, net_util
    from streamlit.web.server.starlette import starlette_server

    net_util.get_external_ip = lambda: None  # no request to checkip.amazonaws.com on 0.0.0.0 (README: 不联网)
    build = starlette_server.create_starlette_app
    if getattr(build, "_unionstats_guard", False):
        return

    def create_starlette_app(runtime: Any) -> Any:
        address = str(config.get_option("server.address") or "")
        if address != decided_address:  # cannot happen: the launcher read the same configuration
            raise RuntimeError(f"看板的监听地址（{address}）与启动时检查的（{decided_address}）不同，拒绝启动。")
        return Guard(build(runtime), runtime, str(config.get_option("server.baseUrlPath") or ""), int(upload_session_mb * 1024 * 1024))

    create_starlette_app._unionstats_guard = True  # type: ignore[attr-defined]
    starlette_server.create_starlette_app = create_starlette_app


def main(argv: list[str]) -> int:
    from ui import auth

    settings = settings_for(None)
    users_path = settings.users_path
    address = effective_address(argv)
    problem = refusal(address, users_path)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    os.umask(0o077)
    mode = auth.decide(users_path, address, served=True)
    print(("本机模式：没有用户，不需要登录，只在本机提供看板。" if mode.local else
           f"内网模式：每个会话都须登录（用户文件 {users_path}）。"), file=sys.stderr)
    install_guard(address, settings.upload_session_mb)
    PagesManager.uses_pages_directory = False
    return cli.main(args=["run", str(ENTRY), *argv], prog_name="streamlit", standalone_mode=False) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
