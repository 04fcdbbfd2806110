"""Error reports to Sentry when SENTRY_DSN is set (sentry-sdk, imported only then): unhandled errors and error
log lines, with every string of a report scrubbed of the studio's secrets before it leaves the process, and no
personal data or local variables attached (prompts and file names stay here)."""

from __future__ import annotations

from typing import Any

from karate.services.redaction import SecretScrubber


def start_sentry(dsn: str, scrubber: SecretScrubber, *, service: str, environment: str | None = None) -> None:
    """Report this process's errors to the Sentry project at `dsn`: unhandled request errors (FastAPI and
    Starlette) and `log.error`/`log.exception` lines become events. Only those integrations are turned on:
    letting sentry-sdk look for every library it knows takes seconds at start and adds breadcrumbs of every
    database query and HTTP call."""
    import sentry_sdk
    from sentry_sdk.integrations.fastapi import FastApiIntegration
    from sentry_sdk.integrations.starlette import StarletteIntegration

    def scrubbed(event: Any, hint: Any) -> Any:
        return scrub_strings(event, scrubber)

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        server_name=service,
        include_local_variables=False,
        auto_enabling_integrations=False,
        integrations=[StarletteIntegration(), FastApiIntegration()],
        before_send=scrubbed,
        before_send_transaction=scrubbed,
        traces_sample_rate=None,
    )
    sentry_sdk.set_tag("service", service)


def stop_sentry() -> None:
    """Send what is waiting and stop reporting (the end of the process, or of a test)."""
    import sentry_sdk

    client = sentry_sdk.get_client()
    if client.is_active():
        client.flush(timeout=5)
        client.close()


def scrub_strings(value: Any, scrubber: SecretScrubber) -> Any:
    """`value` (a Sentry event: dicts, lists and strings) with every string scrubbed of secrets."""
    if isinstance(value, str):
        return scrubber.scrub(value)
    if isinstance(value, dict):
        return {key: scrub_strings(item, scrubber) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_strings(item, scrubber) for item in value]
    return value
