"""Settings: one pydantic-settings object; every setting is a KARATE_* environment variable, except provider
keys, which are read under each provider's usual variable (OPENAI_API_KEY, REPLICATE_API_TOKEN, ...)."""

from __future__ import annotations

import ipaddress
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BeforeValidator, Field, SecretStr
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _split_commas(value: Any) -> Any:
    return [part.strip() for part in value.split(",") if part.strip()] if isinstance(value, str) else value


#: A list setting written as one comma-separated environment variable: KARATE_ALLOWED_HOSTS=a.lan,b.lan
CommaList = Annotated[list[str], NoDecode, BeforeValidator(_split_commas)]


def _storage_location(value: Any) -> Any:
    """A folder, file:///folder or s3://bucket[/prefix]; any other scheme is a mistake worth naming."""
    if isinstance(value, str) and "://" in value:
        scheme, _, rest = value.partition("://")
        if scheme not in ("s3", "file") or (scheme == "s3" and not rest.split("/")[0]):
            raise ValueError("KARATE_STORAGE_URL must be a folder, file:///folder, or s3://bucket/prefix")
    return value


#: Where assets live (KARATE_STORAGE_URL): a folder or an S3 location.
StorageLocation = Annotated[str | None, BeforeValidator(_storage_location)]


def _key(*names: str) -> SecretStr | None:
    return Field(None, validation_alias=AliasChoices(*names))


class ProviderFields(BaseSettings):
    """The model providers' part of Settings: base URLs (KARATE_<PROVIDER>_BASE_URL), keys (under each
    provider's usual variable), retries and polling."""

    model_config = SettingsConfigDict(env_prefix="KARATE_", extra="ignore", populate_by_name=True)

    replicate_base_url: str = "https://api.replicate.com"
    fal_base_url: str = Field("https://queue.fal.run", description="fal queue host")
    fal_rest_url: str = Field("https://rest.fal.ai", description="fal storage (uploads) host")
    openai_base_url: str = "https://api.openai.com/v1"
    stability_base_url: str = "https://api.stability.ai"
    google_base_url: str = "https://generativelanguage.googleapis.com/v1beta"
    runway_base_url: str = "https://api.dev.runwayml.com"
    luma_base_url: str = "https://api.lumalabs.ai/dream-machine/v1"
    anthropic_base_url: str = "https://api.anthropic.com"

    replicate_api_token: SecretStr | None = _key("REPLICATE_API_TOKEN", "replicate_api_token")
    fal_key: SecretStr | None = _key("FAL_KEY", "fal_key")
    openai_api_key: SecretStr | None = _key("OPENAI_API_KEY", "openai_api_key")
    stability_api_key: SecretStr | None = _key("STABILITY_API_KEY", "stability_api_key")
    gemini_api_key: SecretStr | None = _key("GEMINI_API_KEY", "GOOGLE_API_KEY", "gemini_api_key")
    runwayml_api_secret: SecretStr | None = _key("RUNWAYML_API_SECRET", "runwayml_api_secret")
    lumaai_api_key: SecretStr | None = _key("LUMAAI_API_KEY", "lumaai_api_key")
    anthropic_api_key: SecretStr | None = _key("ANTHROPIC_API_KEY", "anthropic_api_key")
    ollama_host: str | None = Field(None, validation_alias=AliasChoices("OLLAMA_HOST", "ollama_host"))
    ollama_model: str = Field("llama3.2", description="Ollama model for text nodes")
    ollama_vision_model: str = Field("llava", description="Ollama model for nodes that read images")

    provider_max_retries: int = Field(3, ge=0, le=10, description="Retries on 429, 5xx and network errors")
    provider_retry_base_delay: float = Field(0.5, ge=0, description="First backoff delay, doubled per retry")
    provider_retry_max_delay: float = Field(30.0, ge=0, description="Longest wait between retries")
    provider_poll_interval: float = Field(1.0, gt=0, description="First delay between job status polls")
    provider_poll_max_interval: float = Field(10.0, gt=0, description="Longest delay between status polls")
    provider_call_timeout: float = Field(60.0, gt=0, description="Seconds one HTTP call may take")
    provider_job_timeout_scale: float = Field(1.0, gt=0, description="Multiplies every model's job timeout")
    provider_max_download_bytes: int = Field(2 * 1024**3, gt=0, description="Largest output file downloaded")
    provider_max_connections: int = Field(64, gt=0, description="Open connections per provider")
    replicate_wait_seconds: int = Field(
        55, ge=0, le=60, description="Seconds Replicate holds the create call open (Prefer: wait); 0 polls"
    )


