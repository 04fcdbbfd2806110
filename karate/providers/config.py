"""Provider settings live in `karate.config.Settings`; this module keeps the helpers that read them."""

from __future__ import annotations


def ollama_base_url(host: str) -> str:
    """OLLAMA_HOST may be `host:port` or a URL, as the Ollama CLI accepts both."""
    host = host.strip().rstrip("/")
    return host if "://" in host else f"http://{host}"
