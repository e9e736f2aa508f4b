"""The one module that talks to DuckDB: connect, create the schema, query with bound parameters,
run a transaction. Nothing else imports duckdb, and no identifier is ever pasted from user input.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from pipelines.errors import StoreError

SCHEMA_VERSION = "3"
# Additive upgrades from an older version: statements that bring it to the next one.
_UPGRADES = {"1": "upgrade_1_to_2", "2": "upgrade_2_to_3"}
SQL_DIR = Path(__file__).parent / "sql"
_TABLES = ("files", "submissions", "raw_cells", "observations", "submission_issues", "audit_log", "meta", "aliases")


Params = Sequence[Any] | Mapping[str, Any]


def _bind(params: Params) -> list[Any] | dict[str, Any]:
    """Positional `?` parameters as a list, named `$name` parameters as a dict."""
    return dict(params) if isinstance(params, Mapping) else list(params)


@cache
def sql_text(name: str, directory: Path = SQL_DIR) -> str:
    """A statement kept in a .sql file next to its users (one statement per file)."""
    return (directory / f"{name}.sql").read_text(encoding="utf-8")


def _owner_only(db: Path) -> None:
    """The database (and its write-ahead log) 0600 and the archive of originals next to it 0700, like the users file."""
    from pipelines.config import settings_for

    try:
        for f in (db, db.with_name(db.name + ".wal")):
            if f.exists():
                f.chmod(0o600)
        archive = settings_for(db).archive_dir
        archive.mkdir(mode=0o700, exist_ok=True)
        archive.chmod(0o700)
    except OSError:  # a file someone else owns: leave its mode to them
        pass


class Store:
    def __init__(self, con: duckdb.DuckDBPyConnection, path: str):
        self._con = con
        self.path = path

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False) -> Store:
        target = str(path)
        new = target == ":memory:" or not Path(target).exists()
        if target != ":memory:":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(target, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(_open_problem(target, exc)) from exc
        store = cls(con, target)
        if not read_only:
            store._migrate(new)
            if target != ":memory:":
                _owner_only(Path(target))
        return store

    def _migrate(self, new: bool = False) -> None:
        # Asking the catalog (information_schema) costs ~8 ms a connection; reading meta costs ~1 ms,
        # and a file that did not exist before connect needs no question at all.
        if not new:
            try:
                version = self.scalar("select value from meta where key = 'schema_version'")
            except duckdb.CatalogException:  # a database file without our tables
                version = None
            else:
                while version in _UPGRADES:
                    with self.transaction() as tx:
                        for statement in sql_text(_UPGRADES[version]).split(";\n"):
                            if statement.strip():
                                tx.execute(statement)
                    version = self.scalar("select value from meta where key = 'schema_version'")
                if version != SCHEMA_VERSION:
                    raise StoreError(f"数据库结构版本为 {version}，本程序需要 {SCHEMA_VERSION}。请先升级数据库。")
                return
        with self.transaction() as tx:
            for statement in sql_text("schema").split(";\n"):
                if statement.strip():
                    tx.execute(statement)
            tx.execute("insert into meta values ('schema_version', ?)", [SCHEMA_VERSION])

    def close(self) -> None:
        self._con.close()

    # --- reading -----------------------------------------------------------------------------

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        # A cursor per call: Streamlit serves each browser session from its own thread.
        return self._con.cursor()

    def rows(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return self._cursor().execute(sql, _bind(params)).fetchall()

    def scalar(self, sql: str, params: Params = ()) -> Any:
        row = self._cursor().execute(sql, _bind(params)).fetchone()
        return None if row is None else row[0]

    def frame(self, sql: str, params: Params = ()) -> pd.DataFrame:
        return self._cursor().execute(sql, _bind(params)).df()

    # --- writing -------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """All of it lands or none. A database error (disk full, read-only, a value the column cannot
        hold) comes out as a StoreError that says what it is; Ctrl-C as KeyboardInterrupt."""
        cur = self._con.cursor()
        try:
            cur.execute("begin transaction")
            try:
                yield Transaction(cur)
            except BaseException:
                _rollback(cur)
                raise
            else:
                try:
                    cur.execute("commit")
                except BaseException:
                    _rollback(cur)
                    raise
        except duckdb.InterruptException as exc:
            raise KeyboardInterrupt from exc
        except duckdb.Error as exc:
            raise StoreError(_write_problem(self.path, exc)) from exc
        finally:
            cur.close()


def _rollback(cur: duckdb.DuckDBPyConnection) -> None:
    with suppress(duckdb.Error):  # no transaction left to roll back (DuckDB ends one that failed to commit)
        cur.execute("rollback")


def _open_problem(target: str, exc: Exception) -> str:
    text = str(exc)
    lowered = text.lower()
    if "read-only file system" in lowered or "permission denied" in lowered or "read only" in lowered:
        return f"数据库 {target} 是只读的，无法写入（{text}）。请检查文件和所在文件夹的写权限，或用 --db 指定一个可写的位置。"
    if "no space left" in lowered:
        return f"磁盘空间不足，无法打开数据库 {target}（{text}）。请清理磁盘后重试。"
    if "lock" in lowered:
        return f"数据库 {target} 正被其他程序占用（{text}）。请关闭看板或其他导入程序后重试。"
    return f"无法打开数据库 {target}（{text}）。请确认这是本系统的数据库文件。"


def _write_problem(target: str, exc: Exception) -> str:
    text = str(exc)
    lowered = text.lower()
    if "no space left" in lowered or "disk full" in lowered:
        return f"磁盘空间不足，数据没有保存（{text}）。请清理数据库 {target} 所在磁盘后重试。"
    if "read-only" in lowered or "read only" in lowered or "permission denied" in lowered:
        return f"数据库 {target} 是只读的，数据没有保存（{text}）。请检查文件和所在文件夹的写权限。"
    if isinstance(exc, (duckdb.ConversionException, duckdb.OutOfRangeException)):
        return f"有数值超出数据库能保存的范围，数据没有保存（{text}）。请核对报表中的数值。"
    return f"保存到数据库时出错，数据没有保存（{text}）。"


class Transaction:
    """Statements inside one DuckDB transaction: all of them land, or none."""

    def __init__(self, cur: duckdb.DuckDBPyConnection):
        self._cur = cur

    def execute(self, sql: str, params: Params = ()) -> None:
        self._cur.execute(sql, _bind(params))

    def scalar(self, sql: str, params: Params = ()) -> Any:
        # fetchall, not fetchone: DuckDB refuses the next statement while a result is unfinished.
        rows = self._cur.execute(sql, _bind(params)).fetchall()
        return rows[0][0] if rows else None

    def rows(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        return self._cur.execute(sql, _bind(params)).fetchall()

    def append(self, table: str, columns: dict[str, list[Any]]) -> None:
        """Append rows given column-wise, named as the table's columns (table names are ours, never input).

        An Arrow table goes in with one statement, whatever the number of rows.
        """
        if table not in _TABLES:
            raise ValueError(f"unknown table {table}")
        if not columns or not next(iter(columns.values())):
            return
        _incoming = pa.table({name: pa.array(values) for name, values in columns.items()})  # noqa: F841
        names = ", ".join(columns)  # our own column names, checked against the schema by DuckDB
        # DuckDB finds the local variable _incoming by its name (a replacement scan): ~0.7 ms less per
        # statement than register() and unregister(), which an ingest pays for every table.
        self._cur.execute(f"insert into {table} ({names}) select {names} from _incoming")
