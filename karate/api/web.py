"""The web app at /: the built editor (web/dist) with single-page fallback, or, when it is not built,
a small page that lists the node catalog."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.exceptions import HTTPException

_CATALOG_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Karate AI – Design Studio</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px system-ui,sans-serif;margin:2rem auto;max-width:56rem;padding:0 1rem;color:#222}
h2{margin-top:1.6rem;text-transform:capitalize}li{margin:.3rem 0}code{background:#f3f3f3;padding:0 .3rem}
.muted{color:#666}</style></head>
<body><h1>Karate AI – Design Studio</h1>
<p class="muted">The web editor is not built (run <code>make web</code>). The API is running:
see <a href="/api/docs">/api/docs</a>. Node types available on this server:</p>
<div id="catalog">Loading…</div>
<script>
fetch("/api/v1/nodes").then(r => r.json()).then(({nodes}) => {
  const byCategory = {};
  for (const n of nodes) (byCategory[n.category] ||= []).push(n);
  const root = document.getElementById("catalog");
  root.textContent = "";
  for (const [category, list] of Object.entries(byCategory)) {
    const h = document.createElement("h2"); h.textContent = category; root.append(h);
    const ul = document.createElement("ul");
    for (const n of list) {
      const li = document.createElement("li");
      const code = document.createElement("code"); code.textContent = n.type;
      li.append(code, " " + n.title + (n.description ? " — " + n.description.split("\\n")[0] : ""));
      ul.append(li);
    }
    root.append(ul);
  }
}).catch(e => { document.getElementById("catalog").textContent = "Could not load the catalog: " + e; });
</script></body></html>
"""


def mount_web_app(app: FastAPI, dist: Path) -> None:
    """Serve the editor; unknown paths outside /api answer index.html so client-side routes work."""
    router = APIRouter(include_in_schema=False)
    root = dist.resolve()
    index = root / "index.html"

    @router.get("/{path:path}")
    async def web_app(path: str, request: Request) -> Response:
        if path == "api" or path.startswith("api/"):
            raise HTTPException(404)
        if not index.is_file():
            return HTMLResponse(_CATALOG_PAGE)
        candidate = (root / path).resolve()
        if path and candidate.is_relative_to(root) and candidate.is_file():
            immutable = candidate.is_relative_to(root / "assets")  # Vite's hashed file names
            cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
            return FileResponse(candidate, headers={"Cache-Control": cache})
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    app.include_router(router)
