"""Save an image as a PNG, JPEG or WebP file: the result a user downloads."""

from __future__ import annotations

from typing import Literal

from karate.engine.values import encode_image
from karate.sdk import AssetRef, Image, ImageFile, Input, Node, NodeContext, Param, node

MIME = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}


@node("output.save", title="Save Image", category="outputs")
class SaveImage(Node):
    """Encode the image as a file. PNG and WebP keep transparency; JPEG has none, so what is transparent is saved
    white (a cut-out saved as JPEG stands on white, as image editors flatten it)."""

    image: Image = Input()
    format: Literal["png", "jpg", "webp"] = Param("png", ui="select", description="File format")
    quality: int = Param(
        90,
        ge=1,
        le=100,
        ui="slider",
        description="JPEG/WebP quality (PNG is lossless)",
        visible_when={"format": ["jpg", "webp"]},
    )
    compression: int = Param(
        1,
        ge=0,
        le=9,
        advanced=True,
        description="PNG only: 1 saves fastest, 9 makes the smallest file (same pixels)",
        visible_when={"format": ["png"]},
    )
    filename: str = Param(
        "",
        max_length=120,
        pattern=r"^[\w\- .]*$",
        description="Name for the saved file; its extension comes from Format (poster.png saved as JPEG is "
        "poster.jpg); the node id if empty",
        example="holiday-photo",
    )
    outputs = {"image": ImageFile}
    threaded = True  # encoding costs far more per pixel than a thread hop, even for small images

    def run(self, ctx: NodeContext) -> AssetRef:
        data = encode_image(self.image, self.format, self.quality, self.compression)
        return ctx.store.put_bytes(data, MIME[self.format])
