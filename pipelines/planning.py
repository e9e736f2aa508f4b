"""Files in, plans out, with no store: read (each file in a sandboxed child), parse, hard checks, the same
return twice in one upload. `python -m pipelines check` uses this alone; the ledger (pipelines/ledger.py)
compares a plan with the store and commits it.

A file is the unit of acceptance: if any return in it fails a hard check, nothing from the file is stored.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from pipelines.checks import PreviousLookup, Values, hard_issues, soft_issues
from pipelines.config import Limits
from pipelines.grid import Workbook
from pipelines.identity import TextMemo
from pipelines.issues import Issue, issue
from pipelines.match import Aliases, Matcher
from pipelines.numbers import format_decimal
from pipelines.parse import ParsedReturn, parse_workbook
from pipelines.readers import ReadFailure, ReadResult
from pipelines.registry import Registry
from pipelines.sandbox import read_bytes, read_path


@dataclass(frozen=True)
class Change:
    indicator: str
    breakdown: str
    old: Decimal | None
    new: Decimal | None
    cell: str


@dataclass
class ReturnPlan:
    ret: ParsedReturn
    warnings: list[Issue] = field(default_factory=list)
    status: str = "new"  # new | supersede | unchanged (decided by Ledger.compare)
    previous_id: int | None = None
    previous_version: int = 0
    changes: list[Change] = field(default_factory=list)
    submission_id: int | None = None
    same_as: ReturnPlan | None = None  # the return of this upload that stores the same values

    @cached_property
    def content_hash(self) -> str:  # the parsed return does not change once planned
        return content_hash(self.ret)


@dataclass
class FilePlan:
    """What one file would do to the store; `Ledger.commit` carries it out."""

    display_name: str
    workbook: Workbook | None
    data: bytes
    returns: list[ReturnPlan]
    issues: list[Issue]  # file-level problems and every hard error

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.all_issues if i.severity == "error"]

    @property
    def accepted(self) -> bool:
        return self.workbook is not None and not self.errors and bool(self.returns)

    @property
    def all_issues(self) -> list[Issue]:
        return [*self.issues, *(w for r in self.returns for w in r.warnings)]

    def summary(self, registry: Registry | None = None) -> str:
        """One Chinese line for the CLI and the app (names from the registry when given)."""
        if not self.accepted:
            n = len(self.errors)
            return f"✗ {self.display_name}：未导入，发现 {n} 个错误"
        parts = []
        for r in self.returns:
            what = {"new": "新导入", "supersede": f"更新为第 {r.previous_version + 1} 版", "unchanged": "已导入，内容未变化"}[r.status]
            label = _return_label(registry, r.ret)
            warn = f"，{len(r.warnings)} 个提醒" if r.warnings and r.status != "unchanged" else ""
            parts.append(f"{label} {what}{warn}")
        return f"✓ {self.display_name}：" + "；".join(parts)


def _return_label(registry: Registry | None, ret: ParsedReturn) -> str:
    if registry is None or not ret.district or not ret.period:
        return f"{ret.district}/{ret.period}/{ret.form}"
    from pipelines.periods import Period

    return f"{registry.district(ret.district).name}{Period.parse_code(ret.period).label}{registry.form(ret.form).number}"


def content_hash(ret: ParsedReturn) -> str:
    lines = sorted(f"{o.indicator}|{o.breakdown}|{format_decimal(o.value)}" for o in ret.observations)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


MEMO_TEXTS = 200_000


def _nothing_stored(district: str, period: str, form: str) -> Values:
    return {}


class Planner:
    """Read, parse and check files against the registry and the aliases analysts taught; no database."""

    def __init__(self, registry: Registry, limits: Limits | None = None, aliases: Callable[[], Aliases] = Aliases):
        self.registry = registry
        self.limits = limits or Limits()
        self._load_aliases = aliases  # called when a plan first needs them (reading files does not)
        self._memo: TextMemo | None = None

    @cached_property
    def aliases(self) -> Aliases:
        return self._load_aliases()

    def forget_aliases(self) -> None:
        """A new alias was taught: the next plan reads them again."""
        self.__dict__.pop("aliases", None)
        self._memo = None

    def _text_memo(self) -> TextMemo:
        """Answers for texts (districts, periods, headers, lines) shared by the workbooks planned with the
        same aliases; started again past MEMO_TEXTS texts, so a long-lived planner does not grow."""
        aliases = self.aliases
        memo = self._memo
        if memo is None or memo.matcher.aliases is not aliases or memo.size() > MEMO_TEXTS:
            memo = self._memo = TextMemo(Matcher(self.registry, aliases))
        return memo

    def read(self, paths: Iterable[Path]) -> list[ReadResult]:
        """Each file read in a child process of its own (sandbox.py): no file can take this one down.
        A few at a time, as the children run on their own cores; results in the order of `paths`."""
        paths = [Path(p) for p in paths]
        if len(paths) < 2:
            return [r for p in paths for r in read_path(p, limits=self.limits)]
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(max_workers=min(len(paths), os.cpu_count() or 1, 4))
        try:
            futures = [pool.submit(read_path, p, limits=self.limits) for p in paths]
            return [r for f in futures for r in f.result()]
        finally:
            pool.shutdown(wait=False, cancel_futures=True)  # Ctrl-C: files not yet started are not read

    def read_upload(self, name: str, data: bytes) -> list[ReadResult]:
        return read_bytes(data, name, self.limits)

    def plan(self, results: list[ReadResult]) -> list[FilePlan]:
        """Parse and hard-check each file; the same district, period and form twice with different values
        (in one file or across the upload) rejects both."""
        plans = [self._plan_file(r) for r in results]
        self._flag_duplicates(plans)
        return plans

    def soft_check(self, plan: FilePlan, previous: PreviousLookup = _nothing_stored) -> None:
        """Soft checks of every return, also of a rejected file (so the district sees everything at once);
        `previous` gives the values in force of a return's quarter before (none without a store)."""
        for r in plan.returns:
            if not r.ret.district or not r.ret.period:
                continue
            within = [w for w in r.warnings if not w.code.startswith("check.")]
            r.warnings = [*within, *soft_issues(self.registry, r.ret, previous)]

    def _plan_file(self, result: ReadResult) -> FilePlan:
        if result.workbook is None:
            return FilePlan(result.display_name, None, result.data, [], list(result.issues))
        try:
            parsed = parse_workbook(result.workbook, self.registry, self.limits, self.aliases, self._text_memo())
        except ReadFailure as exc:  # a big sheet the parser wanted whole could not be read
            return FilePlan(result.display_name, None, result.data, [], [*result.issues, exc.issue])
        except (RecursionError, MemoryError, ArithmeticError, LookupError, ValueError, TypeError, AttributeError, AssertionError) as exc:
            # A fault of ours on one strange file is that file's message; the other files go on.
            detail = f"程序内部错误 {type(exc).__name__}：{exc}"[:200]
            return FilePlan(result.display_name, None, result.data, [], [*result.issues, issue("file.read_failed", result.display_name, detail=detail)])
        issues = [*result.issues, *parsed.issues]
        returns: list[ReturnPlan] = []
        for ret in parsed.returns:
            errors = [i for i in ret.issues if i.severity == "error"]
            if not errors:
                errors = hard_issues(self.registry, ret)
            issues.extend(errors)
            warnings = [i for i in ret.issues if i.severity == "warning"]
            returns.append(ReturnPlan(ret, warnings))
        self._flag_same_key(returns, issues, result.display_name)
        return FilePlan(result.display_name, result.workbook, result.data, returns, issues)

    def _flag_same_key(self, returns: list[ReturnPlan], issues: list[Issue], name: str) -> None:
        seen: dict[tuple[str, str, str], ReturnPlan] = {}
        for r in returns:
            if not r.ret.district or not r.ret.period:
                continue
            other = seen.get(r.ret.key)
            if other is not None and other.content_hash != r.content_hash:
                issues.append(self._duplicate_issue(r.ret, f"{name} › {other.ret.sheet}"))
            seen.setdefault(r.ret.key, r)

    def _duplicate_issue(self, ret: ParsedReturn, other: str) -> Issue:
        return issue(
            "check.duplicate_conflict",
            ret.file,
            ret.sheet,
            district=self.registry.district(ret.district).name,
            period=ret.period,
            form=self.registry.form(ret.form).title,
            other=other,
        )

    def _flag_duplicates(self, plans: list[FilePlan]) -> None:
        """The same district, period and form twice in one upload with different values rejects both."""
        seen: dict[tuple[str, str, str], tuple[FilePlan, ReturnPlan]] = {}
        for plan in plans:
            for r in plan.returns:
                if not r.ret.district or not r.ret.period:
                    continue
                first = seen.get(r.ret.key)
                if first is None:
                    seen[r.ret.key] = (plan, r)
                    continue
                other_plan, other = first
                if other_plan is plan or other.content_hash == r.content_hash:
                    continue
                plan.issues.append(self._duplicate_issue(r.ret, f"{other_plan.display_name} › {other.ret.sheet}"))
                other_plan.issues.append(self._duplicate_issue(other.ret, f"{plan.display_name} › {r.ret.sheet}"))
