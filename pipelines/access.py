"""Who may do what, checked where the write happens; who may try to sign in, and how often.

Pages hide what a role may not use, but that is only convenience: every write the app makes goes
through `GuardedLedger`, which checks the signed-in user before touching the store, so a forged
request from a viewer or from another district's uploader changes nothing, and is audited.

Sign-in attempts pass `SignInThrottle` first: the count is checked and the attempt reserved under one
lock, before the password hash, so parallel attempts cannot outrun it. A client (computer) that fails
too often is paused; a name that fails too often is only slowed down, so nobody can lock an account.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.aliases import Alias, add_alias, remove_alias
from pipelines.config import Settings
from pipelines.issues import Issue, issue
from pipelines.ledger import Ledger
from pipelines.planning import FilePlan
from pipelines.readers import ReadResult
from pipelines.store import Store
from pipelines.users import MAX_NAME_CHARS, Role, User, UsersFile, valid_name

_LOG = logging.getLogger(__name__)

# One row per action: the roles allowed to take it. District uploaders are further limited to their
# own districts wherever a district is involved.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "view": frozenset(Role),
    "upload": frozenset({Role.district, Role.analyst, Role.admin}),
    "history": frozenset({Role.viewer, Role.district, Role.analyst, Role.admin}),
    "download_original": frozenset({Role.district, Role.analyst, Role.admin}),
    "rollback": frozenset({Role.analyst, Role.admin}),
    "manage_sample": frozenset({Role.analyst, Role.admin}),
    "teach": frozenset({Role.analyst, Role.admin}),
    "audit": frozenset({Role.admin}),
    "manage_users": frozenset({Role.admin}),
}

ACTION_LABELS = {
    "view": "查看看板",
    "upload": "上传和导入报表",
    "history": "查看报送历史",
    "download_original": "下载原始文件",
    "rollback": "回退报送版本",
    "manage_sample": "删除或载入示例数据",
    "teach": "记住或删除表头、行标题、区县的写法",
    "audit": "查看审计日志",
    "manage_users": "管理用户",
}


class PermissionDenied(Exception):
    """The signed-in user may not take this action; the message says so in Chinese."""


def can(user: User | None, action: str, district: str | None = None) -> bool:
    if user is None:
        return False
    if user.role not in PERMISSIONS[action]:
        return False
    if district is not None and user.role is Role.district:
        return district in user.districts
    return True


def require(user: User | None, action: str, district: str | None = None) -> None:
    if can(user, action, district):
        return
    who = user.label if user else "未登录的用户"
    where = f"（{district}）" if district and user and user.role is Role.district else ""
    raise PermissionDenied(f"{who}无权{ACTION_LABELS[action]}{where}。如需此权限，请联系管理员。")


def visible_districts(user: User) -> tuple[str, ...] | None:
    """The districts whose history a user may see: None means all."""
    return user.districts if user.role is Role.district else None


class GuardedLedger:
    """The ledger as the app uses it: the same code as the CLI, with the user's rights checked first.

    Refused writes are written to the audit log too, so an administrator sees attempts."""

    def __init__(self, ledger: Ledger, user: User, districts: dict[str, str] | None = None):
        self.ledger = ledger
        self.user = user
        self._names = districts or {d.code: d.name for d in ledger.registry.districts}

    @property
    def store(self) -> Store:
        return self.ledger.store

    @property
    def settings(self) -> Settings:
        return self.ledger.settings

    def _refuse(self, action: str, detail: str, district: str | None = None) -> None:
        try:
            require(self.user, action, district)
        except PermissionDenied:
            audit(self.store, self.user.name, "denied", f"{ACTION_LABELS[action]}：{detail}")
            raise

    # --- reading and planning (no writes) ---

    def read_upload(self, name: str, data: bytes) -> list[ReadResult]:
        self._refuse("upload", name)
        self.store.release()  # reading files needs no database: writers elsewhere need not wait for this run's read
        return self.ledger.planner.read_upload(name, data)

    def plan(self, results: list[ReadResult]) -> list[FilePlan]:
        plans = self.ledger.planner.plan(results)
        if self.user.role is Role.district:
            for plan in plans:
                for r in plan.returns:
                    if r.ret.district in self.user.districts:
                        continue
                    if not r.ret.district and plan.errors:
                        continue  # no district found: the file already says so (an error), and cannot be stored
                    plan.issues.append(self._not_yours(plan, r.ret.district, r.ret.sheet))
                    audit(self.store, self.user.name, "denied",
                          f"{ACTION_LABELS['upload']}：{plan.display_name}（{self._district_label(r.ret.district)}）")
        return plans

    def _district_label(self, district: str) -> str:
        return self._names.get(district, district) or "未识别的区县"

    def _not_yours(self, plan: FilePlan, district: str, sheet: str) -> Issue:
        own = "、".join(self._names.get(c, c) for c in self.user.districts)
        return issue("access.not_your_district", file=plan.display_name, sheet=sheet, cell="",
                     district=self._district_label(district), own=own)

    def compare(self, plan: FilePlan) -> None:
        self.ledger.compare(plan)

    # --- writes ---

    def commit(self, plan: FilePlan) -> FilePlan:
        self._refuse("upload", plan.display_name)
        for r in plan.returns:
            self._refuse("upload", f"{plan.display_name}（{self._names.get(r.ret.district, r.ret.district)}）", r.ret.district)
        return self.ledger.commit(plan, actor=self.user.name)

    def rollback(self, submission_id: int) -> tuple[int, int | None]:
        self._refuse("rollback", f"#{submission_id}", self._district_of(submission_id))
        return self.ledger.rollback(submission_id, actor=self.user.name)

    def remove_sample(self) -> int:
        self._refuse("manage_sample", "删除示例数据")
        return self.ledger.remove_sample(self.user.name)

    def load_sample(self, sample_dir: Path) -> list[FilePlan]:
        self._refuse("manage_sample", "载入示例数据")
        return self.ledger.load_sample(sample_dir, self.user.name)

    def teach(self, alias: Alias) -> Alias:
        self._refuse("teach", f"{alias.kind}“{alias.text}”", alias.district or None)
        found = add_alias(self.store, self.ledger.registry, alias, actor=self.user.name)
        self.ledger.forget_aliases()
        return found

    def forget(self, kind: str, scope: str, district: str, text: str) -> bool:
        self._refuse("teach", f"删除{kind}“{text}”", district or None)
        done = remove_alias(self.store, self.ledger.registry, kind, scope, district, text, actor=self.user.name)
        self.ledger.forget_aliases()
        return done

    # --- reads that depend on the user ---

    def history(self, district: str | None = None, period: str | None = None) -> pd.DataFrame:
        if district is not None:
            self._refuse("history", f"{district} 的报送历史", district)
        else:
            self._refuse("history", "报送历史")
        frame = self.ledger.history(district, period)
        own = visible_districts(self.user)
        if own is not None and not frame.empty:
            frame = frame[frame["district"].isin(own)].reset_index(drop=True)
        return frame

    def original(self, submission_id: int) -> tuple[str, bytes] | None:
        self._refuse("download_original", f"#{submission_id} 的原始文件", self._district_of(submission_id))
        return self.ledger.original(submission_id)

    def _district_of(self, submission_id: int) -> str | None:
        return self.store.scalar("select district from submissions where id = ?", [submission_id])


def plain(text: str, limit: int | None = None) -> str:
    """Text for one line of the audit log: control characters (a newline would forge a line for anyone
    reading the CSV line by line) written as escapes, and at most `limit` characters."""
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    if text.isprintable():
        return text
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return "".join(c if c.isprintable() else named.get(c, f"\\u{ord(c):04x}") for c in text)


def audit(store: Store, actor: str, action: str, detail: str, now: Callable[[], dt.datetime] = dt.datetime.now) -> None:
    """One row in the audit log, in its own transaction."""
    with store.transaction() as tx:
        tx.execute("insert into audit_log values (?, ?, ?, ?)",
                   [now().replace(microsecond=0), plain(actor, 200), action, plain(detail, 2000)])


# --- audit rows the command line could not write (the database busy past the wait limit) -----------------


def pending_audit_path(db_path: Path) -> Path:
    """Where the command line leaves audit rows when it cannot write the database."""
    return db_path.with_name(db_path.stem + "_audit_pending.jsonl")


def audit_file(db_path: Path, actor: str, action: str, detail: str, on_wait: Callable[[str], None] | None = None,
               wait: float | None = None) -> bool:
    """Audit from the command line: straight into the database (waiting its turn, see pipelines.store), or,
    when that fails (busy past the wait limit, read-only), into a private file next to it that the dashboard
    imports (`import_pending_audit`). True when stored now."""
    from pipelines.errors import StoreError

    try:
        store = Store.shared(db_path, wait=wait, on_wait=on_wait)
        import_pending_audit(store)
        audit(store, actor, action, detail)
        return True
    except StoreError:
        row = {"logged_at": dt.datetime.now().replace(microsecond=0).isoformat(sep=" "), "actor": actor, "action": action, "detail": detail}
        _append_pending(pending_audit_path(db_path), json.dumps(row, ensure_ascii=False) + "\n")
        return False


def _append_pending(path: Path, text: str) -> None:
    """Append lines to the pending file, under its lock (the file is private to its owner)."""
    while True:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:  # the dashboard may have taken the file between open and lock: then write to a new one
            same = os.path.exists(path) and os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:  # closing releases the lock
        fh.write(text)


def import_pending_audit(store: Store) -> int:
    """Move rows the command line left in the pending file into the audit log (the dashboard calls this
    when the users file changes and when 用户与审计 opens; the command line before its own row). The file
    is renamed first, so a row written meanwhile lands in a new file and is never lost or imported twice;
    it is taken only once the database is ours, and put back if the rows cannot be stored."""
    if store.path == ":memory:":
        return 0
    path = pending_audit_path(Path(store.path))
    if not path.exists():
        return 0
    with store.writing():
        taking = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
        try:
            os.replace(path, taking)
        except FileNotFoundError:
            return 0
        with open(taking, "rb") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)  # a row being written when the file was taken is finished first
            text = fh.read().decode("utf-8", errors="replace")
        rows = []
        for line in text.splitlines():
            try:
                r = json.loads(line)
                rows.append([dt.datetime.fromisoformat(r["logged_at"]), plain(str(r["actor"]), 200), str(r["action"])[:40],
                             plain(str(r["detail"]), 2000)])
            except (ValueError, KeyError, TypeError):
                _LOG.warning("审计待导入文件中有一行无法读取，已跳过：%r", line[:200])
        try:
            with store.transaction() as tx:
                for row in rows:
                    tx.execute("insert into audit_log values (?, ?, ?, ?)", row)
        except BaseException:
            _append_pending(path, text)  # for the next import
            taking.unlink(missing_ok=True)
            raise
        taking.unlink()
    return len(rows)


# --- sign-in -----------------------------------------------------------------------------------------

CLIENT_LIMIT = 5  # failed sign-ins from one client within WINDOW pause that client for CLIENT_PAUSE
NAME_FREE = 5  # failed sign-ins for one name within WINDOW; after that each try for the name waits a while
WINDOW = dt.timedelta(minutes=15)
CLIENT_PAUSE = dt.timedelta(minutes=15)
NAME_MAX_DELAY = dt.timedelta(seconds=60)
INVALID_NAME = "（无效的用户名）"  # one bucket for every name that cannot exist (so none is kept in memory)


def name_delay(failures: int) -> dt.timedelta:
    """How long a name waits between tries once it has `failures` (≥ NAME_FREE) recent failures: 1 s, 2 s, 4 s … 60 s."""
    return min(dt.timedelta(seconds=2 ** min(failures - NAME_FREE, 10)), NAME_MAX_DELAY)


@dataclass
class _Client:
    failures: list[tuple[dt.datetime, str]] = field(default_factory=list)  # (when, name)
    in_flight: int = 0
    paused_at: dt.datetime | None = None
    paused_until: dt.datetime | None = None
    paused_for: frozenset[str] = frozenset()  # the names whose failures paused it


@dataclass
class _Name:
    failures: list[dt.datetime] = field(default_factory=list)
    in_flight: int = 0
    next_try: dt.datetime | None = None


@dataclass(frozen=True)
class Limit:
    """One throttle in force, for 用户与审计."""

    kind: str  # "client" or "name"
    key: str
    failures: int
    until: dt.datetime | None  # a paused client's end; a slowed name's next allowed try


class SignInThrottle:
    """Per client and per name, in this process (the dashboard is one process; a restart forgets).

    `admit` checks and reserves under one lock before the password hash, so a burst of parallel tries
    gets at most CLIENT_LIMIT (one client) or NAME_FREE (one name, any number of clients) hashes.
    `cleared(name)` is when that name's failures were forgiven (a password reset or unlock in the users
    file), so `users passwd` and `users unlock` in another process take effect here on the next try."""

    def __init__(self, now: Callable[[], dt.datetime] = dt.datetime.now):
        self._now = now
        self._lock = threading.Lock()
        self._clients: dict[str, _Client] = {}
        self._names: dict[str, _Name] = {}

    @staticmethod
    def key(name: str) -> str:
        return name if valid_name(name) else INVALID_NAME

    def _forgiven(self, when: dt.datetime, name: str, cleared: Callable[[str], dt.datetime | None]) -> bool:
        at = cleared(name)  # stamped to the second: a failure within that second still counts
        return at is not None and when.replace(microsecond=0) < at

    def _prune(self, now: dt.datetime, cleared: Callable[[str], dt.datetime | None], client: _Client, key: str, name: _Name) -> None:
        since = now - WINDOW
        client.failures = [(t, n) for t, n in client.failures if t >= since and not self._forgiven(t, n, cleared)]
        if client.paused_until is not None and (now >= client.paused_until or (
                client.paused_at is not None and all(self._forgiven(client.paused_at, n, cleared) for n in client.paused_for))):
            client.paused_at = client.paused_until = None
            client.paused_for = frozenset()
        name.failures = [t for t in name.failures if t >= since and not self._forgiven(t, key, cleared)]
        if not name.failures:
            name.next_try = None

    def admit(self, name: str, client: str, cleared: Callable[[str], dt.datetime | None] = lambda _: None) -> str | None:
        """Reserve one try for `name` from `client`, or the Chinese reason why not now. Every admitted
        try must be followed by `finish`."""
        key = self.key(name)
        with self._lock:
            now = self._now()
            c = self._clients.setdefault(client, _Client())
            n = self._names.setdefault(key, _Name())
            self._prune(now, cleared, c, key, n)
            if c.paused_until is not None:
                minutes = max(1, int((c.paused_until - now).total_seconds() + 59) // 60)
                return (f"这台电脑连续 {CLIENT_LIMIT} 次登录失败，已暂停登录（还有约 {minutes} 分钟；其他电脑不受影响）。"
                        "请稍后再试，或请管理员在“用户与审计”中解除。")
            if len(c.failures) + c.in_flight >= CLIENT_LIMIT:
                return "登录尝试过于频繁，请稍后再试。"
            if len(n.failures) + n.in_flight >= NAME_FREE and (n.in_flight or (n.next_try is not None and now < n.next_try)):
                wait = max(1, int(((n.next_try - now).total_seconds() if n.next_try else 1) + 0.999))
                return f"该用户名近期多次登录失败，每次尝试须间隔一段时间。请 {wait} 秒后再试。"
            c.in_flight += 1
            n.in_flight += 1
            if len(n.failures) >= NAME_FREE:
                n.next_try = now + name_delay(len(n.failures))
            return None

    def finish(self, name: str, client: str, ok: bool) -> list[tuple[str, str]]:
        """End an admitted try; the audit rows it starts ((action, detail): a client paused, a name slowed)."""
        key = self.key(name)
        events: list[tuple[str, str]] = []
        with self._lock:
            now = self._now()
            c = self._clients.setdefault(client, _Client())
            n = self._names.setdefault(key, _Name())
            c.in_flight = max(0, c.in_flight - 1)
            n.in_flight = max(0, n.in_flight - 1)
            if ok:
                n.failures.clear()
                n.next_try = None
                return events
            c.failures.append((now, key))
            n.failures.append(now)
            if len(c.failures) >= CLIENT_LIMIT and c.paused_until is None:
                c.paused_at, c.paused_until = now, now + CLIENT_PAUSE
                c.paused_for = frozenset(k for _, k in c.failures)
                events.append(("login_locked", f"来自 {client} 的登录连续失败 {len(c.failures)} 次，这台电脑暂停登录 "
                                               f"{int(CLIENT_PAUSE.total_seconds() // 60)} 分钟（用户名：{'、'.join(sorted(c.paused_for))}）"))
            if len(n.failures) >= NAME_FREE:
                n.next_try = now + name_delay(len(n.failures))
                if len(n.failures) == NAME_FREE:
                    events.append(("login_slowed", f"用户名“{key}”{int(WINDOW.total_seconds() // 60)} 分钟内登录失败 {NAME_FREE} 次，"
                                                   "此后每次尝试须间隔 1—60 秒（账号本身不锁定）"))
            self._sweep()
        return events

    def _sweep(self) -> None:
        """Forget clients and names with nothing left to remember (caller holds the lock)."""
        if len(self._clients) + len(self._names) < 10_000:
            return
        self._clients = {k: c for k, c in self._clients.items() if c.failures or c.in_flight or c.paused_until}
        self._names = {k: n for k, n in self._names.items() if n.failures or n.in_flight}

    def unlock(self, name: str) -> None:
        """Forgive a name's failures here and now, with every client pause they caused."""
        key = self.key(name)
        with self._lock:
            self._names.pop(key, None)
            for c in self._clients.values():
                c.failures = [(t, n) for t, n in c.failures if n != key]
                if key in c.paused_for:
                    c.paused_at = c.paused_until = None
                    c.paused_for = frozenset()

    def unlock_client(self, client: str) -> None:
        with self._lock:
            self._clients.pop(client, None)

    def limits(self, cleared: Callable[[str], dt.datetime | None] = lambda _: None) -> list[Limit]:
        """Paused clients and slowed names right now."""
        found: list[Limit] = []
        with self._lock:
            now = self._now()
            for key, c in list(self._clients.items()):
                self._prune(now, cleared, c, "", _Name())
                if c.paused_until is not None:
                    found.append(Limit("client", key, len(c.failures), c.paused_until))
            for key, n in list(self._names.items()):
                self._prune(now, cleared, _Client(), key, n)
                if len(n.failures) >= NAME_FREE:
                    found.append(Limit("name", key, len(n.failures), n.next_try))
        return found


BAD_SIGN_IN = "用户名或密码不正确。"


def attempt_sign_in(throttle: SignInThrottle, users: UsersFile, store: Store, name: str, password: str,
                    client: str) -> tuple[User | None, str | None]:
    """One sign-in try: throttled (before the hash), checked, audited. The user, or the Chinese reason."""
    name = name.strip()
    if not name or not password:
        return None, "请输入用户名和密码。"

    def cleared(n: str) -> dt.datetime | None:
        acc = users.accounts.get(n)
        return acc.cleared_at() if acc else None

    shown = plain(name, MAX_NAME_CHARS)  # a 200,000-character name is not stored, nor kept in memory
    refusal = throttle.admit(name, client, cleared)
    if refusal:
        return None, refusal
    user = None
    try:
        user = users.authenticate(name, password) if valid_name(name) else users.authenticate("", password)
    finally:
        events = throttle.finish(name, client, user is not None)
    if user is None:
        audit(store, shown, "login_failed", f"{shown}（来自 {client}）")
    else:
        audit(store, user.name, "login", f"{user.role.label}（来自 {client}）")
    for action, detail in events:
        audit(store, shown, action, detail)
    return (user, None) if user else (None, BAD_SIGN_IN)
