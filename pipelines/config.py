"""The one place where paths and settings are decided, and the only module that reads the environment.

An entry point (a command of `python -m pipelines`, a run of the app in ui/data.py, ui.serve at start)
calls `settings_for` once; everything below it receives that `Settings` (or plain values from it).
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
DEFAULT_DB = DATA_DIR / "unionstats.duckdb"
# How long a reader or writer waits for the database while another process uses it (seconds).
DB_WAIT_ENV = "UNIONSTATS_DB_WAIT"
DEFAULT_DB_WAIT_SECONDS = 60.0
USERS_ENV = "UNIONSTATS_USERS"
DEFAULT_USERS = DATA_DIR / "users.json"
# The app: a sign-in ends after this many idle minutes; one browser session holds at most this many MB of uploads.
IDLE_ENV = "UNIONSTATS_IDLE_MINUTES"
DEFAULT_IDLE_MINUTES = 30.0
UPLOAD_SESSION_ENV = "UNIONSTATS_UPLOAD_SESSION_MB"
DEFAULT_UPLOAD_SESSION_MB = 200.0


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
    """What the environment decided, read once by an entry point and passed down."""

    db_path: Path
    archive_dir: Path
    registry_dir: Path = REGISTRY_DIR
    limits: Limits = field(default_factory=Limits)
    db_wait_seconds: float = DEFAULT_DB_WAIT_SECONDS
    users_path: Path = DEFAULT_USERS
    idle_minutes: float = DEFAULT_IDLE_MINUTES
    upload_session_mb: float = DEFAULT_UPLOAD_SESSION_MB


def path_from(arg: str | os.PathLike[str] | None, env_name: str, default: Path, environ: Mapping[str, str] | None = None) -> Path:
    """A command-line option wins over the environment variable, which wins over the default."""
    env = os.environ if environ is None else environ
    if arg:
        return Path(arg)
    if env.get(env_name):
        return Path(env[env_name])
    return default


def _positive(env: Mapping[str, str], name: str, default: float) -> float:
    """A positive number from the environment; anything else (unset, 0, words) is the default."""
    try:
        value = float(env.get(name) or default)
    except ValueError:
        return default
    return value if value > 0 else default


def archive_dir_for(db: Path) -> Path:
    """Originals are archived next to the database so a copied data folder stays whole."""
    return db.parent / (db.stem + "_archive")


def settings_for(db: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None, *,
                 users: str | os.PathLike[str] | None = None) -> Settings:
    """`--db` wins over $UNIONSTATS_DB, which wins over data/unionstats.duckdb; likewise `--users` over
    $UNIONSTATS_USERS over data/users.json. The other settings come from the environment or their defaults."""
    env = os.environ if environ is None else environ
    path = path_from(db, DB_ENV, DEFAULT_DB, env)
    return Settings(
        db_path=path,
        archive_dir=archive_dir_for(path),
        registry_dir=path_from(None, REGISTRY_ENV, REGISTRY_DIR, env),
        db_wait_seconds=_positive(env, DB_WAIT_ENV, DEFAULT_DB_WAIT_SECONDS),
        users_path=path_from(users, USERS_ENV, DEFAULT_USERS, env),
        idle_minutes=_positive(env, IDLE_ENV, DEFAULT_IDLE_MINUTES),
        upload_session_mb=_positive(env, UPLOAD_SESSION_ENV, DEFAULT_UPLOAD_SESSION_MB),
    )

