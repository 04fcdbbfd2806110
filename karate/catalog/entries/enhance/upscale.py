"""Image and video upscalers, and frame interpolation that raises a video's frame rate."""

from __future__ import annotations

from karate.catalog.dsl import (
    IMAGE_OUT,
    NEGATIVE,
    SEED,
    SEED_REF,
    VIDEO_OUT,
    choice,
    entry,
    fal,
    flag,
    image_in,
    integer,
    number,
    prompt_in,
    replicate,
    route,
    video_in,
)
from karate.catalog.entries.enhance.builder import Kind
from karate.catalog.schema import ModelEntry

UPSCALE_IMAGE: Kind = {"job_timeout": 600.0, "output": IMAGE_OUT}
UPSCALE_VIDEO: Kind = {"job_timeout": 1800.0, "output": VIDEO_OUT}
IMAGE_TO_UPSCALE = image_in(description="Image to upscale")
VIDEO_TO_UPSCALE = video_in(description="Video to upscale")
FRAMES_BETWEEN = integer("num_frames", 1, 1, 4, "Frames to add between each pair")


ENTRIES: list[ModelEntry] = [
    entry(
        "real_esrgan",
        "Image Upscale / Real-ESRGAN",
        "upscale",
        "Real-ESRGAN: sharp 2x-4x upscaling.",
        credits=1,
        params=(choice("scale", (2, 4)), flag("face_enhance", False, "Restore faces (GFPGAN)")),
        upscale_param="scale",
        **UPSCALE_IMAGE,
        inputs=(IMAGE_TO_UPSCALE,),
        routes=(
            fal(
                "fal-ai/esrgan",
                {"image_url": "$image", "scale": "$scale", "model": "RealESRGAN_x4plus", "face": "$face_enhance"},
            ),
            replicate(
                "nightmareai/real-esrgan",
                {"image": "$image", "scale": "$scale", "face_enhance": "$face_enhance"},
                community=True,
                status="unconfirmed",
            ),
        ),
    ),
    entry(
        "clarity_upscaler",
        "Image Upscale / Clarity",
        "upscale",
        "Clarity: creative upscaling that adds detail.",
        credits=4,
        inputs=(IMAGE_TO_UPSCALE, prompt_in(required=False, description="What the image shows (optional)")),
        params=(
            choice("upscale_factor", (2, 4)),
            number("creativity", 0.35, 0, 1, "How much detail is invented"),
            number("resemblance", 0.6, 0, 1, "How closely the result keeps the original"),
            SEED,
        ),
        upscale_param="upscale_factor",
        **UPSCALE_IMAGE,
        routes=(
            fal(
                "fal-ai/clarity-upscaler",
                {
                    "image_url": "$image",
                    "prompt": "$prompt",
                    "upscale_factor": "$upscale_factor",
                    "creativity": "$creativity",
                    "resemblance": "$resemblance",
                    "seed": SEED_REF,
                },
            ),
            replicate(
                "philz1337x/clarity-upscaler",
                {
                    "image": "$image",
                    "prompt": "$prompt",
                    "scale_factor": "$upscale_factor",
                    "creativity": "$creativity",
                    "resemblance": "$resemblance",
                    "seed": SEED_REF,
                },
                community=True,
                status="unconfirmed",
            ),
        ),
    ),
    entry(
        "bria_upscale",
        "Bria Upscale",
        "upscale",
        "Bria's creative upscaler.",
        credits=2,
        params=(SEED,),
        **UPSCALE_IMAGE,
        inputs=(IMAGE_TO_UPSCALE,),
        routes=(
            fal("bria/upscale/creative", {"image_url": "$image", "seed": SEED_REF}, status="unconfirmed"),
            replicate("bria/increase-resolution", {"image": "$image"}, status="unconfirmed"),
        ),
    ),
    entry(
        "google_upscaler",
        "Google Upscaler",
        "upscale",
        "Google's Imagen upscaler.",
        credits=3,
        params=(choice("upscale_factor", ("x2", "x4")),),
        upscale_param="upscale_factor",
        **UPSCALE_IMAGE,
        inputs=(IMAGE_TO_UPSCALE,),
        routes=(
            replicate(
                "google/upscaler",
                {"image": "$image", "upscale_factor": "$upscale_factor"},
                status="unconfirmed",
                note="input names not confirmed",
            ),
        ),
    ),
    entry(
        "stability_creative_upscale",
        "Stability Creative Upscale",
        "upscale",
        "Stability's creative upscaler: up to 4K, re-imagining fine detail.",
        credits=6,
        inputs=(IMAGE_TO_UPSCALE, prompt_in(description="What the image shows")),
        params=(NEGATIVE, number("creativity", 0.3, 0.1, 0.5, "How much detail is invented"), SEED),
        **UPSCALE_IMAGE,
        routes=(
            route(
                "stability",
                "creative",
                operation="stable-image/upscale/creative",
                input={
                    "image": "$image",
                    "prompt": "$prompt",
                    "negative_prompt": "$negative_prompt",
                    "creativity": "$creativity",
                    "seed": SEED_REF,
                    "output_format": "png",
                },
            ),
        ),
    ),
    entry(
        "real_esrgan_video",
        "Real-ESRGAN Video Upscaler",
        "upscale",
        "Real-ESRGAN applied to every frame.",
        credits=20,
        params=(choice("scale", (2, 4)),),
        **UPSCALE_VIDEO,
        inputs=(VIDEO_TO_UPSCALE,),
        routes=(
            fal(
                "fal-ai/video-upscaler",
                {"video_url": "$video", "scale": "$scale"},
                note="fal's backing model not confirmed",
            ),
            replicate("lucataco/real-esrgan-video", {"video_path": "$video"}, community=True, status="unconfirmed"),
        ),
    ),
    entry(
        "topaz_video_upscaler",
        "Topaz Video Upscaler",
        "upscale",
        "Topaz Video AI upscaling.",
        credits=40,
        params=(choice("upscale_factor", (2, 4)), integer("target_fps", 0, 0, 120, "0 keeps the frame rate")),
        **UPSCALE_VIDEO,
        inputs=(VIDEO_TO_UPSCALE,),
        routes=(
            fal(
                "fal-ai/topaz/upscale/video",
                {
                    "video_url": "$video",
                    "upscale_factor": "$upscale_factor",
                    "target_fps": {"$": "target_fps", "omit": [0]},
                },
            ),
            replicate("topazlabs/video-upscale", {"video": "$video"}, status="unconfirmed"),
        ),
    ),
    entry(
        "frame_interpolation",
        "Frame Interpolation",
        "upscale",
        "RIFE: increase a video's frame rate.",
        credits=10,
        params=(FRAMES_BETWEEN,),
        **UPSCALE_VIDEO,
        inputs=(VIDEO_TO_UPSCALE,),
        routes=(
            fal("fal-ai/rife/video", {"video_url": "$video", "num_frames": "$num_frames"}),
            replicate(
                "pollinations/rife-video-interpolation", {"video": "$video"}, community=True, status="unconfirmed"
            ),
        ),
    ),
    entry(
        "video_smoother",
        "Video Smoother",
        "upscale",
        "FILM: smooth motion by synthesising in-between frames.",
        credits=10,
        params=(FRAMES_BETWEEN,),
        **UPSCALE_VIDEO,
        inputs=(VIDEO_TO_UPSCALE,),
        routes=(fal("fal-ai/film/video", {"video_url": "$video", "num_frames": "$num_frames"}),),
    ),
]
