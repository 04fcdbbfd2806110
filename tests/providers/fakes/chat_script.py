"""Scripted answers for the fake chat models (OpenAI, Anthropic, Ollama): a test queues what the model says next
(text, tool calls, or both) and each fake renders it in its provider's response shape. Nothing is inferred from
the request: a fake with nothing queued gives its plain text answer, as before."""

from __future__ import annotations

import itertools
import json
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from tests.providers.fakes.base import FakeProvider


@dataclass(frozen=True)
class ToolCall:
    """The model calls tool `name` with `arguments` (an output tool included: that is how structured output ends)."""

    name: str
    arguments: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChatTurn:
    """One scripted answer of a chat model."""

    text: str = ""
    tool_calls: tuple[ToolCall, ...] = ()


class ScriptedChatProvider(FakeProvider):
    """A fake with a chat model: `script_chat(*turns)` queues answers; `next_turn()` takes the next one (None when
    the queue is empty). The queue empties with `reset()`."""

    _turns: deque[ChatTurn]
    _turns_lock: threading.Lock

    def reset(self) -> None:
        super().reset()
        self._turns = deque()
        self._turns_lock = threading.Lock()

    def script_chat(self, *turns: ChatTurn) -> None:
        with self._turns_lock:
            self._turns.extend(turns)

    def next_turn(self) -> ChatTurn | None:
        with self._turns_lock:
            return self._turns.popleft() if self._turns else None

    @property
    def turns_left(self) -> int:
        with self._turns_lock:
            return len(self._turns)


_call_ids = itertools.count(1)


def openai_completion(model: str, turn: ChatTurn) -> dict[str, Any]:
    """`turn` as an OpenAI Chat Completions response (also Ollama's OpenAI-compatible /v1/chat/completions)."""
    message: dict[str, Any] = {"role": "assistant", "content": turn.text or None, "refusal": None}
    if turn.tool_calls:
        message["tool_calls"] = [
            {
                "id": f"call_{next(_call_ids)}",
                "type": "function",
                "function": {"name": call.name, "arguments": json.dumps(call.arguments)},
            }
            for call in turn.tool_calls
        ]
    return {
        "id": f"chatcmpl-{next(_call_ids)}",
        "object": "chat.completion",
        "created": 1713833628,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if turn.tool_calls else "stop"}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 6, "total_tokens": 11},
    }


def anthropic_message(model: str, turn: ChatTurn) -> dict[str, Any]:
    """`turn` as an Anthropic Messages API response."""
    content: list[dict[str, Any]] = [{"type": "text", "text": turn.text}] if turn.text else []
    content += [
        {"type": "tool_use", "id": f"toolu_{next(_call_ids)}", "name": call.name, "input": call.arguments}
        for call in turn.tool_calls
    ]
    return {
        "id": f"msg_{next(_call_ids)}",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": "tool_use" if turn.tool_calls else "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 5, "output_tokens": 6},
    }
