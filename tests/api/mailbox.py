"""A local mail server (aiosmtpd) standing in for the studio's KARATE_SMTP_URL: `inbox` starts one on a free port
for a test and gives its `Inbox` with the port."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.local_server import free_socket


class Inbox:
    """What the local mail server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.arrived = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content))
        self.arrived.set()
        return "250 Message accepted for delivery"

    async def next_message(self) -> Message:
        assert await asyncio.to_thread(self.arrived.wait, 20), "no mail arrived within 20 s"
        return self.messages[-1]


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()
