"""Provider settings: base URLs (KARATE_<PROVIDER>_BASE_URL) and keys under each provider's usual variable."""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def _key(*names: str) -> SecretStr | None:
    return Field(None, validation_alias=AliasChoices(*names))


class ProviderSettings(BaseSettings):
    """Everything the provider adapters read from the environment; nothing else reads os.environ."""

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
        55, ge=0, le=60, description="Seconds Replicate holds the create call open (Prefer: wait); 0 polls")


def ollama_base_url(host: str) -> str:
    """OLLAMA_HOST may be `host:port` or a URL, as the Ollama CLI accepts both."""
    host = host.strip().rstrip("/")
    return host if "://" in host else f"http://{host}"
