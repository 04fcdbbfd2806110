"""Input schemas the providers document (research/providers.md §3-§10): the fakes refuse fields outside
them and requests missing required ones, as the real APIs do. Keyed by provider, then model or endpoint."""

from __future__ import annotations


def _s(fields: str, required: str = "") -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(fields.split()), frozenset(required.split())


_VEO_REPLICATE = "prompt image aspect_ratio duration negative_prompt resolution generate_audio seed"
_VEO_FAL = (
    "prompt aspect_ratio duration negative_prompt resolution generate_audio seed safety_tolerance auto_fix "
    "enhance_prompt image_url"
)
_VACE = (
    "video_url prompt ref_image_urls first_frame_url last_frame_url preprocess resolution aspect_ratio "
    "num_frames frames_per_second match_input_num_frames match_input_frames_per_second seed "
    "expand_left expand_right expand_top expand_bottom expand_ratio trim_borders"
)
_LUMA_FAL = "prompt aspect_ratio duration resolution loop image_url end_image_url"
_WAN25 = "prompt image_url duration resolution audio_url negative_prompt enable_prompt_expansion seed"
_INTERP = "video_url num_frames fps use_calculated_fps use_scene_detection loop"
_STABILITY_GENERATE = "prompt negative_prompt aspect_ratio seed output_format style_preset"

