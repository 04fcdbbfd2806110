"""Upscalers and frame interpolation, lip-sync and avatar animation, and video-to-audio, one module per kind;
ENTRIES keeps the catalog's order."""

from __future__ import annotations

from karate.catalog.entries.enhance import lipsync, upscale
from karate.catalog.schema import ModelEntry

ENTRIES: list[ModelEntry] = [entry for module in (upscale, lipsync) for entry in module.ENTRIES]
