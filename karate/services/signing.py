"""Short-lived signed asset URLs: an HMAC of the asset id and an expiry time.

Expiry times are rounded up to five-minute steps so the same asset gets the same URL for a while,
which lets browsers cache previews. The same key makes the studio's other links' tokens (`token`), each for its
purpose.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from pathlib import Path

from karate.services.errors import LinkExpired

#: The long side, in pixels, of the thumbnail a record's `thumbnail_url` signs (a node's frame, a run's output, an
#: asset): the editor asks for its own sizes by changing `size` (web/src/api/assets.ts THUMBNAIL_SIZE).
THUMBNAIL_SIZE = 256

_STEP_S = 300


class UrlSigner:
    def __init__(self, secret: bytes, ttl: int) -> None:
        self._secret = secret
        self.ttl = ttl

    @classmethod
    def from_settings(cls, secret: str | None, data_dir: Path, ttl: int) -> UrlSigner:
        if secret:
            return cls(secret.encode(), ttl)
        key_file = data_dir / "signing.key"
        if not key_file.exists():
            data_dir.mkdir(parents=True, exist_ok=True)
            tmp = key_file.with_suffix(".tmp")
            tmp.write_text(secrets.token_hex(32))
            tmp.chmod(0o600)
            tmp.replace(key_file)
        return cls(key_file.read_text().strip().encode(), ttl)

    def _mac(self, message: str) -> str:
        return hmac.new(self._secret, message.encode(), hashlib.sha256).hexdigest()[:32]

    def token(self, purpose: str, value: str) -> str:
        """`value` and its signature for `purpose` (`value.signature`): a token that does not expire and passes for
        no other purpose (an unsubscribe link's cannot pass for an asset URL's)."""
        return f"{value}.{self._mac(f'{purpose}:{value}')}"

    def token_value(self, purpose: str, token: str) -> str | None:
        """The value of a `token` this key made for `purpose`; None for any other (cut short, forged, another key's)."""
        value = token.rpartition(".")[0]
        return value if hmac.compare_digest(self.token(purpose, value).encode(), token.encode()) else None

    def signature(self, asset_id: str, expires: int) -> str:
        return self._mac(f"{asset_id}.{expires}")

    def url(self, asset_id: str, *, size: int | None = None) -> str:
        expires = (int(time.time()) + self.ttl) // _STEP_S * _STEP_S + _STEP_S
        url = f"/api/v1/assets/{asset_id}/content?exp={expires}&sig={self.signature(asset_id, expires)}"
        return url + (f"&size={size}" if size else "")

    def verify(self, asset_id: str, expires: int, signature: str) -> None:
        if not hmac.compare_digest(self.signature(asset_id, expires), signature):
            raise LinkExpired("this download link is not valid; GET /api/v1/assets/{id} gives a fresh url")
        if expires < time.time():
            raise LinkExpired("this download link has expired; GET /api/v1/assets/{id} gives a fresh url")
