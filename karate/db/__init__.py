"""The studio's database: SQLAlchemy 2 models, repositories and Alembic migrations (SQLite or PostgreSQL)."""

import logging

# Importing alembic (database.py) logs each of its autogenerate plugins at INFO ("setup plugin ..."), seven lines at
# every start of a process that logs INFO: the studio never autogenerates, so that logger alone is quieted, before
# the import; the migrations' own lines ("Running upgrade ...") still show.
logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

from karate.db import account_tables, collab_tables  # noqa: E402, F401 - every table joins the metadata
from karate.db.database import Database  # noqa: E402

__all__ = ["Database"]
