"""One test per rule of access control and hardening (issues 7 and 12): roles, sign-in, server-side
write checks, local mode decided once at start, sign-ins bound to the browser and expiring, a lockout
that cannot be raced and cannot lock the admin out, the audit log, limits and hostile input. The same
rules against a running server (a second client, uploads, /media, the users file removed while it
runs) are in tests/test_security_server.py; the offline rule is tests/test_offline.py, the concurrency
rule tests/test_browser_concurrency.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from insights import queries
from insights.export import provenance_table, to_csv, to_xlsx
from pipelines import access
from pipelines.config import Settings
from pipelines.ledger import Ledger
from pipelines.registry import load_registry
from pipelines.store import Store
from pipelines.users import LOCAL_USER, Role, User, UsersError, UsersFile, hash_password, verify_password
from tests.browser import ROOT
from tests.builders import consistent_values, write_return
from ui import auth
from ui.serve import refusal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASSWORDS = {"admin1": "Admin-pass-0001", "analyst1": "Analyst-pass-0002", "leader1": "Leader-pass-0003", "donghu1": "Donghu-pass-0004"}


@pytest.fixture(scope="module")
def users_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("users") / "users.json"
    uf = UsersFile(path)
    codes = [d.code for d in load_registry().districts]
    uf.add("admin1", Role.admin, PASSWORDS["admin1"])
    uf.add("analyst1", Role.analyst, PASSWORDS["analyst1"])
    uf.add("leader1", Role.viewer, PASSWORDS["leader1"])
    uf.add("donghu1", Role.district, PASSWORDS["donghu1"], ["donghu"], codes)
    uf.save()
    return path


def user(name: str) -> User:
    return {"admin1": User("admin1", Role.admin), "analyst1": User("analyst1", Role.analyst),
            "leader1": User("leader1", Role.viewer), "donghu1": User("donghu1", Role.district, ("donghu",))}[name]


def export(db: Path) -> list[tuple]:
    s = Store.open(db)
    try:
        return s.rows("select * from current_observations order by all")
    finally:
        s.close()


def audit_rows_of(s: Store) -> list[tuple[str, str, str]]:
    return [(a, b, c) for a, b, c in s.rows("select actor, action, detail from audit_log order by logged_at, action")]


def _without_district(path: Path) -> bytes:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb.active["A2"] = "填报单位（盖章）：火星区总工会"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def audit_rows(db: Path) -> list[tuple[str, str, str]]:
    s = Store.open(db)
    try:
        return [(a, b, c) for a, b, c in s.rows("select actor, action, detail from audit_log order by logged_at, action")]
    finally:
        s.close()


def signed_in_app(db: Path, users: Path, monkeypatch, name: str | None) -> AppTest:
    monkeypatch.setenv("UNIONSTATS_DB", str(db))
    monkeypatch.setenv("UNIONSTATS_USERS", str(users))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    if name:
        at.text_input(key="login_name").input(name)
        at.text_input(key="login_password").input(PASSWORDS[name])
        at.button[0].click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert not at.error, [e.value for e in at.error]
    return at


# --- passwords and the users file ---------------------------------------------------------------


def test_passwords_are_stored_as_salted_scrypt_hashes_in_a_private_file(users_path):
    text = users_path.read_text(encoding="utf-8")
    for password in PASSWORDS.values():
        assert password not in text
    assert stat.S_IMODE(users_path.stat().st_mode) == 0o600
    a, b = hash_password("Same-password-1"), hash_password("Same-password-1")
    assert a != b and a.startswith("scrypt$32768$8$1$")  # a fresh salt each time, OWASP's scrypt cost
    assert verify_password("Same-password-1", a) and not verify_password("Same-password-2", a)
    assert not verify_password("anything", "md5$abc")  # only scrypt hashes are accepted
    uf = UsersFile.load(users_path)
    assert uf.authenticate("leader1", PASSWORDS["leader1"]) == user("leader1")
    assert uf.authenticate("leader1", PASSWORDS["admin1"]) is None
    assert uf.authenticate("nobody", PASSWORDS["admin1"]) is None


@pytest.mark.parametrize(("password", "why"), [
    ("short-1", "至少 10 个字符"), ("aaaaaaaaaaaa", "太简单"), ("newuser-secret", "不能包含用户名"), (" padded-password ", "首尾不能有空格"),
])
def test_weak_passwords_are_refused(tmp_path, password, why):
    with pytest.raises(UsersError, match=why):
        UsersFile(tmp_path / "u.json").add("newuser", Role.viewer, password)


def test_district_uploaders_need_known_districts_and_nobody_else_has_any(tmp_path):
    uf = UsersFile(tmp_path / "u.json")
    with pytest.raises(UsersError, match="须用 --district"):
        uf.add("d1", Role.district, "Good-password-1")
    with pytest.raises(UsersError, match="nowhere 不在区县名单中"):
        uf.add("d1", Role.district, "Good-password-1", ["nowhere"], ["donghu"])
    with pytest.raises(UsersError, match="只有区县填报员"):
        uf.add("v1", Role.viewer, "Good-password-1", ["donghu"], ["donghu"])


def test_users_cli_adds_changes_and_removes_accounts(tmp_path):
    path = tmp_path / "users.json"

    def cli(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pipelines", "users", *args, "--users", str(path), "--db", str(tmp_path / "audit.duckdb")],
                              cwd=ROOT, input=password, capture_output=True, text=True)

    done = cli("list")
    assert done.returncode == 0 and "本机模式" in done.stdout and not path.exists()  # no account exists until one is added
    assert cli("add", "王主任", "--role", "admin", "--password-stdin", password="Wang-pass-0001\n").returncode == 0
    refused = cli("add", "李明", "--role", "viewer", "--password-stdin", password="123\n")
    assert refused.returncode == 1 and "至少 10 个字符" in refused.stderr
    assert cli("add", "东湖填报", "--role", "district", "--district", "donghu", "--password-stdin", password="Donghu-pass-01\n").returncode == 0
    listed = cli("list").stdout
    assert "王主任\tadmin\t管理员" in listed and "东湖填报\tdistrict\t区县填报员\tdonghu" in listed
    assert cli("passwd", "东湖填报", "--password-stdin", password="Donghu-pass-02\n").returncode == 0
    uf = UsersFile.load(path)
    assert uf.authenticate("东湖填报", "Donghu-pass-02") and not uf.authenticate("东湖填报", "Donghu-pass-01")
    last_admin = cli("remove", "王主任")
    assert last_admin.returncode == 1 and "最后一个管理员" in last_admin.stderr
    assert cli("remove", "东湖填报").returncode == 0
    assert list(UsersFile.load(path).accounts) == ["王主任"]
    logged = [(a, d) for _, a, d in audit_rows(tmp_path / "audit.duckdb")]
    assert logged == [("user_add", "王主任（管理员）"), ("user_add", "东湖填报（区县填报员）"), ("user_passwd", "东湖填报"), ("user_remove", "东湖填报")]


# --- roles -----------------------------------------------------------------------------------------


def test_what_each_role_may_do():
    allowed = {name: sorted(a for a in access.PERMISSIONS if access.can(user(name), a)) for name in PASSWORDS}
    assert allowed == {
        "leader1": ["history", "view"],
        "donghu1": ["download_original", "history", "upload", "view"],
        "analyst1": ["download_original", "history", "manage_sample", "rollback", "teach", "upload", "view"],
        "admin1": sorted(access.PERMISSIONS),
    }
    assert access.can(user("donghu1"), "upload", "donghu") and not access.can(user("donghu1"), "upload", "xishan")
    assert access.can(user("analyst1"), "upload", "xishan")
    assert not access.can(None, "view")
    assert all(access.can(LOCAL_USER, a) for a in access.PERMISSIONS)


def test_sign_in_shows_only_the_login_page_until_the_password_is_right(sample_db_copy, users_path, monkeypatch):
    at = signed_in_app(sample_db_copy, users_path, monkeypatch, None)
    assert [t.value for t in at.title] == ["工会数据看板"] and not at.metric  # no data before sign-in
    with pytest.raises(ValueError):
        at.switch_page("pages/overview.py")  # the only page that exists is the login page
    at.text_input(key="login_name").input("leader1")
    at.text_input(key="login_password").input("not-the-password")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["用户名或密码不正确。"]
    at.text_input(key="login_password").input(PASSWORDS["leader1"])
    at.button[0].click().run()
    assert at.title[0].value.startswith("示例市工会工作总览") and at.metric
    assert at.sidebar.caption[-1].value.endswith("已登录：leader1（领导（只看））")
    assert ("leader1", "login_failed", "leader1（来自 本机）") in audit_rows(sample_db_copy)
    assert ("leader1", "login", "领导（只看）（来自 本机）") in audit_rows(sample_db_copy)


@pytest.mark.parametrize(("name", "forbidden", "allowed"), [
    ("leader1", ["pages/upload.py", "pages/manage.py", "pages/admin.py"], ["pages/status.py", "pages/data.py", "pages/aid.py"]),
    ("donghu1", ["pages/manage.py", "pages/admin.py"], ["pages/upload.py", "pages/status.py"]),
    ("analyst1", ["pages/admin.py"], ["pages/upload.py", "pages/manage.py"]),
    ("admin1", [], ["pages/admin.py", "pages/manage.py"]),
])
def test_each_role_gets_its_own_pages(sample_db_copy, users_path, monkeypatch, name, forbidden, allowed):
    at = signed_in_app(sample_db_copy, users_path, monkeypatch, name)
    for page in forbidden:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)
    for page in allowed:
        at.switch_page(page).run()
        assert not at.exception and not at.error, (page, [e.value for e in at.error])


def test_five_failures_pause_this_computer_not_the_account(sample_db_copy, users_path, monkeypatch):
    at = signed_in_app(sample_db_copy, users_path, monkeypatch, None)
    for _ in range(5):
        at.text_input(key="login_name").input("analyst1")
        at.text_input(key="login_password").input("Wrong-pass-9999")
        at.button[0].click().run()
    at.text_input(key="login_password").input(PASSWORDS["analyst1"])
    at.button[0].click().run()
    assert "这台电脑连续 5 次登录失败，已暂停登录" in at.error[0].value and not at.metric
    rows = audit_rows(sample_db_copy)
    assert [r[1] for r in rows if r[0] == "analyst1"].count("login_failed") == 5
    assert any(r[1] == "login_locked" and "来自 本机" in r[2] for r in rows)
    assert any(r[1] == "login_slowed" and "analyst1" in r[2] and "账号本身不锁定" in r[2] for r in rows)
    # the pause is this computer's: the account itself signs in from another one (after the name's short wait)
    throttle = access.SignInThrottle()
    uf = UsersFile.load(users_path)
    s = Store.open(sample_db_copy)
    try:
        assert access.attempt_sign_in(throttle, uf, s, "analyst1", PASSWORDS["analyst1"], "10.0.0.2")[0] == user("analyst1")
    finally:
        s.close()


class Clock:
    def __init__(self) -> None:
        self.at = dt.datetime.now()

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


@pytest.fixture
def hashes(monkeypatch) -> list[str]:
    """Every password hash checked (scrypt), by the password it checked."""
    import pipelines.users as users_module

    checked: list[str] = []
    lock = threading.Lock()
    real = users_module.verify_password

    def counting(password: str, encoded: str) -> bool:
        with lock:
            checked.append(password)
        return real(password, encoded)

    monkeypatch.setattr(users_module, "verify_password", counting)
    return checked


def _parallel(n: int, attempt) -> list[tuple[User | None, str | None]]:
    barrier = threading.Barrier(n)

    def one(i: int) -> tuple[User | None, str | None]:
        barrier.wait()
        return attempt(i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(one, range(n)))


def test_the_lockout_cannot_be_raced(users_path, hashes, tmp_path):
    """Real concurrent attempts held at a barrier: the count is checked and reserved before the hash."""
    uf = UsersFile.load(users_path)
    s = Store.open(tmp_path / "audit.duckdb")
    try:
        throttle = access.SignInThrottle()
        wrong = _parallel(20, lambda i: access.attempt_sign_in(throttle, uf, s, "admin1", f"Wrong-pass-{i:04d}", "10.9.9.9"))
        assert all(u is None for u, _ in wrong)
        assert len(hashes) <= access.CLIENT_LIMIT  # 20 tried, at most 5 checked
        found, why = access.attempt_sign_in(throttle, uf, s, "admin1", PASSWORDS["admin1"], "10.9.9.9")
        assert found is None and "暂停登录" in (why or "")  # 20 wrong and then the right one: paused
        assert PASSWORDS["admin1"] not in hashes  # refused before its hash was computed

        hashes.clear()
        burst = access.SignInThrottle()
        _parallel(60, lambda i: access.attempt_sign_in(burst, uf, s, "leader1", f"Wrong-pass-{i:04d}", "10.8.8.8"))
        assert len(hashes) <= access.CLIENT_LIMIT  # 60 in parallel from one computer

        hashes.clear()
        spread = access.SignInThrottle()
        _parallel(60, lambda i: access.attempt_sign_in(spread, uf, s, "leader1", f"Wrong-pass-{i:04d}", f"10.7.0.{i}"))
        assert len(hashes) <= access.NAME_FREE  # 60 computers against one name
        logged = s.scalar("select count(*) from audit_log where action = 'login_failed'")
        assert logged == 5 + 5 + 5  # one row per checked try, never one per refused try
    finally:
        s.close()


def test_nobody_can_lock_the_admin_out(users_path, tmp_path):
    uf = UsersFile.load(users_path)
    s = Store.open(tmp_path / "audit.duckdb")
    clock = Clock()
    throttle = access.SignInThrottle(now=clock)
    try:
        # an attacker without the password hammers the admin's name from several computers
        for attacker in ("10.6.6.1", "10.6.6.2", "10.6.6.3"):
            for i in range(8):
                access.attempt_sign_in(throttle, uf, s, "admin1", f"Wrong-pass-{i:04d}", attacker)
                clock.advance(2)
        found, why = access.attempt_sign_in(throttle, uf, s, "admin1", PASSWORDS["admin1"], "10.6.6.1")
        assert found is None and "这台电脑" in (why or "")  # the attacker's computer is paused, right password or not …
        assert "10.6.6.1" in {lim.key for lim in throttle.limits() if lim.kind == "client"}
        # … and the admin, at a computer of their own, is at most slowed down (a minute at worst), never locked
        clock.advance(1)
        found, why = access.attempt_sign_in(throttle, uf, s, "admin1", PASSWORDS["admin1"], "10.0.0.2")
        if found is None:
            assert "秒后再试" in (why or "")
            clock.advance(60)
            found, why = access.attempt_sign_in(throttle, uf, s, "admin1", PASSWORDS["admin1"], "10.0.0.2")
        assert found == user("admin1"), why
        assert not [lim for lim in throttle.limits() if lim.kind == "name"]  # a success clears the name
    finally:
        s.close()


def test_users_passwd_and_users_unlock_clear_the_throttle_of_a_running_dashboard(tmp_path):
    path = tmp_path / "users.json"
    uf = UsersFile(path)
    uf.add("admin1", Role.admin, PASSWORDS["admin1"])
    uf.save()
    # Another program holds the database for longer than the command line waits (1 s here): the command's
    # audit rows go to the pending file, imported later. (The dashboard itself holds no connection between runs.)
    s = Store.open(tmp_path / "dash.duckdb")
    throttle = access.SignInThrottle()

    def attempt(password: str, client: str = "10.1.1.1") -> tuple[User | None, str | None]:
        return access.attempt_sign_in(throttle, UsersFile.load(path), s, "admin1", password, client)

    def cli(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pipelines", "users", *args, "--users", str(path), "--db", s.path],
                              cwd=ROOT, input=password, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "UNIONSTATS_DB_WAIT": "1"})

    try:
        for i in range(5):
            attempt(f"Wrong-pass-{i:04d}")  # the admin mistyped, five times, at their own computer
        assert "暂停登录" in (attempt(PASSWORDS["admin1"])[1] or "")
        time.sleep(1.1)  # the unlock is stamped to the second: it forgives failures of earlier seconds
        done = cli("unlock", "admin1")
        assert done.returncode == 0 and "已解除“admin1”的登录限制" in done.stdout, done.stderr
        assert attempt(PASSWORDS["admin1"])[0] == user("admin1")  # the pause it caused is lifted too

        for i in range(5):
            attempt(f"Wrong-pass-{i:04d}", "10.2.2.2")
        assert [lim.kind for lim in throttle.limits()] == ["client", "name"]
        time.sleep(1.1)
        done = cli("passwd", "admin1", "--password-stdin", password="Admin-pass-0002\n")
        assert done.returncode == 0 and "解除了该用户名的登录限制" in done.stdout
        assert attempt("Admin-pass-0002", "10.3.3.3")[0] == user("admin1")  # no wait for the name after a reset
        # the command line could not write the log while the database was held: it is imported now
        assert access.import_pending_audit(s) == 2
        assert [r[1:] for r in s.rows("select actor, action, detail from audit_log where action like 'user_%' order by logged_at")] == [
            ("user_unlock", "admin1"), ("user_passwd", "admin1")]
        assert s.scalar("select count(distinct actor) from audit_log where action like 'user_%'") == 1
        assert s.scalar("select min(actor) from audit_log where action like 'user_%'").startswith("命令行")
    finally:
        s.close()


def test_the_admin_page_shows_sign_in_throttles_and_lifts_them(sample_db_copy, users_path, monkeypatch):
    admin = signed_in_app(sample_db_copy, users_path, monkeypatch, "admin1")
    stranger = signed_in_app(sample_db_copy, users_path, monkeypatch, None)
    for i in range(5):
        stranger.text_input(key="login_name").input("leader1")
        stranger.text_input(key="login_password").input(f"Wrong-pass-{i:04d}")
        stranger.button[0].click().run()
    admin.switch_page("pages/admin.py").run()
    assert any("有 2 项登录限制正在生效" in w.value for w in admin.warning)
    limits = next(df.value for df in admin.dataframe if "对象" in df.value.columns)
    assert list(limits["对象"]) == ["电脑 本机", "用户名 leader1"]
    admin.button(key="unlock").click().run()  # the first: this computer
    assert any("有 1 项登录限制正在生效" in w.value for w in admin.warning)
    assert ("admin1", "user_unlock", "电脑 本机") in audit_rows(sample_db_copy)


# --- sign-ins bound to the browser, expiring, ending with the socket ------------------------------------


def _the_sign_in() -> auth.SignIn:
    [found] = list(auth._SIGNINS.values())[-1:]
    return found


def test_a_sign_in_is_bound_to_the_browser_and_expires_when_idle(sample_db_copy, users_path, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(auth, "_clock", lambda: now[0])
    at = signed_in_app(sample_db_copy, users_path, monkeypatch, "leader1")
    now[0] += 29 * 60
    at.run()
    assert at.metric  # 29 minutes idle: still signed in (and the clock starts again)
    now[0] += 31 * 60
    at.run()
    assert [t.value for t in at.title] == ["工会数据看板"] and not at.metric
    assert [i.value for i in at.info] == ["已退出登录：30 分钟未操作，自动退出登录。请重新登录。"]
    assert ("leader1", "logout", "30 分钟未操作，自动退出登录") in audit_rows(sample_db_copy)

    monkeypatch.setenv("UNIONSTATS_IDLE_MINUTES", "5")  # the setting
    at = signed_in_app(sample_db_copy, users_path, monkeypatch, "leader1")
    now[0] += 6 * 60
    at.run()
    assert not at.metric

    at = signed_in_app(sample_db_copy, users_path, monkeypatch, "leader1")
    _the_sign_in().client = auth.cookie_digest("another browser's cookie")  # what the session's client presents now differs
    at.run()
    assert not at.metric and ("leader1", "logout", "会话标识被另一个浏览器使用，已退出登录") in audit_rows(sample_db_copy)

    at = signed_in_app(sample_db_copy, users_path, monkeypatch, "leader1")
    auth.forget_session(_the_sign_in().session_id)  # what ui.serve does when the socket closes
    at.run()
    assert not at.metric


# --- local mode is decided once, at start ----------------------------------------------------------------


def test_local_mode_is_decided_once_and_a_lost_users_file_lets_nobody_in(sample_db_copy, users_path, monkeypatch, tmp_path):
    monkeypatch.setattr(auth, "_MODE", None)  # put back after the test: decide() below sets it
    users = tmp_path / "users.json"
    shutil.copy(users_path, users)
    at = signed_in_app(sample_db_copy, users, monkeypatch, "leader1")
    assert at.metric
    users.unlink()
    at.run()  # the signed-in viewer
    assert not at.metric and [e.value for e in at.error] == [auth.UNAVAILABLE]
    fresh = signed_in_app(sample_db_copy, users, monkeypatch, None)  # a new session
    assert [e.value for e in fresh.error] == [auth.UNAVAILABLE] and not fresh.text_input
    assert auth.sign_in("admin1", PASSWORDS["admin1"]) == auth.UNAVAILABLE
    users.write_text("{ not json", encoding="utf-8")  # corrupt: one sentence, no traceback, no path
    fresh = signed_in_app(sample_db_copy, users, monkeypatch, None)
    assert [e.value for e in fresh.error] == [auth.UNAVAILABLE] and not fresh.exception
    users.write_text("", encoding="utf-8")
    assert [e.value for e in signed_in_app(sample_db_copy, users, monkeypatch, None).error] == [auth.UNAVAILABLE]

    # at start: users + loopback → sign-in; no users + 0.0.0.0 → not local either; no users + loopback → local
    assert not auth.decide(users_path, "127.0.0.1").local
    assert not auth.decide(tmp_path / "none.json", "0.0.0.0").local
    assert auth.decide(tmp_path / "none.json", "127.0.0.1").local


def test_a_local_dashboard_requires_sign_in_once_an_account_appears(sample_db_copy, monkeypatch, tmp_path):
    users = tmp_path / "later.json"
    monkeypatch.setenv("UNIONSTATS_DB", str(sample_db_copy))
    monkeypatch.setenv("UNIONSTATS_USERS", str(users))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    assert at.metric  # local mode
    uf = UsersFile(users)
    uf.add("admin1", Role.admin, PASSWORDS["admin1"])
    uf.save()
    at.run()
    assert not at.metric and [t.value for t in at.title] == ["工会数据看板"]
    users.unlink()  # and never back to local mode: nobody signs in
    at.run()
    assert not at.metric and [e.value for e in at.error] == [auth.UNAVAILABLE]


def test_the_launcher_reads_the_address_as_streamlit_does(tmp_path):
    missing = tmp_path / "none.json"
    base = {"PATH": "/usr/bin:/bin", "UNIONSTATS_USERS": str(missing), "HOME": str(tmp_path)}

    def launch(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "ui.serve", *args], cwd=ROOT, capture_output=True, text=True,
                              env={**base, **env}, timeout=60)

    done = launch(STREAMLIT_SERVER_ADDRESS="0.0.0.0")
    assert done.returncode == 2 and "本机模式只能在 127.0.0.1 上提供看板，不能监听 0.0.0.0" in done.stderr
    done = launch("--server.address=10.0.0.1")
    assert done.returncode == 2 and "不能监听 10.0.0.1" in done.stderr
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text('{"version": 1, "users": [', encoding="utf-8")
    done = launch(UNIONSTATS_USERS=str(corrupt))
    assert done.returncode == 2 and "无法读取" in done.stderr


def test_the_launcher_keeps_the_dashboard_off_the_internet_and_its_metrics_private(monkeypatch):
    from streamlit import net_util
    from streamlit.web.server.starlette import starlette_server

    from ui import serve

    monkeypatch.setattr(net_util, "get_external_ip", net_util.get_external_ip)
    monkeypatch.setattr(starlette_server, "create_starlette_app", starlette_server.create_starlette_app)
    monkeypatch.setattr(net_util, "_make_blocking_http_get", lambda *a, **k: pytest.fail(f"went on the internet: {a}"))
    serve.install_guard("0.0.0.0")
    assert net_util.get_external_ip() is None
    assert getattr(starlette_server.create_starlette_app, "_unionstats_guard", False)


# --- hostile sign-in input -------------------------------------------------------------------------------


def test_a_huge_or_multi_line_login_name_is_neither_stored_nor_forges_an_audit_line(users_path, hashes, tmp_path):
    uf = UsersFile.load(users_path)
    s = Store.open(tmp_path / "audit.duckdb")
    try:
        throttle = access.SignInThrottle()
        huge = "管" * 200_000
        assert access.attempt_sign_in(throttle, uf, s, huge, "whatever-password", "10.4.4.4") == (None, "用户名或密码不正确。")
        forged = "x\n2026-01-01 00:00:00,admin1,login,管理员"
        assert access.attempt_sign_in(throttle, uf, s, forged, "whatever-password", "10.4.4.5")[0] is None
        rows = s.rows("select actor, detail from audit_log")
        assert max(len(a) + len(d) for a, d in rows) < 200  # not 200,000 characters, twice
        assert all("\n" not in a + d for a, d in rows) and any("x\\n2026" in a for a, _ in rows)
        assert len(hashes) == 2  # a name that cannot exist costs the same hash as a wrong password
        assert huge not in throttle._names and access.INVALID_NAME in throttle._names
    finally:
        s.close()
    # rows written before this rule are escaped when shown and exported
    assert access.plain("a\nb\r\u202ec") == "a\\nb\\r\\u202ec"


def test_the_database_is_private_to_its_owner(tmp_path, registry):
    from pipelines.config import settings_for

    db = tmp_path / "private.duckdb"
    f = write_return(tmp_path / "东湖区2026Q3.xlsx", registry, "donghu", "2026-Q3", "coverage", consistent_values(registry, "coverage", 3))
    done = subprocess.run([sys.executable, "-m", "pipelines", "ingest", "--db", str(db), str(f)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    archive = settings_for(db).archive_dir
    assert stat.S_IMODE(db.stat().st_mode) == 0o600 and stat.S_IMODE(archive.stat().st_mode) == 0o700
    assert any(archive.rglob("*.xlsx"))


# --- server-side checks ----------------------------------------------------------------------------


def _ledger(db: Path, registry, tmp_path: Path) -> Ledger:
    return Ledger(Store.open(db), registry, Settings(db_path=db, archive_dir=tmp_path / "archive"))


def test_a_viewers_forged_writes_change_nothing(sample_db_copy, registry, tmp_path):
    f = write_return(tmp_path / "东湖区2026Q3.xlsx", registry, "donghu", "2026-Q3", "coverage", consistent_values(registry, "coverage", 3))
    before = export(sample_db_copy)
    lg = _ledger(sample_db_copy, registry, tmp_path)
    active = int(lg.store.scalar("select max(id) from submissions where status = 'active'"))
    guarded = access.GuardedLedger(lg, user("leader1"))
    plan = lg.planner.plan(lg.planner.read([f]))[0]  # as if the viewer had got a plan past the hidden upload page
    with pytest.raises(access.PermissionDenied, match="leader1（领导（只看））无权上传和导入报表"):
        guarded.commit(plan)
    with pytest.raises(access.PermissionDenied, match="无权回退报送版本"):
        guarded.rollback(active)
    with pytest.raises(access.PermissionDenied, match="无权删除或载入示例数据"):
        guarded.remove_sample()
    with pytest.raises(access.PermissionDenied, match="无权下载原始文件"):
        guarded.original(active)
    lg.store.close()
    assert export(sample_db_copy) == before
    assert [r[1] for r in audit_rows(sample_db_copy) if r[0] == "leader1"] == ["denied"] * 4


def test_a_forged_run_of_a_write_page_stops_at_the_permission_check(sample_db_copy, users_path, monkeypatch):
    """Running a page's script for a session whose role lacks it (what a forged page request amounts to)."""
    monkeypatch.setenv("UNIONSTATS_DB", str(sample_db_copy))
    monkeypatch.setenv("UNIONSTATS_USERS", str(users_path))
    for page, message in (("pages/upload.py", "上传和导入报表"), ("pages/manage.py", "删除或载入示例数据"), ("pages/admin.py", "查看审计日志")):
        at = AppTest.from_file(str(ROOT / page), default_timeout=90)
        at.session_state[auth.SESSION_KEY] = "forged-token"
        at.run()
        assert [e.value for e in at.error] == [f"您没有“{message}”的权限。如需此权限，请联系管理员。"]
        assert not at.get("file_uploader") and not at.button
    # a sign-in token the server never issued (forged session state) is not trusted
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.session_state[auth.SESSION_KEY] = "forged-token"
    at.run()
    assert [t.value for t in at.title] == ["工会数据看板"] and not at.metric


