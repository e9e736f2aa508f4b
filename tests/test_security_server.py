"""Issue 12 against a real server (ui.serve, as `make run` starts it): what a second client on the
network can and cannot do. The attacker is a plain Python client speaking Streamlit's WebSocket
protocol and HTTP; the people are Debian's Chromium driven by Playwright."""

from __future__ import annotations

import shutil
import stat
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from pipelines.config import settings_for
from pipelines.users import Role, UsersFile
from tests.browser import CHROMIUM_ARGS, chromium_path, streamlit_server_logged, wait_for_app

PASSWORDS = {"admin1": "Admin-pass-0001", "leader1": "Leader-pass-0003", "analyst1": "Analyst-pass-0002"}
ADMIN_PAGE = "用户与审计"
LOGIN_PROMPT = "请使用管理员分配的账号登录"
UNAVAILABLE = "用户文件缺失或无法读取，暂时谁都不能登录"


def write_users(path: Path) -> Path:
    uf = UsersFile(path)
    uf.add("admin1", Role.admin, PASSWORDS["admin1"])
    uf.add("leader1", Role.viewer, PASSWORDS["leader1"])
    uf.add("analyst1", Role.analyst, PASSWORDS["analyst1"])
    uf.save()
    return path


@contextmanager
def server(db: Path, users: Path, address: str = "127.0.0.1", env: dict[str, str] | None = None) -> Iterator[tuple[str, Path]]:
    """`python -m ui.serve` with this users file on `address`; yields its URL and its log."""
    with streamlit_server_logged(db, {"UNIONSTATS_USERS": str(users), **(env or {})}, address) as found:
        yield found


@pytest.fixture
def db(sample_db, tmp_path) -> Path:
    path = tmp_path / "server.duckdb"
    shutil.copyfile(sample_db, path)
    return path


# --- a client that speaks Streamlit's protocol without a browser -----------------------------------------


class Client:
    """What an attacker's script does: load the page (getting cookies), open a session, run the app."""

    def __init__(self, url: str, cookies: bool = True):
        self.url = url
        self.http = requests.Session()
        if cookies:
            self.http.get(url + "/", timeout=10)
            self.http.get(url + "/_stcore/health", timeout=10)  # Streamlit's XSRF cookie

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)

    def run(self, session_id: str | None = None, page: str = "", seconds: float = 20) -> tuple[str, str]:
        """Connect (presenting `session_id` as Streamlit's frontend does when it reconnects), ask for one
        run of `page`, and return (the session id the server gave, all text the server sent)."""
        with self.session(session_id, page, seconds) as found:
            return found

    @contextmanager
    def session(self, session_id: str | None = None, page: str = "", seconds: float = 20) -> Iterator[tuple[str, str]]:
        """As `run`, with the socket kept open inside the block (as a browser keeps it while uploading)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        from websockets.sync.client import connect

        ws_url = self.url.replace("http://", "ws://") + "/_stcore/stream"
        xsrf = self.http.cookies.get("_streamlit_xsrf") or "none"
        headers = {"Cookie": self.cookie_header()} if self.http.cookies else {}
        frames: list[bytes] = []
        sid = ""
        with connect(ws_url, subprotocols=["streamlit", xsrf, session_id or "none"],  # type: ignore[list-item]
                     additional_headers=headers, open_timeout=15, max_size=None) as ws:
            msg = BackMsg()
            msg.rerun_script.query_string = ""
            msg.rerun_script.page_name = page
            ws.send(msg.SerializeToString())
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                try:
                    data = ws.recv(timeout=max(0.1, deadline - time.monotonic()))
                except TimeoutError:
                    break
                if isinstance(data, str):
                    continue
                frames.append(data)
                fwd = ForwardMsg()
                fwd.ParseFromString(data)
                kind = fwd.WhichOneof("type")
                if kind == "new_session" and fwd.new_session.initialize.session_id:
                    sid = fwd.new_session.initialize.session_id
                if kind == "script_finished":
                    # a run may rerun itself (st.rerun): give it a moment, then stop listening
                    deadline = min(deadline, time.monotonic() + 2)
            yield sid, b"\n".join(frames).decode("utf-8", "ignore")

    def put_file(self, session_id: str, data: bytes, name: str = "东湖区2026Q3.xlsx") -> int:
        xsrf = self.http.cookies.get("_streamlit_xsrf") or ""
        r = self.http.put(f"{self.url}/_stcore/upload_file/{session_id}/{uuid.uuid4()}",
                          files={"file": (name, data, "application/octet-stream")}, headers={"X-Xsrftoken": xsrf}, timeout=60)
        return r.status_code


# --- the people, in Chromium ---------------------------------------------------------------------------


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_and_sign_in(browser: object, url: str, name: str) -> tuple[object, object, list[str]]:
    """A new browser window that signs in as `name`; returns (context, page, the session ids it was given)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    context = browser.new_context(locale="zh-CN")  # type: ignore[attr-defined]
    page = context.new_page()
    sessions: list[str] = []

    def frame(payload: object) -> None:
        if isinstance(payload, bytes):
            msg = ForwardMsg()
            try:
                msg.ParseFromString(payload)
            except Exception:
                return
            if msg.WhichOneof("type") == "new_session" and msg.new_session.initialize.session_id:
                sessions.append(msg.new_session.initialize.session_id)

    page.on("websocket", lambda ws: ws.on("framereceived", frame))
    page.goto(url)
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(PASSWORDS[name])
    page.get_by_role("button", name="登录").click()
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stMetricValue']", timeout=60_000)
    return context, page, sessions


