"""Text- or image-to-video from the big labs: MiniMax Hailuo, Google Veo and OpenAI Sora."""

from __future__ import annotations

from karate.catalog.dsl import (
    NEGATIVE,
    PROMPT_OPTIMIZER,
    SEED,
    SEED_REF,
    aspect,
    choice,
    fal,
    flag,
    prompt_in,
    replicate,
    route,
)
from karate.catalog.entries.video.builder import FIRST_FRAME, SECONDS, runway_image_to_video, video_model
from karate.catalog.schema import ModelEntry


def _veo(
    id: str,
    title: str,
    gemini: str,
    replicate_slug: str,
    fal_endpoint: str,
    *,
    fal_status: str,
    audio: bool = True,
    durations: tuple[int, ...] = (4, 6, 8),
    runway: str | None = None,
) -> ModelEntry:
    """A Veo model; `audio` and `durations` default to what the Veo 3 generation offers."""
    params = [
        aspect(("16:9", "9:16")),
        choice("duration", durations, durations[-1], "Seconds of video"),
        choice("resolution", ("720p", "1080p")),
        NEGATIVE,
        SEED,
    ]
    if audio:
        params.append(flag("generate_audio", True, "Generate a soundtrack with the video"))
    fal_body = {
        "prompt": "$prompt",
        "aspect_ratio": "$aspect_ratio",
        "duration": "${duration}s",
        "resolution": "$resolution",
        "negative_prompt": "$negative_prompt",
        "seed": SEED_REF,
        **({"generate_audio": "$generate_audio"} if audio else {}),
    }
    routes = [
        route(
            "google",
            gemini,
            operation="predict_long_running",
            input={
                "instances": [{"prompt": "$prompt", "image": {"$": "image"}}],
                "parameters": {
                    "aspectRatio": "$aspect_ratio",
                    "durationSeconds": "$duration",
                    "resolution": {"$": "resolution"},
                    "negativePrompt": {"$": "negative_prompt"},
                    "sampleCount": 1,
                },
            },
        ),
        replicate(
            replicate_slug,
            {
                "prompt": "$prompt",
                "image": "$image",
                "aspect_ratio": "$aspect_ratio",
                "duration": "$duration",
                "resolution": "$resolution",
                "negative_prompt": "$negative_prompt",
                "seed": SEED_REF,
                **({"generate_audio": "$generate_audio"} if audio else {}),
            },
        ),
        fal(fal_endpoint, fal_body, when="!image", status=fal_status),
        fal(f"{fal_endpoint}/image-to-video", {**fal_body, "image_url": "$image"}, when="image", status=fal_status),
    ]
    if runway:
        routes.append(runway_image_to_video(runway, when="image"))
    return video_model(
        id,
        title,
        f"Google {title}: text-to-video, or image-to-video from a first frame" + (", with sound." if audio else "."),
        credits=60 if "fast" in id else 120,
        inputs=(prompt_in(), FIRST_FRAME),
        params=tuple(params),
        routes=tuple(routes),
        alternatives=("Veo 3 Fast",) if id != "veo_3_fast" else ("Luma Ray 2",),
    )


ENTRIES: list[ModelEntry] = [
    video_model(
        "minimax_video",
        "Minimax Video",
        "MiniMax Hailuo 02: text or image to video.",
        credits=45,
        inputs=(prompt_in(), FIRST_FRAME),
        params=(
            choice("duration", (6, 10), description="Seconds (10 s only at 768p)"),
            choice("resolution", ("768p", "512p", "1080p")),
            PROMPT_OPTIMIZER,
        ),
        routes=(
            replicate(
                "minimax/hailuo-02",
                {
                    "prompt": "$prompt",
                    "first_frame_image": "$image",
                    "duration": "$duration",
                    "resolution": "$resolution",
                    "prompt_optimizer": "$prompt_optimizer",
                },
            ),
            fal(
                "fal-ai/minimax/hailuo-02/standard/text-to-video",
                {"prompt": "$prompt", "duration": SECONDS, "prompt_optimizer": "$prompt_optimizer"},
                when="!image",
            ),
            fal(
                "fal-ai/minimax/hailuo-02/standard/image-to-video",
                {
                    "prompt": "$prompt",
                    "image_url": "$image",
                    "duration": SECONDS,
                    "resolution": {"$": "resolution", "map": {"768p": "768P", "512p": "512P", "1080p": "768P"}},
                    "prompt_optimizer": "$prompt_optimizer",
                },
                when="image",
            ),
        ),
    ),
    _veo(
        "veo_2",
        "Veo 2",
        "veo-2.0-generate-001",
        "google/veo-2",
        "fal-ai/veo2",
        audio=False,
        durations=(5, 6, 7, 8),
        fal_status="unconfirmed",
    ),
    _veo(
        "veo_3",
        "Veo 3",
        "veo-3.0-generate-001",
        "google/veo-3",
        "fal-ai/veo3",
        fal_status="unconfirmed",
    ),
    _veo(
        "veo_3_fast",
        "Veo 3 Fast",
        "veo-3.0-fast-generate-001",
        "google/veo-3-fast",
        "fal-ai/veo3/fast",
        fal_status="unconfirmed",
    ),
    _veo(
        "veo_3_1",
        "Veo 3.1",
        "veo-3.1-generate-preview",
        "google/veo-3.1",
        "fal-ai/veo3.1",
        fal_status="confirmed",
        runway="veo3.1",
    ),
    _veo(
        "veo_3_1_fast",
        "Veo 3.1 Fast",
        "veo-3.1-fast-generate-preview",
        "google/veo-3.1-fast",
        "fal-ai/veo3.1/fast",
        fal_status="confirmed",
        runway="veo3.1_fast",
    ),
    video_model(
        "sora_2",
        "Sora 2",
        "OpenAI Sora 2: video with sound from a prompt or a first frame.",
        credits=100,
        inputs=(prompt_in(), FIRST_FRAME),
        params=(
            choice("variant", ("sora-2", "sora-2-pro")),
            choice("seconds", (4, 8, 12)),
            choice("orientation", ("landscape", "portrait")),
        ),
        routes=(
            replicate(
                "openai/{variant}",
                {
                    "prompt": "$prompt",
                    "seconds": "$seconds",
                    "aspect_ratio": "$orientation",
                    "input_reference": "$image",
                },
            ),
            fal(
                "fal-ai/sora-2/text-to-video",
                {
                    "prompt": "$prompt",
                    "duration": {"$": "seconds", "as": "str"},
                    "aspect_ratio": {"$": "orientation", "map": {"landscape": "16:9", "portrait": "9:16"}},
                },
                when="!image",
                status="unconfirmed",
                note="endpoint last seen in fal's 2026-04 client types",
            ),
            route(
                "openai",
                "{variant}",
                operation="videos",
                status="deprecated",
                note="OpenAI announced the Sora API shuts down on 2026-09-24",
                input={
                    "prompt": "$prompt",
                    "seconds": {"$": "seconds", "as": "str"},
                    "size": {"$": "orientation", "map": {"landscape": "1280x720", "portrait": "720x1280"}},
                    "input_reference": "$image",
                },
            ),
        ),
    ),
]