def test_a_viewer_sees_history_without_rollback_or_originals(sample_db_copy, users_path, monkeypatch):
    at = signed_in_app(sample_db_copy, users_path, monkeypatch, "leader1")
    at.switch_page("pages/status.py").run()
    assert at.dataframe and not at.get("download_button")
    assert "rollback" not in [b.key for b in at.button]


def test_a_district_uploader_cannot_store_another_districts_return(sample_db_copy, registry, tmp_path):
    other = write_return(tmp_path / "西山区2026Q3.xlsx", registry, "xishan", "2026-Q3", "coverage", consistent_values(registry, "coverage", 3))
    own = write_return(tmp_path / "东湖区2026Q3.xlsx", registry, "donghu", "2026-Q3", "coverage", consistent_values(registry, "coverage", 3))
    before = export(sample_db_copy)
    lg = _ledger(sample_db_copy, registry, tmp_path)
    guarded = access.GuardedLedger(lg, user("donghu1"))
    [plan] = guarded.plan(guarded.read_upload(other.name, other.read_bytes()))
    assert not plan.accepted
    assert [i.render() for i in plan.errors] == ["西山区2026Q3.xlsx › 表一：这是西山区的报表，您只能报送东湖区的报表。请把文件转给西山区或市总工会统计员上传。"]
    assert ("donghu1", "denied", "上传和导入报表：西山区2026Q3.xlsx（西山区）") in audit_rows_of(lg.store)  # refused, and audited
    nowhere = write_return(tmp_path / "报表.xlsx", registry, "donghu", "2026-Q3", "coverage", consistent_values(registry, "coverage", 3),
                           title="火星区2026年第三季度工会组织建设情况统计表")
    [unknown] = guarded.plan(guarded.read_upload(nowhere.name, _without_district(nowhere)))
    assert not unknown.accepted and not any("这是的报表" in i.render() for i in unknown.issues)
    with pytest.raises(access.PermissionDenied, match="无权上传和导入报表（xishan）"):
        guarded.commit(lg.planner.plan(lg.planner.read([other]))[0])  # even a plan made without the check is refused
    assert export(sample_db_copy) == before
    [mine] = guarded.plan(guarded.read_upload(own.name, own.read_bytes()))
    assert mine.accepted
    guarded.commit(mine)
    assert lg.store.scalar("select uploaded_by from submissions where status = 'active' and district = 'donghu' and period = '2026-Q3' "
                           "and form = 'coverage'") == "donghu1"
    assert set(guarded.history()["district"]) == {"donghu"}
    with pytest.raises(access.PermissionDenied):
        guarded.history("xishan")
    lg.store.close()


