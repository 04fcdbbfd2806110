"""The studio's database: SQLAlchemy 2 models, repositories and Alembic migrations (SQLite or PostgreSQL)."""

from karate.db.database import Database

__all__ = ["Database"]
