"""The studio's database: SQLAlchemy 2 models, repositories and Alembic migrations (SQLite or PostgreSQL)."""

from karate.db import account_tables, collab_tables  # noqa: F401 - every table joins the metadata
from karate.db.database import Database

__all__ = ["Database"]
