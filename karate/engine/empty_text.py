"""A required text input that gets no text (a model's prompt fed an empty Prompt node): the one rule and its words.

A provider asked without its prompt refuses the request in its own terms, after credits are held and a round trip
is made. So the graph check refuses such a node when the text is known before the run (a Prompt node's own text,
`Node.known_outputs`), and the node runner fails it, before it runs, when the text arrives empty from a node that
ran (a chat model that answered only spaces): both with `empty_text_message`, under the code `empty_input`.
"""

from __future__ import annotations

from typing import Any

from karate.engine.labels import name_words
from karate.engine.types import PortSpec, PortType


def needs_text(port: PortSpec) -> bool:
    """Whether `port` must carry some text to be of use: a required, single text input (every catalog model's
    prompt that the catalog marks required)."""
    return port.type == PortType.TEXT and port.required and not port.is_list


def is_empty_text(port: PortSpec, value: Any) -> bool:
    """Whether `value`, reaching input `port`, leaves its node without the text it needs: only spaces, or
    nothing, on a port that `needs_text`."""
    return needs_text(port) and isinstance(value, str) and not value.strip()


def empty_text_message(port: PortSpec, node_title: str, source_title: str) -> str:
    """The refusal in words, the nodes named by the titles the user sees on them: "Write a prompt for Flux Pro
    1.1 Ultra: the text from Prompt is empty"."""
    words = name_words(port.name)
    article = "an" if words[:1] in ("a", "e", "i", "o", "u") else "a"
    return f"Write {article} {words} for {node_title}: the text from {source_title} is empty"
