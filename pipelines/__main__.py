"""Command line: python -m pipelines {sample,bootstrap,ingest,check,export,history,rollback,brief,users}."""

from __future__ import annotations

import argparse
import builtins
import csv
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipelines.config import Settings, settings_for
from pipelines.errors import StoreError
from pipelines.ledger import Ledger
from pipelines.planning import FilePlan, Planner
from pipelines.registry import Registry, load_registry
from pipelines.store import Store
from pipelines.users import Role, UsersError, UsersFile

# Line breaks, terminal escapes and other control characters (C0 but tab, DEL, C1, Unicode line and
# paragraph separators, bidirectional overrides) in anything printed: a file, sheet or district name
# with one could forge or garble output lines. They are printed escaped (\n, \x1b, \u202e).
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escaped(text: str) -> str:
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def print(*values: Any, sep: str = " ", end: str = "\n", file: Any = None, flush: bool = False) -> None:  # noqa: A001
    """The built-in print with every value's control characters escaped (each call is one line)."""
    builtins.print(*(_escaped(str(v)) for v in values), sep=sep, end=end, file=file, flush=flush)


def _print_plan(plan: FilePlan, registry: Registry) -> None:
    registry_names = {i.code: i.name for i in registry.indicators}
    print(plan.summary(registry))
    for i in plan.errors:
        print(f"    错误：{i.render()}")
    for r in plan.returns:
        if r.status == "unchanged":
            continue
        for w in r.warnings:
            print(f"    提醒：{w.render()}")
        for c in r.changes[:50]:
            old = "无" if c.old is None else _fmt(c.old)
            new = "无" if c.new is None else _fmt(c.new)
            print(f"    变化：{registry_names.get(c.indicator, c.indicator)}/{c.breakdown} {old} → {new}")
        if len(r.changes) > 50:
            print(f"    ……共 {len(r.changes)} 处变化")


def _fmt(v: object) -> str:
    from decimal import Decimal

    from pipelines.numbers import format_decimal

    return format_decimal(Decimal(str(v)))


_SAID: set[str] = set()


def _waiting(message: str) -> None:
    """The one line a command prints when the database is busy (the dashboard reading, another command):
    once per command, though an import may wait twice (to read what is stored, then to write)."""
    if message not in _SAID:
        _SAID.add(message)
        print(message, file=sys.stderr, flush=True)


def _store(settings: Settings, create: bool = True) -> Store:
    """The database, shared with the dashboard and other commands: each use waits its turn (pipelines.store)."""
    return Store.shared(settings.db_path, wait=settings.db_wait_seconds, on_wait=_waiting, create=create)


def cmd_sample(args: argparse.Namespace) -> int:
    from pipelines.sample import write_sample

    manifest = write_sample(Path(args.out))
    print(f"已生成示例市报表 {len(manifest.files)} 个文件，真实值见 {manifest.truth}")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    settings = settings_for(args.db)
    registry = load_registry(settings.registry_dir)
    ledger = Ledger(_store(settings), registry, settings, in_transaction=args.in_transaction)
    results = ledger.planner.read(Path(f) for f in args.files)

    def progress(n: int, total: int, plan: FilePlan) -> None:
        prefix = f"[{n}/{total}] " if args.progress else ""
        print(prefix, end="")
        _print_plan(plan, registry)
        sys.stdout.flush()

    plans = ledger.ingest(results, actor=args.user, is_sample=args.sample, progress=progress)
    rejected = sum(1 for p in plans if not p.accepted)
    if len(plans) > 1:
        print(f"共 {len(plans)} 个文件：导入 {len(plans) - rejected} 个，未导入 {rejected} 个。")
    return 1 if rejected else 0


