"""Tasks that make or change a video: from a picture or words, a talking head, sound, smoother motion, a new
frame or style."""

from __future__ import annotations

from karate.agents.offline.tasks.task import AUDIO, IMAGE, TEXT, VIDEO, Task, t

VIDEO_NOUNS = r"(?:video|clip|movie|film|animation|footage|mp4|gif)s?"

# The models that make a video, from a picture or a text alone, in the order they are offered.
VIDEO_MODELS = (
    "model.kling",
    "model.runway_gen_4",
    "model.veo_3_fast",
    "model.luma_ray_2",
    "model.minimax_video",
    "model.wan_2_2",
    "model.sora_2",
)

VIDEO_TASKS: tuple[Task, ...] = (
    Task(
        "lipsync",
        "lip sync",
        t(
            r"\b(?:talking|singing|speaking) (?:head|avatar|portrait|photo|face|video|clip|picture)s?"
            r"(?: (?:video|clip))?\b",
            r"\blip[- ]?sync\w*(?: (?:video|clip))?",
            r"\bmake (?:him|her|them|it|the \w+) (?:talk|speak|sing)\b",
            r"\bavatar\b",
        ),
        (IMAGE, VIDEO),
        VIDEO,
        ("model.omnihuman_v1_5", "model.kling_ai_avatar", "model.sync_2_pro", "model.pixverse_lipsync"),
        extras=(AUDIO,),
    ),
    Task(
        "video_sound",
        "add sound",
        t(
            r"\b(?:add|generate|put|with|give it)\w* (?:some |a )?(?:sound effects|sound|audio|music|soundtrack|sfx)\b",
            r"\bsoundtrack\b",
            r"\bfoley\b",
        ),
        (VIDEO,),
        VIDEO,
        ("model.video_to_audio",),
    ),
    Task(
        "interpolate",
        "smooth the motion",
        t(r"\binterpolat\w*", r"\bsmooth\w*", r"\bslow[- ]?mo\w*", r"\b\d+ ?fps\b", r"\bframe ?rate\b"),
        (VIDEO,),
        VIDEO,
        ("model.frame_interpolation", "model.video_smoother"),
    ),
    Task(
        "reframe",
        "reframe the video",
        t(r"\breframe\w*"),
        (VIDEO,),
        VIDEO,
        ("model.luma_reframe", "model.wan_vace_reframe"),
    ),
    Task(
        "restyle_video",
        "restyle the video",
        t(r"\brestyl\w*", r"\bstyle transfer\b"),
        (VIDEO,),
        VIDEO,
        ("model.luma_modify", "model.hunyuan_video_to_video", "model.runway_aleph"),
        needs_prompt=True,
    ),
    Task(
        "animate_image",
        "animate the picture",
        t(
            r"\banimat\w*",
            r"\bbring (?:it|them|this|that|the \w+|my \w+) to life\b",
            r"\bmake (?:it|them|this|that) move\b",
            r"\b(?:image|photo|picture)[- ]to[- ]video\b",
        ),
        (IMAGE,),
        VIDEO,
        VIDEO_MODELS,
    ),
    Task(
        "animate",
        "make a video",
        t(r"\btext[- ]to[- ]video\b", rf"\b{VIDEO_NOUNS}\b"),
        (IMAGE, TEXT),
        VIDEO,
        VIDEO_MODELS,
    ),
)
