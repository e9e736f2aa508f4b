"""The app's handle on data: one shared store per database path, query results cached on the data version
and plain arguments.

The app holds no connection between script runs (pipelines.store): every run (and fragment run) of this
process is one `run_scope`, so a page's reads share one short read-only connection, closed when the run
ends, and the command line or a second dashboard can write in between. Cached results are keyed on
`meta.data_version`, which every commit changes in whatever process it happens: an import from the command
line shows on each session's next page run. `clear_caches()` still empties this process's caches at once.
"""

from __future__ import annotations

import importlib
import inspect
import logging
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from insights import queries
from pipelines.config import Settings, settings_for
from pipelines.errors import StoreBusy
from pipelines.registry import Registry, load_registry
from pipelines.store import Store, run_scope

_LOG = logging.getLogger("unionstats.data")
T = TypeVar("T")


def _scope_every_run() -> None:
    """Wrap the function Streamlit runs every script run and fragment run through (callbacks included) in
    `run_scope`. Streamlit has no hook for the end of a run, so, as ui.serve does with its HTTP app, we wrap
    its own function; tests/test_service.py checks that the wrapper is in place and that no connection
    outlives a run. Installed on import: ui.serve imports this module before the server starts."""
    from streamlit.runtime.scriptrunner import script_runner

    run = script_runner.exec_func_with_error_handling
    if getattr(run, "_unionstats_run_scope", False):
        return

    def scoped(func: Any, ctx: Any) -> Any:
        with run_scope():
            return run(func, ctx)

    scoped._unionstats_run_scope = True  # type: ignore[attr-defined]
    script_runner.exec_func_with_error_handling = scoped


_scope_every_run()


def settings() -> Settings:
    """The app's one look at the environment (pipelines.config), taken again on every call so that a test
    pointing UNIONSTATS_DB elsewhere is seen by its next run; everything below receives what it decided."""
    return settings_for(None)


def db_path() -> str:
    return str(settings().db_path)


@st.cache_resource(show_spinner=False)
def _store(path: str, wait: float) -> Store:
    # Holds no connection, only the path and per-thread state: safe to share between sessions.
    return Store.shared(path, wait=wait, on_wait=_LOG.info)


def store() -> Store:
    s = settings()
    return _store(str(s.db_path), s.db_wait_seconds)


def registry() -> Registry:
    return load_registry(settings().registry_dir)


def _or_busy(read: Callable[[], T]) -> T:
    """A read; when the database stays busy past the wait limit, the reason on the page instead of a traceback."""
    try:
        return read()
    except StoreBusy as exc:
        st.error(str(exc), icon=":material/hourglass_top:")
        st.stop()
        raise  # st.stop() raises; this line is for type checkers


@cache
def _takes_registry(name: str) -> bool:
    """Whether insights.queries.<name> takes the registry second (see that module's docstring)."""
    params = list(inspect.signature(getattr(queries, name)).parameters)
    return len(params) > 1 and params[1] == "registry"


def _run(store: Store, registry_dir: str, name: str, args: tuple[Any, ...]) -> Any:
    """insights.queries.<name>(store, *args), with the app's registry second when the query takes one."""
    lead = (load_registry(Path(registry_dir)),) if _takes_registry(name) else ()
    return getattr(queries, name)(store, *lead, *args)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(path: str, wait: float, version: str, registry_dir: str, name: str, args: tuple[Any, ...]) -> Any:
    return _run(_store(path, wait), registry_dir, name, args)


def q(name: str, *args: Any) -> Any:
    """Run insights.queries.<name>(store, *args), cached until the data changes (in any process)."""

    def read() -> Any:
        s = store()
        with s.reading():
            return _cached(s.path, s.wait_seconds, s.data_version(), str(settings().registry_dir), name, args)

    return _or_busy(read)


def data_version() -> str:
    """The data version this run reads (every commit, in any process, changes it)."""
    return _or_busy(lambda: store().data_version())


def _registry_key(reg: Registry) -> tuple[Any, ...]:
    # A registry is loaded once per directory (load_registry is cached) and never changes; the boundary
    # file it names is read again when it changes on disk (insights.maps), so its time is part of the key.
    mtime = reg.boundaries.stat().st_mtime_ns if reg.boundaries is not None and reg.boundaries.exists() else None
    return (id(reg), str(reg.boundaries), mtime)


# Streamlit hashes a frame of 50,000 rows or more from a sample of its rows: such an argument is never a key.
_WHOLE_ROWS = 50_000


@st.cache_data(show_spinner=False, max_entries=256, hash_funcs={Registry: _registry_key})
def _built(version: str, module: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    return getattr(importlib.import_module(module), name)(*args, **kwargs)


def _frames(value: Any) -> Iterator[pd.DataFrame | pd.Series]:
    """The frames in an argument list, however deep in tuples, lists and dicts."""
    if isinstance(value, pd.DataFrame | pd.Series):
        yield value
    elif isinstance(value, tuple | list):
        for v in value:
            yield from _frames(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _frames(v)


def built(build: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """build(*args, **kwargs) for a pure function of query results and plain values (a chart's finished
    specification), cached on the data version and on its arguments' contents (frames hashed by value).
    `build` must be a module-level function; its result is copied out of the cache on every call."""
    if any(len(a) >= _WHOLE_ROWS for a in _frames((args, kwargs))):
        return build(*args, **kwargs)
    return _built(data_version(), build.__module__, build.__qualname__, args, kwargs)


def fresh(name: str, *args: Any) -> Any:
    """Run insights.queries.<name>(store, *args) uncached (the audit log changes on every sign-in)."""
    return _or_busy(lambda: _run(store(), str(settings().registry_dir), name, args))


def latest_period() -> str | None:
    return q("latest_complete_period")


def clear_caches() -> None:
    """After a commit or rollback every page of this process shows the new data at once (other processes
    see it through the data version)."""
    _cached.clear()
    _built.clear()


def ledger():  # -> pipelines.ledger.Ledger
    """The ledger over the app's store (writes go through the same code as the CLI)."""
    from pipelines.ledger import Ledger

    s = settings()
    return Ledger(store(), load_registry(s.registry_dir), s)


def pack_bytes(period: str) -> bytes:
    """The briefing pack of one quarter (the whole city), as PPTX bytes, from one state of the database."""
    from insights.briefing import build_pack

    s = store()
    with s.reading():
        return build_pack(s, registry(), period)
