"""The ledger: plans (pipelines/planning.py) compared with the store and committed, versions, history,
rollback. Needs a store and settings; the originals go to the archive (pipelines/archive.py).

Each (district, period, form) is a submission with versions; a new version supersedes the active one,
both stay in history, and rollback brings the previous one back exactly. A file lands whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pandas as pd

from pipelines.aliases import load_aliases
from pipelines.archive import Archive
from pipelines.checks import Values
from pipelines.config import Settings
from pipelines.errors import StoreError, StoreUnavailable
from pipelines.grid import cell_address
from pipelines.issues import Issue, issue
from pipelines.numbers import format_decimal
from pipelines.parse import ParsedReturn
from pipelines.planning import Change, FilePlan, Planner, ReturnPlan
from pipelines.readers import ReadResult
from pipelines.registry import Registry
from pipelines.store import Store, sql_text


def _sample_received(ret: ParsedReturn) -> dt.datetime:
    """The sample city is loaded in one go; give each return a plausible receipt date instead (5 to 18
    days after the quarter ends, so the completeness view shows on-time and late returns as in life)."""
    import zlib

    from pipelines.periods import Period

    p = Period.parse_code(ret.period)
    quarter_end = dt.date(p.year + (p.end_month == 12), p.end_month % 12 + 1, 1) - dt.timedelta(days=1)
    days = 5 + zlib.crc32(f"{ret.district}{ret.period}".encode()) % 14
    return dt.datetime.combine(quarter_end + dt.timedelta(days=days), dt.time(9 + days % 8, 30))


def _previous_period(code: str) -> str:
    from pipelines.periods import Period

    return Period.parse_code(code).previous().code


# ---------------------------------------------------------------------------------------------


class Ledger:
    def __init__(self, store: Store, registry: Registry, settings: Settings, *, in_transaction: Callable[[], None] | None = None):
        """`in_transaction` is called inside each commit's open transaction, before its rows are written
        (tests/test_crash.py kills the process there)."""
        self.store = store
        self.registry = registry
        self.settings = settings
        self.archive = Archive(settings.archive_dir)
        self.planner = Planner(registry, settings.limits, lambda: load_aliases(store))
        self._in_transaction = in_transaction

    def forget_aliases(self) -> None:
        """What analysts taught is read once per ledger; after a new alias, read it again."""
        self.planner.forget_aliases()

    # ---------------------------------------------------------------------------------------
    # comparing with the store

    def compare(self, plan: FilePlan, is_sample: bool = False) -> None:
        """Soft checks (also for rejected files, so the district sees everything at once); for an
        accepted plan also its status and diff against the store as it is now. A real return is
        compared with real data only, never with the fictional sample city (and the other way round)."""
        self._compare_all([plan], is_sample)

    def _compare_all(self, plans: list[FilePlan], is_sample: bool = False) -> None:
        """compare() for files about to be committed together, with one query of each kind for all.

        A return that an earlier one of these files (or sheet of this file) already stores is
        unchanged: the same return twice in one upload is stored once (with different values both
        were rejected by the duplicate checks of Planner.plan).
        """
        keyed = [(p, r) for p in plans if p.workbook is not None for r in p.returns if r.ret.district and r.ret.period]
        state = self._state(list(dict.fromkeys(r.ret.key for _, r in keyed)))
        previous = self._stored_values_for({(r.ret.district, _previous_period(r.ret.period), r.ret.form) for _, r in keyed}, is_sample)
        for plan in plans:
            self.planner.soft_check(plan, lambda d, p, f: previous.get((d, p, f), {}))
        storing: dict[tuple[str, str, str], ReturnPlan] = {}
        superseding: list[ReturnPlan] = []
        for plan, r in keyed:
            if not plan.accepted:
                continue
            r.changes, r.same_as = [], None
            earlier = storing.get(r.ret.key)
            if earlier is not None:
                if earlier.content_hash != r.content_hash:
                    raise AssertionError(f"{r.ret.key} twice with different values passed the duplicate checks")
                r.status, r.previous_id, r.previous_version = "unchanged", None, earlier.previous_version + 1
                r.same_as = earlier
                continue
            active, max_version = state.get(r.ret.key, (None, 0))
            if active is None:
                r.status, r.previous_id, r.previous_version = "new", None, max_version
            else:
                prev_id, prev_version, prev_hash = active
                r.previous_id, r.previous_version = prev_id, prev_version
                r.status = "unchanged" if prev_hash == r.content_hash else "supersede"
            if r.status != "unchanged":
                storing[r.ret.key] = r
            if r.status == "supersede":
                superseding.append(r)
        old = self._values_of([r.previous_id for r in superseding if r.previous_id is not None])
        for r in superseding:
            assert r.previous_id is not None
            r.changes = _diff(old.get(r.previous_id, {}), r.ret)

    def _state(self, keys: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], tuple[tuple[int, int, str] | None, int]]:
        """For each (district, period, form): its active version (id, version, content hash) and the highest version."""
        if not keys:
            return {}
        rows = self.store.rows(sql_text("submission_state"), {"keys": ["|".join(k) for k in keys]})
        found: dict[tuple[str, str, str], tuple[tuple[int, int, str] | None, int]] = {}
        for district, period, form, active_id, active_version, active_hash, max_version in rows:
            active = (int(active_id), int(active_version), str(active_hash)) if active_id is not None else None
            found[(district, period, form)] = (active, int(max_version))
        return found

    def _stored_values_for(self, keys: set[tuple[str, str, str]], is_sample: bool = False) -> dict[tuple[str, str, str], Values]:
        """Values in force for each (district, period, form), in one query (sample or real data only)."""
        if not keys:
            return {}
        rows = self.store.rows(
            "select district, period, form, indicator, breakdown, value from current_observations "
            "where list_contains($keys, district || '|' || period || '|' || form) and is_sample = $sample",
            {"keys": ["|".join(k) for k in keys], "sample": is_sample},
        )
        found: dict[tuple[str, str, str], Values] = {}
        for d, p, f, i, b, v in rows:
            found.setdefault((d, p, f), {})[(i, b)] = Decimal(v)  # type: ignore[index]
        return found

    def _values_of(self, submission_ids: list[int]) -> dict[int, dict[tuple[str, str], Decimal]]:
        """Stored values of each submission, in one query."""
        if not submission_ids:
            return {}
        found: dict[int, dict[tuple[str, str], Decimal]] = {}
        for sid, i, b, v in self.store.rows(
            "select submission_id, indicator, breakdown, value from observations where list_contains(?, submission_id)", [submission_ids]
        ):
            found.setdefault(int(sid), {})[(i, b)] = Decimal(v)
        return found

    # ---------------------------------------------------------------------------------------
    # committing

    def commit(self, plan: FilePlan, actor: str, is_sample: bool = False) -> FilePlan:
        """Archive the original, then store every changed return of the file in one transaction."""
        self._commit_together([plan], actor, is_sample)
        return plan

    def _commit_together(self, plans: list[FilePlan], actor: str, is_sample: bool) -> None:
        """Archive the originals, then store every changed return of these files in one transaction:
        each file lands whole or not at all, as with one transaction each, for one commit's cost."""
        # Compared and stored with the database to ourselves: no other process commits in between.
        with self.store.writing():
            self._compare_all(plans, is_sample)
            storing = [(p, [r for r in p.returns if r.status != "unchanged"]) for p in plans if p.accepted]
            storing = [(p, rs) for p, rs in storing if rs]
            if not storing:
                return
            created: list[Path] = []
            try:
                originals = [(p.workbook, p.display_name, p.data) for p, _ in storing if p.workbook is not None]
                archives = list(zip([p for p, _ in storing], self.archive.write_all(originals, created), strict=True))
                self._store(storing, archives, actor, is_sample)
            except BaseException:
                for path in created:  # no original without its submission, even after Ctrl-C or a full disk
                    path.unlink(missing_ok=True)
                raise
        for p in plans:  # a return stored twice in this upload points at the one version it became
            for r in p.returns:
                if r.same_as is not None:
                    r.previous_id = r.same_as.submission_id

    def _store(self, storing: list[tuple[FilePlan, list[ReturnPlan]]], archives: list[tuple[FilePlan, Path]], actor: str,
               is_sample: bool) -> None:
        """The rows of every changed return of these files, in one transaction."""
        now = dt.datetime.now().replace(microsecond=0)
        columns: dict[str, dict[str, list[object]]] = {t: {} for t in ("files", "submissions", "observations", "current_observations", "raw_cells",
                                                                      "submission_issues", "audit_log")}
        with self.store.transaction() as tx:
            shas = [p.workbook.sha256 for p, _ in storing if p.workbook is not None]
            known = {row[0] for row in tx.rows("select sha256 from files where list_contains(?, sha256)", [shas])}
            for p, archive in archives:
                assert p.workbook is not None
                if p.workbook.sha256 not in known:
                    known.add(p.workbook.sha256)
                    _extend(columns["files"], {
                        "sha256": [p.workbook.sha256], "size": [p.workbook.size], "format": [p.workbook.format],
                        "first_name": [p.display_name], "archive_path": [str(archive)], "received_at": [now],
                    })
            next_id = int(tx.scalar("select coalesce(max(id), 0) + 1 from submissions"))
            superseded = [r.previous_id for _, rs in storing for r in rs if r.previous_id is not None]
            if superseded:
                tx.execute("update submissions set status = 'superseded' where list_contains(?, id)", [superseded])
                tx.execute("delete from current_observations where list_contains(?, submission_id)", [superseded])
            for p, rs in storing:
                for r in rs:
                    r.submission_id = next_id
                    next_id += 1
                    self._rows_of(r, p, actor, is_sample, now, columns)
            if self._in_transaction is not None:
                self._in_transaction()
            for table, data in columns.items():
                tx.append(table, data)
            tx.refresh_totals(sorted({r.ret.period for _, rs in storing for r in rs}))

    def _rows_of(self, r: ReturnPlan, plan: FilePlan, actor: str, is_sample: bool, now: dt.datetime,
                 columns: dict[str, dict[str, list[object]]]) -> None:
        """Append one return's rows, column-wise, to the batch a file commits at once."""
        assert plan.workbook is not None and r.submission_id is not None
        sid, ret = r.submission_id, r.ret
        _extend(columns["submissions"], {
            "id": [sid], "district": [ret.district], "period": [ret.period], "form": [ret.form],
            "version": [r.previous_version + 1], "status": ["active"], "file_name": [plan.display_name], "sheet": [ret.sheet],
            "sha256": [plan.workbook.sha256], "content_hash": [r.content_hash], "uploaded_by": [actor],
            "uploaded_at": [_sample_received(ret) if is_sample else now],
            "is_sample": [is_sample], "supersedes": [r.previous_id], "n_observations": [len(ret.observations)],
            "n_warnings": [len(r.warnings)],
        })
        n = len(ret.observations)
        observed: dict[str, list[object]] = {
            "submission_id": [sid] * n, "district": [ret.district] * n, "period": [ret.period] * n,
            "indicator": [o.indicator for o in ret.observations], "breakdown": [o.breakdown for o in ret.observations],
            "value": [format_decimal(o.value) for o in ret.observations], "sheet": [ret.sheet] * n,
            "cell": [o.cell for o in ret.observations],
        }
        _extend(columns["observations"], observed)
        _extend(columns["current_observations"], observed | {"form": [ret.form] * n, "is_sample": [is_sample] * n})
        m = len(ret.cells)
        _extend(columns["raw_cells"], {
            "submission_id": [sid] * m, "row_index": [c[0] for c in ret.cells], "col_index": [c[1] for c in ret.cells],
            "address": [cell_address(c[0], c[1]) for c in ret.cells], "text": [c[2] for c in ret.cells],
        })
        issues = [i.as_dict() for i in r.warnings]
        _extend(columns["submission_issues"], {
            "submission_id": [sid] * len(issues),
            **{k: [i[k] for i in issues] for k in ("file", "sheet", "cell", "severity", "code", "message", "advice")},
        })
        action = "supersede" if r.previous_id is not None else "upload"
        _extend(columns["audit_log"], {
            "logged_at": [now], "actor": [actor], "action": [action],
            "detail": [f"{plan.display_name} › {ret.sheet}: {ret.district} {ret.period} {ret.form} 第{r.previous_version + 1}版 (#{sid})"],
        })

    def ingest(
        self,
        results: list[ReadResult],
        actor: str,
        is_sample: bool = False,
        progress: Callable[[int, int, FilePlan], None] | None = None,
    ) -> list[FilePlan]:
        with self.store.reading():
            plans = self.planner.plan(results)
        # Earlier periods first, so history checks of a batch see the quarter before.
        order = sorted(range(len(plans)), key=lambda i: (min((r.ret.period for r in plans[i].returns), default=""), i))
        n = 0
        for group in _commit_groups([plans[i] for i in order]):
            self._commit_alone_if_need_be(group, actor, is_sample)
            for plan in group:
                n += 1
                if progress:
                    progress(n, len(plans), plan)
        return plans

    def _commit_alone_if_need_be(self, group: list[FilePlan], actor: str, is_sample: bool) -> None:
        """A group in one transaction; when that fails, each file in a transaction of its own, so one
        file the database refuses (a disk that fills up, a value no column can hold) is that file's
        error and the others are stored."""
        try:
            self._commit_together(group, actor, is_sample)
            return
        except StoreUnavailable:
            raise  # the database, not a file (read-only, busy past the limit): no file of the batch can be stored
        except StoreError as exc:
            if len(group) == 1:
                group[0].issues.append(_store_issue(group[0], exc))
                return
        for plan in group:
            try:
                self._commit_together([plan], actor, is_sample)
            except StoreUnavailable:
                raise
            except StoreError as exc:
                plan.issues.append(_store_issue(plan, exc))

    # ---------------------------------------------------------------------------------------
    # history

    def history(self, district: str | None = None, period: str | None = None) -> pd.DataFrame:
        return self.store.frame(sql_text("history"), [district, district, period, period])

    def rollback(self, submission_id: int, actor: str) -> tuple[int, int | None]:
        """Withdraw an active version; the one it superseded (if any) becomes active again."""
        with self.store.writing():  # the status read is the one the update acts on
            rows = self.store.rows("select status, supersedes, district, period, form from submissions where id = ?", [submission_id])
            if not rows:
                raise LookupError(f"没有编号为 {submission_id} 的报送记录。请用 history 命令查看编号。")
            status, supersedes, district, period, form = rows[0]
            if status != "active":
                raise LookupError(f"报送记录 {submission_id} 不是当前版本（状态：{status}），只能回退当前版本。")
            now = dt.datetime.now().replace(microsecond=0)
            with self.store.transaction() as tx:
                tx.execute("update submissions set status = 'rolled_back' where id = ?", [submission_id])
                if supersedes is not None:
                    tx.execute("update submissions set status = 'active' where id = ?", [supersedes])
                tx.refresh_current([submission_id] + ([supersedes] if supersedes is not None else []))
                tx.refresh_totals([period])
                tx.execute(
                    "insert into audit_log values (?, ?, 'rollback', ?)",
                    [now, actor, f"#{submission_id} {district} {period} {form} → {'#' + str(supersedes) if supersedes else '无'}"],
                )
        return submission_id, supersedes

    def remove_sample(self, actor: str) -> int:
        """Delete every submission of the generated sample city (and its archived originals), so a
        city starts on its own returns. Returns how many submissions were removed."""
        with self.store.writing():  # the ids read are the ones deleted
            ids = [r[0] for r in self.store.rows("select id from submissions where is_sample")]
            shas = [r[0] for r in self.store.rows("select distinct sha256 from submissions where is_sample")]
            periods = [r[0] for r in self.store.rows("select distinct period from submissions where is_sample")]
            now = dt.datetime.now().replace(microsecond=0)
            with self.store.transaction() as tx:
                for table in ("observations", "current_observations", "raw_cells", "submission_issues"):
                    tx.execute(f"delete from {table} where list_contains(?, submission_id)", [ids])
                tx.execute("delete from submissions where is_sample")
                tx.refresh_totals(periods)
                archived = tx.rows("select archive_path from files where list_contains(?, sha256) and sha256 not in (select sha256 from submissions)", [shas])
                tx.execute("delete from files where list_contains(?, sha256) and sha256 not in (select sha256 from submissions)", [shas])
                tx.execute("insert or replace into meta values ('sample_removed', 'true')")
                tx.execute("insert into audit_log values (?, ?, 'remove_sample', ?)", [now, actor, f"删除示例数据 {len(ids)} 份报表"])
        self.archive.remove([path for (path,) in archived])  # after the commit: a crash before it leaves the originals in place
        return len(ids)

    def load_sample(self, sample_dir: Path, actor: str) -> list[FilePlan]:
        """Generate the sample city again and ingest it, marked as sample data."""
        from pipelines.sample import write_sample

        manifest = write_sample(sample_dir, registry=self.registry)
        with self.store.transaction() as tx:
            tx.execute("delete from meta where key = 'sample_removed'")
        self.store.release()  # reading files needs no database: writers elsewhere need not wait for it
        return self.ingest(self.planner.read(manifest.files), actor=actor, is_sample=True)

    def original(self, submission_id: int) -> tuple[str, bytes] | None:
        """The archived original file of a submission: (file name, bytes)."""
        rows = self.store.rows(
            "select s.file_name, f.archive_path from submissions s join files f on f.sha256 = s.sha256 where s.id = ?", [submission_id]
        )
        data = self.archive.original(rows[0][1]) if rows else None
        if data is None:
            return None
        return str(rows[0][0]).split(" › ")[-1], data

    def export_rows(self) -> list[tuple[str, str, str, str, str]]:
        rows = self.store.rows(
            "select district, period, indicator, breakdown, value from current_observations order by district, period, indicator, breakdown"
        )
        return [(d, p, i, b, format_decimal(Decimal(v))) for d, p, i, b, v in rows]


