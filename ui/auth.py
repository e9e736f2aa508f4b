"""Sign-in for the app. With no users file the app is in local mode (127.0.0.1 only, every feature,
a 本机模式 notice); with one, every session signs in and sees the pages of its role.

The signed-in user lives in this browser session's state only (a page reload asks again). Writes are
checked again where they happen (pipelines.access.GuardedLedger), not only by hiding pages.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pipelines import access
from pipelines.users import LOCAL_USER, User, UsersFile, users_path_from
from ui.data import store

SESSION_KEY = "_user"
MAX_FAILURES = 5
LOCKOUT_MINUTES = 15


def users_path() -> Path:
    return users_path_from(None)


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(path: str, mtime_ns: int) -> UsersFile:
    # Keyed on the file's modification time: `pipelines users add` takes effect without a restart.
    return UsersFile.load(Path(path))


def users_file() -> UsersFile | None:
    """The users file, or None in local mode."""
    path = users_path()
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    return _load(str(path), mtime)


def is_local() -> bool:
    return users_file() is None


PROXY_HEADERS = ("X-Forwarded-For", "X-Forwarded-Host", "X-Real-Ip", "Forwarded")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def request_is_local() -> bool:
    """Whether this session's page was requested straight from this computer, not through a proxy.

    Local mode has no sign-in, so it must not be reachable through a reverse proxy either (the
    launcher already refuses non-loopback addresses). AppTest has no request: it counts as local."""
    headers = st.context.headers
    if not headers:
        return True
    if any(headers.get(h) for h in PROXY_HEADERS):
        return False
    host = str(headers.get("Host") or "")
    return host.rsplit(":", 1)[0] in LOOPBACK_HOSTS if host else True


def current_user() -> User | None:
    if is_local():
        return LOCAL_USER if request_is_local() else None
    user = st.session_state.get(SESSION_KEY)
    if not isinstance(user, User):
        return None
    # The account may have been removed or changed since sign-in: the file is the authority.
    uf = users_file()
    acc = uf.accounts.get(user.name) if uf else None
    if acc is None or acc.user() != user:
        st.session_state.pop(SESSION_KEY, None)
        return None
    return user


def sign_in(name: str, password: str) -> str | None:
    """Sign this session in; the Chinese reason when refused. Failures are audited and, after
    MAX_FAILURES in LOCKOUT_MINUTES for one name, that name is locked for LOCKOUT_MINUTES."""
    uf = users_file()
    if uf is None:
        return "本机模式无需登录。"
    name = name.strip()
    if not name or not password:
        return "请输入用户名和密码。"
    s = store()
    if access.recent_failures(s, name, LOCKOUT_MINUTES) >= MAX_FAILURES:
        access.audit(s, name, "login_locked", name)
        return f"该用户连续 {MAX_FAILURES} 次密码错误，已暂停登录 {LOCKOUT_MINUTES} 分钟。请稍后再试，或请管理员重设密码。"
    user = uf.authenticate(name, password)
    if user is None:
        access.audit(s, name, "login_failed", name)
        return "用户名或密码不正确。"
    access.audit(s, user.name, "login", f"{user.role.label}")
    st.session_state[SESSION_KEY] = user
    return None


def sign_out() -> None:
    user = st.session_state.pop(SESSION_KEY, None)
    if isinstance(user, User):
        access.audit(store(), user.name, "logout", "")


def can(action: str) -> bool:
    """Whether the signed-in user may take an action (pages show or hide controls with it)."""
    return access.can(current_user(), action)


def require(action: str) -> User:
    """At the top of a page that writes: stop with a Chinese message unless the user may act."""
    user = current_user()
    if not access.can(user, action):
        st.error(f"您没有“{access.ACTION_LABELS[action]}”的权限。如需此权限，请联系管理员。", icon=":material/block:")
        st.stop()
    assert user is not None
    return user


def guarded_ledger() -> access.GuardedLedger:
    """The ledger every page writes through: the same code as the CLI, with this user's rights checked."""
    from ui.data import ledger

    user = current_user()
    if user is None:
        raise access.PermissionDenied("未登录的用户无权操作。请先登录。")
    return access.GuardedLedger(ledger(), user)
