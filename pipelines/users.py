"""Users and roles: a JSON file of accounts with scrypt password hashes.

One row per account: name, role, the districts a district uploader reports for, and the password hash.
There are no default accounts and no default passwords: with no users file the app runs in local
mode (127.0.0.1 only); with one, everybody signs in. `python -m pipelines users add|passwd|remove|unlock|list`
manages the file; the app reads it again whenever it changes on disk (a password reset or an unlock in
the file also lifts the sign-in throttle for that name in the running app: see pipelines.access).
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

FILE_VERSION = 1
MIN_PASSWORD_LENGTH = 10

# scrypt at n=2**15, r=8, p=1: about 32 MiB and ~0.1 s per check on this class of machine,
# which is OWASP's recommended minimum cost for scrypt.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
SCRYPT_MAXMEM = 64 * 1024 * 1024
MAX_NAME_CHARS = 32
NAME_RE = re.compile(rf"^[\w.\-@\u4e00-\u9fff]{{2,{MAX_NAME_CHARS}}}$")
# Longer passwords are refused at sign-in before any hash is computed (nobody types 1,024 characters).
MAX_PASSWORD_CHARS = 1024


def valid_name(name: str) -> bool:
    """Whether `name` could be an account name at all (length first: a 200,000-character name is not scanned)."""
    return len(name) <= MAX_NAME_CHARS and NAME_RE.fullmatch(name) is not None


class Role(enum.Enum):
    viewer = "viewer"
    district = "district"
    analyst = "analyst"
    admin = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.viewer: "领导（只看）",
    Role.district: "区县填报员",
    Role.analyst: "市总统计员",
    Role.admin: "管理员",
}


class UsersError(Exception):
    """A users-file action that cannot be done; the message says why and what to do, in Chinese."""


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    districts: tuple[str, ...] = ()  # district codes; only for Role.district
    local: bool = False  # the local-mode operator (no users file, 127.0.0.1 only)

    @property
    def label(self) -> str:
        return f"{self.name}（{self.role.label}）"


LOCAL_USER = User("本机用户", Role.admin, (), local=True)


# --- password hashes ------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """`scrypt$n$r$p$salt$hash`, with a fresh 16-byte salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=SCRYPT_MAXMEM, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             maxmem=SCRYPT_MAXMEM, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


# A hash to check against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_urlsafe(16))
    return _DUMMY_HASH


