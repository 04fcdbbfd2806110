"""A process-wide setting the engine runs best under. Importing or building the engine changes nothing
global: the entry points that own the process (`karate serve`, `karate run`, the benches) apply it."""

from __future__ import annotations

import sys

SWITCH_INTERVAL_S = 0.0005


def shorten_switch_interval() -> None:
    """Let threads take the GIL every 0.5 ms (CPython's default is 5 ms); never lengthens a shorter one.

    Pool threads come back from C (OpenCV, hashing, file writes) several times per node and each return
    waits for the GIL; at the default interval a busy event loop thread keeps them waiting up to that long
    every time. A shorter interval keeps every core fed."""
    if sys.getswitchinterval() > SWITCH_INTERVAL_S:
        sys.setswitchinterval(SWITCH_INTERVAL_S)
