"""The catalog as data: every model the specification names is an entry, and becomes a node type whose
registry JSON carries credits, routes (names only) and route status flags."""

from __future__ import annotations

import json

import pytest

from karate.catalog import CATALOG, get_entry
from karate.catalog.mapping import build_body, model_id
from karate.config import Settings
from karate.engine.registry import load_builtin_nodes
from karate.providers import provider_status
from karate.providers.hub import ADAPTERS

#: every model of spec 6.1 and 18.1 (duplicates merged) and the learned modes of the 6.2 tools
SPEC_MODELS = {
    "Flux Pro 1.1 Ultra": "flux_pro_1_1_ultra",
    "Stable Diffusion 3.5": "stable_diffusion_3_5",
    "Ideogram V3": "ideogram_v3",
    "Ideogram V2": "ideogram_v2",
    "DALL·E 3": "dall_e_3",
    "Imagen 3": "imagen_3",
    "Imagen 3 Fast": "imagen_3_fast",
    "Imagen 4": "imagen_4",
    "Imagen 4 Fast": "imagen_4_fast",
    "Imagen 4 Ultra": "imagen_4_ultra",
    "Minimax Image 01": "minimax_image_01",
    "Bria": "bria",
    "Hunyuan": "hunyuan_image",
    "Recraft V3": "recraft_v3",
    "GPT img 1": "gpt_image_1",
    "Wan": "wan_2_2_image",
    "Flux Dev Redux": "flux_dev_redux",
    "Flux Canny Pro": "flux_canny_pro",
    "Flux Depth Pro": "flux_depth_pro",
    "Runway Gen-4": "runway_gen_4",
    "Runway Gen-3": "runway_gen_3",
    "Runway Aleph": "runway_aleph",
    "Luma Ray 2": "luma_ray_2",
    "Luma Reframe": "luma_reframe",
    "Luma Modify": "luma_modify",
    "Minimax Video": "minimax_video",
    "Veo 3": "veo_3",
    "Veo 3 Fast": "veo_3_fast",
    "Veo 3.1": "veo_3_1",
    "Veo 3.1 Fast": "veo_3_1_fast",
    "Veo 2": "veo_2",
    "Veo Text to Video": "veo_3_1_fast",
    "Veo Image to Video": "veo_3_1_fast",
    "Sora 2": "sora_2",
    "Hunyuan Video to Video": "hunyuan_video_to_video",
    "Kling": "kling",
    "Rodin 2.0": "rodin_2",
    "Trellis 3D": "trellis",
    "Hunyuan 3D": "hunyuan_3d",
    "Meshy": "meshy",
    "GPT-4": "gpt_4",
    "Claude 3": "claude_3",
    "Nvidia Sana": "nvidia_sana",
    "Nvidia Consistency": "nvidia_consistency",
    "Vectorizer": "vectorizer",
    "Recraft V3 SVG": "recraft_v3_svg",
    "Text To Vector": "text_to_vector",
    "Image Upscale / Clarity": "clarity_upscaler",
    "Image Upscale / Real-ESRGAN": "real_esrgan",
    "Real-ESRGAN Video Upscaler": "real_esrgan_video",
    "Topaz Video Upscaler": "topaz_video_upscaler",
    "Bria Upscale": "bria_upscale",
    "Google Upscaler": "google_upscaler",
    "Video Smoother": "video_smoother",
    "Frame Interpolation": "frame_interpolation",
    "Omnihuman V1.5": "omnihuman_v1_5",
    "Sync 2 Pro": "sync_2_pro",
    "Pixverse Lipsync": "pixverse_lipsync",
    "Kling AI Avatar": "kling_ai_avatar",
    "Wan Vace Depth": "wan_vace_depth",
    "Wan Vace Pose": "wan_vace_pose",
    "Wan Vace Reframe": "wan_vace_reframe",
    "Wan Vace Outpaint": "wan_vace_outpaint",
    "Wan 2.5": "wan_2_5",
    "Wan 2.2": "wan_2_2",
    "Wan 2.1 with LoRA": "wan_2_1_lora",
    "SD3 Remove Background": "sd3_remove_background",
    "SD3 Content-Aware Fill": "sd3_content_aware_fill",
    "Bria Remove Background": "bria_remove_background",
    "Bria Content-Aware Fill": "bria_content_aware_fill",
    "Replace Background / Bria Replace Background": "bria_replace_background",
    "Relight 2.0": "relight_2",
    "Kolors Virtual Try On": "kolors_virtual_try_on",
    "Seedream V4 Edit": "seedream_v4_edit",
    "Reve Edit": "reve_edit",
    "Face Align": "face_align",
    "Nano Banana": "nano_banana",
    "Dreamshaper V8": "dreamshaper_v8",
    "Control / IPAdapter SDXL": "ip_adapter_sdxl",
    "ID Preservation – Flux": "flux_id_preservation",
    "LoRA Control": "lora_control",
    "Video to Audio": "video_to_audio",
    "Z-Depth Extractor (learned)": "depth_anything",
    "Image Describer": "image_describer",
    "Relight (AI)": "relight_2",
    "Inpaint (AI)": "inpaint",
    "Outpaint (AI)": "outpaint",
    "Upscale (AI)": "real_esrgan",
}