def nav_text(page: object) -> str:
    return page.locator("[data-testid='stSidebarNav']").inner_text() if page.locator("[data-testid='stSidebarNav']").count() else ""  # type: ignore[attr-defined]


# --- 1. the users file removed while the server runs ----------------------------------------------------


@pytest.mark.browser
def test_removing_the_users_file_while_the_server_runs_lets_nobody_in(db, tmp_path):
    users = write_users(tmp_path / "users.json")
    with server(db, users, address="0.0.0.0") as (url, log), chromium() as browser:
        _, viewer, _ = open_and_sign_in(browser, url, "leader1")
        assert ADMIN_PAGE not in nav_text(viewer)
        users.rename(tmp_path / "moved-away.json")

        # the signed-in viewer's next click finds nobody may be signed in: no data, no admin pages
        viewer.locator("[data-testid='stSidebarNav']").get_by_role("link", name="建会入会").click()  # type: ignore[attr-defined]
        viewer.wait_for_function("(t) => document.body.innerText.includes(t)", arg=UNAVAILABLE, timeout=60_000)  # type: ignore[attr-defined]
        assert viewer.locator("[data-testid='stMetric']").count() == 0 and ADMIN_PAGE not in nav_text(viewer)  # type: ignore[attr-defined]

        # a new session, from this very computer (Host: 127.0.0.1), asking for the admin page
        _, seen = Client(url).run(page="admin")
        assert UNAVAILABLE in seen and ADMIN_PAGE not in seen and "示例市工会工作总览" not in seen
        fresh, _ = browser.new_context(locale="zh-CN"), None  # type: ignore[attr-defined]
        page = fresh.new_page()
        page.goto(url)
        page.wait_for_function("(t) => document.body.innerText.includes(t)", arg=UNAVAILABLE, timeout=60_000)
        assert page.get_by_label("用户名").count() == 0  # no form to try

        # a corrupt file: the same one sentence, no traceback and no server path; the detail is in the log
        users.write_text('{"version": 1, "users": [{"name": ', encoding="utf-8")
        _, seen = Client(url).run()
        assert UNAVAILABLE in seen and "Traceback" not in seen and str(tmp_path) not in seen and "Error" not in seen
        time.sleep(0.5)
        assert f"用户文件 {users} 无法读取" in log.read_text(encoding="utf-8", errors="replace")

        # the file back: people sign in again
        write_users(users)
        _, again, _ = open_and_sign_in(browser, url, "admin1")
        assert ADMIN_PAGE in nav_text(again)
    # on 0.0.0.0 Streamlit did not try to find this computer's external address on the internet
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "External URL" not in text and "external IP" not in text


# --- 2. a session id is not a bearer token -------------------------------------------------------------


