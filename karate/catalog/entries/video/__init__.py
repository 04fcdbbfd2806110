"""Video generation and video editing models (spec 6.1 video models and 18.1 video, advanced models), one module
per maker or family; ENTRIES keeps the catalog's order."""

from __future__ import annotations

from karate.catalog.entries.video import hailuo_veo_sora, hunyuan_kling, luma, runway, wan
from karate.catalog.schema import ModelEntry

ENTRIES: list[ModelEntry] = [
    entry for module in (runway, luma, hailuo_veo_sora, hunyuan_kling, wan) for entry in module.ENTRIES
]
