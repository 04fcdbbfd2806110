"""Migrations that copy a table on SQLite without losing what refers to it.

SQLite changes a constraint by copying the table (an Alembic batch: a new table, the rows, the old one dropped), and
with foreign keys on, dropping the old table deletes every row that refers to one of its rows (ON DELETE CASCADE) or
empties its column (SET NULL): copying `users` would take everyone's workflows and runs with it. A batch that copies
a table others refer to runs inside `foreign_keys_off`. A column SQLite can drop in place (3.35 and later: one in no
index, constraint or key) is dropped with `op.drop_column`, which copies nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Connection


@contextmanager
def foreign_keys_off(bind: Connection) -> Iterator[None]:
    """On SQLite with foreign keys on: run the block with them off, then check that every row still refers to a
    row that is there (RuntimeError if not). SQLite turns them off only outside a transaction, so the one open (the
    revisions before, each complete) is committed first, and the block's work is committed at its end. Elsewhere
    (PostgreSQL alters tables in place) it changes nothing."""
    if bind.dialect.name != "sqlite" or not bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        yield
        return
    driver = bind.connection  # the DBAPI connection: the pragma is outside SQLAlchemy's transaction
    driver.commit()
    bind.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():  # still in a transaction: a copy would cascade
            raise RuntimeError("SQLite kept foreign keys on, so a table cannot be copied without what refers to it")
        yield
        broken = bind.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise RuntimeError(f"after copying a table, rows refer to rows that are not there: {broken[:5]}")
        driver.commit()
    except BaseException:
        driver.rollback()
        raise
    finally:
        bind.exec_driver_sql("PRAGMA foreign_keys=ON")
