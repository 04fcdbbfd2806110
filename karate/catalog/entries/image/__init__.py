"""Text-to-image and image-guided generation models (spec 6.1 image models and 18.1 image generation), one
module per maker or kind of model; ENTRIES keeps the catalog's order."""

from __future__ import annotations

from karate.catalog.entries.image import flagships, guided, imagen, other_makers
from karate.catalog.schema import ModelEntry

ENTRIES: list[ModelEntry] = [entry for module in (flagships, imagen, other_makers, guided) for entry in module.ENTRIES]
