"""Sign-in for the app.

**Local mode** (no sign-in, every feature, a 本机模式 notice) is decided once, when the server starts:
no users file at that moment *and* a loopback address (`decide`, called by ui.serve). It is never
inferred again: a server that started with users keeps requiring sign-in whatever happens to the users
file, and a missing, empty, unreadable or corrupt file then means nobody signs in (one Chinese sentence
on the page, the detail in the server log). The only change at run time goes the other way: a local
server whose users file gains an account requires sign-in from then on (the first admin added in
用户与审计).

**A sign-in** is bound to this browser, not to Streamlit's session id (which travels in upload URLs):
ui.serve gives every browser a random HttpOnly, SameSite=Strict cookie on the page it loads, and a
sign-in records a digest of it; every run checks that the connected client presents the same cookie.
Sign-ins expire after UNIONSTATS_IDLE_MINUTES (default 30) without a run, end when the socket closes
(ui.serve calls `forget_session`), and the session is marked so that nobody can resume it by its id.
Writes are checked again where they happen (pipelines.access.GuardedLedger), not only by hiding pages.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from pipelines import access
from pipelines.users import LOCAL_USER, User, UsersError, UsersFile
from ui.data import settings, store

_LOG = logging.getLogger("unionstats.auth")

SESSION_KEY = "_signin"  # this session's sign-in token (the sign-in itself is kept in _SIGNINS)
COOKIE = "unionstats_client"  # set by ui.serve on every page load that lacks it
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})

UNAVAILABLE = "用户文件缺失或无法读取，暂时谁都不能登录。请管理员查看看板的运行日志并恢复用户文件。"
NO_COOKIE = "这个浏览器没有带上登录所需的 Cookie。请刷新页面后再登录（须允许本网站使用 Cookie）。"
NOT_SERVED = "看板须用 `python -m ui.serve`（`make run`）启动才能登录。"


# --- the mode, decided once -----------------------------------------------------------------------------


@dataclass
class Mode:
    users_path: Path
    address: str
    local: bool  # no sign-in; may only turn False (when a users file with accounts appears), never back
    served: bool  # started by ui.serve: the HTTP guard (client cookie, uploads, media) is in front


_MODE: Mode | None = None  # decided by ui.serve at start
_LAZY: dict[Path, Mode] = {}  # AppTest and bare `streamlit run`: decided the first time a users file is seen
_MODE_LOCK = threading.Lock()


def has_accounts(path: Path) -> bool:
    """Whether `path` holds at least one account; raises UsersError when it exists but cannot be read."""
    return bool(UsersFile.load(path).accounts)


def decide(users_path: Path, address: str | None, served: bool = True) -> Mode:
    """The server's mode, once, at start: local only with no accounts and a loopback address.

    A users file that exists but cannot be read is not "no accounts": the caller refuses to start."""
    global _MODE
    local = not has_accounts(users_path) and (address or "") in LOOPBACK
    with _MODE_LOCK:
        _MODE = Mode(users_path, address or "", local, served)
        return _MODE


def mode() -> Mode:
    if _MODE is not None:
        return _MODE
    # Not started by ui.serve (AppTest, or `streamlit run dashboard.py`): the same rule, the first
    # time this process looks at this users file, with the address Streamlit was configured with.
    path = settings().users_path
    with _MODE_LOCK:
        found = _LAZY.get(path)
        if found is None:
            from streamlit import config

            address = str(config.get_option("server.address") or "")
            try:
                local = not has_accounts(path) and address in LOOPBACK
            except UsersError:
                local = False
            found = _LAZY[path] = Mode(path, address, local, served=False)
        return found


def users_path() -> Path:
    return mode().users_path


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(path: str, mtime_ns: int, size: int) -> UsersFile:
    # Keyed on the file's modification time: `pipelines users add` takes effect without a restart.
    return UsersFile.load(Path(path))


_IMPORTED: set[tuple[str, int, int]] = set()


def _import_pending(key: tuple[str, int, int]) -> None:
    """The command line's audit rows, if it could not write them itself, imported once the users file has
    changed. Never inside a cached function: a write waits for other sessions' reads to end, and one of
    them may be waiting for that cache."""
    with _MODE_LOCK:
        if key in _IMPORTED:
            return
        _IMPORTED.add(key)
    try:
        access.import_pending_audit(store())
    except Exception:  # never a reason to refuse sign-in
        _LOG.exception("命令行留下的审计记录导入失败")


_LOGGED: set[str] = set()


def users_file() -> UsersFile | None:
    """The users file, or None when there is none to use: local mode, or (signing in required) a file
    that is missing, empty, unreadable or corrupt, which means nobody signs in."""
    m = mode()
    path = m.users_path
    try:
        st_ = path.stat()
        uf = _load(str(path), st_.st_mtime_ns, st_.st_size)
        _import_pending((str(path), st_.st_mtime_ns, st_.st_size))
    except FileNotFoundError:
        _log_once(f"用户文件 {path} 不存在")
        return None
    except (OSError, UsersError) as exc:
        _log_once(f"用户文件 {path} 无法读取：{exc}")
        return None
    if not uf.accounts:
        _log_once(f"用户文件 {path} 中没有账号")
        return None
    if m.local:
        with _MODE_LOCK:
            m.local = False  # an account appeared: sign-in required from now on, for the life of this server
        _LOG.warning("用户文件 %s 中有了账号：本机模式结束，此后每个会话都须登录。", path)
    return uf


def _log_once(problem: str) -> None:
    if mode().local:
        return  # local mode has no users file by design
    if problem not in _LOGGED:
        _LOGGED.add(problem)
        _LOG.error("%s。看板仍要求登录，现在谁都不能登录。", problem)


def is_local() -> bool:
    m = mode()
    if m.local:
        users_file()  # an account may have appeared
    return m.local


def sign_in_unavailable() -> str | None:
    """The one sentence for the login page when nobody can sign in (the detail is in the server log)."""
    if is_local():
        return None
    return UNAVAILABLE if users_file() is None else None


PROXY_HEADERS = ("X-Forwarded-For", "X-Forwarded-Host", "X-Real-Ip", "Forwarded")


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
    return _hostname(host) in LOOPBACK if host else True


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0]


def client_label() -> str:
    """Who is trying to sign in, for the throttle and the audit log: the connection's address, or, for
    connections from this computer (a reverse proxy on it), the address the proxy forwards."""
    ip = st.context.ip_address
    if isinstance(ip, str) and ip:
        return ip
    headers = st.context.headers
    real, chain = headers.get("X-Real-Ip"), headers.get("X-Forwarded-For")
    forwarded = (real.strip() if isinstance(real, str) else "") or (chain.split(",")[-1].strip() if isinstance(chain, str) else "")
    return access.plain(forwarded, 45) if forwarded else "本机"


# --- sign-ins, per session, bound to the browser ----------------------------------------------------------


@dataclass
class SignIn:
    user: User
    token: str  # also in this session's state: a new session with a reused id has none
    client: str  # sha256 of the browser's client cookie at sign-in
    session_id: str
    last_seen: float  # time.monotonic()


_SIGNINS: dict[str, SignIn] = {}  # by Streamlit session id
_SIGNINS_LOCK = threading.Lock()
_clock = time.monotonic  # tests move it


def cookie_digest(value: str | None) -> str:
    return hashlib.sha256((value or "").encode("utf-8", "replace")).hexdigest()


def valid_cookie(value: str | None) -> bool:
    return bool(value) and 32 <= len(value or "") <= 64 and all(c.isalnum() or c in "-_" for c in value or "")


def idle_limit_seconds() -> float:
    """Settings.idle_minutes ($UNIONSTATS_IDLE_MINUTES, 30 by default), in seconds."""
    return settings().idle_minutes * 60


def _session_id() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


def _this_client() -> str | None:
    value = st.context.cookies.get(COOKIE)
    return value if valid_cookie(value) else None


def forget_session(session_id: str) -> None:
    """The socket closed (ui.serve calls this): the sign-in ends with it."""
    with _SIGNINS_LOCK:
        _SIGNINS.pop(session_id, None)


def signed_in(session_id: str, cookie: str | None) -> User | None:
    """For the HTTP guard: the user signed in on this session from the browser holding `cookie`, if the
    sign-in is still live (not idle too long)."""
    with _SIGNINS_LOCK:
        rec = _SIGNINS.get(session_id)
    if rec is None or not valid_cookie(cookie) or not secrets.compare_digest(rec.client, cookie_digest(cookie)):
        return None
    if _clock() - rec.last_seen > idle_limit_seconds():
        return None
    uf = users_file()
    acc = uf.accounts.get(rec.user.name) if uf else None
    return rec.user if acc is not None and acc.user() == rec.user else None


ENDED_KEY = "_signin_ended"  # why this session was signed out, for the login page to say once


def _drop(sid: str, why: str | None = None) -> None:
    with _SIGNINS_LOCK:
        rec = _SIGNINS.pop(sid, None)
    st.session_state.pop(SESSION_KEY, None)
    if why:
        st.session_state[ENDED_KEY] = why
    if rec is not None and why:
        try:
            access.audit(store(), rec.user.name, "logout", why)
        except Exception:  # the audit must not keep anyone signed in
            _LOG.exception("审计日志写入失败")


def current_user() -> User | None:
    if is_local():
        return LOCAL_USER if request_is_local() else None
    sid = _session_id()
    with _SIGNINS_LOCK:
        rec = _SIGNINS.get(sid)
    token = st.session_state.get(SESSION_KEY)
    if rec is None or not isinstance(token, str) or not secrets.compare_digest(rec.token, token):
        st.session_state.pop(SESSION_KEY, None)
        return None
    if not secrets.compare_digest(rec.client, cookie_digest(_this_client())):
        _drop(sid, "会话标识被另一个浏览器使用，已退出登录")
        return None
    if _clock() - rec.last_seen > idle_limit_seconds():
        _drop(sid, f"{idle_limit_seconds() / 60:g} 分钟未操作，自动退出登录")
        return None
    # The account may have been removed or changed since sign-in, or the file lost: the file is the authority.
    uf = users_file()
    acc = uf.accounts.get(rec.user.name) if uf else None
    if acc is None or acc.user() != rec.user:
        _drop(sid, "账号已删除或已更改，或用户文件无法读取")
        return None
    rec.last_seen = _clock()
    return rec.user


@st.cache_resource(show_spinner=False)
def _throttle(db: str) -> access.SignInThrottle:
    return access.SignInThrottle()


def throttle() -> access.SignInThrottle:
    from ui.data import db_path

    return _throttle(db_path())


def sign_in(name: str, password: str) -> str | None:
    """Sign this session in; the Chinese reason when refused (see pipelines.access.attempt_sign_in for
    the throttle, which pauses a client after repeated failures and only slows a name down)."""
    if is_local():
        return "本机模式无需登录。"
    uf = users_file()
    if uf is None:
        return UNAVAILABLE
    m = mode()
    client = _this_client()
    if m.served and client is None:
        return NO_COOKIE
    if not m.served:
        from streamlit import config

        if not config.get_option("global.appTest"):
            return NOT_SERVED  # without ui.serve nothing binds a sign-in to the browser
    user, problem = access.attempt_sign_in(throttle(), uf, store(), name, password, client_label())
    if user is None:
        return problem or access.BAD_SIGN_IN
    sid = _session_id()
    token = secrets.token_urlsafe(32)
    with _SIGNINS_LOCK:
        _SIGNINS[sid] = SignIn(user, token, cookie_digest(client), sid, _clock())
    st.session_state[SESSION_KEY] = token
    _never_resumable(sid)
    return None


def _never_resumable(sid: str) -> None:
    """Nobody may take this session over by presenting its id: a later connection naming it gets a new one."""
    from streamlit import runtime

    if runtime.exists():
        runtime.get_instance().mark_session_nonresumable(sid)


def sign_out() -> None:
    sid = _session_id()
    with _SIGNINS_LOCK:
        rec = _SIGNINS.pop(sid, None)
    st.session_state.pop(SESSION_KEY, None)
    if rec is not None:
        access.audit(store(), rec.user.name, "logout", "")


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
