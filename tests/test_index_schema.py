"""The SQL a new SQLite index is made with has the shape :mod:`scrutiny.tables` defines.

A first index makes its tables with :mod:`sqlite3` alone (``store.fresh``), without
importing SQLAlchemy; PostgreSQL and the rest get them from the SQLModel classes. The two
must not drift: every column (name, type, nullability, key) and every index must match.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

from scrutiny.store import SCHEMA_VERSION, fresh


def shape(path: Path) -> dict[str, Any]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'note_fts%' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        found: dict[str, Any] = {}
        for name in names:
            columns = sorted(db.execute(f"PRAGMA table_info({name})").fetchall())
            indexes = {
                index[1]: (index[2], [c[2] for c in db.execute(f"PRAGMA index_info({index[1]})")])
                for index in db.execute(f"PRAGMA index_list({name})")
            }
            found[name] = (columns, indexes)
        fts = db.execute("SELECT sql FROM sqlite_master WHERE name = 'note_fts'").fetchone()
        found["note_fts"] = fts
        found["page_size"] = db.execute("PRAGMA page_size").fetchone()
        return found


def test_the_side_file_schema_is_the_models_schema(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, event, text

    from scrutiny.tables import METADATA

    ours = tmp_path / "ours.db"
    with fresh.building(ours, SCHEMA_VERSION):
        pass
    models = tmp_path / "models.db"
    engine = create_engine(f"sqlite:///{models}")

    @event.listens_for(engine, "connect")
    def _pages(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA page_size=16384")

    with engine.begin() as conn:
        METADATA.create_all(conn)
        conn.execute(text(fresh.FULL_TEXT))
    engine.dispose()
    assert shape(ours) == shape(models)
    with contextlib.closing(sqlite3.connect(ours)) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (
            SCHEMA_VERSION,
        )
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert not fresh.side_file(ours).exists()


def test_a_failed_build_leaves_the_old_index_as_it_was(tmp_path: Path) -> None:
    index = tmp_path / "index.db"
    index.write_bytes(b"the old index")
    with contextlib.suppress(RuntimeError), fresh.building(index, SCHEMA_VERSION) as side:
        assert side.exists()
        raise RuntimeError("interrupted")
    assert index.read_bytes() == b"the old index"
    assert not fresh.side_file(index).exists()
