"""Settings: one pydantic-settings object; every setting is a KARATE_* environment variable."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KARATE_", extra="ignore")

    data_dir: Path = Field(Path("./data"), description="Where the database, assets and cache live")
    cache_max_bytes: int = Field(10 * 1024**3, ge=0, description="Bound on the result cache (LRU eviction)")
    node_timeout: float = Field(600.0, gt=0, description="Seconds a node may run before it is stopped")
    workers: int = Field(0, ge=0, description="Worker threads for CPU tools (0: one per core)")
    allow_private_urls: bool = Field(False, description="Let input.image_url fetch loopback/private addresses")
    url_max_bytes: int = Field(50 * 1024**2, gt=0, description="Largest file input.image_url downloads")
    url_timeout: float = Field(30.0, gt=0, description="Seconds input.image_url waits for a download")
    max_image_pixels: int = Field(100_000_000, gt=0, description="Largest image (pixels) decoded")
    database_url: str | None = Field(
        None, description="SQLAlchemy async URL, e.g. postgresql+asyncpg://user@host/db "
        "(default: a SQLite file karate.sqlite3 under the data folder)")
    upload_max_bytes: int = Field(200 * 1024**2, gt=0, description="Largest file accepted by POST /api/v1/assets")
    signing_secret: str | None = Field(
        None, description="Secret that signs asset download URLs (default: a random key kept in the data folder)")
    signed_url_ttl: int = Field(3600, gt=0, description="Seconds an asset download URL stays valid")
    run_concurrency: int = Field(16, gt=0, description="Runs this server executes at the same time")
    examples_dir: Path | None = Field(
        None, description="Folder of example workflows (*.json) seeded as templates (default: ./examples)")
    web_dist: Path | None = Field(None, description="Built web app to serve at / (default: ./web/dist)")
    public_url: str | None = Field(
        None, description="Address at which providers can fetch this studio's assets (e.g. https://studio.example.com);"
        " needed by providers that only read input files by URL (Luma)")

    @property
    def assets_dir(self) -> Path:
        return self.data_dir / "assets"

    @property
    def cache_index_path(self) -> Path:
        return self.data_dir / "cache.sqlite3"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{(self.data_dir / 'karate.sqlite3').resolve()}"

    @property
    def resolved_examples_dir(self) -> Path:
        return self.examples_dir or Path("examples")

    @property
    def resolved_web_dist(self) -> Path:
        return self.web_dist or Path("web") / "dist"

    @property
    def worker_count(self) -> int:
        return self.workers or os.cpu_count() or 2


@lru_cache
def get_settings() -> Settings:
    return Settings()
