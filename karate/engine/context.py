"""What a running node gets: progress reporting, cancellation, the asset store, the studio's settings and
provider hub, and a logger."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from karate.config import Settings, get_settings
from karate.storage.assets import AssetStore

if TYPE_CHECKING:  # the engine does no HTTP itself: only model nodes call the hub
    from karate.engine.credits import CreditGate
    from karate.providers.hub import ProviderHub

# The shortest time between two progress events of one node, in seconds.
PROGRESS_INTERVAL_S = 0.1


class RunCancelled(Exception):
    """Raised inside a node when its run was cancelled."""


class CancelToken:
    """A cancellation flag that both the event loop and worker threads can read."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass(frozen=True, slots=True)
class NodeServices:
    """The studio's parts a node may use: its `settings` (limits such as `max_image_pixels`, URL fetching),
    and the `providers` hub model nodes call (None outside a studio: they then build one from the
    environment, as the CLI does), and the `credits` gate model nodes hold their price at (None where nothing
    is charged: local mode, the CLI)."""

    settings: Settings = field(default_factory=get_settings)
    providers: ProviderHub | None = None
    credits: CreditGate | None = None


# Deliver one event of the node's run: (event type, node id, **data).
Emit = Callable[..., object]


class NodeContext:
    """What a node's `run` gets besides its inputs: `run_id`, `node_id`, `node_type`, the asset `store`,
    `services` (NodeServices: the studio's `settings` and `providers`), a `log` tagged with the run and node,
    `progress()` to report 0..1 with a message, and `cancelled` / `check_cancelled()` to stop between steps."""

    def __init__(
        self,
        *,
        run_id: str,
        node_id: str,
        node_type: str,
        store: AssetStore,
        token: CancelToken,
        loop: asyncio.AbstractEventLoop,
        emit: Emit,
        services: NodeServices,
    ) -> None:
        self.run_id = run_id
        self.node_id = node_id
        self.node_type = node_type
        self.store = store
        self.services = services
        self.log = logging.LoggerAdapter(
            logging.getLogger(f"karate.node.{node_type}"), {"run_id": run_id, "node_id": node_id}
        )
        self._token = token
        self._loop = loop
        self._emit = emit
        self._thread = threading.get_ident()
        self._last_fraction = -1.0
        self._last_message = ""
        self._last_sent = -PROGRESS_INTERVAL_S

    @property
    def cancelled(self) -> bool:
        return self._token.cancelled

    def check_cancelled(self) -> None:
        """Call between steps of long work; raises `RunCancelled` once the run is cancelled."""
        if self._token.cancelled:
            raise RunCancelled()

    def progress(self, fraction: float | None, message: str = "") -> None:
        """Report progress (0..1, or None when unknown) as a node.progress event. Safe to call from a worker
        thread, and as often as work allows: at most one percent-only update goes out per PROGRESS_INTERVAL_S
        per node, and only for a change of a percent, so a large graph does not flood its clients. A new
        message ("X failed; trying Y") always goes out, and so does reaching 100 %, so the bar is full, not
        stuck a step short, while the node stores its result."""
        now = time.monotonic()
        if fraction is not None:
            fraction = min(max(float(fraction), 0.0), 1.0)
        finishing = fraction == 1.0 and self._last_fraction < 1.0
        news = message != self._last_message
        if now - self._last_sent < PROGRESS_INTERVAL_S and not (finishing or news):
            return
        if fraction is not None:
            if abs(fraction - self._last_fraction) < 0.01 and message == self._last_message and not finishing:
                return  # a percent is enough resolution for any progress bar
            self._last_fraction = fraction
        self._last_sent, self._last_message = now, message
        if threading.get_ident() == self._thread:
            self._emit("node.progress", self.node_id, fraction=fraction, message=message)
        else:
            self._loop.call_soon_threadsafe(
                lambda: self._emit("node.progress", self.node_id, fraction=fraction, message=message)
            )
