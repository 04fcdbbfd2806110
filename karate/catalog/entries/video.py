"""Video generation and video editing models (spec 6.1 video models and 18.1 video, advanced models)."""

from __future__ import annotations

from karate.catalog.dsl import (
    IMAGE_OUT,
    NEGATIVE,
    SEED,
    SEED_REF,
    VIDEO_ASPECTS,
    VIDEO_OUT,
    aspect,
    audio_in,
    choice,
    fal,
    flag,
    image_in,
    images_in,
    integer,
    number,
    prompt_in,
    replicate,
    route,
    string,
    video_in,
)
from karate.catalog.schema import ModelEntry

VIDEO_TIMEOUT = 1200.0
LUMA_TIMEOUT = 600.0
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
SECONDS = {"$": "duration", "as": "str"}


def video_model(id: str, title: str, description: str, **fields: object) -> ModelEntry:
    fields.setdefault("job_timeout", VIDEO_TIMEOUT)
    fields.setdefault("alternatives", ("Veo 3 Fast",))
    return ModelEntry(
        id=f"model.{id}", title=title, category="video", description=description, output=VIDEO_OUT, **fields
    )  # type: ignore[arg-type]


def _veo(
    id: str,
    title: str,
    gemini: str,
    replicate_slug: str,
    fal_endpoint: str,
    *,
    audio: bool,
    durations: tuple[int, ...],
    fal_status: str,
    runway: str | None = None,
) -> ModelEntry:
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
        routes.append(
            route(
                "runway",
                runway,
                operation="image_to_video",
                when="image",
                input={
                    "promptImage": "$image",
                    "promptText": "$prompt",
                    "ratio": RUNWAY_RATIO,
                    "duration": "$duration",
                    "seed": SEED_REF,
                },
            )
        )
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


def _vace(mode: str, title: str, description: str) -> ModelEntry:
    params = [choice("resolution", ("720p", "480p", "580p")), integer("num_frames", 81, 17, 241, "Frames"), SEED]
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
        "runway_gen_4",
        "Runway Gen-4",
        "Runway Gen-4 Turbo: animate an image from a prompt.",
        credits=50,
        inputs=(prompt_in(required=False, description="How the scene moves"), image_in(description="The first frame")),
        params=(aspect(("16:9", "9:16", "1:1", "4:3", "3:4", "21:9")), choice("duration", (5, 10)), SEED),
        routes=(
            route(
                "runway",
                "gen4_turbo",
                operation="image_to_video",
                input={
                    "promptImage": "$image",
                    "promptText": "$prompt",
                    "ratio": RUNWAY_RATIO,
                    "duration": "$duration",
                    "seed": SEED_REF,
                },
            ),
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
    ModelEntry(
        id="model.runway_gen_4_image",
        title="Runway Gen-4 Image",
        category="image",
        description="Runway Gen-4 text-to-image.",
        output=IMAGE_OUT,
        credits=8,
        job_timeout=300,
        inputs=(prompt_in(),),
        params=(aspect(("16:9", "9:16", "1:1", "4:3", "3:4", "21:9")), SEED),
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
        inputs=(prompt_in(required=False, description="How the scene moves"), image_in(description="First frame")),
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
        params=(aspect(("16:9", "9:16", "1:1", "4:3", "3:4", "21:9")), SEED),
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
    video_model(
        "minimax_video",
        "Minimax Video",
        "MiniMax Hailuo 02: text or image to video.",
        credits=45,
        inputs=(prompt_in(), FIRST_FRAME),
        params=(
            choice("duration", (6, 10), description="Seconds (10 s only at 768p)"),
            choice("resolution", ("768p", "512p", "1080p")),
            flag("prompt_optimizer", True, "Let MiniMax refine the prompt"),
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
        audio=True,
        durations=(4, 6, 8),
        fal_status="unconfirmed",
    ),
    _veo(
        "veo_3_fast",
        "Veo 3 Fast",
        "veo-3.0-fast-generate-001",
        "google/veo-3-fast",
        "fal-ai/veo3/fast",
        audio=True,
        durations=(4, 6, 8),
        fal_status="unconfirmed",
    ),
    _veo(
        "veo_3_1",
        "Veo 3.1",
        "veo-3.1-generate-preview",
        "google/veo-3.1",
        "fal-ai/veo3.1",
        audio=True,
        durations=(4, 6, 8),
        fal_status="confirmed",
        runway="veo3.1",
    ),
    _veo(
        "veo_3_1_fast",
        "Veo 3.1 Fast",
        "veo-3.1-fast-generate-preview",
        "google/veo-3.1-fast",
        "fal-ai/veo3.1/fast",
        audio=True,
        durations=(4, 6, 8),
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
    video_model(
        "wan_2_1_lora",
        "Wan 2.1 with LoRA",
        "Wan 2.1 text-to-video with a LoRA of your choice.",
        credits=40,
        inputs=(prompt_in(),),
        params=(
            string("lora_url", "", "Public URL of the LoRA weights"),
            number("lora_scale", 1, 0, 2, "How strongly the LoRA applies"),
            choice("resolution", ("480p", "720p")),
            SEED,
        ),
        routes=(
            fal(
                "fal-ai/wan-t2v-lora",
                {
                    "prompt": "$prompt",
                    "loras": [{"path": "$lora_url", "scale": "$lora_scale"}],
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
        params=(aspect(VIDEO_ASPECTS), choice("resolution", ("720p", "480p", "580p")), NEGATIVE, SEED),
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
                {
                    "prompt": "$prompt",
                    "duration": SECONDS,
                    "resolution": "$resolution",
                    "audio_url": "$audio",
                    "negative_prompt": "$negative_prompt",
                    "enable_prompt_expansion": "$enable_prompt_expansion",
                    "seed": SEED_REF,
                },
                when="!image",
            ),
            fal(
                "fal-ai/wan-25-preview/image-to-video",
                {
                    "prompt": "$prompt",
                    "image_url": "$image",
                    "duration": SECONDS,
                    "resolution": "$resolution",
                    "audio_url": "$audio",
                    "negative_prompt": "$negative_prompt",
                    "enable_prompt_expansion": "$enable_prompt_expansion",
                    "seed": SEED_REF,
                },
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
