"""Luma's models: Ray 2 text- or image-to-video, Reframe and Modify video editing."""

from __future__ import annotations

from karate.catalog.dsl import aspect, choice, fal, flag, image_in, prompt_in, replicate, route, video_in
from karate.catalog.entries.video.builder import FIRST_FRAME, video_model
from karate.catalog.schema import ModelEntry

LUMA_TIMEOUT = 600.0

ENTRIES: list[ModelEntry] = [
    video_model(
        "luma_ray_2",
        "Luma Ray 2",
        "Luma's Ray 2: text or image to video, with optional last frame.",
        credits=60,
        inputs=(prompt_in(), FIRST_FRAME, image_in("end_image", required=False, description="Last frame")),
        params=(
            aspect(("16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "9:21")),
            choice("duration", (5, 9)),
            choice("resolution", ("720p", "540p", "1080p")),
            flag("loop", False, "Make the video loop"),
        ),
        job_timeout=LUMA_TIMEOUT,
        routes=(
            replicate(
                "luma/ray-2-720p",
                {
                    "prompt": "$prompt",
                    "start_image": "$image",
                    "end_image": "$end_image",
                    "duration": "$duration",
                    "aspect_ratio": "$aspect_ratio",
                    "loop": "$loop",
                },
            ),
            fal(
                "fal-ai/luma-dream-machine/ray-2",
                {
                    "prompt": "$prompt",
                    "aspect_ratio": "$aspect_ratio",
                    "duration": "${duration}s",
                    "resolution": "$resolution",
                    "loop": "$loop",
                },
                when="!image",
            ),
            fal(
                "fal-ai/luma-dream-machine/ray-2/image-to-video",
                {
                    "prompt": "$prompt",
                    "image_url": "$image",
                    "end_image_url": "$end_image",
                    "aspect_ratio": "$aspect_ratio",
                    "duration": "${duration}s",
                    "resolution": "$resolution",
                    "loop": "$loop",
                },
                when="image",
            ),
            route(
                "luma",
                "ray-2",
                operation="video",
                input={
                    "prompt": "$prompt",
                    "aspect_ratio": "$aspect_ratio",
                    "duration": "${duration}s",
                    "resolution": "$resolution",
                    "loop": "$loop",
                    "keyframes": {
                        "frame0": {"type": "image", "url": "$image"},
                        "frame1": {"type": "image", "url": "$end_image"},
                    },
                },
            ),
        ),
    ),
    video_model(
        "luma_reframe",
        "Luma Reframe",
        "Change a video's aspect ratio, generating what lies outside the frame.",
        credits=40,
        job_timeout=LUMA_TIMEOUT,
        inputs=(video_in(), prompt_in(required=False, description="What the new area shows")),
        params=(aspect(("9:16", "16:9", "1:1", "4:3", "3:4", "21:9", "9:21")),),
        routes=(
            replicate("luma/reframe-video", {"video": "$video", "aspect_ratio": "$aspect_ratio", "prompt": "$prompt"}),
            fal(
                "fal-ai/luma-dream-machine/ray-2/reframe",
                {"video_url": "$video", "prompt": "$prompt", "aspect_ratio": "$aspect_ratio"},
            ),
            route(
                "luma",
                "ray-2",
                operation="reframe",
                input={
                    "generation_type": "reframe_video",
                    "media": {"url": "$video"},
                    "aspect_ratio": "$aspect_ratio",
                    "prompt": "$prompt",
                },
            ),
        ),
    ),
    video_model(
        "luma_modify",
        "Luma Modify",
        "Restyle a video by prompt, keeping its motion.",
        credits=50,
        job_timeout=LUMA_TIMEOUT,
        inputs=(
            video_in(),
            prompt_in(description="The new look"),
            image_in(required=False, description="Modified first frame (optional)"),
        ),
        params=(
            choice(
                "mode",
                tuple(f"{m}_{n}" for m in ("adhere", "flex", "reimagine") for n in (1, 2, 3)),
                description="adhere keeps closest to the source, reimagine changes most",
            ),
        ),
        routes=(
            replicate(
                "luma/modify-video", {"video": "$video", "prompt": "$prompt", "first_frame": "$image", "mode": "$mode"}
            ),
            fal(
                "fal-ai/luma-dream-machine/ray-2/modify",
                {"video_url": "$video", "prompt": "$prompt", "image_url": "$image", "mode": "$mode"},
            ),
            route(
                "luma",
                "ray-2",
                operation="modify",
                input={
                    "generation_type": "modify_video",
                    "media": {"url": "$video"},
                    "first_frame": {"url": "$image"},
                    "mode": "$mode",
                    "prompt": "$prompt",
                },
            ),
        ),
    ),
]