def test_a_district_uploader_sees_only_its_own_districts_on_the_status_page(sample_db_copy, users_path, monkeypatch):
    at = signed_in_app(sample_db_copy, users_path, monkeypatch, "donghu1")
    at.switch_page("pages/status.py").run()
    assert list(at.dataframe[0].value.index) == ["东湖区"]
    assert at.selectbox(key="status_district").options == ["东湖区"]


# --- local mode ------------------------------------------------------------------------------------


def test_local_mode_serves_this_computer_only(tmp_path):
    missing = tmp_path / "none.json"
    assert refusal("127.0.0.1", missing) is None
    assert "本机模式只能在 127.0.0.1 上提供看板" in (refusal("0.0.0.0", missing) or "")
    viewers_only = tmp_path / "viewers.json"
    uf = UsersFile(viewers_only)
    uf.add("leader1", Role.viewer, PASSWORDS["leader1"])
    uf.save()
    assert "没有管理员" in (refusal("0.0.0.0", viewers_only) or "")
    uf.add("admin1", Role.admin, PASSWORDS["admin1"])
    uf.save()
    assert refusal("0.0.0.0", viewers_only) is None
    # the launcher itself refuses before any server starts
    done = subprocess.run([sys.executable, "-m", "ui.serve", "--server.address", "0.0.0.0"], cwd=ROOT, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "UNIONSTATS_USERS": str(missing), "HOME": str(tmp_path)}, timeout=60)
    assert done.returncode == 2 and "本机模式只能在 127.0.0.1 上提供看板" in done.stderr


