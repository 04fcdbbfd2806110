"""Image, video and audio inputs: files already in the asset store, named by their content hash."""

from __future__ import annotations

from karate.sdk import AssetRef, Audio, ImageFile, InvalidInput, Node, NodeContext, Param, Video, node

_SHA256_PATTERN = "^[0-9a-f]{64}$"


def _stored_asset(ctx: NodeContext, asset_id: str, kind: str, mime_prefix: str) -> AssetRef:
    if not asset_id:
        raise InvalidInput(f"choose or upload {kind} for this node")
    if not ctx.store.exists(asset_id):
        raise InvalidInput(f"{kind} {asset_id[:12]}… is not in the asset store; upload it again")
    ref = ctx.store.ref(asset_id)
    if not ref.mime.startswith(mime_prefix):
        raise InvalidInput(f"asset {asset_id[:12]}… is {ref.mime}, not {kind}")
    return ref


@node("input.image", title="Image Upload", category="inputs")
class ImageInput(Node):
    """An uploaded image (PNG, JPEG, WebP, GIF or BMP). Transparency is kept."""

    asset_id: str = Param("", pattern=_SHA256_PATTERN, ui="image-upload",
                          description="The uploaded image's asset id")
    outputs = {"image": ImageFile}

    def run(self, ctx: NodeContext) -> AssetRef:
        return _stored_asset(ctx, self.asset_id, "an image", "image/")


@node("input.video", title="Video Upload", category="inputs")
class VideoInput(Node):
    """An uploaded video (MP4, WebM or QuickTime)."""

    asset_id: str = Param("", pattern=_SHA256_PATTERN, ui="video-upload",
                          description="The uploaded video's asset id")
    outputs = {"video": Video}

    def run(self, ctx: NodeContext) -> AssetRef:
        return _stored_asset(ctx, self.asset_id, "a video", "video/")


@node("input.audio", title="Audio Upload", category="inputs")
class AudioInput(Node):
    """An uploaded sound file (MP3, WAV, FLAC or Ogg), e.g. speech for lip-sync models."""

    asset_id: str = Param("", pattern=_SHA256_PATTERN, ui="audio-upload",
                          description="The uploaded audio's asset id")
    outputs = {"audio": Audio}

    def run(self, ctx: NodeContext) -> AssetRef:
        return _stored_asset(ctx, self.asset_id, "an audio file", "audio/")
