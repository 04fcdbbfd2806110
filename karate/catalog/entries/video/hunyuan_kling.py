"""Tencent HunyuanVideo video-to-video and Kuaishou Kling text- or image-to-video."""

from __future__ import annotations

from karate.catalog.dsl import (
    NEGATIVE,
    SEED,
    SEED_REF,
    VIDEO_ASPECTS,
    aspect,
    choice,
    fal,
    number,
    prompt_in,
    replicate,
    video_in,
)
from karate.catalog.entries.video.builder import FIRST_FRAME, SECONDS, video_model
from karate.catalog.schema import ModelEntry

ENTRIES: list[ModelEntry] = [
    video_model(
        "hunyuan_video_to_video",
        "Hunyuan Video to Video",
        "Restyle a video with Tencent HunyuanVideo.",
        credits=50,
        inputs=(video_in(), prompt_in()),
        params=(number("strength", 0.85, 0.01, 1, "How much the video changes"), SEED),
        routes=(
            fal(
                "fal-ai/hunyuan-video/video-to-video",
                {"prompt": "$prompt", "video_url": "$video", "strength": "$strength", "seed": SEED_REF},
            ),
            replicate(
                "zsxkib/hunyuan-video2video",
                {"video": "$video", "prompt": "$prompt", "strength": "$strength", "seed": SEED_REF},
                community=True,
                status="unconfirmed",
            ),
        ),
    ),
    video_model(
        "kling",
        "Kling",
        "Kuaishou Kling 2.1: text or image to video.",
        credits=60,
        inputs=(prompt_in(), FIRST_FRAME),
        params=(
            choice("duration", (5, 10)),
            aspect(VIDEO_ASPECTS),
            NEGATIVE,
            number("cfg_scale", 0.5, 0, 1, "How strictly to follow the prompt", advanced=True),
        ),
        routes=(
            replicate(
                "kwaivgi/kling-v2.1",
                {
                    "prompt": "$prompt",
                    "start_image": "$image",
                    "duration": "$duration",
                    "negative_prompt": "$negative_prompt",
                    "mode": "standard",
                },
                when="image",
            ),
            fal(
                "fal-ai/kling-video/v2.1/master/text-to-video",
                {
                    "prompt": "$prompt",
                    "duration": SECONDS,
                    "aspect_ratio": "$aspect_ratio",
                    "negative_prompt": "$negative_prompt",
                    "cfg_scale": "$cfg_scale",
                },
                when="!image",
            ),
            fal(
                "fal-ai/kling-video/v2.1/master/image-to-video",
                {
                    "prompt": "$prompt",
                    "image_url": "$image",
                    "duration": SECONDS,
                    "negative_prompt": "$negative_prompt",
                    "cfg_scale": "$cfg_scale",
                },
                when="image",
            ),
            replicate(
                "kwaivgi/kling-v1.6-pro",
                {
                    "prompt": "$prompt",
                    "duration": "$duration",
                    "aspect_ratio": "$aspect_ratio",
                    "cfg_scale": "$cfg_scale",
                    "negative_prompt": "$negative_prompt",
                },
                when="!image",
            ),
        ),
    ),
]
