"""Image, video and audio inputs: files already in the asset store, named by their content hash, each under the
name the person gave the file they put in that node."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from karate.engine.values import ImageDecodeError, Raster, decode_asset
from karate.sdk import AssetRef, Audio, ImageFile, InvalidInput, Node, NodeContext, Param, UiHint, Video, node
from karate.storage.assets import ASSET_ID_PATTERN
from karate.storage.media_errors import MEDIA_ARTICLE, mime_in_words


def _asset_id(media: Literal["image", "video", "audio"]) -> Any:
    """The `asset_id` parameter of an upload input (a `Param`): the editor shows an upload field for `media`,
    labelled by the media ("Image") and saying what to do; its value is the id of the uploaded file's asset."""
    return Param(
        "",
        pattern=ASSET_ID_PATTERN,
        ui=UiHint(f"{media}-upload"),
        title=media.capitalize(),
        # the field itself says how to put one in ("Drop … or click", "Tap …"): this says what it is for
        description=f"{MEDIA_ARTICLE[media].capitalize()} from your device, for the nodes after this one",
    )


def _file_name() -> Any:
    """The `filename` parameter of an upload input: the name of the file put in this node (`board.jpg`), as the
    upload's answer gave it. The node, Results and downloads read it, so the same bytes dropped on two nodes as
    board.jpg and a.png keep both names (an asset's own name is one per uploader, a fallback for workflows saved
    before nodes kept one). Its hint, `file-name`, leaves it out of the node's cache key (one picture under two
    names is one cache entry) and has the editor's upload field set it, with no field of its own."""
    return Param(
        "",
        max_length=255,
        ui=UiHint.FILE_NAME,
        title="File name",
        description="The name of the file put in this node, as downloads and Results show it; empty: the file's own",
    )


class UploadedFile(Node):
    """What every upload input does: hand on the stored file, after checking it is there and of its kind. Its
    messages name the file as the person put it in (“board.jpg”), never by its hash."""

    kind: ClassVar[str]  # "an image", in messages
    media: ClassVar[str]  # the mime type's first part: "image"
    asset_id: str
    filename: str

    def run(self, ctx: NodeContext) -> AssetRef | Raster:
        if not self.asset_id:
            raise InvalidInput(f"choose or upload {self.kind} for this node")
        if not ctx.store.exists(self.asset_id):
            raise InvalidInput(f"{self.file_named()} is no longer in the studio's store; upload it again")
        ref = ctx.store.ref(self.asset_id)
        if not ref.mime.startswith(self.media + "/"):
            raise InvalidInput(
                f"{self.file_named()} is {mime_in_words(ref.mime)}, not {self.kind}; upload {self.kind} into this node"
            )
        return ref

    def file_named(self) -> str:
        """The file in this node as its person knows it, to start a sentence: “board.jpg”, or "The file in this
        node" when the workflow was saved before nodes kept the name."""
        return f"“{self.filename}”" if self.filename else "The file in this node"


@node("input.image", title="Image Upload", category="inputs")
class ImageInput(UploadedFile):
    """An uploaded image (PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC or AVIF), upright and in sRGB. Transparency
    is kept."""

    asset_id: str = _asset_id("image")
    filename: str = _file_name()
    outputs = {"image": ImageFile}
    kind, media = "an image", "image"
    threaded = True  # it decodes the picture: a large one must not hold up the event loop

    def run(self, ctx: NodeContext) -> AssetRef | Raster:
        """The stored image with its pixels decoded here, through the one door (upright, sRGB, within the
        pixel limit), so a file that cannot be decoded fails this node, in words, and no consumer decodes
        it again."""
        ref = super().run(ctx)
        assert isinstance(ref, AssetRef)
        try:
            pixels = decode_asset(ref, ctx.store)
        except ImageDecodeError as error:
            raise InvalidInput(f"{self.file_named()} can't be used: {error.message}") from None
        return Raster(array=pixels, asset=ref)


@node("input.video", title="Video Upload", category="inputs")
class VideoInput(UploadedFile):
    """An uploaded video (MP4, WebM or QuickTime)."""

    asset_id: str = _asset_id("video")
    filename: str = _file_name()
    outputs = {"video": Video}
    kind, media = "a video", "video"


@node("input.audio", title="Audio Upload", category="inputs")
class AudioInput(UploadedFile):
    """An uploaded sound file (MP3, WAV, FLAC or Ogg), e.g. speech for lip-sync models."""

    asset_id: str = _asset_id("audio")
    filename: str = _file_name()
    outputs = {"audio": Audio}
    kind, media = "an audio file", "audio"
