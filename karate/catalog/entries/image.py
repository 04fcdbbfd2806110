"""Text-to-image and image-guided generation models (spec 6.1 image models and 18.1 image generation)."""

from __future__ import annotations

from karate.catalog.dsl import (
    COMMON_ASPECTS,
    FAL_SIZE,
    IMAGE_OUT,
    NEGATIVE,
    SEED,
    SEED_REF,
    aspect,
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
)
from karate.catalog.schema import ModelEntry

IMAGE_TIMEOUT = 300.0
JPG_PNG = choice("output_format", ("jpg", "png"), description="File format of the result", advanced=True)
TO_FAL_FORMAT = {"$": "output_format", "map": {"jpg": "jpeg"}}


def image_model(id: str, title: str, description: str, **fields: object) -> ModelEntry:
    fields.setdefault("inputs", (prompt_in(),))
    fields.setdefault("job_timeout", IMAGE_TIMEOUT)
    return ModelEntry(
        id=f"model.{id}", title=title, category="image", description=description, output=IMAGE_OUT, **fields
    )  # type: ignore[arg-type]


def _imagen(
    id: str, title: str, replicate_slug: str, fal_endpoint: str, gemini_model: str | None, credits: int
) -> ModelEntry:
    routes = [
        replicate(
            replicate_slug, {"prompt": "$prompt", "aspect_ratio": "$aspect_ratio", "output_format": "$output_format"}
        ),
        fal(
            fal_endpoint,
            {"prompt": "$prompt", "aspect_ratio": "$aspect_ratio", "num_images": 1},
            status="unconfirmed",
            note="endpoint last seen in fal's 2026-04 client types",
        ),
    ]
    if gemini_model:
        routes.append(
            route(
                "google",
                gemini_model,
                operation="predict",
                status="deprecated",
                note="Imagen on the Gemini Developer API is being retired in favour of Vertex AI",
                input={
                    "instances": [{"prompt": "$prompt"}],
                    "parameters": {"sampleCount": 1, "aspectRatio": "$aspect_ratio"},
                },
            )
        )
    return image_model(
        id,
        title,
        f"Google {title}: photorealistic text-to-image.",
        credits=credits,
        params=(aspect(COMMON_ASPECTS), JPG_PNG),
        routes=tuple(routes),
        alternatives=("Flux Pro 1.1 Ultra",),
    )


def _flux_control(id: str, title: str, kind: str) -> ModelEntry:
    return image_model(
        id,
        title,
        f"Flux Pro guided by the {kind} of an input image.",
        credits=6,
        inputs=(prompt_in(), image_in(description=f"Image whose {kind} guides the result")),
        params=(
            integer("steps", 50, 15, 50, "Diffusion steps", advanced=True),
            number("guidance", 30 if kind == "edges" else 15, 1, 100, "How strictly to follow the prompt"),
            integer("safety_tolerance", 2, 1, 6, "1 is strictest, 6 most permissive", advanced=True),
            JPG_PNG,
            SEED,
        ),
        routes=(
            replicate(
                f"black-forest-labs/{id.replace('_', '-')}",
                {
                    "prompt": "$prompt",
                    "control_image": "$image",
                    "steps": "$steps",
                    "guidance": "$guidance",
                    "safety_tolerance": "$safety_tolerance",
                    "seed": SEED_REF,
                    "output_format": "$output_format",
                },
            ),
            fal(
                f"fal-ai/flux-pro/v1/{'canny' if kind == 'edges' else 'depth'}",
                {
                    "prompt": "$prompt",
                    "control_image_url": "$image",
                    "num_inference_steps": "$steps",
                    "seed": SEED_REF,
                    "output_format": TO_FAL_FORMAT,
                },
                status="unconfirmed",
                note="endpoint last seen in fal's 2025-10 client types",
            ),
        ),
    )


