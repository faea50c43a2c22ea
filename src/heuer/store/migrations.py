"""Versioned schema changes, recorded in ``heuer_migrations`` so each runs exactly once.

A migration is a function of a connection inside the transaction that records it: a database is never
left between two versions. New stages add a function here; nothing edits an applied migration.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, inspect, select, text

from heuer.store import schema

Migration = tuple[int, str, Callable[[Connection], None]]


def _initial(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=schema.INGEST_TABLES + schema.LATER_TABLES)


def _extract(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=schema.EXTRACT_TABLES)
    existing = {t: {c["name"] for c in inspect(conn).get_columns(t)} for t, _ in schema.EXTRACT_COLUMNS}
    for table, name in schema.EXTRACT_COLUMNS:
        if name not in existing[table]:
            ctype = schema.metadata.tables[table].c[name].type.compile(dialect=conn.dialect)
            conn.execute(text(f'ALTER TABLE {table} ADD COLUMN "{name}" {ctype}'))


def _link(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=schema.LINK_TABLES)


MIGRATIONS: list[Migration] = [
    (1, "articles, cleaning, duplicates and retellings; tables for later stages", _initial),
    (2, "extraction: runs, actor mentions, claim voice and negation", _extract),
    (3, "linking: state of the incremental claim clusterer", _link),
]

LATEST = MIGRATIONS[-1][0]


def applied_versions(conn: Connection) -> set[int]:
    if not inspect(conn).has_table(schema.migrations.name):
        return set()
    return set(conn.execute(select(schema.migrations.c.version)).scalars())


def upgrade(conn: Connection) -> list[int]:
    """Apply what has not run yet, in order; returns the versions applied now."""
    schema.metadata.create_all(conn, tables=[schema.migrations])
    done = applied_versions(conn)
    newer = [v for v in done if v > LATEST]
    if newer:
        raise RuntimeError(f"database schema version {max(newer)} is newer than this heuer ({LATEST})")
    ran = []
    for version, name, step in MIGRATIONS:
        if version in done:
            continue
        step(conn)
        conn.execute(
            schema.migrations.insert().values(
                version=version, name=name, applied_at=datetime.now(UTC).isoformat(timespec="seconds")
            )
        )
        ran.append(version)
    return ran
