"""Named errors. Each carries `Issue`s so the CLI, the app and the tests show the same Chinese text."""

from __future__ import annotations

from pipelines.issues import Issue


class UnionStatsError(Exception):
    """Base class: something the analyst must act on, with the issues that say what and where."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("\n".join(i.render() for i in issues))


class UnreadableFile(UnionStatsError):
    """The file is not a spreadsheet we can read (corrupt, encrypted, HTML, PDF, too large ...)."""


class ReturnRejected(UnionStatsError):
    """The file was read but at least one hard check failed; nothing from it is stored."""


class StoreError(Exception):
    """The database is not usable (wrong schema version, locked). Not the analyst's fault."""


class StoreUnavailable(StoreError):
    """The database cannot be opened at all (read-only, not a database, busy): no file of a batch can be stored."""


class StoreBusy(StoreUnavailable):
    """Another process (the dashboard, a command) kept the database past the wait limit; nothing was done."""