def password_problem(password: str, name: str) -> str | None:
    """Why a new password is refused, in Chinese, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少 {MIN_PASSWORD_LENGTH} 个字符。"
    if password.strip() != password:
        return "密码首尾不能有空格。"
    if name and name.lower() in password.lower():
        return "密码不能包含用户名。"
    if len(set(password)) < 4:
        return "密码太简单（重复的字符过多）。"
    return None


# --- the file ---------------------------------------------------------------------------------------


@dataclass
class Account:
    name: str
    role: Role
    districts: tuple[str, ...]
    password_hash: str
    created_at: str
    updated_at: str
    unlocked_at: str = ""  # set by `users unlock` and 用户与审计: sign-in failures before it no longer count

    def user(self) -> User:
        return User(self.name, self.role, self.districts)

    def cleared_at(self) -> dt.datetime | None:
        """Sign-in failures for this name before this moment are forgiven: the last password reset or unlock."""
        stamps = [s for s in (self.updated_at, self.unlocked_at) if s]
        try:
            return max(dt.datetime.fromisoformat(s) for s in stamps) if stamps else None
        except ValueError:
            return None


@dataclass
class UsersFile:
    path: Path
    accounts: dict[str, Account] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> UsersFile:
        """The accounts in `path`; an absent file is an empty one (local mode)."""
        if not path.exists():
            return cls(path)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(doc, dict) or not isinstance(doc.get("users"), list):
                raise ValueError("不是用户文件的格式")
            if doc.get("version") != FILE_VERSION:
                raise UsersError(f"用户文件 {path} 的版本是 {doc.get('version')}，本程序需要 {FILE_VERSION}。")
            accounts = {}
            for row in doc["users"]:
                acc = Account(str(row["name"]), Role(row["role"]), tuple(str(c) for c in row.get("districts", ())),
                              str(row["password_hash"]), str(row.get("created_at", "")), str(row.get("updated_at", "")),
                              str(row.get("unlocked_at", "")))
                accounts[acc.name] = acc
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UsersError(f"用户文件 {path} 无法读取（{exc}）。请用 `python -m pipelines users list` 检查，或从备份恢复。") from exc
        return cls(path, accounts)

    def save(self) -> None:
        """Atomically, readable by the owner only (the file holds password hashes)."""
        doc = {
            "version": FILE_VERSION,
            "users": [
                {"name": a.name, "role": a.role.value, "districts": list(a.districts), "password_hash": a.password_hash,
                 "created_at": a.created_at, "updated_at": a.updated_at, **({"unlocked_at": a.unlocked_at} if a.unlocked_at else {})}
                for a in sorted(self.accounts.values(), key=lambda a: a.name)
            ],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".users-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(doc, fh, ensure_ascii=False, indent=2)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # --- management ---

    def add(self, name: str, role: Role, password: str, districts: Iterable[str] = (), known_districts: Iterable[str] = ()) -> Account:
        if name in self.accounts:
            raise UsersError(f"用户“{name}”已存在。改密码请用 passwd，改角色请先 remove 再 add。")
        if not valid_name(name):
            raise UsersError("用户名须为 2—32 个字符：汉字、字母、数字或 . _ - @。")
        codes = _check_districts(role, tuple(districts), tuple(known_districts))
        problem = password_problem(password, name)
        if problem:
            raise UsersError(problem)
        now = _now()
        acc = Account(name, role, codes, hash_password(password), now, now)
        self.accounts[name] = acc
        return acc

    def passwd(self, name: str, password: str) -> Account:
        acc = self._get(name)
        problem = password_problem(password, name)
        if problem:
            raise UsersError(problem)
        new = replace(acc, password_hash=hash_password(password), updated_at=_now())
        self.accounts[name] = new
        return new

    def unlock(self, name: str) -> Account:
        """Forgive this name's sign-in failures so far (the running app lifts its throttle on the next try)."""
        new = replace(self._get(name), unlocked_at=_now())
        self.accounts[name] = new
        return new

    def remove(self, name: str) -> Account:
        acc = self._get(name)
        admins = [a for a in self.accounts.values() if a.role is Role.admin]
        if acc.role is Role.admin and len(admins) == 1 and len(self.accounts) > 1:
            raise UsersError("不能删除最后一个管理员：先添加另一个管理员。")
        del self.accounts[name]
        return acc

    def _get(self, name: str) -> Account:
        if name not in self.accounts:
            raise UsersError(f"没有用户“{name}”。现有用户：{'、'.join(sorted(self.accounts)) or '（无）'}。")
        return self.accounts[name]

    # --- sign-in ---

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when the password matches; None otherwise (same cost whether or not the name exists)."""
        acc = self.accounts.get(name) if len(password) <= MAX_PASSWORD_CHARS else None
        if acc is None:
            verify_password(password[:MAX_PASSWORD_CHARS], _dummy_hash())
            return None
        return acc.user() if verify_password(password, acc.password_hash) else None


def _check_districts(role: Role, codes: tuple[str, ...], known: tuple[str, ...]) -> tuple[str, ...]:
    if role is Role.district:
        if not codes:
            raise UsersError("区县填报员须用 --district 指定负责的区县（可多个）。")
        unknown = [c for c in codes if known and c not in known]
        if unknown:
            raise UsersError(f"区县代码 {'、'.join(unknown)} 不在区县名单中。可用代码：{'、'.join(known)}。")
        return tuple(dict.fromkeys(codes))
    if codes:
        raise UsersError("只有区县填报员（district）需要指定区县。")
    return ()


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
