"""A new schema version in a shared database, without dropping anything of anyone else's.

In SQLite the index is our own file and is simply made again. In PostgreSQL (or another
server) people build views, reports and dashboards on ``notes``, ``items`` and the rest,
and ``DROP TABLE`` would fail on them (or, with CASCADE, silently destroy them). So a
version change keeps every table whose shape is unchanged and empties it in place (a
view on it keeps working); only a table whose columns changed is dropped and made again,
and if something of the user's depends on it, nothing is dropped: the error names those
objects and says what to do.
"""

from __future__ import annotations

from typing import Any

from scrutiny.errors import IndexUnavailable


def _shape(columns: list[tuple[str, str, bool]]) -> list[tuple[str, str, bool]]:
    return sorted(columns)


def _ours(table: Any, dialect: Any) -> list[tuple[str, str, bool]]:
    return _shape([(c.name, str(c.type.compile(dialect)), bool(c.nullable)) for c in table.columns])


def _theirs(inspector: Any, name: str, dialect: Any) -> list[tuple[str, str, bool]]:
    return _shape(
        [
            (c["name"], str(c["type"].compile(dialect)), bool(c["nullable"]))
            for c in inspector.get_columns(name)
        ]
    )


def upgrade(conn: Any) -> None:
    """Make the tables this version defines, keeping what is already right (not SQLite)."""
    from sqlalchemy import inspect

    from scrutiny.tables import METADATA

    dialect = conn.dialect
    if dialect.name == "postgresql":
        # One process upgrades; the others wait, then find the new version (as refreshes do).
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7172034)")
    inspector = inspect(conn)
    existing = [t for t in METADATA.sorted_tables if inspector.has_table(t.name)]
    changed = [t for t in existing if _ours(t, dialect) != _theirs(inspector, t.name, dialect)]
    if changed:
        blockers = dependents(conn, [t.name for t in changed])
        if blockers:
            names = ", ".join(t.name for t in changed)
            raise IndexUnavailable(
                f"this version of scrutiny changes the index tables {names}, and objects "
                f"in the database depend on them: {'; '.join(blockers)}. scrutiny will not "
                "drop them: drop them yourself (e.g. DROP VIEW name), run the command again, "
                "then create them again on the new tables"
            )
        METADATA.drop_all(conn, tables=changed)
    for table in reversed(existing):
        if table not in changed:
            conn.execute(table.delete())
    METADATA.create_all(conn)
    for table in existing:
        if table not in changed:
            # An index this version added to a table that kept its shape.
            for index in table.indexes:
                index.create(conn, checkfirst=True)


#: What depends on the named tables, other than their own parts (indexes, keys, types): views
#: and materialized views by name, anything else as PostgreSQL describes it.
_DEPENDENTS = """
SELECT DISTINCT COALESCE(
    (SELECT CASE v.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END
            || v.oid::regclass::text
     FROM pg_rewrite r JOIN pg_class v ON v.oid = r.ev_class
     WHERE d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid),
    pg_describe_object(d.classid, d.objid, d.objsubid)
) || ' (on ' || d.refobjid::regclass::text || ')' AS what
FROM pg_depend d
WHERE d.refclassid = 'pg_class'::regclass
  AND d.refobjid = ANY(CAST(:tables AS oid[]))
  AND d.deptype = 'n'
ORDER BY what
"""


def dependents(conn: Any, names: list[str]) -> list[str]:
    """The database's objects that depend on these tables and would block dropping them."""
    if conn.dialect.name != "postgresql":
        return []
    from sqlalchemy import text

    oids = [
        row[0]
        for name in names
        for row in conn.execute(text("SELECT to_regclass(:name)::oid"), {"name": name})
        if row[0] is not None
    ]
    if not oids:
        return []
    return [row[0] for row in conn.execute(text(_DEPENDENTS), {"tables": oids})]