def test_local_mode_needs_no_sign_in_and_says_so(sample_db_copy, monkeypatch, tmp_path):
    monkeypatch.setenv("UNIONSTATS_DB", str(sample_db_copy))
    monkeypatch.setenv("UNIONSTATS_USERS", str(tmp_path / "absent.json"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    assert at.metric and "本机模式" in at.sidebar.caption[-1].value
    at.switch_page("pages/admin.py").run()
    assert any("还没有用户文件" in i.value for i in at.info)


# --- audit log -------------------------------------------------------------------------------------


def test_every_write_and_failed_sign_in_is_in_the_audit_log_and_admins_can_export_it(sample_db_copy, registry, users_path, monkeypatch, tmp_path):
    lg = _ledger(sample_db_copy, registry, tmp_path)
    analyst = access.GuardedLedger(lg, user("analyst1"))
    values = consistent_values(registry, "coverage", 3)
    first = write_return(tmp_path / "东湖区2026Q4.xlsx", registry, "donghu", "2026-Q4", "coverage", values)
    analyst.commit(analyst.plan(analyst.read_upload(first.name, first.read_bytes()))[0])
    values[("unions_new_ytd", "all")] = int(values[("unions_new_ytd", "all")]) + 2  # type: ignore[call-overload]
    values[("unions_new_ytd", "government")] = int(values[("unions_new_ytd", "government")]) + 2  # type: ignore[call-overload]
    second = write_return(tmp_path / "东湖区2026Q4更正.xlsx", registry, "donghu", "2026-Q4", "coverage", values)
    [plan] = analyst.plan(analyst.read_upload(second.name, second.read_bytes()))
    analyst.commit(plan)
    analyst.rollback(plan.returns[0].submission_id)
    analyst.remove_sample()
    lg.store.close()

    at = signed_in_app(sample_db_copy, users_path, monkeypatch, None)
    at.text_input(key="login_name").input("admin1")
    at.text_input(key="login_password").input("Wrong-pass-0000")
    at.button[0].click().run()
    at.text_input(key="login_password").input(PASSWORDS["admin1"])
    at.button[0].click().run()
    at.switch_page("pages/admin.py").run()
    assert not at.exception
    shown = next(df.value for df in at.dataframe if "操作人" in df.value.columns)
    mine = shown[shown["操作人"].isin(["analyst1", "admin1"])]
    assert sorted(set(mine["操作"])) == sorted({"导入报表", "更正报送（新版本）", "回退版本", "删除示例数据", "登录失败", "登录"})
    assert mine[mine["操作"] == "更正报送（新版本）"]["内容"].iloc[0].startswith("东湖区2026Q4更正.xlsx › 表一: donghu 2026-Q4 coverage 第2版")
    csv_button = next(b for b in at.get("download_button") if b.proto.label == "导出 CSV")
    assert csv_button.proto.label == "导出 CSV"
    exported = list(csv.reader(io.StringIO(to_csv(shown).decode("utf-8-sig"))))
    assert exported[0] == ["时间", "操作人", "操作", "内容"] and len(exported) == len(shown) + 1


# --- limits and hostile input ----------------------------------------------------------------------


HOSTILE_DISTRICT = "=1+2'); drop table observations; --区"
HOSTILE_SHEET = "=cmd|' C calc'!A0"
HOSTILE_FILE = "@SUM(1)'; drop table files; --.xlsx"


def test_hostile_names_travel_the_whole_path_as_plain_text(tmp_path, monkeypatch):
    reg_dir = tmp_path / "registry"
    shutil.copytree(ROOT / "data" / "registry", reg_dir)
    with open(reg_dir / "districts.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["evil", HOSTILE_DISTRICT, "区", "", "2023-Q1", "11"])
    registry = load_registry(reg_dir)
    values = consistent_values(registry, "coverage")
    path = write_return(tmp_path / HOSTILE_FILE, registry, "evil", "2025-Q3", "coverage", values, sheet_name=HOSTILE_SHEET)
    db = tmp_path / "hostile.duckdb"
    env = {"UNIONSTATS_REGISTRY": str(reg_dir), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}

    done = subprocess.run([sys.executable, "-m", "pipelines", "ingest", "--db", str(db), "--user", "x'); drop table audit_log; --", str(path)],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    out = tmp_path / "export.csv"
    assert subprocess.run([sys.executable, "-m", "pipelines", "export", "--db", str(db), "--out", str(out)], cwd=ROOT, env=env).returncode == 0
    with open(out, encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert {r[0] for r in rows[1:]} == {"evil"} and len(rows) - 1 == len(values)

    s = Store.open(db)
    try:
        tables = {r[0] for r in s.rows("select table_name from information_schema.tables")}
        assert {"observations", "files", "audit_log", "submissions"} <= tables
        assert s.scalar("select count(*) from observations") == len(values)
        assert s.rows("select file_name, sheet, uploaded_by from submissions") == [(HOSTILE_FILE, HOSTILE_SHEET, "x'); drop table audit_log; --")]
        frame = queries.observations_with_source(s, "2025-Q3", ("evil",), None)
    finally:
        s.close()
    table = provenance_table(registry, frame)
    assert set(table["区县"]) == {HOSTILE_DISTRICT} and set(table["工作表"]) == {HOSTILE_SHEET}
    exported = list(csv.reader(io.StringIO(to_csv(table).decode("utf-8-sig"))))[1]
    assert exported[0] == "'" + HOSTILE_DISTRICT and exported[7] == "'" + HOSTILE_FILE and exported[8] == "'" + HOSTILE_SHEET
    import python_calamine

    sheet = python_calamine.CalamineWorkbook.from_object(io.BytesIO(to_xlsx(table))).get_sheet_by_index(0).to_python()
    assert sheet[1][0] == "'" + HOSTILE_DISTRICT and sheet[1][8] == "'" + HOSTILE_SHEET

    # the pages show the names as text
    monkeypatch.setenv("UNIONSTATS_DB", str(db))
    monkeypatch.setenv("UNIONSTATS_REGISTRY", str(reg_dir))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    for page in ("pages/status.py", "pages/data.py", "pages/coverage.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
    at.switch_page("pages/upload.py").run()
    at.file_uploader[0].set_value([(HOSTILE_FILE, path.read_bytes(), XLSX)]).run()
    assert not at.exception
    assert [m.value for m in at.metric][:2] == ["1", "0"]
    assert Decimal(len(values)) == Decimal(len(export(db)))


def test_uploads_over_the_file_count_limit_are_refused_before_reading(sample_db_copy, monkeypatch, registry, tmp_path):
    from pipelines.config import Limits

    monkeypatch.setenv("UNIONSTATS_DB", str(sample_db_copy))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/upload.py").run()
    f = write_return(tmp_path / "东湖区2026Q3.xlsx", registry, "donghu", "2026-Q3", "coverage", consistent_values(registry, "coverage"))
    n = Limits().max_files_per_upload + 1
    at.file_uploader[0].set_value([(f"{i}-{f.name}", f.read_bytes(), XLSX) for i in range(n)]).run()
    assert [e.value for e in at.error] == [f"一次最多上传 {n - 1} 个文件，这次选择了 {n} 个。请分批上传（可把同一区县的文件打成一个 .zip）。"]
    assert not at.metric and not at.button
