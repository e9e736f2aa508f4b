"""Shared fixtures: the registry, a fresh store per test, and the sample city built once per session."""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.config import USERS_ENV, Settings
from pipelines.ledger import Ledger
from pipelines.registry import Registry, load_registry
from pipelines.store import Store
from tests.apptest_routing import route_through_dashboard

route_through_dashboard()  # see tests/apptest_routing.py


@pytest.fixture(scope="session", autouse=True)
def _local_mode_by_default(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A developer's own data/users.json must not put every test behind a sign-in: tests run in local
    mode unless they point UNIONSTATS_USERS at a users file of their own."""
    before = os.environ.get(USERS_ENV)
    os.environ[USERS_ENV] = str(tmp_path_factory.mktemp("nousers") / "users.json")
    yield
    if before is None:
        os.environ.pop(USERS_ENV, None)
    else:
        os.environ[USERS_ENV] = before


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    db = tmp_path / "test.duckdb"
    return Settings(db_path=db, archive_dir=tmp_path / "archive")


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    s = Store.open(settings.db_path)
    yield s
    s.close()


@pytest.fixture
def ledger(store: Store, registry: Registry, settings: Settings) -> Ledger:
    return Ledger(store, registry, settings)


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory):  # -> SampleManifest
    from pipelines.sample import write_sample

    return write_sample(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def sample_db(sample, registry: Registry, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the whole sample city, ingested through the same code as the CLI (read-only use)."""
    base = tmp_path_factory.mktemp("sampledb")
    settings = Settings(db_path=base / "sample.duckdb", archive_dir=base / "archive")
    store = Store.open(settings.db_path)
    ledger = Ledger(store, registry, settings)
    plans = ledger.ingest(ledger.planner.read(sample.files), actor="测试", is_sample=True)
    rejected = [i.render() for p in plans if not p.accepted for i in p.errors]
    store.close()
    assert not rejected, "\n".join(rejected[:20])
    return settings.db_path


@pytest.fixture
def sample_db_copy(sample_db: Path, tmp_path: Path) -> Path:
    """A private copy of the sample database for a test that writes."""
    target = tmp_path / "copy.duckdb"
    shutil.copy(sample_db, target)
    return target


def read_truth(path: Path) -> list[tuple[str, ...]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [tuple(r) for r in csv.reader(fh)]


# The inner loop (`pytest -m "not slow and not browser"`, about a minute) leaves out what needs the whole
# sample city ingested (a session fixture of ~20 s, and the AppTest pages over it), the corpora of
# hostile files, crash and performance runs. `make test` runs everything.
SLOW_FIXTURES = {"sample", "sample_db", "sample_db_copy"}
SLOW_MODULES = {"test_hostile", "test_crash", "test_ingest_perf_big_sheets", "test_ingest_perf_commit",
                "test_ingest_perf_parse", "test_sandbox_time", "test_service", "test_bad_files", "test_offline"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
