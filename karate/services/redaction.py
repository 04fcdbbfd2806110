"""Secrets kept out of the logs (and so out of error reports made from them): every log record's message,
exception text and stack is scrubbed of the studio's secret settings, API keys (ksk_...), Stripe keys,
session tokens, Cookie and Authorization header values, passwords in URLs, signed-URL signatures and reset
tokens in query strings, before any handler sees it.

The scrubber is a logging.Filter; `install_scrubber` runs it on every record as the record is made (through
the log record factory), so it also covers loggers and handlers set up later, uvicorn's among them."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from pydantic import SecretStr

from karate.config import Settings

REDACTED = "[redacted]"
#: Shorter secret values are not searched for (they would blank out ordinary words).
MIN_SECRET_LENGTH = 6

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # Header values: "Cookie: a=b", "'authorization': 'Bearer x'", (b'x-api-key', b'...')
    (
        re.compile(
            r"(?i)(\b(?:set-)?cookie|\bauthorization|\bx-api-key|\bx-csrf-token|\bstripe-signature)"
            r"(b?['\"]?\s*[:=,]\s*b?['\"]?)([^'\"\r\n]+)"
        ),
        rf"\1\2{REDACTED}",
    ),
    (re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]+"), rf"\1{REDACTED}"),
    (re.compile(r"\b(karate_session=)[^;\s'\"]+"), rf"\1{REDACTED}"),
    (re.compile(r"\bksk_[A-Za-z0-9_-]+"), f"ksk_{REDACTED}"),
    (re.compile(r"\b((?:sk|rk)_(?:live|test)_)[A-Za-z0-9]+"), rf"\1{REDACTED}"),
    (re.compile(r"\bwhsec_[A-Za-z0-9+/=]+"), f"whsec_{REDACTED}"),
    # capabilities in query strings: a signed asset URL's signature, a password-reset link's token
    (re.compile(r"([?&](?:sig|token)=)[^&\s\"']+"), rf"\1{REDACTED}"),
    # user:password@ in a URL (the database, the mail server, Redis)
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s/]+@"), rf"\1{REDACTED}@"),
]


def secret_values(settings: Settings) -> set[str]:
    """The values of the settings that are secrets: every SecretStr field, and the URL-signing secret."""
    values = {
        value.get_secret_value()
        for name in type(settings).model_fields
        if isinstance(value := getattr(settings, name), SecretStr)
    }
    if settings.signing_secret:
        values.add(settings.signing_secret)
    return {value for value in values if len(value) >= MIN_SECRET_LENGTH}


class SecretScrubber(logging.Filter):
    """Rewrites a record's message and exception text with the secrets in it replaced by "[redacted]"."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets: set[str] = set(secrets)

    def scrub(self, text: str) -> str:
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, REDACTED)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True  # arguments that do not fit the message: logging reports that itself, later
        scrubbed = self.scrub(message)
        if scrubbed != message:
            self._scrub_arguments(record)
            if record.getMessage() != scrubbed:  # a secret inside a non-text argument: keep only the text
                record.msg, record.args = scrubbed, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = self.scrub(record.stack_info)
        return True

    def _scrub_arguments(self, record: logging.LogRecord) -> None:
        """Scrub the message and its text arguments in place, keeping their shape: formatters such as
        uvicorn's access log read the arguments themselves."""
        if isinstance(record.msg, str):
            record.msg = self.scrub(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(self.scrub(arg) if isinstance(arg, str) else arg for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: self.scrub(v) if isinstance(v, str) else v for key, v in record.args.items()}


#: The one scrubber of this process; each studio made adds its settings' secrets.
_scrubber = SecretScrubber()
_installed = False


def install_scrubber(settings: Settings) -> SecretScrubber:
    """Scrub every log record of this process from now on, including `settings`' secret values."""
    global _installed
    _scrubber.secrets |= secret_values(settings)
    if not _installed:
        make_record = logging.getLogRecordFactory()

        def scrubbed_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = make_record(*args, **kwargs)
            _scrubber.filter(record)
            return record

        logging.setLogRecordFactory(scrubbed_record)
        _installed = True
    return _scrubber


def scrub(text: str) -> str:
    """`text` with this process's known secrets and tokens replaced by "[redacted]"."""
    return _scrubber.scrub(text)