class AccountFields(BaseSettings):
    """Accounts, credits, billing and the limits of a studio shared on a network (DESIGN.md section 8)."""

    model_config = SettingsConfigDict(env_prefix="KARATE_", extra="ignore", populate_by_name=True)

    auth: bool | None = Field(
        None,
        description="Accounts (sign-in, API keys, credits): true or false; unset, they are on whenever the "
        "studio listens on an address other than loopback",
    )
    session_ttl: int = Field(14 * 24 * 3600, gt=0, description="Seconds a sign-in lasts without use")
    cors_origins: CommaList = Field(
        [], description="Web origins (comma-separated) allowed to call the API from a browser with CORS"
    )
    redis_url: str | None = Field(
        None,
        description="Redis shared by every server: rate limits, the co-editing relay between servers, and with "
        "KARATE_DISPATCH=queue the run queue and run events, e.g. redis://127.0.0.1:6379/0",
    )
    smtp_url: str | None = Field(
        None, description="Mail server for password resets: smtp://user:password@host:port (smtps:// for TLS)"
    )
    smtp_from: str = Field("Karate Studio <no-reply@localhost>", description="Sender of the studio's mail")
    oidc_issuer: str | None = Field(
        None, description="OIDC issuer whose bearer tokens sign users in (e.g. a Clerk instance's URL)"
    )
    oidc_audience: str | None = Field(None, description="Audience OIDC tokens must name (unset: not checked)")
    signup_credits: int = Field(100, ge=0, description="Credits a new account starts with")
    run_credit_limit: int | None = Field(None, ge=0, description="Most credits one run may spend (unset: no cap)")
    monthly_credit_limit: int | None = Field(
        None, ge=0, description="Most credits a user may spend in a calendar month (unset: no cap)"
    )
    stripe_secret_key: SecretStr | None = _key("STRIPE_SECRET_KEY", "stripe_secret_key")
    stripe_webhook_secret: SecretStr | None = _key("STRIPE_WEBHOOK_SECRET", "stripe_webhook_secret")
    stripe_api_base: str = Field("https://api.stripe.com", description="Stripe's API host")
    stripe_price_per_credit_cents: int = Field(1, gt=0, description="What one credit costs, in US cents")
    login_attempts_per_minute: int = Field(10, gt=0, description="Sign-in attempts per account and per address")
    requests_per_minute: int = Field(
        120, gt=0, description="Runs, agent requests and uploads per user and per address, each a minute"
    )
    fraud_credits_per_hour: int = Field(
        2000,
        gt=0,
        description="Credits an account may spend in an hour before the fraud agent flags it (it only flags: the "
        "team decides what to do)",
    )
    marketing_emails: bool = Field(
        False,
        description="Mail each account that has not used the studio for 7 days one email of tips (accounts mode, "
        "with KARATE_SMTP_URL and KARATE_PUBLIC_URL for the unsubscribe link each carries); people turn them off "
        "with that link or on their account page; off by default: the studio's team decides to send them",
    )


