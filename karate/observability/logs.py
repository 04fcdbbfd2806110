"""The studio's log lines. KARATE_LOG_FORMAT=json writes one JSON object per line with the fields of the spec's
logging structure (section 11.2): timestamp, level, service, event, user_id, data; text (the default) leaves
logging as it was. Secrets never reach a line: the record factory (karate.services.redaction) scrubs the
message and exception text, fields whose names say they hold secrets are blanked, and the finished line is
scrubbed once more for secret values and tokens.

The user a line is about comes from the request being answered (RequestMetrics sets it) or from the
`user_id` extra: `log.info("credits granted", extra={"user_id": id, "data": {"amount": 5}})`."""

from __future__ import annotations

import asyncio
import contextvars
import datetime
import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS, merge_record_extra
from pythonjsonlogger.json import JsonFormatter

from karate.services.redaction import REDACTED, SecretScrubber

#: The scope of the HTTP request this task serves (set per request); its principal, once authenticated, is
#: the user of the lines logged while answering it, and of the runs it starts.
#: The task answering it is kept with it: tasks the request starts (a run, a queue's connection) inherit this
#: variable but serve no one in particular, so their lines name no user.
request_scope: contextvars.ContextVar[tuple[MutableMapping[str, Any], asyncio.Task[Any] | None] | None] = (
    contextvars.ContextVar("karate_request_scope", default=None)
)

#: Field names whose values are secrets whatever they hold.
_SECRET_NAME = re.compile(r"(?i)(pass(word|wd)?|secret|token|api[_-]?key|authori[sz]ation|cookie|credential|dsn)")
_UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")
_OWN = "karate.json_handler"


class SpecJsonFormatter(JsonFormatter):
    """One JSON object per record: {timestamp, level, service, event, user_id, data}. `event` is the message;
    `data` holds the logger's name, the record's extras (or its `data` extra) and the exception, if any."""

    def __init__(self, service: str, scrubber: SecretScrubber) -> None:
        super().__init__(timestamp=False)
        self.service = service
        self.scrubber = scrubber

    def add_fields(self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]) -> None:
        extras: dict[str, Any] = {}
        merge_record_extra(record, extras, reserved={*RESERVED_ATTRS, "message", "user_id", "data", "color_message"})
        data: dict[str, Any] = {"logger": record.name, **extras}
        explicit = getattr(record, "data", None)
        if isinstance(explicit, dict):
            data.update(explicit)
        elif explicit is not None:
            data["value"] = explicit
        data.update(message_dict)  # exc_info and stack_info, already scrubbed text
        log_data.update(
            timestamp=_iso_utc(record.created),
            level=record.levelname.lower(),
            service=self.service,
            event=record.message,
            user_id=getattr(record, "user_id", None) or current_user_id(),
            data=blank_secret_fields(data),
        )

    def serialize_log_record(self, log_data: dict[str, Any]) -> str:
        return self.scrubber.scrub(super().serialize_log_record(log_data))


def current_user_id() -> str | None:
    """The id of the user whose request this task serves, once the request is authenticated."""
    serving = request_scope.get()
    if serving is None or serving[1] is not _current_task():
        return None
    user_id = getattr(serving[0].get("karate.principal"), "user_id", None)
    return user_id if isinstance(user_id, str) else None


def serve_request(scope: MutableMapping[str, Any]) -> contextvars.Token[Any]:
    """Mark the current task as answering the request of `scope` (reset the token when it is answered)."""
    return request_scope.set((scope, _current_task()))


def _current_task() -> asyncio.Task[Any] | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # a thread without an event loop
        return None


def blank_secret_fields(value: Any) -> Any:
    """`value` with every mapping entry whose key names a secret (password, token, api_key, ...) redacted."""
    if isinstance(value, dict):
        return {
            key: REDACTED if _SECRET_NAME.search(str(key)) else blank_secret_fields(item) for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [blank_secret_fields(item) for item in value]
    return value


def _iso_utc(created: float) -> str:
    moment = datetime.datetime.fromtimestamp(created, datetime.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def configure_logging(log_format: str, service: str, scrubber: SecretScrubber, *, level: int = logging.INFO) -> None:
    """Make the process log in `log_format`: for "json", one handler on the root logger writing JSON lines to
    stderr, with uvicorn's loggers passing their lines to it; "text" changes nothing. Calling it again (a
    second studio in the process) replaces the JSON handler rather than adding one."""
    if log_format != "json":
        return
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OWN, False)]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(SpecJsonFormatter(service, scrubber))
    setattr(handler, _OWN, True)
    root.addHandler(handler)
    root.setLevel(level)
    for name in _UVICORN_LOGGERS:  # one format for every line: uvicorn's own handlers would write text
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