DOCUMENTED: dict[str, dict[str, tuple[frozenset[str], frozenset[str]]]] = {
    "replicate": {
        "black-forest-labs/flux-1.1-pro-ultra": _s(
            "prompt aspect_ratio raw image_prompt image_prompt_strength safety_tolerance seed output_format", "prompt"
        ),
        "black-forest-labs/flux-depth-pro": _s(
            "prompt control_image steps guidance prompt_upsampling safety_tolerance seed output_format",
            "prompt control_image",
        ),
        "black-forest-labs/flux-canny-pro": _s(
            "prompt control_image steps guidance prompt_upsampling safety_tolerance seed output_format",
            "prompt control_image",
        ),
        **{
            f"google/imagen-4{suffix}": _s("prompt aspect_ratio safety_filter_level output_format", "prompt")
            for suffix in ("", "-fast", "-ultra")
        },
        "google/veo-3": _s(_VEO_REPLICATE, "prompt"),
        "google/veo-3-fast": _s(_VEO_REPLICATE, "prompt"),
        "google/veo-3.1": _s(_VEO_REPLICATE + " last_frame reference_images", "prompt"),
        "google/veo-3.1-fast": _s(_VEO_REPLICATE + " last_frame reference_images", "prompt"),
        "google/nano-banana": _s("prompt image_input aspect_ratio output_format", "prompt"),
        "openai/sora-2": _s("prompt seconds aspect_ratio input_reference openai_api_key", "prompt"),
        "openai/sora-2-pro": _s("prompt seconds aspect_ratio input_reference openai_api_key resolution", "prompt"),
        "runwayml/gen4-image": _s("prompt aspect_ratio resolution reference_images reference_tags seed", "prompt"),
        "luma/ray-2-720p": _s(
            "prompt start_image end_image start_image_url end_image_url duration aspect_ratio loop concepts", "prompt"
        ),
        "luma/reframe-video": _s(
            "video video_url aspect_ratio prompt grid_position_x grid_position_y x_start x_end y_start y_end", "video"
        ),
        "luma/modify-video": _s("video first_frame prompt mode", "video prompt"),
        "minimax/hailuo-02": _s(
            "prompt first_frame_image last_frame_image duration resolution prompt_optimizer", "prompt"
        ),
        "bytedance/seedream-4": _s(
            "prompt image_input size aspect_ratio width height sequential_image_generation max_images enhance_prompt",
            "prompt",
        ),
        "kwaivgi/kling-v2.1": _s("prompt start_image end_image mode duration negative_prompt", "prompt start_image"),
        "kwaivgi/kling-v1.6-pro": _s(
            "prompt start_image end_image reference_images aspect_ratio cfg_scale duration negative_prompt", "prompt"
        ),
    },
    "fal": {
        "fal-ai/flux-pro/v1.1-ultra": _s(
            "prompt aspect_ratio raw image_url image_prompt_strength enhance_prompt "
            "num_images output_format safety_tolerance seed sync_mode",
            "prompt",
        ),
        "fal-ai/stable-diffusion-v35-large": _s(
            "prompt negative_prompt image_size num_inference_steps "
            "guidance_scale num_images seed controlnet ip_adapter loras "
            "output_format enable_safety_checker",
            "prompt",
        ),
        "fal-ai/ideogram/v3": _s(
            "prompt rendering_speed style style_preset style_codes color_palette image_urls "
            "image_size expand_prompt negative_prompt num_images seed",
            "prompt",
        ),
        "fal-ai/minimax/image-01": _s("prompt aspect_ratio num_images prompt_optimizer", "prompt"),
        **{
            f"fal-ai/bria/text-to-image/{v}": _s(
                "prompt aspect_ratio negative_prompt num_images guidance_scale "
                "num_inference_steps medium prompt_enhancement seed",
                "prompt",
            )
            for v in ("base", "fast", "hd")
        },
        "fal-ai/hunyuan-image/v3/text-to-image": _s(
            "prompt negative_prompt image_size num_inference_steps "
            "guidance_scale enable_prompt_expansion output_format seed",
            "prompt",
        ),
        "fal-ai/recraft/v3/text-to-image": _s("prompt image_size style style_id colors", "prompt"),
        "fal-ai/recraft/v4/text-to-vector": _s("prompt image_size colors background_color", "prompt"),
        "fal-ai/gpt-image-1/text-to-image": _s(
            "prompt image_size quality background num_images output_format", "prompt"
        ),
        "fal-ai/gpt-image-1/edit-image": _s(
            "prompt image_urls image_size quality background num_images output_format input_fidelity",
            "prompt image_urls",
        ),
        "fal-ai/wan-25-preview/text-to-video": _s(_WAN25, "prompt"),
        "fal-ai/wan-25-preview/image-to-video": _s(_WAN25, "prompt image_url"),
        "fal-ai/wan/v2.2-a14b/text-to-video": _s(
            "prompt aspect_ratio resolution num_frames frames_per_second "
            "guidance_scale guidance_scale_2 interpolator_model "
            "num_interpolated_frames negative_prompt seed",
            "prompt",
        ),
        **{f"fal-ai/wan-vace-14b/{m}": _s(_VACE, "video_url") for m in ("depth", "pose", "reframe", "outpainting")},
        "fal-ai/luma-dream-machine/ray-2": _s(_LUMA_FAL, "prompt"),
        "fal-ai/luma-dream-machine/ray-2/image-to-video": _s(_LUMA_FAL, "prompt image_url"),
        "fal-ai/luma-dream-machine/ray-2/reframe": _s(
            "video_url aspect_ratio prompt grid_position_x grid_position_y x_start x_end y_start y_end image_url",
            "video_url aspect_ratio",
        ),
        "fal-ai/luma-dream-machine/ray-2/modify": _s("video_url image_url prompt mode", "video_url"),
        "fal-ai/minimax/hailuo-02/standard/text-to-video": _s("prompt duration prompt_optimizer", "prompt"),
        "fal-ai/minimax/hailuo-02/standard/image-to-video": _s(
            "prompt image_url end_image_url duration resolution prompt_optimizer", "prompt image_url"
        ),
        **{
            e: _s(_VEO_FAL, "prompt")
            for e in (
                "fal-ai/veo3.1",
                "fal-ai/veo3.1/fast",
                "fal-ai/veo3.1/image-to-video",
                "fal-ai/veo3.1/fast/image-to-video",
            )
        },
        "fal-ai/hunyuan-video/video-to-video": _s(
            "prompt video_url strength num_frames resolution aspect_ratio pro_mode seed", "prompt video_url"
        ),
        "fal-ai/kling-video/v2.1/master/image-to-video": _s(
            "prompt image_url duration negative_prompt cfg_scale", "prompt image_url"
        ),
        "fal-ai/kling-video/v2.1/master/text-to-video": _s(
            "prompt duration aspect_ratio negative_prompt cfg_scale", "prompt"
        ),
        **{
            f"fal-ai/kling-video/v1/{q}/ai-avatar": _s("image_url audio_url prompt", "image_url audio_url")
            for q in ("standard", "pro")
        },
        "fal-ai/hyper3d/rodin": _s(
            "input_image_urls prompt condition_mode geometry_file_format material quality "
            "tier TAPose bbox_condition addons use_hyper seed"
        ),
        "fal-ai/hunyuan3d/v2": _s(
            "input_image_url textured_mesh octree_resolution num_inference_steps guidance_scale seed", "input_image_url"
        ),
        "fal-ai/trellis": _s(
            "image_url texture_size mesh_simplify ss_guidance_strength ss_sampling_steps "
            "slat_guidance_strength slat_sampling_steps seed",
            "image_url",
        ),
        "fal-ai/meshy/v6/image-to-3d": _s(
            "image_url texture_prompt texture_image_url topology target_polycount "
            "symmetry_mode should_remesh should_texture enable_pbr pose_mode "
            "enable_rigging enable_animation",
            "image_url",
        ),
        "fal-ai/sana": _s(
            "prompt negative_prompt image_size num_inference_steps guidance_scale style_name num_images seed", "prompt"
        ),
        "fal-ai/flux/dev/redux": _s(
            "image_url image_size num_inference_steps guidance_scale num_images acceleration seed", "image_url"
        ),
        "fal-ai/esrgan": _s("image_url scale model face tile output_format", "image_url"),
        "fal-ai/video-upscaler": _s("video_url scale", "video_url"),
        "fal-ai/clarity-upscaler": _s(
            "image_url prompt upscale_factor creativity resemblance guidance_scale "
            "num_inference_steps negative_prompt seed",
            "image_url",
        ),
        "fal-ai/topaz/upscale/video": _s(
            "video_url upscale_factor model target_fps H264_output noise halo grain recover_detail compression",
            "video_url",
        ),
        "fal-ai/bria/background/remove": _s("image_url", "image_url"),
        "fal-ai/bria/background/replace": _s(
            "image_url prompt ref_image_url negative_prompt fast refine_prompt num_images seed", "image_url"
        ),
        "fal-ai/bria/genfill": _s(
            "image_url mask_url prompt negative_prompt num_images seed", "image_url mask_url prompt"
        ),
        "fal-ai/rife/video": _s(_INTERP, "video_url"),
        "fal-ai/film/video": _s(_INTERP, "video_url"),
        "fal-ai/bytedance/omnihuman/v1.5": _s(
            "image_url audio_url prompt resolution turbo_mode mask_url", "image_url audio_url"
        ),
        "fal-ai/sync-lipsync/v2/pro": _s("video_url audio_url sync_mode", "video_url audio_url"),
        "fal-ai/pixverse/lipsync": _s("video_url audio_url text voice_id", "video_url"),
        "fal-ai/kling/v1-5/kolors-virtual-try-on": _s(
            "human_image_url garment_image_url", "human_image_url garment_image_url"
        ),
        "fal-ai/bytedance/seedream/v4/edit": _s(
            "prompt image_urls image_size num_images max_images enhance_prompt_mode seed", "prompt image_urls"
        ),
        "fal-ai/nano-banana": _s(
            "prompt aspect_ratio num_images output_format seed safety_tolerance sync_mode", "prompt"
        ),
        "fal-ai/nano-banana/edit": _s(
            "prompt aspect_ratio num_images output_format seed safety_tolerance sync_mode image_urls",
            "prompt image_urls",
        ),
        "fal-ai/dreamshaper": _s(
            "prompt negative_prompt image_size num_inference_steps guidance_scale loras embeddings seed format",
            "prompt",
        ),
        "fal-ai/ip-adapter-face-id": _s(
            "prompt face_image_url model_type base_sdxl_model_repo width height "
            "guidance_scale num_inference_steps num_samples seed negative_prompt",
            "prompt",
        ),
        "fal-ai/flux-pulid": _s(
            "prompt reference_image_url id_weight start_step true_cfg guidance_scale "
            "num_inference_steps image_size negative_prompt max_sequence_length seed",
            "prompt reference_image_url",
        ),
        "fal-ai/mmaudio-v2": _s(
            "video_url prompt negative_prompt duration num_steps cfg_strength mask_away_clip seed", "video_url"
        ),
        "fal-ai/recraft/vectorize": _s("image_url", "image_url"),
        "fal-ai/iclight-v2": _s(
            "image_url prompt mask_image_url initial_latent background_threshold lowres_denoise "
            "highres_denoise enable_hr_fix image_size guidance_scale cfg seed",
            "image_url prompt",
        ),
    },
    "runway": {
        "image_to_video": _s("model promptImage promptText ratio duration seed contentModeration", "model promptImage"),
        "text_to_image": _s("model promptText ratio referenceImages seed contentModeration", "model promptText"),
        "video_to_video": _s(
            "model videoUri promptText references ratio seed contentModeration keyframes promptImage targetAspectRatio",
            "model videoUri promptText",
        ),
    },
    "luma": {
        "generations/video": _s(
            "model prompt aspect_ratio duration resolution loop keyframes concepts callback_url", "model"
        ),
        "generations/video/modify": _s(
            "generation_type model media first_frame mode prompt callback_url", "model media mode"
        ),
        "generations/video/reframe": _s(
            "generation_type model media aspect_ratio prompt grid_position_x "
            "grid_position_y x_start x_end y_start y_end resized_width resized_height "
            "callback_url",
            "model media aspect_ratio",
        ),
    },
    "openai": {
        "images/generations": _s(
            "prompt model n size quality response_format style background output_format "
            "output_compression moderation stream partial_images user",
            "prompt",
        ),
        "images/edits": _s(
            "image image[] mask prompt model n size quality background input_fidelity output_format "
            "output_compression response_format stream partial_images user",
            "prompt",
        ),
        "videos": _s("prompt model seconds size input_reference", "prompt"),
    },
    "stability": {
        "stable-image/generate/sd3": _s(
            "model mode prompt negative_prompt aspect_ratio image strength seed output_format cfg_scale style_preset",
            "prompt",
        ),
        "stable-image/generate/ultra": _s(_STABILITY_GENERATE + " image strength", "prompt"),
        "stable-image/generate/core": _s(_STABILITY_GENERATE, "prompt"),
        "stable-image/edit/remove-background": _s("image output_format", "image"),
        "stable-image/edit/inpaint": _s(
            "image prompt mask negative_prompt grow_mask seed output_format style_preset", "image prompt"
        ),
        "stable-image/edit/erase": _s("image mask grow_mask seed output_format", "image"),
        "stable-image/upscale/creative": _s(
            "image prompt negative_prompt seed creativity style_preset output_format", "image prompt"
        ),
    },
}