class Settings(ProviderFields, AccountFields):
    """Everything the studio reads from the environment; nothing else reads os.environ."""

    data_dir: Path = Field(Path("./data"), description="Where the database, assets and cache live")
    cache_max_bytes: int = Field(10 * 1024**3, ge=0, description="Bound on the result cache (LRU eviction)")
    storage_url: StorageLocation = Field(
        None,
        description="Where assets live: a folder (default: the data folder's assets/) or s3://bucket/prefix for S3 "
        "or an S3-compatible store (MinIO, R2; credentials from the AWS environment variables or profile)",
    )
    s3_endpoint_url: str | None = Field(
        None, description="The S3 API address of an S3-compatible store, e.g. http://minio:9000 (unset: AWS S3)"
    )
    s3_public_endpoint_url: str | None = Field(
        None,
        description="The address browsers reach the S3-compatible store at, for download links, when it differs "
        "from KARATE_S3_ENDPOINT_URL (e.g. http://localhost:9000 beside an internal http://minio:9000)",
    )
    s3_copies_max_bytes: int = Field(
        10 * 1024**3,
        gt=0,
        description="With an S3 store: bound on this process's local copies of the bucket's files (those used "
        "longest ago are removed first, and fetched again when needed)",
    )
    node_timeout: float = Field(600.0, gt=0, description="Seconds a node may run before it is stopped")
    workers: int = Field(0, ge=0, description="Worker threads for CPU tools (0: one per core)")
    allow_private_urls: bool = Field(False, description="Let input.image_url fetch loopback/private addresses")
    url_max_bytes: int = Field(50 * 1024**2, gt=0, description="Largest file input.image_url downloads")
    url_timeout: float = Field(30.0, gt=0, description="Seconds input.image_url waits for a download")
    max_image_pixels: int = Field(100_000_000, gt=0, description="Largest image (pixels) decoded")
    database_url: str | None = Field(
        None,
        description="SQLAlchemy async URL, e.g. postgresql+asyncpg://user@host/db "
        "(default: a SQLite file karate.sqlite3 under the data folder)",
    )
    upload_max_bytes: int = Field(200 * 1024**2, gt=0, description="Largest file accepted by POST /api/v1/assets")
    keep_photo_location: bool = Field(
        False,
        description="Store photos and videos byte for byte, with where they were taken (EXIF GPS, XMP and IPTC "
        "places, a video's place boxes); by default that is taken out of every JPEG, PNG, WebP, GIF, TIFF, "
        "HEIC/HEIF, AVIF, MP4 and QuickTime file before it is stored",
    )
    signing_secret: str | None = Field(
        None, description="Secret that signs asset download URLs (default: a random key kept in the data folder)"
    )
    signed_url_ttl: int = Field(3600, gt=0, description="Seconds an asset download URL stays valid")
    run_concurrency: int = Field(16, gt=0, description="Runs this server executes at the same time")
    db_pool_size: int = Field(
        10,
        gt=0,
        le=1000,
        description="PostgreSQL connections each process keeps open (up to twice as many more under load); size "
        "the server's max_connections for every API server and worker",
    )
    dispatch: Literal["inprocess", "queue"] = Field(
        "inprocess",
        description="Who executes runs: 'inprocess' (this server, the embedded default) or 'queue' (the server "
        "enqueues each run on Redis, KARATE_REDIS_URL, and `karate worker` processes execute them)",
    )
    queue_prefix: str = Field(
        "karate",
        min_length=1,
        description="Prefix of the studio's Redis keys and channels: the run queue, the run-event streams, the rate "
        "limits and the co-editing relay",
    )
    run_lease_s: float = Field(
        30.0,
        gt=0,
        description="Seconds a worker's claim on a running run lasts unless renewed (each worker renews every "
        "second); a run whose lease expired is taken over by another worker",
    )
    examples_dir: Path | None = Field(
        None,
        description="Folder of example workflows (*.json) seeded as templates (default: examples/ in the repository "
        "the package runs from, wherever the studio starts; else ./examples)",
    )
    web_dist: Path | None = Field(
        None,
        description="Built web app to serve at / (default: web/dist/ in the repository the package runs from, "
        "wherever the studio starts; else ./web/dist)",
    )
    allowed_hosts: CommaList = Field(
        [],
        description="Host names besides 127.0.0.1, localhost and [::1] under which the studio answers "
        "(comma-separated, e.g. studio.lan for a reverse proxy); other Host headers are refused",
    )
    allowed_origins: CommaList = Field(
        [],
        description="Web origins besides the studio's own whose pages may call its API (comma-separated, "
        "e.g. http://localhost:5173)",
    )
    max_request_bytes: int = Field(8 * 1024**2, gt=0, description="Largest request body other than uploads")
    max_graph_nodes: int = Field(2000, gt=0, description="Most nodes a workflow may have")
    max_graph_edges: int = Field(10000, gt=0, description="Most edges a workflow may have")
    planner_model: str = Field(
        "",
        description="The LLM the AI dock plans graphs with: empty picks the first configured of OpenAI "
        "(gpt-4.1-mini), Anthropic (claude-haiku-4-5) and Ollama (KARATE_OLLAMA_MODEL); 'offline' never asks an "
        "LLM; or 'provider:model', e.g. openai:gpt-4.1, anthropic:claude-sonnet-4-6, ollama:qwen3. Without an "
        "LLM, or when its answer is late or invalid, the offline planner answers",
    )
    planner_timeout: float = Field(
        20.0, gt=0, le=600, description="Seconds the LLM planner may take in all before the offline planner answers"
    )
    public_url: str | None = Field(
        None,
        description="The studio's address as browsers and providers reach it (e.g. https://studio.example.com): "
        "providers that only read input files by URL (Luma) fetch assets there; its host and origin are accepted, "
        "and sign-in cookies are Secure when it is https (TLS ended by a proxy)",
    )

    # --- observability (karate.observability) ---
    log_format: Literal["text", "json"] = Field(
        "text",
        description="Log lines as text, or as one JSON object per line (json) with the fields timestamp, level, "
        "service, event, user_id and data; secrets are scrubbed either way",
    )
    metrics_token: SecretStr | None = Field(
        None,
        description="Bearer token that lets a Prometheus scraper read /metrics when accounts are on (admins may "
        "read it signed in); in local mode /metrics is open like the rest of the studio",
    )
    sentry_dsn: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("SENTRY_DSN", "sentry_dsn"),
        description="Sentry project DSN: unhandled errors and error log lines are reported there, scrubbed",
    )
    slack_webhook_url: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("SLACK_WEBHOOK_URL", "slack_webhook_url"),
        description="Slack incoming webhook for admin alerts: providers failing after their retries, database errors",
    )
    alert_interval: float = Field(
        300.0, ge=0, description="Seconds between two Slack alerts of the same kind (the next one counts the rest)"
    )
    worker_metrics_port: int | None = Field(
        None,
        ge=1,
        le=65535,
        description="Port on which each `karate worker` serves its Prometheus metrics at /metrics (unset: not "
        "served); no sign-in there, so keep it on a private network",
    )
    worker_metrics_host: str = Field("127.0.0.1", description="Address the worker's metrics port listens on")

    def create_data_dir(self) -> Path:
        """Create the data folder (database, assets, cache, signing key) readable by this user only (0700),
        tightening one that exists: in local mode nobody logs in, so the files are the only record."""
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.data_dir.chmod(0o700)
        return self.data_dir

    @property
    def assets_dir(self) -> Path:
        """The folder of assets: KARATE_STORAGE_URL when it names a folder, the data folder's `assets/` when it is
        unset, and with an S3 bucket the data folder's `s3-cache/` (this process's copies of the bucket's files)."""
        url = self.storage_url
        if not url:
            return self.data_dir / "assets"
        if url.startswith("s3://"):
            return self.data_dir / "s3-cache"
        return Path(url.removeprefix("file://")).expanduser()

    @property
    def cache_index_path(self) -> Path:
        return self.data_dir / "cache.sqlite3"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{(self.data_dir / 'karate.sqlite3').resolve()}"

    @property
    def resolved_examples_dir(self) -> Path:
        """KARATE_EXAMPLES_DIR, else `examples/` beside the package (`beside_package`)."""
        return self.examples_dir or beside_package(Path("examples"))

    @property
    def resolved_web_dist(self) -> Path:
        """KARATE_WEB_DIST, else `web/dist/` beside the package (`beside_package`)."""
        return self.web_dist or beside_package(Path("web", "dist"))

    def accounts_enabled(self, bound_host: str | None = None) -> bool:
        """Whether sign-in is required: KARATE_AUTH when set, else whether the studio listens beyond loopback."""
        if self.auth is not None:
            return self.auth
        return bound_host is not None and not is_loopback(bound_host)

    @property
    def worker_count(self) -> int:
        return self.workers or os.cpu_count() or 2


#: The folder that holds the `karate` package: the repository root of a checkout (or of an editable install).
PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def beside_package(folder: Path) -> Path:
    """`folder` in the repository the package runs from, wherever the process starts; for a package installed
    without the repository (a wheel in site-packages), `folder` under the current folder (a container's WORKDIR)."""
    return PACKAGE_ROOT / folder if (PACKAGE_ROOT / folder).is_dir() else folder


#: The settings the provider adapters read (the end-to-end tests clear them so a developer's keys stay out).
PROVIDER_FIELDS = frozenset(ProviderFields.model_fields)


def env_name(field: str) -> str:
    """The environment variable users set for a setting: its first alias (OPENAI_API_KEY), else KARATE_<FIELD>."""
    alias = Settings.model_fields[field].validation_alias
    choices = [choice for choice in getattr(alias, "choices", ()) if isinstance(choice, str)]
    return choices[0] if choices else f"KARATE_{field.upper()}"


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address) is this machine only: localhost, 127.0.0.0/8 or ::1."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@lru_cache
def get_settings() -> Settings:
    return Settings()
