"""The y-websocket wire protocol, as the npm `y-websocket` client speaks it: each WebSocket message is binary, a
var-uint message type then its body.

- 0 sync: a var-uint sub-type then a var-length payload: 0 step 1 (the sender's state vector: "send me what I
  lack"), 1 step 2 (the update answering a step 1), 2 update (a change, as a Yjs update).
- 1 awareness: a var-length awareness update: a count, then per client (client id, clock, state as JSON text;
  "null" when the client left).
- 3 query awareness: no body; the answer is an awareness message with every known state.

Malformed input raises ProtocolError (the connection is closed with 1002)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from pycrdt import Decoder, Encoder, YSyncMessageType, create_awareness_message, write_message

__all__ = [
    "AwarenessEntry",
    "MessageType",
    "ProtocolError",
    "YSyncMessageType",
    "decode_awareness",
    "encode_awareness",
    "parse",
    "state_vector",
    "sync_message",
]


class MessageType(IntEnum):
    """The first var-uint of a y-websocket message."""

    SYNC = 0
    AWARENESS = 1
    AUTH = 2  # unused by y-websocket's server; ignored
    QUERY_AWARENESS = 3


class ProtocolError(ValueError):
    """A message that is not y-websocket protocol."""


def _uint(decoder: Decoder) -> int:
    try:
        return decoder.read_var_uint()
    except (IndexError, RuntimeError) as error:
        raise ProtocolError("truncated message") from error


def _payload(decoder: Decoder) -> bytes:
    try:
        message = decoder.read_message()
    except (IndexError, RuntimeError) as error:
        raise ProtocolError("truncated message") from error
    if message is None:
        raise ProtocolError("missing payload")
    if decoder.length < 0:
        raise ProtocolError("payload longer than the message")
    return bytes(message)


def parse(message: bytes) -> tuple[MessageType, int | None, bytes]:
    """(type, sync sub-type or None, payload) of one WebSocket message; ProtocolError when malformed."""
    decoder = Decoder(message)
    kind = _uint(decoder)
    if kind == MessageType.SYNC:
        sub = _uint(decoder)
        if sub not in (YSyncMessageType.SYNC_STEP1, YSyncMessageType.SYNC_STEP2, YSyncMessageType.SYNC_UPDATE):
            raise ProtocolError(f"unknown sync message {sub}")
        return MessageType.SYNC, sub, _payload(decoder)
    if kind == MessageType.AWARENESS:
        return MessageType.AWARENESS, None, _payload(decoder)
    if kind in (MessageType.QUERY_AWARENESS, MessageType.AUTH):
        return MessageType(kind), None, b""
    raise ProtocolError(f"unknown message type {kind}")


def sync_message(sub: YSyncMessageType, payload: bytes) -> bytes:
    """A sync message (step 1 with a state vector, step 2 or update with a Yjs update)."""
    return bytes([MessageType.SYNC, sub]) + write_message(payload)


@dataclass
class AwarenessEntry:
    """One client's awareness: `state` None when it left."""

    client_id: int
    clock: int
    state: dict[str, Any] | None


def decode_awareness(update: bytes) -> list[AwarenessEntry]:
    """The entries of an awareness update; ProtocolError when malformed."""
    decoder = Decoder(update)
    entries = []
    for _ in range(_uint(decoder)):
        client_id, clock = _uint(decoder), _uint(decoder)
        text = _payload(decoder).decode("utf-8", errors="replace")
        try:
            state = json.loads(text) if text else None
        except ValueError as error:
            raise ProtocolError("awareness state is not JSON") from error
        entries.append(AwarenessEntry(client_id, clock, state if isinstance(state, dict) else None))
    return entries


def encode_awareness(entries: list[AwarenessEntry]) -> bytes:
    """An awareness message (type 1) carrying `entries`."""
    encoder = Encoder()
    encoder.write_var_uint(len(entries))
    for entry in entries:
        encoder.write_var_uint(entry.client_id)
        encoder.write_var_uint(entry.clock)
        encoder.write_var_string(json.dumps(entry.state, separators=(",", ":")))
    return create_awareness_message(encoder.to_bytes())


def state_vector(encoded: bytes) -> dict[int, int]:
    """A Yjs state vector (Y.encodeStateVector, Doc.get_state) as {client id: clock}; ProtocolError if malformed."""
    decoder = Decoder(encoded)
    vector = {}
    for _ in range(_uint(decoder)):
        client = _uint(decoder)
        vector[client] = _uint(decoder)
    return vector
