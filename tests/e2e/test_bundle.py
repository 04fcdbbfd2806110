"""The built web app carries no secret: provider keys live only on the server."""

from __future__ import annotations

import os
import re

from tests.e2e.conftest import WEB_DIST

# Shapes of real provider keys (OpenAI/Anthropic `sk-`, Replicate `r8_`, Google `AIza`), long enough not to
# match ordinary identifiers in minified code.
KEY_SHAPES = re.compile(r"\b(sk-[A-Za-z0-9_-]{24,}|r8_[A-Za-z0-9]{24,}|AIza[0-9A-Za-z_-]{30,})\b")
SECRET_NAMES = re.compile(r"(KEY|TOKEN|SECRET)$")


def test_no_provider_key_is_in_the_web_bundle() -> None:
    bundle = "".join(
        path.read_text(errors="ignore")
        for path in WEB_DIST.rglob("*")
        if path.is_file() and path.suffix in {".js", ".html", ".css", ".json", ".map"}
    )
    assert bundle, "the built web app is empty"
    assert not KEY_SHAPES.findall(bundle)
    secrets = [value for name, value in os.environ.items() if SECRET_NAMES.search(name) and len(value) >= 12]
    assert not [value for value in secrets if value in bundle]