def cmd_check(args: argparse.Namespace) -> int:
    settings = settings_for(args.db)
    registry = load_registry(settings.registry_dir)
    ledger = None
    if args.db:
        try:
            ledger = Ledger(_store(settings, create=False), registry, settings)
        except StoreError as exc:
            print(f"提示：{exc}（不与已入库数据比较）", file=sys.stderr)
    planner = Planner(registry, settings.limits)
    results = planner.read(Path(f) for f in args.files)
    plans = None
    if ledger is not None:
        try:
            with ledger.store.reading():  # what analysts taught, and the values in force, from one state
                plans = ledger.planner.plan(results)
                for p in plans:
                    ledger.compare(p)
        except StoreError as exc:  # busy past the wait limit: the check itself still stands
            print(f"提示：{exc}（不与已入库数据比较）", file=sys.stderr)
            plans = None
    if plans is None:
        plans = planner.plan(results)
        for p in plans:
            planner.soft_check(p)
    if args.json:
        out = [i.as_dict() | {"file": i.file or p.display_name} for p in plans for i in p.all_issues]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for p in plans:
            _print_plan(p, registry)
            _print_suggestions(p)
    return 1 if any(p.errors for p in plans) else 0


def _print_suggestions(plan: FilePlan) -> None:
    """For every header or label the file could not place: the command that teaches the best guess."""
    from pipelines.aliases import suggestion_command

    for r in plan.returns:
        for u in r.ret.unplaced:
            if not u.candidates:
                continue
            best = u.candidates[0]
            print(f"    建议：{r.ret.sheet} › {u.cell}“{u.text}”可能是“{best.name}”。确认后可运行：")
            print(f"      {suggestion_command(u.kind, u.scope, r.ret.district, u.text, best.code)}")


def cmd_aliases(args: argparse.Namespace) -> int:
    """Mappings analysts taught (headers, row labels, district names): list, add, remove."""
    from pipelines.aliases import Alias, AliasError, add_alias, list_aliases, remove_alias, target_name

    settings = settings_for(args.db)
    store = _store(settings)
    registry = load_registry(settings.registry_dir)
    try:
        if args.action == "list":
            frame = list_aliases(store)
            if frame.empty:
                print("还没有记住任何写法。")
            for r in frame.itertuples():
                where = r.district or "所有区县"
                print(f"{r.kind}\t{r.scope or '-'}\t{where}\t{r.text}\t→ {target_name(registry, r.kind, r.scope, r.target)}"
                      f"\t{r.created_by}\t{r.created_at:%Y-%m-%d %H:%M}")
            return 0
        if args.action == "add":
            alias = add_alias(store, registry, Alias(args.kind, args.scope or "", args.district or "", args.text, args.to), actor=args.user)
            print(f"已记住：{args.text} → {target_name(registry, alias.kind, alias.scope, alias.target)}。以后的报表按此读取。")
            return 0
        if remove_alias(store, registry, args.kind, args.scope or "", args.district or "", args.text, actor=args.user):
            print(f"已删除：{args.text}")
            return 0
        print(f"错误：没有这条记住的写法：{args.text}", file=sys.stderr)
        return 1
    except AliasError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    finally:
        store.close()


def cmd_export(args: argparse.Namespace) -> int:
    settings = settings_for(args.db)
    rows = Ledger(_store(settings), load_registry(settings.registry_dir), settings).export_rows()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["district", "period", "indicator", "breakdown", "value"])
        w.writerows(rows)
    print(f"已导出 {len(rows)} 条数据到 {out}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    settings = settings_for(args.db)
    frame = Ledger(_store(settings), load_registry(settings.registry_dir), settings).history(args.district, args.period)
    if frame.empty:
        print("没有符合条件的报送记录。")
        return 0
    status = {"active": "当前", "superseded": "已被替代", "rolled_back": "已回退"}
    for row in frame.itertuples():
        print(
            f"#{row.id}\t{row.district}\t{row.period}\t{row.form}\t第{row.version}版\t{status.get(row.status, row.status)}"
            f"\t{row.uploaded_at:%Y-%m-%d %H:%M}\t{row.uploaded_by}\t{row.file_name} › {row.sheet}\t{row.n_warnings}个提醒"
        )
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    settings = settings_for(args.db)
    try:
        sid, restored = Ledger(_store(settings), load_registry(settings.registry_dir), settings).rollback(args.id, actor=args.user)
    except LookupError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    print(f"已回退 #{sid}；" + (f"恢复为 #{restored}。" if restored else "该报表已无当前版本。"))
    return 0


def cmd_brief(args: argparse.Namespace) -> int:
    """The briefing pack as a 16:9 PPTX, made offline (charts by kaleido with the system's Chromium)."""
    from insights.briefing import build_pack
    from pipelines.periods import Period

    try:
        Period.parse_code(args.period)
    except ValueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    settings = settings_for(args.db)
    store = _store(settings)
    with store.reading():  # one state of the database for the whole pack (writers wait until it is made)
        if not store.scalar("select count(*) from submissions where status = 'active' and period = ?", [args.period]):
            print(f"错误：{args.period} 没有任何已导入的报表，无法生成汇报材料。", file=sys.stderr)
            return 1
        data = build_pack(store, load_registry(settings.registry_dir), args.period)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"已生成汇报材料 {out}（{len(data) / 1024 / 1024:.1f} MB）")
    return 0