@pytest.mark.browser
def test_a_second_client_presenting_the_admins_session_id_gets_a_fresh_session(db, tmp_path, registry):
    from tests.builders import consistent_values, write_return

    users = write_users(tmp_path / "users.json")
    with server(db, users) as (url, _), chromium() as browser:
        context, admin, sessions = open_and_sign_in(browser, url, "admin1")
        assert ADMIN_PAGE in nav_text(admin) and sessions
        admins_session = sessions[-1]

        thief = Client(url)  # on the same network: has the id (from an upload URL in a proxy log), not the cookie
        got_id, seen = thief.run(admins_session, page="admin")
        assert got_id != admins_session and ADMIN_PAGE not in seen and LOGIN_PROMPT in seen
        assert thief.put_file(admins_session, b"PK\x03\x04" + b"0" * 1000) == 403  # nor upload into it

        # the admin is still signed in and can upload through the page (the guard lets the right browser through)
        admin.locator("[data-testid='stSidebarNav']").get_by_role("link", name=ADMIN_PAGE).click()
        admin.wait_for_function("() => document.body.innerText.includes('审计日志')", timeout=60_000)
        admin.locator("[data-testid='stSidebarNav']").get_by_role("link", name="数据上报").click()
        admin.wait_for_selector("[data-testid='stFileUploader']", timeout=60_000)
        f = write_return(tmp_path / "东湖区2026Q3.xlsx", registry, "donghu", "2026-Q3", "coverage", consistent_values(registry, "coverage", 3))
        admin.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(f))
        admin.wait_for_function("() => document.body.innerText.includes('东湖区2026Q3.xlsx')", timeout=60_000)
        admin.wait_for_selector("[data-testid='stMetricValue']", timeout=60_000)

        # after the admin closed the browser, the id is worth nothing either
        context.close()
        time.sleep(1)
        got_id, seen = Client(url).run(admins_session, page="admin")
        assert got_id != admins_session and ADMIN_PAGE not in seen and LOGIN_PROMPT in seen


# --- 5. uploads only for sessions signed in as someone who may upload; a cap per session ---------------


def test_an_upload_put_without_sign_in_is_refused(db, tmp_path):
    users = write_users(tmp_path / "users.json")
    with server(db, users) as (url, _):
        visitor = Client(url)
        with visitor.session() as (session, seen):  # the socket open, as long as the visitor likes
            assert session and LOGIN_PROMPT in seen
            assert visitor.put_file(session, b"PK\x03\x04" + b"0" * 50_000) == 403
        assert stat.S_IMODE(db.stat().st_mode) == 0o600  # the server's database: its owner only
        assert stat.S_IMODE(settings_for(db).archive_dir.stat().st_mode) == 0o700
        assert requests.get(f"{url}/_stcore/metrics", timeout=10).status_code == 404  # Streamlit's metrics are off
        assert requests.get(f"{url}/_stcore/agent/openapi.json", timeout=10).status_code == 404


def test_local_mode_caps_what_one_session_holds_and_refuses_other_sessions_uploads(db, tmp_path):
    with server(db, tmp_path / "no-users.json", env={"UNIONSTATS_UPLOAD_SESSION_MB": "1"}) as (url, _):
        me = Client(url)
        with me.session() as (session, _):
            assert me.put_file(session, b"0" * 600_000) == 204
            assert me.put_file(session, b"0" * 600_000) == 413  # 1.2 MB would be held: over this server's cap
            other = Client(url)  # another program on this computer, with its own cookie, aiming at my session
            assert other.put_file(session, b"0" * 1000) == 403
            assert Client(url, cookies=False).put_file(session, b"0" * 1000) == 403


# --- /media links: only for the browser the file was made for ------------------------------------------


@pytest.mark.browser
def test_media_links_work_only_in_the_browser_they_were_made_for(db, tmp_path):
    with server(db, tmp_path / "no-users.json") as (url, _), chromium() as browser:
        page = browser.new_context(locale="zh-CN").new_page()  # type: ignore[attr-defined]
        page.goto(url)
        wait_for_app(page)
        icon = page.wait_for_function(
            "() => { const l = document.querySelector(\"link[rel*='icon'][href*='/media/']\"); return l && l.href; }", timeout=60_000,
        ).json_value()
        assert page.request.get(icon).status == 200  # the page's own browser
        assert requests.get(icon, timeout=10).status_code == 404  # anyone else who learns the link
        assert Client(url).http.get(icon, timeout=10).status_code == 404
