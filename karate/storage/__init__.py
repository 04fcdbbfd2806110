"""Where bytes live: the content-addressed asset store and the persistent cache index."""

from karate.storage.assets import AssetRef, AssetStore, LocalAssetStore
from karate.storage.mime import sniff_mime

__all__ = ["AssetRef", "AssetStore", "LocalAssetStore", "sniff_mime"]
