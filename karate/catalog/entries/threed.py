"""Image- and text-to-3D models; every route asks for GLB so the editor's viewer can show the mesh."""

from __future__ import annotations

from typing import Unpack

from karate.catalog.dsl import (
    MESH_OUT,
    SEED,
    SEED_REF,
    EntryFields,
    choice,
    entry,
    fal,
    flag,
    image_in,
    images_in,
    integer,
    number,
    prompt_in,
    replicate,
    steps,
)
from karate.catalog.schema import ModelEntry


def mesh_model(id: str, title: str, description: str, **fields: Unpack[EntryFields]) -> ModelEntry:
    fields.setdefault("job_timeout", 900.0)
    fields.setdefault("inputs", (image_in(description="Image of the object"),))
    return entry(id, title, "3d", description, output=MESH_OUT, **fields)


RODIN_PARAMS = (
    choice("quality", ("medium", "high", "low", "extra-low")),
    choice("material", ("PBR", "Shaded")),
    choice("tier", ("Regular", "Sketch")),
    SEED,
)
RODIN_BODY = {
    "input_image_urls": "$images",
    "prompt": "$prompt",
    "geometry_file_format": "glb",
    "material": "$material",
    "quality": "$quality",
    "tier": "$tier",
    "seed": SEED_REF,
}

ENTRIES: list[ModelEntry] = [
    mesh_model(
        "rodin_2",
        "Rodin 2.0",
        "Hyper3D Rodin: production-ready 3D from images and/or a prompt.",
        credits=40,
        inputs=(images_in(description="Views of the object"), prompt_in(required=False)),
        params=RODIN_PARAMS,
        routes=(
            fal(
                "fal-ai/hyper3d/rodin/v2",
                RODIN_BODY,
                status="unconfirmed",
                note="Gen-2 endpoint; inputs assumed equal to the documented v1 endpoint",
            ),
            fal("fal-ai/hyper3d/rodin", RODIN_BODY, note="Rodin Gen-1.5, the documented endpoint"),
        ),
    ),
    mesh_model(
        "hunyuan_3d",
        "Hunyuan 3D",
        "Tencent Hunyuan3D 2: a textured mesh from one image.",
        credits=20,
        params=(
            flag("textured_mesh", True, "Also generate a texture"),
            integer("octree_resolution", 256, 64, 512, "Mesh detail", advanced=True),
            steps(50, 10, 100),
            SEED,
        ),
        routes=(
            fal(
                "fal-ai/hunyuan3d/v2",
                {
                    "input_image_url": "$image",
                    "textured_mesh": "$textured_mesh",
                    "octree_resolution": "$octree_resolution",
                    "num_inference_steps": "$steps",
                    "seed": SEED_REF,
                },
            ),
            replicate(
                "tencent/hunyuan3d-2", {"image": "$image", "seed": SEED_REF}, community=True, status="unconfirmed"
            ),
        ),
    ),
    mesh_model(
        "trellis",
        "Trellis 3D",
        "Microsoft TRELLIS: a textured mesh from one image.",
        credits=15,
        params=(
            choice("texture_size", (1024, 512, 2048)),
            number("mesh_simplify", 0.95, 0.9, 0.98, "Share of faces removed", advanced=True),
            SEED,
        ),
        routes=(
            fal(
                "fal-ai/trellis",
                {
                    "image_url": "$image",
                    "texture_size": "$texture_size",
                    "mesh_simplify": "$mesh_simplify",
                    "seed": SEED_REF,
                },
            ),
            replicate(
                "firtoz/trellis",
                {
                    "images": ["$image"],
                    "texture_size": "$texture_size",
                    "mesh_simplify": "$mesh_simplify",
                    "generate_model": True,
                    "seed": SEED_REF,
                },
                community=True,
                status="unconfirmed",
            ),
        ),
    ),
    mesh_model(
        "meshy",
        "Meshy",
        "Meshy 6: a clean, textured, optionally PBR mesh from one image.",
        credits=30,
        params=(
            choice("topology", ("triangle", "quad")),
            integer("target_polycount", 30000, 100, 300000, "Faces in the mesh"),
            flag("enable_pbr", False, "Physically based materials"),
        ),
        routes=(
            fal(
                "fal-ai/meshy/v6/image-to-3d",
                {
                    "image_url": "$image",
                    "topology": "$topology",
                    "target_polycount": "$target_polycount",
                    "enable_pbr": "$enable_pbr",
                    "should_texture": True,
                },
                output="model_glb",
            ),
        ),
    ),
]
