"""Re-make the preview each template shows on the dashboard: the template run as `karate run` runs it (every tool is
local, so nothing is downloaded), its first saved file scaled to 512 pixels on its long side, as <template>.webp.

    .venv/bin/python examples/previews/make_previews.py

The studio seeds examples/<name>.json as a template and, when examples/previews/<name>.webp exists, shows that
picture on its card (karate/services/templates.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

HERE = Path(__file__).parent
EXAMPLES = HERE.parent
LONG_SIDE = 512


def first_saved_file(template: Path, work: Path) -> Path:
    """Run the template; the file its first output node (in the document's order) saved."""
    ran = subprocess.run(
        [
            sys.executable,
            "-m",
            "karate",
            "run",
            str(template),
            "--json",
            "--out",
            str(work / "out"),
            "--data-dir",
            str(work / "data"),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    record = json.loads(ran.stdout)
    saved = [
        path for node in record["nodes"].values() if node["type"].startswith("output.") for path in node["outputs"]
    ]
    if not saved:
        raise SystemExit(f"{template.name} saved no file; give it a Save node")
    return Path(saved[0])


def main() -> None:
    for template in sorted(EXAMPLES.glob("*.json")):
        with tempfile.TemporaryDirectory() as work, Image.open(first_saved_file(template, Path(work))) as picture:
            preview = picture.convert("RGB")
            preview.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
            preview.save(HERE / f"{template.stem}.webp", "WEBP", quality=82, method=6)
            print(f"{template.stem}.webp  {preview.width}×{preview.height}")


if __name__ == "__main__":
    main()
