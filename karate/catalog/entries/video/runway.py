"""Runway's models: Gen-4 and Gen-3 image-to-video, Gen-4 text-to-image and Aleph video editing."""

from __future__ import annotations

from karate.catalog.dsl import (
    SEED,
    SEED_REF,
    aspect,
    choice,
    image_in,
    prompt_in,
    replicate,
    route,
    video_in,
)
from karate.catalog.entries.image.builder import image_model
from karate.catalog.entries.video.builder import RUNWAY_ASPECTS, RUNWAY_RATIO, runway_image_to_video, video_model
from karate.catalog.schema import ModelEntry

MOTION_PROMPT = prompt_in(required=False, description="How the scene moves")

ENTRIES: list[ModelEntry] = [
    video_model(
        "runway_gen_4",
        "Runway Gen-4",
        "Runway Gen-4 Turbo: animate an image from a prompt.",
        credits=50,
        inputs=(MOTION_PROMPT, image_in(description="The first frame")),
        params=(aspect(RUNWAY_ASPECTS), choice("duration", (5, 10)), SEED),
        routes=(
            runway_image_to_video("gen4_turbo"),
            replicate(
                "runwayml/gen4-turbo",
                {
                    "prompt": "$prompt",
                    "image": "$image",
                    "duration": "$duration",
                    "aspect_ratio": "$aspect_ratio",
                    "seed": SEED_REF,
                },
                status="unconfirmed",
            ),
        ),
    ),
    image_model(
        "runway_gen_4_image",
        "Runway Gen-4 Image",
        "Runway Gen-4 text-to-image.",
        credits=8,
        params=(aspect(RUNWAY_ASPECTS), SEED),
        routes=(
            route(
                "runway",
                "gen4_image",
                operation="text_to_image",
                input={
                    "promptText": "$prompt",
                    "seed": SEED_REF,
                    "ratio": {
                        "$": "aspect_ratio",
                        "map": {
                            "16:9": "1920:1080",
                            "9:16": "1080:1920",
                            "1:1": "1024:1024",
                            "4:3": "1440:1080",
                            "3:4": "1080:1440",
                            "21:9": "2112:912",
                        },
                    },
                },
            ),
            replicate("runwayml/gen4-image", {"prompt": "$prompt", "aspect_ratio": "$aspect_ratio", "seed": SEED_REF}),
        ),
    ),
    video_model(
        "runway_gen_3",
        "Runway Gen-3",
        "Runway Gen-3 Alpha Turbo: animate an image.",
        credits=40,
        inputs=(MOTION_PROMPT, image_in(description="First frame")),
        params=(aspect(("16:9", "9:16")), choice("duration", (5, 10)), SEED),
        routes=(
            route(
                "runway",
                "gen3a_turbo",
                operation="image_to_video",
                status="deprecated",
                note="gen3a_turbo left Runway's SDK on 2026-06-10; use Runway Gen-4",
                input={
                    "promptImage": "$image",
                    "promptText": "$prompt",
                    "duration": "$duration",
                    "ratio": {"$": "aspect_ratio", "map": {"16:9": "1280:768", "9:16": "768:1280"}},
                    "seed": SEED_REF,
                },
            ),
        ),
        alternatives=("Runway Gen-4",),
    ),
    video_model(
        "runway_aleph",
        "Runway Aleph",
        "Edit a video by instruction: restyle, relight, add or remove things.",
        credits=80,
        inputs=(
            video_in(),
            prompt_in(description="The change to make"),
            image_in(required=False, description="Style reference (optional)"),
        ),
        params=(aspect(RUNWAY_ASPECTS), SEED),
        routes=(
            route(
                "runway",
                "gen4_aleph",
                operation="video_to_video",
                status="unconfirmed",
                note="Runway's current SDK lists aleph2 for this endpoint",
                input={
                    "videoUri": "$video",
                    "promptText": "$prompt",
                    "ratio": RUNWAY_RATIO,
                    "references": [{"type": "image", "uri": "$image"}],
                    "seed": SEED_REF,
                },
            ),
            replicate(
                "runwayml/gen4-aleph",
                {
                    "video": "$video",
                    "prompt": "$prompt",
                    "reference_image": "$image",
                    "aspect_ratio": "$aspect_ratio",
                    "seed": SEED_REF,
                },
                status="unconfirmed",
            ),
        ),
    ),
]
