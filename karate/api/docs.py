"""The API's interactive documentation at /api/docs: Swagger UI served from the studio itself (the files
come with the swagger-ui-bundle-v2 package), so the page loads nothing from another host."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from karate.api.security import html_headers

DOCS_PATH = "/api/docs"
ASSETS_PATH = f"{DOCS_PATH}/assets"


def mount_api_docs(app: FastAPI) -> None:
    """Serve Swagger UI for `app.openapi_url` at /api/docs, with its JavaScript and CSS under /api/docs/assets."""
    assert app.openapi_url is not None
    page = get_swagger_ui_html(
        openapi_url=app.openapi_url,
        title=f"{app.title} – API",
        swagger_js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS_PATH}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS_PATH}/favicon-32x32.png",
    )
    html = bytes(page.body).decode()
    headers = html_headers(html, **{"Cache-Control": "no-cache"})

    @app.get(DOCS_PATH, include_in_schema=False)
    async def api_docs() -> HTMLResponse:
        return HTMLResponse(html, headers=headers)

    app.mount(ASSETS_PATH, StaticFiles(directory=str(swagger_ui_path)), name="api-docs-assets")
