"""The agents' API tests use the API tests' real studio (uvicorn on loopback, SQLite and PostgreSQL) and client."""

from tests.api.conftest import client, database_url, postgres_database, studio, studio_settings

__all__ = ["client", "database_url", "postgres_database", "studio", "studio_settings"]