COMMIT_GROUP_FILES = 50  # files per transaction at most, so progress is reported as it goes


def _commit_groups(plans: list[FilePlan]) -> Iterator[list[FilePlan]]:
    """Runs of files that can be committed in one transaction without changing any outcome: all their
    returns are of one period, so the history checks of each look only at earlier, committed periods.
    A file spanning several periods goes alone, as its later returns may need an earlier group's."""
    group: list[FilePlan] = []
    period: str | None = None
    for plan in plans:
        periods = {r.ret.period for r in plan.returns if r.ret.district and r.ret.period}
        fits = len(periods) <= 1 and (not periods or period is None or periods == {period}) and len(group) < COMMIT_GROUP_FILES
        if group and not fits:
            yield group
            group, period = [], None
        group.append(plan)
        if len(periods) > 1:
            yield group
            group, period = [], None
        elif periods:
            period = next(iter(periods))
    if group:
        yield group


def _store_issue(plan: FilePlan, exc: StoreError) -> Issue:
    return issue("store.failed", plan.display_name, detail=str(exc).rstrip("。"))


def _diff(old: dict[tuple[str, str], Decimal], ret: ParsedReturn) -> list[Change]:
    new = {(o.indicator, o.breakdown): o for o in ret.observations}
    changes = []
    for key in sorted(set(old) | set(new)):
        o, n = old.get(key), new.get(key)
        if n is None or o is None or o != n.value:
            changes.append(Change(key[0], key[1], o, n.value if n else None, n.cell if n else ""))
    return changes


def _extend(table: dict[str, list[object]], rows: dict[str, list[object]]) -> None:
    for column, values in rows.items():
        table.setdefault(column, []).extend(values)
