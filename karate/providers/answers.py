"""Reading a provider's HTTP answers: the JSON object its API answers with, the wait its Retry-After asks
for, and the human message inside its error envelope."""

from __future__ import annotations

import email.utils
import time
from typing import Any

import httpx

from karate.providers.errors import ProviderOutputError


def json_object(response: httpx.Response, provider: str) -> dict[str, Any]:
    """The JSON object a provider answered with; ProviderOutputError when the body is not JSON or not an object
    (every provider API we call answers objects, so anything else is a broken answer, not data)."""
    try:
        body = response.json()
    except ValueError:
        raise ProviderOutputError(
            f"{provider} answered {response.status_code} with something that is not JSON; try again later",
            provider=provider,
        ) from None
    if not isinstance(body, dict):
        raise ProviderOutputError(
            f"{provider} answered {response.status_code} with JSON that is not an object; try again later",
            provider=provider,
        )
    return body


def retry_after(response: httpx.Response) -> float | None:
    """Seconds from `retry-after-ms` or `Retry-After` (seconds or an HTTP date); None when absent."""
    millis = response.headers.get("retry-after-ms")
    if millis:
        try:
            return max(float(millis) / 1000, 0.0)
        except ValueError:
            pass
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(parsed.timestamp() - time.time(), 0.0)


def json_error_detail(body: Any) -> str:
    """Dig the human message out of the usual envelopes: RFC 7807, FastAPI `detail`, `{error: {message}}`."""
    if isinstance(body, dict):
        if isinstance(body.get("msg"), str):  # FastAPI/pydantic validation item: {loc, msg, type}
            where = ".".join(str(part) for part in body.get("loc", [])[1:])
            return f"{where}: {body['msg']}" if where else body["msg"]
        for key in ("detail", "message", "error", "errors", "title", "failure"):
            value = body.get(key)
            if value:
                return json_error_detail(value)
        return ""
    if isinstance(body, list):
        return "; ".join(filter(None, (json_error_detail(item) for item in body[:5])))
    return str(body)
