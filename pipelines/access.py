"""Who may do what, checked where the write happens.

Pages hide what a role may not use, but that is only convenience: every write the app makes goes
through `GuardedLedger`, which checks the signed-in user before touching the store, so a forged
request from a viewer or from another district's uploader changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pipelines.aliases import Alias, add_alias, remove_alias
from pipelines.config import Settings
from pipelines.issues import Issue, issue
from pipelines.ledger import FilePlan, Ledger
from pipelines.readers import ReadResult
from pipelines.store import Store, sql_text
from pipelines.users import Role, User

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
        assert self.ledger.store is not None
        return self.ledger.store

    @property
    def settings(self) -> Settings | None:
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
        return self.ledger.read_upload(name, data)

    def plan(self, results: list[ReadResult]) -> list[FilePlan]:
        plans = self.ledger.plan(results)
        if self.user.role is Role.district:
            for plan in plans:
                for r in plan.returns:
                    if r.ret.district not in self.user.districts:
                        plan.issues.append(self._not_yours(plan, r.ret.district, r.ret.sheet))
        return plans

    def _not_yours(self, plan: FilePlan, district: str, sheet: str) -> Issue:
        own = "、".join(self._names.get(c, c) for c in self.user.districts)
        return issue("access.not_your_district", file=plan.display_name, sheet=sheet, cell="",
                          district=self._names.get(district, district), own=own)

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


def audit(store: Store, actor: str, action: str, detail: str, now: Callable[[], dt.datetime] = dt.datetime.now) -> None:
    """One row in the audit log, in its own transaction."""
    with store.transaction() as tx:
        tx.execute("insert into audit_log values (?, ?, ?, ?)", [now().replace(microsecond=0), actor, action, detail])


def recent_failures(store: Store, name: str, minutes: int) -> int:
    """Failed sign-ins for one user name within the last `minutes` (the lockout counts these)."""
    since = dt.datetime.now().replace(microsecond=0) - dt.timedelta(minutes=minutes)
    # A successful sign-in starts the count again (see the .sql file).
    return int(store.scalar(sql_text("recent_login_failures"), {"name": name, "since": since}) or 0)
