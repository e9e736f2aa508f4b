"""The one place where paths and settings are decided.

Everything else receives a `Settings` (or plain arguments) instead of reading the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
REGISTRY_DIR = DATA_DIR / "registry"

DB_ENV = "UNIONSTATS_DB"
REGISTRY_ENV = "UNIONSTATS_REGISTRY"  # a folder with the same CSV files as data/registry
# Tests only: a marker file the ledger writes while it holds an open transaction, then waits, so a
# test can kill -9 the process at exactly that point.
PAUSE_ENV = "UNIONSTATS_TEST_PAUSE_IN_TRANSACTION"
DEFAULT_DB = DATA_DIR / "unionstats.duckdb"
# How long a reader or writer waits for the database while another process uses it (seconds).
DB_WAIT_ENV = "UNIONSTATS_DB_WAIT"
DEFAULT_DB_WAIT_SECONDS = 60.0


@dataclass(frozen=True)
class Limits:
    """Guards against hostile or broken uploads."""

    max_file_bytes: int = 60 * 1024 * 1024
    max_files_per_upload: int = 100  # files chosen at once on the upload page (a .zip counts as one)
    max_zip_members: int = 200
    max_zip_total_bytes: int = 300 * 1024 * 1024
    max_zip_ratio: int = 200
    # A sheet that may be a return (title or header in its first rows) and holds more filled cells
    # than this is rejected with sheet.too_large, never cut short; other big sheets are skipped.
    max_cells_per_sheet: int = 2_000_000
    # Sheets bigger than this (rows × columns; for .xlsx/.xlsm, sheet XML bytes ÷ 20, as no cell takes
    # fewer) are first read as their first rows only, and read whole only when they may be a return.
    whole_sheet_cells: int = 100_000
    # The parts of one .xlsx are streamed, never held: this only stops a part that inflates without end
    # (a 50 MB workbook with a 名册 of 640,000 rows unpacks to ~350 MB).
    max_unpacked_bytes: int = 2 * 1024 * 1024 * 1024
    # More merged ranges than this on one sheet is refused (sheet.too_many_merges); a return has dozens.
    max_merges_per_sheet: int = 100_000
    # Every file is read in a child process (sandbox.py) limited to this much address space and time:
    # a file that needs more is refused (file.too_complex / file.too_slow), the caller never suffers.
    read_memory_bytes: int = 1280 * 1024 * 1024
    read_seconds: float = 20.0


@dataclass(frozen=True)
class Settings:
    db_path: Path
    archive_dir: Path
    registry_dir: Path = REGISTRY_DIR
    limits: Limits = field(default_factory=Limits)
    pause_marker: Path | None = None


def path_from(arg: str | os.PathLike[str] | None, env_name: str, default: Path, environ: Mapping[str, str] | None = None) -> Path:
    """A command-line option wins over the environment variable, which wins over the default."""
    env = os.environ if environ is None else environ
    if arg:
        return Path(arg)
    if env.get(env_name):
        return Path(env[env_name])
    return default


def db_path_from(arg: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """`--db` wins over $UNIONSTATS_DB, which wins over data/unionstats.duckdb."""
    return path_from(arg, DB_ENV, DEFAULT_DB, environ)


def db_wait_seconds(environ: Mapping[str, str] | None = None) -> float:
    """$UNIONSTATS_DB_WAIT when it is a positive number of seconds, else 60."""
    env = os.environ if environ is None else environ
    try:
        seconds = float(env.get(DB_WAIT_ENV) or DEFAULT_DB_WAIT_SECONDS)
    except ValueError:
        return DEFAULT_DB_WAIT_SECONDS
    return seconds if seconds > 0 else DEFAULT_DB_WAIT_SECONDS


def registry_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    return Path(env[REGISTRY_ENV]) if env.get(REGISTRY_ENV) else REGISTRY_DIR


def settings_for(db: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    path = db_path_from(db, env)
    pause = Path(env[PAUSE_ENV]) if env.get(PAUSE_ENV) else None
    # Originals are archived next to the database so a copied data folder stays whole.
    return Settings(db_path=path, archive_dir=path.parent / (path.stem + "_archive"), pause_marker=pause)
