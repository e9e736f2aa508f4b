"""Named errors of the store. Each message is Chinese text that says what happened and what to do, so the
CLI, the app and the tests show the same words; problems with a file itself are `Issue`s (pipelines/issues.py),
not exceptions."""

from __future__ import annotations


class StoreError(Exception):
    """The database is not usable (wrong schema version, locked, a value it cannot hold). Not the analyst's fault."""


class StoreUnavailable(StoreError):
    """The database cannot be opened at all (read-only, not a database, busy): no file of a batch can be stored."""


class StoreBusy(StoreUnavailable):
    """Another process (the dashboard, a command) kept the database past the wait limit; nothing was done."""