@pytest.mark.parametrize("name", sorted(SPEC_MODELS))
def test_every_model_of_the_specification_is_in_the_catalog(name):
    assert get_entry(f"model.{SPEC_MODELS[name]}") is not None


def test_every_entry_becomes_a_model_node_type_with_routes_in_its_json():
    registry = load_builtin_nodes()
    for entry in CATALOG:
        spec = registry.get(entry.id).spec.to_json()
        assert spec["category"] == f"models/{entry.category}"
        assert spec["credits"] == entry.credits
        assert [r["provider"] for r in spec["routes"]] == [r.provider for r in entry.routes]
        json.dumps(spec)  # the registry answers JSON
    assert all(route.provider in ADAPTERS for entry in CATALOG for route in entry.routes)


def test_deprecated_and_unconfirmed_routes_are_flagged_but_stay_selectable():
    registry = load_builtin_nodes()
    imagen = registry.get("model.imagen_4").spec.to_json()
    assert imagen["deprecated_routes"] == ["google"]
    assert registry.get("model.sora_2").spec.to_json()["deprecated_routes"] == ["openai"]
    assert registry.get("model.runway_gen_3").spec.to_json()["deprecated_routes"] == ["runway"]
    assert "fal" in imagen["unconfirmed_routes"]


def test_mapping_leaves_out_missing_values_and_half_filled_objects():
    template = {
        "prompt": "$prompt",
        "seed": {"$": "seed", "omit": [0]},
        "duration": "${duration}s",
        "keyframes": {"frame0": {"type": "image", "url": "$image"}},
        "parameters": {"aspectRatio": "$aspect", "negativePrompt": {"$": "negative"}},
        "images": ["$images"],
        "ratio": {"$": "aspect", "map": {"16:9": "1280:720"}},
    }
    body = build_body(
        template,
        {
            "prompt": "cat",
            "seed": 0,
            "duration": 5,
            "image": None,
            "aspect": "16:9",
            "negative": "",
            "images": ["a", "b"],
        },
    )
    assert body == {
        "prompt": "cat",
        "duration": "5s",
        "parameters": {"aspectRatio": "16:9"},
        "images": ["a", "b"],
        "ratio": "1280:720",
    }
    assert (
        model_id("stability-ai/stable-diffusion-3.5-{variant}", {"variant": "medium"})
        == "stability-ai/stable-diffusion-3.5-medium"
    )


def test_an_edit_by_nano_banana_keeps_its_photos_shape_unless_a_ratio_is_chosen():
    entry = get_entry("model.nano_banana")
    routes = {(route.provider, route.when): route for route in entry.routes}
    photo = {"prompt": "make the sky dramatic", "images": ["https://x/photo.jpg"], "output_format": "png"}
    default = {**photo, "aspect_ratio": entry.params[0].default}
    assert default["aspect_ratio"] == "auto"
    assert build_body(routes["replicate", ""].input, default)["aspect_ratio"] == "match_input_image"
    assert "aspect_ratio" not in build_body(routes["fal", "images"].input, default)
    assert "aspect_ratio" not in build_body(routes["google", ""].input, default)
    # a new picture (no image) has a shape to be given: square
    assert build_body(routes["fal", "!images"].input, {**default, "images": []})["aspect_ratio"] == "1:1"
    chosen = {**photo, "aspect_ratio": "16:9"}
    for key in (("replicate", ""), ("fal", "images"), ("google", "")):
        assert build_body(routes[key].input, chosen)["aspect_ratio"] == "16:9"


def test_provider_status_says_what_is_configured_and_never_the_key():
    settings = Settings(
        _env_file=None,
        replicate_api_token="r8_secret_value",
        fal_key=None,
        openai_api_key=None,
        stability_api_key=None,
        gemini_api_key=None,
        runwayml_api_secret=None,
        lumaai_api_key=None,
        anthropic_api_key=None,
        ollama_host=None,
    )
    rows = {row["name"]: row for row in provider_status(settings)}
    assert set(rows) == set(ADAPTERS)
    assert rows["replicate"]["configured"] and rows["replicate"]["env"] == "REPLICATE_API_TOKEN"
    assert not rows["fal"]["configured"] and rows["local"]["configured"]
    assert "r8_secret_value" not in json.dumps(rows)


def test_settings_read_the_providers_usual_variables(monkeypatch):
    monkeypatch.setenv("REPLICATE_API_TOKEN", "r8_from_env")
    monkeypatch.setenv("KARATE_REPLICATE_BASE_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:11434")
    settings = Settings(_env_file=None)
    assert settings.replicate_api_token.get_secret_value() == "r8_from_env"
    assert settings.replicate_base_url == "http://127.0.0.1:9"
    assert "r8_from_env" not in repr(settings)
