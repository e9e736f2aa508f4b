"""The app's handle on data: one store per database path, query results cached on plain arguments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from insights import queries
from pipelines.config import registry_dir, settings_for
from pipelines.registry import Registry, load_registry
from pipelines.store import Store


def db_path() -> str:
    return str(settings_for(None).db_path)


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    return Store.open(path)


def store() -> Store:
    return _store(db_path())


def registry() -> Registry:
    return load_registry(registry_dir())


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(path: str, name: str, args: tuple[Any, ...]) -> Any:
    return getattr(queries, name)(_store(path), *args)


def q(name: str, *args: Any) -> Any:
    """Run insights.queries.<name>(store, *args), cached until the data changes."""
    return _cached(db_path(), name, args)


def fresh(name: str, *args: Any) -> Any:
    """Run insights.queries.<name>(store, *args) uncached (the audit log changes on every sign-in)."""
    return getattr(queries, name)(store(), *args)


@st.cache_data(show_spinner=False, max_entries=16)
def _latest(path: str, registry_path: str) -> str | None:
    return queries.latest_complete_period(_store(path), load_registry(Path(registry_path)))


def latest_period() -> str | None:
    return _latest(db_path(), str(registry_dir()))


def clear_caches() -> None:
    """After a commit or rollback every page must show the new data at once."""
    _cached.clear()
    _latest.clear()


def ledger():  # -> pipelines.ledger.Ledger
    """The ledger over the app's store (writes go through the same code as the CLI)."""
    from pipelines.ledger import Ledger

    return Ledger(store(), registry(), settings_for(None))


def pack_bytes(period: str) -> bytes:
    """The briefing pack of one quarter (the whole city), as PPTX bytes."""
    from insights.briefing import build_pack

    return build_pack(store(), registry(), period)
