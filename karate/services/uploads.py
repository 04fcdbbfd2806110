"""What an upload may be, said in words a person choosing a file understands, and how its file name is kept."""

from __future__ import annotations

import os
import unicodedata
from typing import Literal

from karate.storage import media
from karate.storage.media import RASTER_IMAGES
from karate.storage.media_errors import MEDIA_ARTICLE

#: The kinds of input an upload may be for (POST /assets?media=): each takes only files of its kind.
UploadMedia = Literal["image", "video", "audio"]

UPLOADABLE = (
    *RASTER_IMAGES,
    "image/svg+xml",
    "video/mp4",
    "video/webm",
    "video/quicktime",
    "audio/mpeg",
    "audio/wav",
    "audio/flac",
    "audio/ogg",
    "model/gltf-binary",
    "model/gltf+json",
    "model/obj",
)


#: What an upload for one kind of input takes, in words (the editor's upload fields say the same:
#: web/src/api/assets.ts UPLOAD_TAKES, which tests/api/test_assets.py holds to these words).
ACCEPTED_FOR: dict[str, str] = {
    "image": f"an image ({media.READABLE})",
    "video": "a video (MP4, WebM or QuickTime)",
    "audio": "a sound (MP3, WAV, FLAC or Ogg)",
}


def not_taken(media_for: UploadMedia) -> str:
    """The refusal of a file an input for `media_for` cannot take, naming only what that input takes (the
    editor's upload fields show it as it is)."""
    return f"this file is not {MEDIA_ARTICLE[media_for]} the studio can read; choose {ACCEPTED_FOR[media_for]}"


def not_an_image(refused: media.NotAnImage) -> str:
    """The refusal of a file for an image input that the image door refused as no image: an SVG in the door's
    own words (what it is and how to make a picture of it), anything else as `not_taken` says it."""
    return refused.message if refused.mime == "image/svg+xml" else not_taken("image")


#: What UPLOADABLE means to a person choosing a file.
ACCEPTED = f"{', '.join(ACCEPTED_FOR.values())}, an SVG or a 3D model (GLB, glTF or OBJ)"

#: An upload with no bytes: what was chosen is not the file, or it was never written out.
EMPTY_FILE = (
    "the file is empty (0 bytes); choose the file again, or save it again if the program that made it "
    "did not finish writing it"
)


_HIDDEN = ("Cc", "Cf", "Cs", "Co", "Cn")  # control, format (bidi overrides), surrogate, private, unassigned
_JOINERS = "\u200c\u200d"  # format characters that emoji and some scripts need


def display_name(filename: str | None) -> str | None:
    """An upload's file name as kept for display: its last part, without NUL or other control characters,
    at most 255 characters; never used as a path."""
    name = os.path.basename((filename or "").replace("\\", "/"))
    name = "".join(c for c in name if c in _JOINERS or unicodedata.category(c) not in _HIDDEN).strip()
    return name[:255] or None
