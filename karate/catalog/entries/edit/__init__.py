"""Image editing models: instruction edits, background removal and replacement, fill, relight, depth
(spec 18.1 tools and the learned modes of the 6.2 editing tools), one module per kind of edit; ENTRIES keeps the
catalog's order."""

from __future__ import annotations

from karate.catalog.entries.edit import backgrounds, instructions, tool_modes
from karate.catalog.schema import ModelEntry

ENTRIES: list[ModelEntry] = [entry for module in (instructions, backgrounds, tool_modes) for entry in module.ENTRIES]
