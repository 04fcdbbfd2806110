"""How node results are described to clients: summaries with signed URLs, and rows for saved files."""

from __future__ import annotations

from typing import Any

from PIL import Image, UnidentifiedImageError

from karate.engine.values import Raster
from karate.services.signing import UrlSigner
from karate.storage.assets import AssetRef, AssetStore
from karate.storage.mime import NPY_MIME


class OutputDescriber:
    def __init__(self, store: AssetStore, signer: UrlSigner) -> None:
        self.store = store
        self.signer = signer

    def with_urls(self, outputs: dict[str, Any] | None) -> dict[str, Any]:
        """Output summaries (`{asset_id, mime, ...}` or `{value}`) with a download URL for each asset."""
        return {name: self._decorate(value) for name, value in (outputs or {}).items()}

    def _decorate(self, summary: Any) -> Any:
        if not isinstance(summary, dict):
            return summary
        if "list" in summary:
            return {"list": [self._decorate(item) for item in summary["list"]]}
        asset_id = summary.get("asset_id")
        if not asset_id:
            return summary
        decorated = {**summary, "url": self.signer.url(asset_id)}
        mime = summary.get("mime") or ""
        if mime.startswith("image/") or mime == NPY_MIME:
            decorated["thumbnail_url"] = self.signer.url(asset_id, size=256)
            decorated["preview_mime"] = "image/png" if mime == NPY_MIME else mime
        return decorated

    def asset_row(self, ref: AssetRef) -> dict[str, Any]:
        """Columns of the assets table for a stored file, with its pixel size when it is an image."""
        width = height = None
        if ref.mime.startswith("image/") and ref.mime != "image/svg+xml":
            try:
                with Image.open(self.store.path(ref.sha256)) as image:
                    width, height = image.size
            except (OSError, UnidentifiedImageError):
                pass  # a format Pillow cannot read still downloads; it just has no size
        return {"sha256": ref.sha256, "mime": ref.mime, "bytes": ref.size, "width": width, "height": height}


def saved_assets(outputs: dict[str, Any]) -> list[AssetRef]:
    """The encoded files among a node's outputs (not in-memory pixels, not .npy intermediates)."""
    found: list[AssetRef] = []
    for value in outputs.values():
        for item in value if isinstance(value, list) else [value]:
            ref = item.asset if isinstance(item, Raster) else item
            if isinstance(ref, AssetRef) and ref.mime != NPY_MIME:
                found.append(ref)
    return found
