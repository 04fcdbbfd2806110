"""The web app at /: the built editor (web/dist) with single-page fallback, or, when it is not built,
a small page that lists the node catalog."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.exceptions import HTTPException

from karate.api.security import html_headers

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

    catalog_headers = html_headers(_CATALOG_PAGE)
    index_policy = _PolicyOfFile(index)

    @router.get("/{path:path}")
    async def web_app(path: str, request: Request) -> Response:
        if path == "api" or path.startswith("api/"):
            raise HTTPException(404)
        if "\0" in path:  # no file name holds one; the operating system would refuse it
            raise HTTPException(404, f"there is no page {path!r}; the address holds a NUL character")
        if not index.is_file():
            return HTMLResponse(_CATALOG_PAGE, headers=catalog_headers)
        candidate = (root / path).resolve()
        if path and candidate.is_relative_to(root) and candidate.is_file() and candidate != index:
            immutable = candidate.is_relative_to(root / "assets")  # Vite's hashed file names
            cache = "public, max-age=31536000, immutable" if immutable else "no-cache"
            return FileResponse(candidate, headers={"Cache-Control": cache})
        return FileResponse(index, headers={"Cache-Control": "no-cache", **index_policy.headers()})

    app.include_router(router)


class _PolicyOfFile:
    """The page policy of index.html, which hashes its inline script; computed again when the file changes
    (a new web build), so a rebuilt editor never runs under its predecessor's hashes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, int] | None = None
        self._headers: dict[str, str] = {}

    def headers(self) -> dict[str, str]:
        stat = self.path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp != self._stamp:
            self._headers = html_headers(self.path.read_text(encoding="utf-8"))
            self._stamp = stamp
        return self._headers
