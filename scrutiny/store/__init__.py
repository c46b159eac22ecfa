"""The derived index: SQLModel tables kept up to date with the note files, file by file.

Plain text is the truth; this database only saves work. Files are compared by path, size
and modification time (and by content hash when a file changed too recently to trust its
time stamp), and only new or changed files are parsed again; only their rows, and the
rows of notes whose validity changed, are rewritten. The index can be deleted at any
time; a damaged one is rebuilt.

Speed (see ``bench/``): an up-to-date SQLite index is checked and read with :mod:`sqlite3`
alone, without importing SQLAlchemy or SQLModel (0.4 s); they are imported to write. A
first index of many files parses them in two processes and streams rows into the
database as they come.
"""

from scrutiny.store.index import Index, load
from scrutiny.store.rows import SCHEMA_VERSION, Progress, RefreshStats, file_tuple, fts_key
from scrutiny.store.urls import ENV_DATABASE_URL, database_url, driver_problem, normal_url

__all__ = [
    "ENV_DATABASE_URL",
    "SCHEMA_VERSION",
    "Index",
    "Progress",
    "RefreshStats",
    "database_url",
    "driver_problem",
    "file_tuple",
    "fts_key",
    "load",
    "normal_url",
]
