"""The video family's entry builder and the request shorthands that several of its hosts share."""

from __future__ import annotations

from typing import Any, Unpack

from karate.catalog.dsl import SEED_REF, VIDEO_OUT, EntryFields, entry, image_in, route
from karate.catalog.schema import ModelEntry, ProviderRoute

VIDEO_TIMEOUT = 1200.0
FIRST_FRAME = image_in(required=False, description="First frame (optional: image-to-video)")
RUNWAY_RATIO = {
    "$": "aspect_ratio",
    "map": {
        "16:9": "1280:720",
        "9:16": "720:1280",
        "1:1": "960:960",
        "4:3": "1104:832",
        "3:4": "832:1104",
        "21:9": "1584:672",
    },
}
#: the aspect ratios Runway's Gen-4 models take
RUNWAY_ASPECTS = ("16:9", "9:16", "1:1", "4:3", "3:4", "21:9")
SECONDS = {"$": "duration", "as": "str"}


def runway_image_to_video(model: str, **kw: Any) -> ProviderRoute:
    """Runway's image-to-video request, which its own Gen-4 and the Veo models it hosts share."""
    return route(
        "runway",
        model,
        operation="image_to_video",
        input={
            "promptImage": "$image",
            "promptText": "$prompt",
            "ratio": RUNWAY_RATIO,
            "duration": "$duration",
            "seed": SEED_REF,
        },
        **kw,
    )


def video_model(id: str, title: str, description: str, **fields: Unpack[EntryFields]) -> ModelEntry:
    fields.setdefault("job_timeout", VIDEO_TIMEOUT)
    fields.setdefault("alternatives", ("Veo 3 Fast",))
    return entry(id, title, "video", description, output=VIDEO_OUT, **fields)
