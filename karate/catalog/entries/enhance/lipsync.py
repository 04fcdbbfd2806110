"""Lip-sync and avatar animation from a photo or video and audio, and a soundtrack made for a video."""

from __future__ import annotations

from karate.catalog.dsl import (
    NEGATIVE,
    SEED,
    SEED_REF,
    VIDEO_OUT,
    audio_in,
    choice,
    entry,
    fal,
    flag,
    image_in,
    number,
    prompt_in,
    replicate,
    video_in,
)
from karate.catalog.entries.enhance.builder import Kind
from karate.catalog.schema import ModelEntry

LIPSYNC: Kind = {"job_timeout": 1200.0, "output": VIDEO_OUT}
DIRECTION = prompt_in(required=False, description="Direction for the performance (optional)")


ENTRIES: list[ModelEntry] = [
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
            DIRECTION,
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
            DIRECTION,
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
