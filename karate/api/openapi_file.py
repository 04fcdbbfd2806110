"""The server's OpenAPI document as a file, web/openapi.json, from which the editor's TypeScript types are
generated (`npm run build` runs openapi-typescript on it). `python -m karate.api.openapi_file` writes it;
tests/api/test_openapi_schema.py checks that it matches the server."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

OPENAPI_FILE = Path(__file__).resolve().parents[2] / "web" / "openapi.json"


def openapi_text() -> str:
    """The document as the server serves it at /openapi.json, indented, with a final newline."""
    from karate.app import create_app
    from karate.config import Settings

    with tempfile.TemporaryDirectory() as folder:  # the document does not depend on the settings' paths
        app = create_app(Settings(data_dir=Path(folder), web_dist=Path(folder) / "web"))
        return json.dumps(app.openapi(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> None:
    path = Path(argv[0]) if argv else OPENAPI_FILE
    path.write_text(openapi_text(), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
