"""Mappings analysts teach the pipeline: a header, row label or district name it could not place.

Stored in the database (who, when; every change audited) and applied to every later upload of that
district, so the second quarter from a county with odd headers imports with no help. An alias never
overrides a registry name: a text the registry already knows cannot be taught to mean something else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from pipelines.match import IGNORE, Aliases, alias_key
from pipelines.registry import Registry
from pipelines.store import Store

KINDS = {"header": "表头", "row": "行标题", "district": "区县名称"}


class AliasError(ValueError):
    """The alias cannot be taught; the message says why in Chinese."""


@dataclass(frozen=True)
class Alias:
    kind: str
    scope: str  # form code (header), dimension (row), "" (district)
    district: str  # "" = every district
    text: str  # normalised
    target: str  # indicator, breakdown or district code; "" = ignore this column
    created_by: str = ""
    created_at: dt.datetime | None = None


def load_aliases(store: Store | None) -> Aliases:
    if store is None or not store.scalar("select count(*) from information_schema.tables where table_name = 'aliases'"):
        return Aliases()  # no store, or an older database opened read-only (upgraded on its next write)
    frame = store.frame("select kind, scope, district, text, target from aliases")
    return Aliases({(r.kind, r.scope, r.district, r.text): r.target for r in frame.itertuples()})


def list_aliases(store: Store) -> pd.DataFrame:
    return store.frame("select kind, scope, district, text, target, created_by, created_at from aliases order by created_at, text")


def validate(registry: Registry, alias: Alias) -> Alias:
    """The alias with its text normalised, or AliasError saying what is wrong."""
    text = alias_key(alias.text)
    if not text:
        raise AliasError("要记住的文字是空的。")
    if alias.kind not in KINDS:
        raise AliasError(f"类型应为 {'、'.join(KINDS)} 之一，而不是“{alias.kind}”。")
    if alias.district and alias.district not in {d.code for d in registry.districts}:
        raise AliasError(f"没有代码为“{alias.district}”的区县。")
    if alias.kind == "header":
        forms = {f.code for f in registry.forms}
        if alias.scope not in forms:
            raise AliasError(f"没有代码为“{alias.scope}”的报表（应为 {'、'.join(sorted(forms))} 之一）。")
        codes = {i.code for i in registry.indicators_of(alias.scope) if i.layout != "none"}
        if alias.target != IGNORE and alias.target not in codes:
            raise AliasError(f"报表 {alias.scope} 没有代码为“{alias.target}”的指标。")
        known = registry.indicator_for_label(alias.scope, text)
        if known is not None:
            raise AliasError(f"“{alias.text}”已是指标“{known.name}”的标准写法，不能改作别的意思。")
    elif alias.kind == "row":
        dims = {f.dimension for f in registry.forms}
        if alias.scope not in dims:
            raise AliasError(f"没有分组维度“{alias.scope}”。")
        codes = {b.code for b in registry.breakdowns_of(alias.scope)}
        if alias.target not in codes and alias.target != IGNORE:
            raise AliasError(f"分组维度 {alias.scope} 没有代码为“{alias.target}”的分组。")
        known_row = registry.breakdown_for_label(alias.scope, text)
        if known_row is not None:
            raise AliasError(f"“{alias.text}”已是分组“{known_row.name}”的标准写法，不能改作别的意思。")
    else:
        if alias.target not in {d.code for d in registry.districts}:
            raise AliasError(f"没有代码为“{alias.target}”的区县。")
        named = registry.districts_in(alias.text)
        if named:
            raise AliasError(f"“{alias.text}”中已含有区县名称“{named[0].name}”，不能改作别的区县。")
        if len(text) < 2:
            raise AliasError("区县别名至少两个字。")
        return Alias(alias.kind, "", "", text, alias.target, alias.created_by)
    return Alias(alias.kind, alias.scope, alias.district, text, alias.target, alias.created_by)


def add_alias(store: Store, registry: Registry, alias: Alias, actor: str, now: dt.datetime | None = None) -> Alias:
    checked = validate(registry, alias)
    when = (now or dt.datetime.now()).replace(microsecond=0)
    with store.transaction() as tx:
        tx.execute("delete from aliases where kind = ? and scope = ? and district = ? and text = ?",
                   [checked.kind, checked.scope, checked.district, checked.text])
        tx.execute("insert into aliases values (?, ?, ?, ?, ?, ?, ?)",
                   [checked.kind, checked.scope, checked.district, checked.text, checked.target, actor, when])
        tx.execute("insert into audit_log values (?, ?, ?, ?)", [when, actor, "alias_add", describe(registry, checked)])
    return checked


def remove_alias(store: Store, registry: Registry, kind: str, scope: str, district: str, text: str, actor: str) -> bool:
    key = alias_key(text)
    with store.writing():  # the row found is the row deleted
        found = store.frame("select kind, scope, district, text, target from aliases where kind = ? and scope = ? and district = ? and text = ?",
                            [kind, scope, district, key])
        if found.empty:
            return False
        row = found.iloc[0]
        when = dt.datetime.now().replace(microsecond=0)
        with store.transaction() as tx:
            tx.execute("delete from aliases where kind = ? and scope = ? and district = ? and text = ?", [kind, scope, district, key])
            tx.execute("insert into audit_log values (?, ?, ?, ?)",
                       [when, actor, "alias_remove", describe(registry, Alias(kind, scope, district, key, str(row["target"])))])
    return True


def target_name(registry: Registry, kind: str, scope: str, target: str) -> str:
    if target == IGNORE:
        return "（忽略此列）"
    try:
        if kind == "header":
            return registry.indicator(target).name
        if kind == "row":
            return registry.breakdown(scope, target).name
        return registry.district(target).name
    except KeyError:
        return target


def describe(registry: Registry, alias: Alias) -> str:
    where = "所有区县" if not alias.district else registry.district(alias.district).name
    scope = registry.form(alias.scope).title if alias.kind == "header" else alias.scope
    return f"{KINDS[alias.kind]}“{alias.text}”→“{target_name(registry, alias.kind, alias.scope, alias.target)}”（{scope}，{where}）"


def suggestion_command(kind: str, scope: str, district: str, text: str, target: str) -> str:
    """The command line that teaches a suggestion (printed by `check`)."""
    import shlex

    parts = ["python -m pipelines aliases add", f"--kind {kind}"]
    if kind != "district":
        parts.append(f"--scope {scope}")
    if district:
        parts.append(f"--district {district}")
    parts += [f"--text {shlex.quote(text)}", f"--to {target or shlex.quote('')}"]
    return " ".join(parts)
