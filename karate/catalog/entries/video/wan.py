"""Alibaba's Wan models: text- or image-to-video (2.1 with LoRA, 2.2, 2.5) and VACE video-to-video."""

from __future__ import annotations

from karate.catalog.dsl import (
    FAL_LORAS,
    LORA,
    NEGATIVE,
    SEED,
    SEED_REF,
    VIDEO_ASPECTS,
    aspect,
    audio_in,
    choice,
    fal,
    flag,
    images_in,
    integer,
    number,
    prompt_in,
    replicate,
    video_in,
)
from karate.catalog.entries.video.builder import FIRST_FRAME, SECONDS, video_model
from karate.catalog.schema import ModelEntry

WAN_RESOLUTION = choice("resolution", ("720p", "480p", "580p"))
#: what fal's Wan 2.5 text- and image-to-video take after the prompt (and the first frame)
WAN_2_5_FAL = {
    "duration": SECONDS,
    "resolution": "$resolution",
    "audio_url": "$audio",
    "negative_prompt": "$negative_prompt",
    "enable_prompt_expansion": "$enable_prompt_expansion",
    "seed": SEED_REF,
}


def _vace(mode: str, title: str, description: str) -> ModelEntry:
    params = [WAN_RESOLUTION, integer("num_frames", 81, 17, 241, "Frames"), SEED]
    body = {
        "video_url": "$video",
        "prompt": "$prompt",
        "ref_image_urls": "$images",
        "resolution": "$resolution",
        "num_frames": "$num_frames",
        "seed": SEED_REF,
    }
    if mode == "outpainting":
        params.append(number("expand_ratio", 0.25, 0, 1, "How much to extend on each chosen side"))
        params += [
            flag(f"expand_{side}", side in ("left", "right"), f"Extend the {side} side")
            for side in ("left", "right", "top", "bottom")
        ]
        body |= {
            "expand_ratio": "$expand_ratio",
            **{f"expand_{side}": f"$expand_{side}" for side in ("left", "right", "top", "bottom")},
        }
    if mode == "reframe":
        params.append(aspect(("16:9", "9:16", "1:1")))
        body["aspect_ratio"] = "$aspect_ratio"
    return video_model(
        f"wan_vace_{mode.removesuffix('ing')}",
        title,
        description,
        credits=50,
        inputs=(
            video_in(),
            prompt_in(required=mode != "reframe"),
            images_in(description="Reference images (optional)"),
        ),
        params=tuple(params),
        routes=(fal(f"fal-ai/wan-vace-14b/{mode}", body),),
    )


ENTRIES: list[ModelEntry] = [
    video_model(
        "wan_2_1_lora",
        "Wan 2.1 with LoRA",
        "Wan 2.1 text-to-video with a LoRA of your choice.",
        credits=40,
        inputs=(prompt_in(),),
        params=(
            *LORA,
            choice("resolution", ("480p", "720p")),
            SEED,
        ),
        routes=(
            fal(
                "fal-ai/wan-t2v-lora",
                {
                    "prompt": "$prompt",
                    "loras": FAL_LORAS,
                    "resolution": "$resolution",
                    "seed": SEED_REF,
                },
                status="unconfirmed",
            ),
            replicate(
                "wavespeedai/wan-2.1-t2v-{resolution}",
                {"prompt": "$prompt", "lora_weights": "$lora_url", "lora_scale": "$lora_scale", "seed": SEED_REF},
                status="unconfirmed",
            ),
        ),
    ),
    video_model(
        "wan_2_2",
        "Wan 2.2",
        "Alibaba Wan 2.2 (A14B): text or image to video.",
        credits=40,
        inputs=(prompt_in(), FIRST_FRAME),
        params=(aspect(VIDEO_ASPECTS), WAN_RESOLUTION, NEGATIVE, SEED),
        routes=(
            fal(
                "fal-ai/wan/v2.2-a14b/text-to-video",
                {
                    "prompt": "$prompt",
                    "aspect_ratio": "$aspect_ratio",
                    "resolution": "$resolution",
                    "negative_prompt": "$negative_prompt",
                    "seed": SEED_REF,
                },
                when="!image",
            ),
            fal(
                "fal-ai/wan/v2.2-a14b/image-to-video",
                {
                    "prompt": "$prompt",
                    "image_url": "$image",
                    "resolution": "$resolution",
                    "negative_prompt": "$negative_prompt",
                    "seed": SEED_REF,
                },
                when="image",
                status="unconfirmed",
            ),
            replicate(
                "wan-video/wan-2.2-t2v-fast",
                {"prompt": "$prompt", "seed": SEED_REF},
                when="!image",
                status="unconfirmed",
            ),
            replicate(
                "wan-video/wan-2.2-i2v-a14b",
                {"prompt": "$prompt", "image": "$image", "seed": SEED_REF},
                when="image",
                status="unconfirmed",
            ),
        ),
    ),
    video_model(
        "wan_2_5",
        "Wan 2.5",
        "Alibaba Wan 2.5: text or image to 1080p video, optionally driven by audio.",
        credits=60,
        inputs=(prompt_in(), FIRST_FRAME, audio_in(required=False, description="Audio (optional)")),
        params=(
            choice("duration", (5, 10)),
            choice("resolution", ("1080p", "720p", "480p")),
            NEGATIVE,
            flag("enable_prompt_expansion", True, "Let Wan enrich the prompt"),
            SEED,
        ),
        routes=(
            fal(
                "fal-ai/wan-25-preview/text-to-video",
                {"prompt": "$prompt", **WAN_2_5_FAL},
                when="!image",
            ),
            fal(
                "fal-ai/wan-25-preview/image-to-video",
                {"prompt": "$prompt", "image_url": "$image", **WAN_2_5_FAL},
                when="image",
            ),
            replicate(
                "wan-video/wan-2.5-t2v",
                {
                    "prompt": "$prompt",
                    "duration": "$duration",
                    "resolution": "$resolution",
                    "audio": "$audio",
                    "negative_prompt": "$negative_prompt",
                    "seed": SEED_REF,
                },
                when="!image",
                status="unconfirmed",
            ),
            replicate(
                "wan-video/wan-2.5-i2v",
                {
                    "prompt": "$prompt",
                    "image": "$image",
                    "duration": "$duration",
                    "resolution": "$resolution",
                    "audio": "$audio",
                    "seed": SEED_REF,
                },
                when="image",
                status="unconfirmed",
            ),
        ),
    ),
    _vace("depth", "Wan Vace Depth", "Wan VACE: a new video that follows the depth of the input video."),
    _vace("pose", "Wan Vace Pose", "Wan VACE: a new video that follows the poses in the input video."),
    _vace("reframe", "Wan Vace Reframe", "Wan VACE: change a video's framing and aspect ratio."),
    _vace("outpainting", "Wan Vace Outpaint", "Wan VACE: extend a video beyond its borders."),
]
