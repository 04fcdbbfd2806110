"""The model catalog as data: one ModelEntry per AI model of the specification, each with provider routes."""

from __future__ import annotations

from karate.catalog.entries import edit, enhance, image, text, threed, vector, video
from karate.catalog.schema import ModelEntry, ModelParam, ModelPort, ProviderRoute

CATALOG: tuple[ModelEntry, ...] = tuple(
    entry for module in (image, edit, video, enhance, threed, text, vector) for entry in module.ENTRIES
)
_BY_ID = {entry.id: entry for entry in CATALOG}
if len(_BY_ID) != len(CATALOG):  # pragma: no cover - caught by the catalog tests
    raise RuntimeError("two catalog entries share an id")


def get_entry(model_id: str) -> ModelEntry | None:
    return _BY_ID.get(model_id)


__all__ = ["CATALOG", "ModelEntry", "ModelParam", "ModelPort", "ProviderRoute", "get_entry"]
