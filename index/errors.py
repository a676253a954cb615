"""Errors the engine raises; each carries a one-line message fit to show a user as it is."""


class NewsExplorerError(Exception):
    """Base class: str(err) is a complete one-line message."""


class RejectedInput(NewsExplorerError):
    """A file or record that cannot be read as an article."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class QueryError(NewsExplorerError):
    """A query string the parser cannot make sense of."""


class IndexUnavailable(NewsExplorerError):
    """No usable index at a location (missing, corrupt, or from another schema version)."""


class SearchUnreachable(IndexUnavailable):
    """The search backend's server cannot be reached: nothing is damaged, so nothing is restored."""


class IndexBusy(NewsExplorerError):
    """Another process holds the index writer lock."""


class UnsafeLockFile(NewsExplorerError):
    """The writer lock's path is a symlink or not a regular file: refused, never written through."""


class StoreUnwritable(NewsExplorerError):
    """A data-dir file cannot be written or opened for a reason that is not damage (read-only, full disk, locked)."""


class ReadOnlyDataDir(StoreUnwritable):
    """A change asked of a data dir this user cannot write (a read-only mount, a `chmod -R a-w` copy, another
    user's index): refused in one line before anything is written; searching and reading still work."""

    def __init__(self, data_dir, what: str):
        super().__init__(f"{data_dir} is read-only: {what} cannot be done there (searching, reading and `issues` "
                         f"work; to change it, copy the data dir somewhere writable and use --index-dir)")
        self.data_dir = data_dir
        self.what = what
