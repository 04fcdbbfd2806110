"""Upscalers and frame interpolation, lip-sync and avatar animation, and video-to-audio."""

from __future__ import annotations

from karate.catalog.dsl import (
    IMAGE_OUT,
    NEGATIVE,
    SEED,
    SEED_REF,
    VIDEO_OUT,
    audio_in,
    choice,
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
from karate.catalog.schema import ModelEntry


def entry(id: str, title: str, category: str, description: str, **fields: object) -> ModelEntry:
    return ModelEntry(id=f"model.{id}", title=title, category=category, description=description, **fields)  # type: ignore[arg-type]


UPSCALE_IMAGE = {"job_timeout": 600.0, "output": IMAGE_OUT, "inputs": (image_in(description="Image to upscale"),)}
UPSCALE_VIDEO = {"job_timeout": 1800.0, "output": VIDEO_OUT, "inputs": (video_in(description="Video to upscale"),)}
LIPSYNC = {"job_timeout": 1200.0, "output": VIDEO_OUT}

ENTRIES: list[ModelEntry] = [
    entry(
        "real_esrgan",
        "Image Upscale / Real-ESRGAN",
        "upscale",
        "Real-ESRGAN: sharp 2x-4x upscaling.",
        credits=1,
        params=(choice("scale", (2, 4)), flag("face_enhance", False, "Restore faces (GFPGAN)")),
        **UPSCALE_IMAGE,
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
        inputs=(
            image_in(description="Image to upscale"),
            prompt_in(required=False, description="What the image shows (optional)"),
        ),
        params=(
            choice("upscale_factor", (2, 4)),
            number("creativity", 0.35, 0, 1, "How much detail is invented"),
            number("resemblance", 0.6, 0, 1, "How closely the result keeps the original"),
            SEED,
        ),
        job_timeout=600.0,
        output=IMAGE_OUT,
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
        **UPSCALE_IMAGE,
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
        inputs=(image_in(description="Image to upscale"), prompt_in(description="What the image shows")),
        params=(NEGATIVE, number("creativity", 0.3, 0.1, 0.5, "How much detail is invented"), SEED),
        job_timeout=600.0,
        output=IMAGE_OUT,
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
        params=(integer("num_frames", 1, 1, 4, "Frames to add between each pair"),),
        **UPSCALE_VIDEO,
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
        params=(integer("num_frames", 1, 1, 4, "Frames to add between each pair"),),
        **UPSCALE_VIDEO,
        routes=(fal("fal-ai/film/video", {"video_url": "$video", "num_frames": "$num_frames"}),),
    ),
    entry(
        "omnihuman_v1_5",
        "Omnihuman V1.5",
        "lipsync",
        "ByteDance OmniHuman: a talking, moving person from one photo and audio.",
        credits=60,
        **LIPSYNC,
        inputs=(
            image_in(description="Photo of the person"),
            audio_in(),
            prompt_in(required=False, description="Direction for the performance (optional)"),
        ),
        params=(choice("resolution", ("1080p", "720p")), flag("turbo_mode", False, "Faster, slightly lower quality")),
        routes=(
            fal(
                "fal-ai/bytedance/omnihuman/v1.5",
                {
                    "image_url": "$image",
                    "audio_url": "$audio",
                    "prompt": "$prompt",
                    "resolution": "$resolution",
                    "turbo_mode": "$turbo_mode",
                },
            ),
            replicate("bytedance/omni-human", {"image": "$image", "audio": "$audio"}, status="unconfirmed"),
        ),
    ),
    entry(
        "sync_2_pro",
        "Sync 2 Pro",
        "lipsync",
        "sync.so Lipsync 2 Pro: make a video's lips match new audio.",
        credits=40,
        **LIPSYNC,
        inputs=(video_in(), audio_in()),
        params=(
            choice(
                "sync_mode",
                ("cut_off", "loop", "bounce", "silence", "remap"),
                description="What to do when audio and video lengths differ",
            ),
        ),
        routes=(
            fal(
                "fal-ai/sync-lipsync/v2/pro", {"video_url": "$video", "audio_url": "$audio", "sync_mode": "$sync_mode"}
            ),
            replicate(
                "sync/lipsync-2-pro",
                {"video": "$video", "audio": "$audio", "sync_mode": "$sync_mode"},
                status="unconfirmed",
            ),
        ),
    ),
    entry(
        "pixverse_lipsync",
        "Pixverse Lipsync",
        "lipsync",
        "PixVerse lip-sync of a video to audio.",
        credits=20,
        **LIPSYNC,
        inputs=(video_in(), audio_in()),
        routes=(
            fal("fal-ai/pixverse/lipsync", {"video_url": "$video", "audio_url": "$audio"}),
            replicate("pixverse/lipsync", {"video": "$video", "audio": "$audio"}, status="unconfirmed"),
        ),
    ),
    entry(
        "kling_ai_avatar",
        "Kling AI Avatar",
        "lipsync",
        "Kling: a talking avatar video from a portrait and audio.",
        credits=40,
        **LIPSYNC,
        inputs=(
            image_in(description="Portrait"),
            audio_in(),
            prompt_in(required=False, description="Direction for the performance (optional)"),
        ),
        params=(choice("quality", ("standard", "pro")),),
        routes=(
            fal(
                "fal-ai/kling-video/v1/{quality}/ai-avatar",
                {"image_url": "$image", "audio_url": "$audio", "prompt": "$prompt"},
            ),
        ),
    ),
    entry(
        "video_to_audio",
        "Video to Audio",
        "audio",
        "MMAudio: a soundtrack that fits the video, returned with the video.",
        credits=8,
        job_timeout=600.0,
        output=VIDEO_OUT,
        inputs=(video_in(), prompt_in(required=False, description="The sound you want (optional)")),
        params=(number("duration", 8, 1, 30, "Seconds of audio"), NEGATIVE, SEED),
        routes=(
            fal(
                "fal-ai/mmaudio-v2",
                {
                    "video_url": "$video",
                    "prompt": "$prompt",
                    "negative_prompt": "$negative_prompt",
                    "duration": "$duration",
                    "seed": SEED_REF,
                },
            ),
            replicate(
                "zsxkib/mmaudio",
                {"video": "$video", "prompt": "$prompt", "duration": "$duration", "seed": SEED_REF},
                community=True,
                status="unconfirmed",
            ),
        ),
    ),
]