def cmd_bootstrap(args: argparse.Namespace) -> int:
    """First start: an empty database gets the sample city (unless the sample was removed on purpose)."""
    settings = settings_for(args.db)
    store = _store(settings)
    with store.reading():
        count = store.scalar("select count(*) from submissions")
        removed = store.scalar("select value from meta where key = 'sample_removed'")
    if count or removed:
        print(f"数据库 {settings.db_path} 已有数据，跳过示例数据导入。")
        return 0
    sample_dir = Path(args.sample_dir)
    print(f"正在生成示例市报表到 {sample_dir} ……", flush=True)
    from pipelines.sample import write_sample

    manifest = write_sample(sample_dir)
    print(f"正在导入 {len(manifest.files)} 个示例报表到 {settings.db_path} ……", flush=True)
    ns = argparse.Namespace(db=args.db, files=[str(f) for f in manifest.files], user="示例数据", sample=True, progress=True,
                            in_transaction=args.in_transaction)
    return cmd_ingest(ns)


def _new_password(args: argparse.Namespace) -> str:
    """From standard input with --password-stdin (scripts), else typed twice without echo."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass("密码（至少 10 个字符）：")
    if getpass.getpass("再次输入密码：") != first:
        raise UsersError("两次输入的密码不一致。")
    return first


def cmd_users(args: argparse.Namespace) -> int:
    import getpass

    from pipelines.access import audit_file

    settings = settings_for(args.db, users=args.users)
    path = settings.users_path
    try:
        actor = f"命令行（{getpass.getuser()}）"
    except (KeyError, OSError):
        actor = "命令行"

    def audited(action: str, detail: str) -> None:
        # Into the audit log (waiting its turn); when the database stays busy past the limit, into a file the dashboard imports.
        audit_file(settings.db_path, actor, action, detail, on_wait=_waiting, wait=settings.db_wait_seconds)

    try:
        uf = UsersFile.load(path)
        if args.action == "list":
            if not uf.accounts:
                print(f"没有用户（{path} 不存在或为空）：看板以本机模式运行。")
            for a in sorted(uf.accounts.values(), key=lambda a: a.name):
                print(f"{a.name}\t{a.role.value}\t{a.role.label}\t{','.join(a.districts)}\t修改于 {a.updated_at}")
            return 0
        if args.action == "add":
            codes = [d.code for d in load_registry(settings.registry_dir).districts]
            acc = uf.add(args.name, Role(args.role), _new_password(args), args.district or (), codes)
            uf.save()
            audited("user_add", f"{acc.name}（{acc.role.label}）")
            print(f"已添加用户“{acc.name}”（{acc.role.label}）到 {path}。")
        elif args.action == "passwd":
            uf.passwd(args.name, _new_password(args))
            uf.save()
            audited("user_passwd", args.name)
            print(f"已重设“{args.name}”的密码，并解除了该用户名的登录限制。")
        elif args.action == "unlock":
            uf.unlock(args.name)
            uf.save()
            audited("user_unlock", args.name)
            print(f"已解除“{args.name}”的登录限制（该用户名的减速，以及因它暂停登录的电脑）。正在运行的看板下次登录时生效。")
        elif args.action == "remove":
            uf.remove(args.name)
            uf.save()
            audited("user_remove", args.name)
            print(f"已删除用户“{args.name}”。" + ("" if uf.accounts else "没有用户了：重新启动后看板回到本机模式（只在本机提供）。"))
    except UsersError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipelines", description="工会统计报表数据管道")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("sample", help="生成示例市的季度报表和真实值")
    p.add_argument("--out", default="data/sample")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("bootstrap", help="空数据库首次启动时导入示例数据")
    p.add_argument("--db")
    p.add_argument("--sample-dir", default="data/sample")
    p.set_defaults(func=cmd_bootstrap)

    p = sub.add_parser("ingest", help="读取、检查并导入报表")
    p.add_argument("--db")
    p.add_argument("--user", default="命令行")
    p.add_argument("--sample", action="store_true", help="标记为示例数据")
    p.add_argument("--progress", action="store_true")
    p.add_argument("files", nargs="+")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("check", help="只检查，不导入")
    p.add_argument("--json", action="store_true")
    p.add_argument("--db", help="与该数据库中的已有数据比较（可选）")
    p.add_argument("files", nargs="+")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("export", help="导出全部当前数据为 CSV")
    p.add_argument("--db")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("history", help="查看报送历史")
    p.add_argument("--db")
    p.add_argument("--district")
    p.add_argument("--period")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("brief", help="生成汇报材料（16:9 PPTX）")
    p.add_argument("--db")
    p.add_argument("--period", required=True, help="如 2025-Q3")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_brief)

    p = sub.add_parser("rollback", help="回退一个报送版本")
    p.add_argument("--db")
    p.add_argument("--user", default="命令行")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_rollback)

    p = sub.add_parser("aliases", help="记住的表头、行标题、区县写法（列出、添加、删除）")
    aliases = p.add_subparsers(dest="action", required=True)
    for action, help_text in (("list", "列出"), ("add", "添加"), ("remove", "删除")):
        a = aliases.add_parser(action, help=help_text)
        a.add_argument("--db")
        a.add_argument("--user", default="命令行")
        if action != "list":
            a.add_argument("--kind", required=True, choices=["header", "row", "district"], help="header 表头；row 行标题；district 区县名称")
            a.add_argument("--scope", help="表头：报表代码（coverage/membership/competitions/aid）；行标题：分组维度")
            a.add_argument("--district", help="只用于这个区县（区县代码；不写则所有区县）")
            a.add_argument("--text", required=True, help="报表中的写法")
        if action == "add":
            a.add_argument("--to", required=True, help="对应的指标、分组或区县代码；空字符串表示忽略此列")
        a.set_defaults(func=cmd_aliases)

    p = sub.add_parser("users", help="管理看板用户（用户文件，默认 data/users.json）")
    users = p.add_subparsers(dest="action", required=True)
    for action, help_text in (("add", "添加用户"), ("passwd", "重设密码（同时解除登录限制）"), ("remove", "删除用户"),
                              ("unlock", "解除某用户名的登录限制"), ("list", "列出用户")):
        u = users.add_parser(action, help=help_text)
        u.add_argument("--users", help="用户文件路径（默认 $UNIONSTATS_USERS 或 data/users.json）")
        u.add_argument("--db", help="记审计日志的数据库（默认 $UNIONSTATS_DB 或 data/unionstats.duckdb）")
        if action != "list":
            u.add_argument("name")
        if action == "add":
            u.add_argument("--role", required=True, choices=[r.value for r in Role],
                           help="viewer 领导（只看）；district 区县填报员；analyst 市总统计员；admin 管理员")
            u.add_argument("--district", action="append", help="区县代码（区县填报员必填，可重复）")
        if action in ("add", "passwd"):
            u.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（用于脚本）")
        u.set_defaults(func=cmd_users)
    return parser


def main(argv: list[str] | None = None, *, in_transaction: Callable[[], None] | None = None) -> int:
    """`in_transaction`: called inside each import's open transaction (tests/paused_ingest.py pauses there)."""
    args = build_parser().parse_args(argv)
    args.in_transaction = in_transaction
    try:
        return int(args.func(args))
    except StoreError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # The transaction in progress was rolled back and the originals it archived removed: nothing
        # of an unfinished import is left. Files reported above with ✓ were stored.
        builtins.print(file=sys.stderr)
        print("已中断：正在进行的导入没有写入数据库（前面标为 ✓ 的文件已导入）。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
