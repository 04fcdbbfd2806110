"""Image-guided and customised generation: Flux Redux variations, Flux control by edges or depth, the
Dreamshaper checkpoint, face-keeping IP-Adapter and PuLID, and Flux with a LoRA."""

from __future__ import annotations

from karate.catalog.dsl import (
    COMMON_ASPECTS,
    FAL_LORAS,
    FAL_SIZE,
    LORA,
    NEGATIVE,
    SEED,
    SEED_REF,
    aspect,
    fal,
    image_in,
    number,
    prompt_in,
    replicate,
    steps,
)
from karate.catalog.entries.image.builder import JPG_PNG, SAFETY_TOLERANCE, TO_FAL_FORMAT, guidance_scale, image_model
from karate.catalog.schema import ModelEntry


def _flux_control(id: str, title: str, kind: str) -> ModelEntry:
    return image_model(
        id,
        title,
        f"Flux Pro guided by the {kind} of an input image.",
        credits=6,
        inputs=(prompt_in(), image_in(description=f"Image whose {kind} guides the result")),
        params=(
            steps(50, 15, 50),
            number("guidance", 30 if kind == "edges" else 15, 1, 100, "How strictly to follow the prompt"),
            SAFETY_TOLERANCE,
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
        "flux_dev_redux",
        "Flux Dev Redux",
        "Variations of an image with Flux Dev.",
        credits=3,
        inputs=(image_in(description="Image to make variations of"),),
        params=(aspect(COMMON_ASPECTS), steps(28, 1, 50), SEED),
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
            steps(25, 1, 60),
            guidance_scale(7.5),
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
            steps(50, 1, 100),
            guidance_scale(7.5),
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
            *LORA,
            aspect(),
            SEED,
        ),
        routes=(
            fal(
                "fal-ai/flux-lora",
                {
                    "prompt": "$prompt",
                    "loras": FAL_LORAS,
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
