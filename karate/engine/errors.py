"""Errors a node raises on purpose, carrying a message the user can act on."""

from __future__ import annotations


class NodeFailure(Exception):
    """A node could not do its work; `message` says what to do about it."""

    code = "node_failed"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class NotConfigured(NodeFailure):
    """The node needs a provider or a local model that this studio has not been given."""

    code = "not_configured"


class InvalidInput(NodeFailure):
    """An input value the node cannot work with (a mask of the wrong size, an empty image, ...)."""

    code = "invalid_input"