ENTRIES: list[ModelEntry] = [
    image_model(
        "flux_pro_1_1_ultra",
        "Flux Pro 1.1 Ultra",
        "Black Forest Labs' flagship: 4-megapixel images, raw mode.",
        credits=6,
        inputs=(prompt_in(), image_in(required=False, description="Optional image prompt")),
        params=(
            aspect(),
            flag("raw", False, "Less processed, more natural look"),
            number("image_prompt_strength", 0.1, 0, 1, "How much the image prompt steers the result"),
            integer("safety_tolerance", 2, 1, 6, "1 is strictest, 6 most permissive", advanced=True),
            JPG_PNG,
            SEED,
        ),
        routes=(
            replicate(
                "black-forest-labs/flux-1.1-pro-ultra",
                {
                    "prompt": "$prompt",
                    "aspect_ratio": "$aspect_ratio",
                    "raw": "$raw",
                    "image_prompt": "$image",
                    "image_prompt_strength": "$image_prompt_strength",
                    "safety_tolerance": "$safety_tolerance",
                    "seed": SEED_REF,
                    "output_format": "$output_format",
                },
            ),
            fal(
                "fal-ai/flux-pro/v1.1-ultra",
                {
                    "prompt": "$prompt",
                    "aspect_ratio": "$aspect_ratio",
                    "raw": "$raw",
                    "image_url": "$image",
                    "image_prompt_strength": "$image_prompt_strength",
                    "num_images": 1,
                    "safety_tolerance": {"$": "safety_tolerance", "as": "str"},
                    "seed": SEED_REF,
                    "output_format": TO_FAL_FORMAT,
                },
            ),
        ),
        alternatives=("Imagen 4 Fast",),
    ),
    image_model(
        "stable_diffusion_3_5",
        "Stable Diffusion 3.5",
        "Stability AI's open model in large, turbo and medium sizes.",
        credits=4,
        params=(
            choice("variant", ("large", "large-turbo", "medium"), description="Model size"),
            aspect(("1:1", "16:9", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21")),
            NEGATIVE,
            SEED,
            choice("output_format", ("png", "jpeg"), advanced=True),
        ),
        routes=(
            route(
                "stability",
                "sd3.5-{variant}",
                operation="stable-image/generate/sd3",
                input={
                    "model": "sd3.5-${variant}",
                    "mode": "text-to-image",
                    "prompt": "$prompt",
                    "negative_prompt": "$negative_prompt",
                    "aspect_ratio": "$aspect_ratio",
                    "seed": SEED_REF,
                    "output_format": "$output_format",
                },
            ),
            replicate(
                "stability-ai/stable-diffusion-3.5-{variant}",
                {
                    "prompt": "$prompt",
                    "aspect_ratio": "$aspect_ratio",
                    "negative_prompt": "$negative_prompt",
                    "seed": SEED_REF,
                },
                status="unconfirmed",
                note="input names not confirmed",
            ),
            fal(
                "fal-ai/stable-diffusion-v35-large",
                {
                    "prompt": "$prompt",
                    "negative_prompt": "$negative_prompt",
                    "image_size": FAL_SIZE,
                    "num_images": 1,
                    "seed": SEED_REF,
                },
                note="fal hosts the large and medium sizes",
            ),
        ),
    ),
    image_model(
        "ideogram_v3",
        "Ideogram V3",
        "Ideogram's third generation, strong at typography and layout.",
        credits=6,
        params=(
            choice("speed", ("balanced", "turbo", "quality"), description="Speed against quality"),
            choice("style", ("AUTO", "GENERAL", "REALISTIC", "DESIGN")),
            aspect(),
            flag("expand_prompt", True, "Let Ideogram enrich the prompt"),
            NEGATIVE,
            SEED,
        ),
        routes=(
            fal(
                "fal-ai/ideogram/v3",
                {
                    "prompt": "$prompt",
                    "rendering_speed": {
                        "$": "speed",
                        "map": {"balanced": "BALANCED", "turbo": "TURBO", "quality": "QUALITY"},
                    },
                    "style": "$style",
                    "image_size": FAL_SIZE,
                    "expand_prompt": "$expand_prompt",
                    "negative_prompt": "$negative_prompt",
                    "num_images": 1,
                    "seed": SEED_REF,
                },
            ),
            replicate(
                "ideogram-ai/ideogram-v3-{speed}",
                {"prompt": "$prompt", "aspect_ratio": "$aspect_ratio", "seed": SEED_REF},
                status="unconfirmed",
                note="input names not confirmed",
            ),
        ),
    ),
    image_model(
        "ideogram_v2",
        "Ideogram V2",
        "Ideogram's second generation.",
        credits=5,
        params=(aspect(), flag("expand_prompt", True, "Let Ideogram enrich the prompt"), SEED),
        routes=(
            replicate(
                "ideogram-ai/ideogram-v2",
                {"prompt": "$prompt", "aspect_ratio": "$aspect_ratio", "seed": SEED_REF},
                status="unconfirmed",
            ),
            fal(
                "fal-ai/ideogram/v2",
                {
                    "prompt": "$prompt",
                    "aspect_ratio": "$aspect_ratio",
                    "expand_prompt": "$expand_prompt",
                    "seed": SEED_REF,
                },
                status="unconfirmed",
            ),
        ),
    ),
    image_model(
        "dall_e_3",
        "DALL·E 3",
        "OpenAI's DALL·E 3.",
        credits=8,
        params=(
            choice("size", ("1024x1024", "1792x1024", "1024x1792")),
            choice("quality", ("standard", "hd")),
            choice("style", ("vivid", "natural")),
        ),
        routes=(
            route(
                "openai",
                "dall-e-3",
                operation="images.generate",
                input={
                    "prompt": "$prompt",
                    "size": "$size",
                    "quality": "$quality",
                    "style": "$style",
                    "n": 1,
                    "response_format": "b64_json",
                },
            ),
            replicate("openai/dall-e-3", {"prompt": "$prompt"}, status="unconfirmed"),
        ),
    ),
    _imagen("imagen_3", "Imagen 3", "google/imagen-3", "fal-ai/imagen3", "imagen-3.0-generate-002", 5),
    _imagen("imagen_3_fast", "Imagen 3 Fast", "google/imagen-3-fast", "fal-ai/imagen3/fast", None, 3),
    _imagen("imagen_4", "Imagen 4", "google/imagen-4", "fal-ai/imagen4/preview", "imagen-4.0-generate-001", 6),
    _imagen(
        "imagen_4_fast",
        "Imagen 4 Fast",
        "google/imagen-4-fast",
        "fal-ai/imagen4/preview/fast",
        "imagen-4.0-fast-generate-001",
        3,
    ),
    _imagen(
        "imagen_4_ultra",
        "Imagen 4 Ultra",
        "google/imagen-4-ultra",
        "fal-ai/imagen4/preview/ultra",
        "imagen-4.0-ultra-generate-001",
        9,
    ),
    image_model(
        "minimax_image_01",
        "Minimax Image 01",
        "MiniMax's image model.",
        credits=3,
        params=(
            aspect(("1:1", "16:9", "4:3", "3:2", "2:3", "3:4", "9:16", "21:9")),
            flag("prompt_optimizer", True, "Let MiniMax refine the prompt"),
        ),
        routes=(
            fal(
                "fal-ai/minimax/image-01",
                {
                    "prompt": "$prompt",
                    "aspect_ratio": "$aspect_ratio",
                    "num_images": 1,
                    "prompt_optimizer": "$prompt_optimizer",
                },
            ),
            replicate(
                "minimax/image-01",
                {"prompt": "$prompt", "aspect_ratio": "$aspect_ratio", "prompt_optimizer": "$prompt_optimizer"},
                status="unconfirmed",
            ),
        ),
    ),
    image_model(
        "bria",
        "Bria",
        "Bria's text-to-image, trained on licensed data only.",
        credits=4,
        params=(choice("variant", ("base", "fast", "hd")), aspect(), NEGATIVE, SEED),
        routes=(
            fal(
                "fal-ai/bria/text-to-image/{variant}",
                {
                    "prompt": "$prompt",
                    "aspect_ratio": "$aspect_ratio",
                    "negative_prompt": "$negative_prompt",
                    "num_images": 1,
                    "seed": SEED_REF,
                },
            ),
            replicate(
                "bria/image-3.2",
                {"prompt": "$prompt", "aspect_ratio": "$aspect_ratio", "seed": SEED_REF},
                status="unconfirmed",
            ),
        ),
    ),
    image_model(
        "hunyuan_image",
        "Hunyuan Image",
        "Tencent's Hunyuan text-to-image.",
        credits=4,
        params=(aspect(COMMON_ASPECTS), NEGATIVE, SEED),
        routes=(
            fal(
                "fal-ai/hunyuan-image/v3/text-to-image",
                {"prompt": "$prompt", "negative_prompt": "$negative_prompt", "image_size": FAL_SIZE, "seed": SEED_REF},
            ),
            replicate("tencent/hunyuan-image-2.1", {"prompt": "$prompt", "seed": SEED_REF}, status="unconfirmed"),
        ),
    ),
    image_model(
        "recraft_v3",
        "Recraft V3",
        "Recraft's design-minded model with named styles.",
        credits=4,
        params=(
            choice("style", ("realistic_image", "digital_illustration", "vector_illustration")),
            aspect(COMMON_ASPECTS),
        ),
        routes=(
            fal("fal-ai/recraft/v3/text-to-image", {"prompt": "$prompt", "style": "$style", "image_size": FAL_SIZE}),
            replicate(
                "recraft-ai/recraft-v3",
                {"prompt": "$prompt", "style": "$style", "aspect_ratio": "$aspect_ratio"},
                status="unconfirmed",
            ),
        ),
    ),
    image_model(
        "gpt_image_1",
        "GPT Image 1",
        "OpenAI's GPT Image 1; connect images to edit them instead.",
        credits=8,
        inputs=(prompt_in(), images_in(description="Images to edit (optional)")),
        params=(
            choice("size", ("auto", "1024x1024", "1536x1024", "1024x1536")),
            choice("quality", ("auto", "low", "medium", "high")),
            choice("background", ("auto", "transparent", "opaque")),
        ),
        routes=(
            route(
                "openai",
                "gpt-image-1",
                operation="images.generate",
                when="!images",
                input={
                    "prompt": "$prompt",
                    "size": "$size",
                    "quality": "$quality",
                    "background": "$background",
                    "n": 1,
                },
            ),
            route(
                "openai",
                "gpt-image-1",
                operation="images.edit",
                when="images",
                input={
                    "prompt": "$prompt",
                    "image": "$images",
                    "size": "$size",
                    "quality": "$quality",
                    "background": "$background",
                },
            ),
            fal(
                "fal-ai/gpt-image-1/text-to-image",
                {
                    "prompt": "$prompt",
                    "image_size": "$size",
                    "quality": "$quality",
                    "background": "$background",
                    "num_images": 1,
                },
                when="!images",
            ),
            fal(
                "fal-ai/gpt-image-1/edit-image",
                {
                    "prompt": "$prompt",
                    "image_urls": "$images",
                    "image_size": "$size",
                    "quality": "$quality",
                    "num_images": 1,
                },
                when="images",
            ),
            replicate("openai/gpt-image-1", {"prompt": "$prompt", "input_images": "$images"}, status="unconfirmed"),
        ),
    ),
    image_model(
        "wan_2_2_image",
        "Wan 2.2 Image",
        "Alibaba's Wan 2.2 (A14B) as a text-to-image model.",
        credits=3,
        params=(aspect(COMMON_ASPECTS), NEGATIVE, SEED),
        routes=(
            fal(
                "fal-ai/wan/v2.2-a14b/text-to-image",
                {"prompt": "$prompt", "negative_prompt": "$negative_prompt", "image_size": FAL_SIZE, "seed": SEED_REF},
                status="unconfirmed",
            ),
        ),
    ),
    image_model(
        "nvidia_sana",
        "Nvidia Sana",
        "NVIDIA's fast high-resolution linear-attention model.",
        credits=2,
        params=(
            aspect(COMMON_ASPECTS),
            NEGATIVE,
            integer("steps", 18, 1, 50, "Diffusion steps", advanced=True),
            number("guidance_scale", 5, 1, 20, "How strictly to follow the prompt", advanced=True),
            SEED,
        ),
        routes=(
            fal(
                "fal-ai/sana",
                {
                    "prompt": "$prompt",
                    "negative_prompt": "$negative_prompt",
                    "image_size": FAL_SIZE,
                    "num_inference_steps": "$steps",
                    "guidance_scale": "$guidance_scale",
                    "num_images": 1,
                    "seed": SEED_REF,
                },
            ),
            replicate(
                "nvidia/sana",
                {"prompt": "$prompt", "negative_prompt": "$negative_prompt", "seed": SEED_REF},
                community=True,
                status="unconfirmed",
            ),
        ),
    ),
    image_model(
        "nvidia_consistency",
        "Nvidia Consistency",
        "Sana Sprint: NVIDIA's consistency-distilled Sana, an image in one to four steps.",
        credits=1,
        params=(aspect(COMMON_ASPECTS), SEED),
        routes=(
            fal(
                "fal-ai/sana/sprint",
                {"prompt": "$prompt", "image_size": FAL_SIZE, "seed": SEED_REF},
                status="unconfirmed",
                note="'Nvidia Consistency' read as the consistency model Sana Sprint",
            ),
            replicate(
                "nvidia/sana-sprint-1.6b", {"prompt": "$prompt", "seed": SEED_REF}, community=True, status="unconfirmed"
            ),
        ),
    ),
    image_model(
        "flux_dev_redux",
        "Flux Dev Redux",
        "Variations of an image with Flux Dev.",
        credits=3,
        inputs=(image_in(description="Image to make variations of"),),
        params=(aspect(COMMON_ASPECTS), integer("steps", 28, 1, 50, "Diffusion steps", advanced=True), SEED),
        routes=(
            fal(
                "fal-ai/flux/dev/redux",
                {
                    "image_url": "$image",
                    "image_size": FAL_SIZE,
                    "num_inference_steps": "$steps",
                    "num_images": 1,
                    "seed": SEED_REF,
                },
            ),
            replicate(
                "black-forest-labs/flux-redux-dev",
                {"redux_image": "$image", "aspect_ratio": "$aspect_ratio", "seed": SEED_REF},
                status="unconfirmed",
            ),
        ),
    ),
    _flux_control("flux_canny_pro", "Flux Canny Pro", "edges"),
    _flux_control("flux_depth_pro", "Flux Depth Pro", "depth"),
    image_model(
        "dreamshaper_v8",
        "Dreamshaper V8",
        "The Dreamshaper 8 Stable Diffusion checkpoint.",
        credits=2,
        params=(
            aspect(COMMON_ASPECTS),
            NEGATIVE,
            integer("steps", 25, 1, 60, "Diffusion steps", advanced=True),
            number("guidance_scale", 7.5, 1, 20, "How strictly to follow the prompt", advanced=True),
            SEED,
        ),
        routes=(
            fal(
                "fal-ai/dreamshaper",
                {
                    "prompt": "$prompt",
                    "negative_prompt": "$negative_prompt",
                    "image_size": FAL_SIZE,
                    "num_inference_steps": "$steps",
                    "guidance_scale": "$guidance_scale",
                    "seed": SEED_REF,
                },
                note="checkpoint version served by fal not confirmed",
            ),
            replicate(
                "asiryan/dreamshaper-v8",
                {"prompt": "$prompt", "negative_prompt": "$negative_prompt", "seed": SEED_REF},
                community=True,
                status="unconfirmed",
            ),
        ),
    ),
    image_model(
        "ip_adapter_sdxl",
        "Control / IPAdapter SDXL",
        "SDXL that keeps the face of a reference image.",
        credits=3,
        inputs=(prompt_in(), image_in(description="Face to keep")),
        params=(
            NEGATIVE,
            integer("steps", 50, 1, 100, "Diffusion steps", advanced=True),
            number("guidance_scale", 7.5, 1, 20, "How strictly to follow the prompt", advanced=True),
            SEED,
        ),
        routes=(
            fal(
                "fal-ai/ip-adapter-face-id",
                {
                    "prompt": "$prompt",
                    "face_image_url": "$image",
                    "model_type": "SDXL-v2-plus",
                    "negative_prompt": "$negative_prompt",
                    "num_inference_steps": "$steps",
                    "guidance_scale": "$guidance_scale",
                    "num_samples": 1,
                    "seed": SEED_REF,
                },
            ),
            replicate(
                "lucataco/ip_adapter-sdxl-face",
                {"prompt": "$prompt", "image": "$image", "seed": SEED_REF},
                community=True,
                status="unconfirmed",
            ),
        ),
    ),
    image_model(
        "flux_id_preservation",
        "ID Preservation – Flux",
        "Flux PuLID: new images of the person in a reference.",
        credits=4,
        inputs=(prompt_in(), image_in(description="Photo of the person")),
        params=(
            aspect(COMMON_ASPECTS),
            number("id_weight", 1, 0, 3, "How closely to keep the identity"),
            NEGATIVE,
            SEED,
        ),
        routes=(
            fal(
                "fal-ai/flux-pulid",
                {
                    "prompt": "$prompt",
                    "reference_image_url": "$image",
                    "id_weight": "$id_weight",
                    "image_size": FAL_SIZE,
                    "negative_prompt": "$negative_prompt",
                    "seed": SEED_REF,
                },
            ),
            replicate(
                "bytedance/flux-pulid",
                {"prompt": "$prompt", "main_face_image": "$image", "seed": SEED_REF},
                community=True,
                status="unconfirmed",
            ),
        ),
    ),
    image_model(
        "lora_control",
        "LoRA Control",
        "Flux Dev with a LoRA of your choice (a URL to .safetensors).",
        credits=3,
        params=(
            string("lora_url", "", "Public URL of the LoRA weights"),
            number("lora_scale", 1, 0, 2, "How strongly the LoRA applies"),
            aspect(),
            SEED,
        ),
        routes=(
            fal(
                "fal-ai/flux-lora",
                {
                    "prompt": "$prompt",
                    "loras": [{"path": "$lora_url", "scale": "$lora_scale"}],
                    "image_size": FAL_SIZE,
                    "num_images": 1,
                    "seed": SEED_REF,
                },
                status="unconfirmed",
            ),
            replicate(
                "black-forest-labs/flux-dev-lora",
                {
                    "prompt": "$prompt",
                    "lora_weights": "$lora_url",
                    "lora_scale": "$lora_scale",
                    "aspect_ratio": "$aspect_ratio",
                    "seed": SEED_REF,
                },
                status="unconfirmed",
            ),
        ),
    ),
]
