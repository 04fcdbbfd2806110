"""What people ask for, as tasks: the phrases that say it, the media it works on and gives, and the node types
that do it, preferred first (local tools before models where they do the job). Checked in order; a phrase one
task reads is not read again by a later one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from karate.engine.types import PortType

IMAGE, VIDEO, AUDIO, TEXT, MESH, VECTOR = (
    PortType.IMAGE,
    PortType.VIDEO,
    PortType.AUDIO,
    PortType.TEXT,
    PortType.MESH,
    PortType.VECTOR,
)


@dataclass(frozen=True)
class Trigger:
    """A regular expression over the lower-cased instruction; `params` are what the phrase itself asks for."""

    pattern: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Task:
    """One thing a person asks for. `label`: a verb phrase for assumptions ("make a video"); `takes`: the media it
    works on, in order of preference (TEXT: from a prompt); `gives`: what it produces (None: the kind it took);
    `nodes`: node types that do it, preferred first."""

    key: str
    label: str
    triggers: tuple[Trigger, ...]
    takes: tuple[PortType, ...]
    gives: PortType | None
    nodes: tuple[str, ...] = ()
    needs_prompt: bool = False  # the instruction's words are the prompt (an edit by instruction)
    extras: tuple[PortType, ...] = ()  # other inputs the task brings along (a voice for a talking head)
    described: bool = False  # words describing the result pick a node that takes a prompt ("relight it at dusk")


NEEDS_INPUT = "_needs_input"  # a trigger that counts only in a clause naming the person's own media


def _t(*patterns: str, **params: Any) -> tuple[Trigger, ...]:
    return tuple(Trigger(p, dict(params)) for p in patterns)


_GEN_VERBS = r"(?:generate|create|make|draw|paint|render|imagine|design|illustrate|produce|give me|show me)"
_IMAGE_NOUNS = (
    r"(?:image|img|picture|pic|photo|foto|photograph|illustration|painting|drawing|artwork|logo|poster|icon|wallpaper|"
    r"banner|sticker|thumbnail|portrait|render|sketch|shot|graphic|cover|flyer|mockup|concept art)s?\b"
)
_VIDEO_NOUNS = r"(?:video|clip|movie|film|animation|footage|mp4|gif)s?"

# "adjust the blur radius", "adjust the seed": the verb of another node's setting, not the Adjust tool
_NOT_OF_A_SETTING = (
    r"(?!(?:\s+(?:the|its|my|this|that))?(?:\s+[a-z]+)?\s+(?:radius|seed|scale|strength|duration|length|size|"
    r"resolution|aspect|ratio|steps|quality|format|settings?|values?|amount)\b)"
)

# Checked in this order; a phrase used by one task is not read again by a later one.
TASKS: tuple[Task, ...] = (
    Task(
        "lipsync",
        "lip sync",
        _t(
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
        "remove_background",
        "remove the background",
        _t(
            r"\b(?:remove|delete|erase|drop|get rid of|strip|take out|cut)\w* (?:the |its |their |a )?"
            r"(?:background|bg|backdrop)\b",
            r"\bbackground remov\w*",
            r"\bcut ?(?:it |the subject |the \w+ )?out\b",
            r"\bcutout\b",
            r"\bisolate\w* (?:the )?(?:subject|product|person|object)\b",
            r"\bno background\b",
            r"\btransparent (?:background|bg|cutout)\b",
            r"\btransparent\b",
        ),
        (IMAGE,),
        IMAGE,
        ("model.bria_remove_background", "model.sd3_remove_background", "tool.mask_extractor"),
    ),
    Task(
        "replace_background",
        "replace the background",
        _t(
            r"\b(?:replace|change|swap|switch)\w* (?:the |its )?(?:background|bg|backdrop)\b",
            r"\bnew (?:background|backdrop)\b",
            r"\b(?:put|place)\w* (?:it|him|her|them|the \w+) (?:on|in|at|onto|into)\b",
        ),
        (IMAGE,),
        IMAGE,
        ("model.bria_replace_background",),
        needs_prompt=True,
    ),
    Task(
        "try_on",
        "try the garment on",
        _t(r"\btry[- ]?on\b", r"\bwear(?:ing)? (?:this|the|my|a) (?:shirt|dress|garment|outfit|jacket|clothes)\b"),
        (IMAGE,),
        IMAGE,
        ("model.kolors_virtual_try_on",),
        extras=(IMAGE,),
    ),
    Task(
        "three_d",
        "make a 3D model",
        _t(
            r"\b3-?d\b(?: (?:model|mesh|object|asset|print|version|shape))?",
            r"\bmesh\b",
            r"\b(?:glb|obj|fbx|stl|usdz)s?\b(?: file)?",
        ),
        (IMAGE, TEXT),
        MESH,
        ("model.trellis", "model.hunyuan_3d", "model.meshy", "model.rodin_2"),
    ),
    Task(
        "vectorize",
        "vectorize",
        _t(r"\bvectori[sz]\w*", r"\b(?:to|into|as|an?) svgs?\b", r"\bsvg\b", r"\btrace\w* (?:it|the|my|this)\b"),
        (IMAGE, TEXT),
        VECTOR,
        ("model.vectorizer", "model.recraft_v3_svg", "model.text_to_vector"),
    ),
    Task(
        "video_sound",
        "add sound",
        _t(
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
        _t(r"\binterpolat\w*", r"\bsmooth\w*", r"\bslow[- ]?mo\w*", r"\b\d+ ?fps\b", r"\bframe ?rate\b"),
        (VIDEO,),
        VIDEO,
        ("model.frame_interpolation", "model.video_smoother"),
    ),
    Task(
        "reframe",
        "reframe the video",
        _t(r"\breframe\w*"),
        (VIDEO,),
        VIDEO,
        ("model.luma_reframe", "model.wan_vace_reframe"),
    ),
    Task(
        "restyle_video",
        "restyle the video",
        _t(r"\brestyl\w*", r"\bstyle transfer\b"),
        (VIDEO,),
        VIDEO,
        ("model.luma_modify", "model.hunyuan_video_to_video", "model.runway_aleph"),
        needs_prompt=True,
    ),
    Task(
        "write",
        "write the text",
        _t(
            r"\b(?:write|expand|improve|rewrite|enhance|polish)\w* (?:a |an |the |my )?"
            r"(?:prompt|story|poem|script|text|"
            r"description|slogan|tagline)s?\b",
        ),
        (TEXT,),
        TEXT,
        ("model.gpt_4", "model.claude_3"),
    ),
    Task(
        "describe",
        "describe the picture",
        _t(
            r"\bdescri(?:be|bes|bing|ption)\b",
            r"\b(?:(?:write|give me|generate|make|add|create)\w* (?:me )?(?:an? |the |some )?)?caption\w*",
            r"\balt[- ]text\b",
            r"\bwhat(?:'s| is) (?:in|on|shown in)\b",
            r"\bimage to (?:text|prompt)\b",
        ),
        (IMAGE,),
        TEXT,
        ("tool.describe", "model.image_describer"),
    ),
    Task(
        "depth",
        "make a depth map",
        _t(r"\bz?-?depth(?: map)?\b", r"\bdistance map\b"),
        (IMAGE,),
        IMAGE,
        ("tool.depth", "model.depth_anything"),
    ),
    Task(
        "upscale",
        "upscale",
        _t(
            r"\bup-?scal\w*",
            r"\bupsacl\w*",
            r"\benlarg\w*",
            r"\b(?:bigger|larger)\b",
            r"\b(?:increase|raise|boost)\w* (?:the )?resolution\b",
            r"\b(?:higher|high|hi|super)[- ]?res(?:olution)?\b",
            r"\benhance\w*",
        ),
        (IMAGE, VIDEO),
        None,
        (
            "tool.upscale",
            "model.real_esrgan",
            "model.clarity_upscaler",
            "model.bria_upscale",
            "model.real_esrgan_video",
            "model.topaz_video_upscaler",
        ),
    ),
    Task(
        "animate_image",
        "animate the picture",
        _t(
            r"\banimat\w*",
            r"\bbring (?:it|them|this|that|the \w+|my \w+) to life\b",
            r"\bmake (?:it|them|this|that) move\b",
            r"\b(?:image|photo|picture)[- ]to[- ]video\b",
        ),
        (IMAGE,),
        VIDEO,
        (
            "model.kling",
            "model.runway_gen_4",
            "model.veo_3_fast",
            "model.luma_ray_2",
            "model.minimax_video",
            "model.wan_2_2",
            "model.sora_2",
        ),
    ),
    Task(
        "animate",
        "make a video",
        _t(r"\btext[- ]to[- ]video\b", rf"\b{_VIDEO_NOUNS}\b"),
        (IMAGE, TEXT),
        VIDEO,
        (
            "model.kling",
            "model.runway_gen_4",
            "model.veo_3_fast",
            "model.luma_ray_2",
            "model.minimax_video",
            "model.wan_2_2",
            "model.sora_2",
        ),
    ),
    Task(
        "inpaint",
        "inpaint",
        _t(
            r"\binpaint\w*",
            r"\b(?:remove|erase|delete|get rid of)\w* (?:the |a |an |that |this |some )?"
            r"(?:object|person|people|man|woman|"
            r"text|watermark|logo|blemish\w*|wires?|car|sign|scratch\w*|spots?|stuff|thing)\b",
            r"\bretouch\w*",
            r"\bclean (?:it )?up\b",
        ),
        (IMAGE,),
        IMAGE,
        ("tool.inpaint", "model.inpaint", "model.sd3_content_aware_fill", "model.bria_content_aware_fill"),
        extras=(PortType.MASK, IMAGE),
        described=True,
    ),
    Task(
        "outpaint",
        "extend the picture",
        _t(
            r"\boutpaint\w*",
            r"\buncrop\w*",
            r"\b(?:extend|expand|widen)\w*\b(?! (?:my |the |a |an )?(?:prompt|text|story|description|script))",
            r"\bzoom out\b",
        ),
        (IMAGE,),
        IMAGE,
        ("model.outpaint", "tool.outpaint"),
        described=True,
    ),
    Task(
        "relight",
        "relight",
        _t(r"\brelight\w*", r"\b(?:change|new|fix)\w* (?:the )?light(?:ing)?\b", r"\blight(?:ing)? from\b"),
        (IMAGE,),
        IMAGE,
        ("tool.relight", "model.relight_2"),
        described=True,
    ),
    Task(
        "mask",
        "make a mask",
        _t(r"\bmask\w*", r"\bmatte\b"),
        (IMAGE,),
        PortType.MASK,
        ("tool.mask_extractor",),
    ),
    Task(
        "chroma_key",
        "make a colour key mask",
        _t(r"\b(?:green ?screen|chroma[- ]?key\w*|colou?r[- ]?key\w*)\b", mode="color_key"),
        (IMAGE,),
        PortType.MASK,
        ("tool.mask_extractor",),
    ),
    Task(
        "channels",
        "split the channels",
        _t(
            r"\b(?:colou?r|rgb|rgba|alpha|red|green|blue) channels?\b",
            r"\b(?:split|separate|extract)\w* (?:the |its |into )?(?:colou?r |rgb |rgba )?channels?\b",
        ),
        (IMAGE,),
        IMAGE,
        ("tool.channels",),
    ),
    Task(
        "blur", "blur", _t(r"\bblur\w*", r"\bsoften\w*", r"\bdefocus\w*", r"\bbokeh\b"), (IMAGE,), IMAGE, ("tool.blur",)
    ),
    Task(
        "invert",
        "invert",
        _t(r"\binver(?:t|ts|ted|ting|se)\b(?: (?:the |its |all )?colou?rs?)?", r"\bnegative\b"),
        (IMAGE,),
        IMAGE,
        ("tool.invert",),
    ),
    Task("crop", "crop", _t(r"\bcrop\w*", r"\btrim\w*"), (IMAGE,), IMAGE, ("tool.crop",)),
    Task(
        "adjust",
        "adjust the colours",
        (
            *_t(r"\b(?:black and white|b ?& ?w|gr[ae]y ?scale\w*|monochrome|desaturat\w*)\b", saturation=-100),
            *_t(r"\b(?:brighter|brighten\w*|lighter|lighten\w*)\b", brightness=20),
            *_t(r"\b(?:darker|darken\w*)\b", brightness=-20),
            *_t(r"\b(?:more|increase|boost|add|raise)\w*(?: the| some)? contrast\b", contrast=25),
            *_t(r"\b(?:less|lower|reduce|decrease)\w*(?: the)? contrast\b", contrast=-25),
            *_t(
                r"\b(?:saturate\w*|more (?:saturated|colou?rful|vibrant|vivid)|boost (?:the )?colou?rs?)\b",
                saturation=30,
            ),
            *_t(
                rf"\badjust\w*\b{_NOT_OF_A_SETTING}",
                r"\b(?:colou?r ?correct\w*|exposure|contrast|saturation|brightness|gamma)\b",
            ),
        ),
        (IMAGE,),
        IMAGE,
        ("tool.adjust",),
    ),
    Task(
        "variations",
        "make variations of the picture",
        _t(r"\bvariations? (?:of|on) (?:it|this|that|my|the)\b", r"\bremix\w*"),
        (IMAGE,),
        IMAGE,
        ("model.flux_dev_redux",),
    ),
    Task(
        "identity",
        "keep the face",
        _t(
            r"\b(?:same|keep\w* (?:the|my|his|her|their)) (?:face|person|identity|character)\b",
            r"\bconsistent character\b",
            r"\bwith my face\b",
        ),
        (IMAGE,),
        IMAGE,
        ("model.flux_id_preservation", "model.ip_adapter_sdxl"),
        needs_prompt=True,
    ),
    Task(
        "edit",
        "edit the picture by instruction",
        (
            *_t(
                r"\bedit\w*",
                r"\b(?:replace|swap)\w* (?:it|them|that) (?:with|for)\b",
                r"\bcolou?ri[sz]\w*",
                r"\b(?:turn|transform|convert)(?:s|ed|ing)?\b",
                r"\bmake (?:it|this|that) (?:look )?like\b",
                r"\b(?:change|replace|swap|turn)\w* the "
                r"(?!prompt|seed|size|format|aspect|duration|ratio|colou?rs?\b)\w+",
                r"\b(?:add|put|place)\w* (?:(?:a|an|some|the) )?[\w ]{1,40}? (?:to|in|on|into|onto) "
                r"(?:it|the|my|this|her|his)\b",
                r"\bmake (?:him|her|them|the \w+) (?:wear|look|hold)\w*",
            ),
            # "make my picture look like night": an edit only when the clause names the picture
            Trigger(r"\blook(?:s|ing)? (?:like|as if|as though)\b", {NEEDS_INPUT: True}),
        ),
        (IMAGE,),
        IMAGE,
        ("model.nano_banana", "model.seedream_v4_edit", "model.gpt_image_1", "model.reve_edit"),
        needs_prompt=True,
    ),
    Task(
        "generate",
        "generate the image",
        _t(
            rf"\b{_GEN_VERBS}\b(?: (?:me|us))?(?: (?:a|an|some|the|\d+|one|two|three|four|five))?"
            rf"(?: [\w-]+){{0,2}} {_IMAGE_NOUNS}",
            rf"\b(?:a|an|some) (?:[\w-]+ ){{0,3}}{_IMAGE_NOUNS} (?:of|showing)\b",
            rf"\b{_IMAGE_NOUNS} of\b",
            r"\b(?:generate|generating|generated|draw|paint|render|imagine|illustrate)\b",
            r"\b(?:a|an|some) (?:[\w-]+ ){0,2}(?:logo|poster|icon|wallpaper|banner|sticker|thumbnail|illustration|"
            r"painting|artwork|flyer|mockup|album cover|book cover|cover art)s?\b",
            r"\btext[- ]to[- ]image\b",
        ),
        (TEXT,),
        IMAGE,
        (
            "model.flux_pro_1_1_ultra",
            "model.gpt_image_1",
            "model.imagen_4",
            "model.stable_diffusion_3_5",
            "model.ideogram_v3",
            "model.dall_e_3",
            "model.nano_banana",
            "model.recraft_v3",
        ),
    ),
    Task(
        "save",
        "save",
        _t(
            r"\bsav(?:e|es|ed|ing)\b",
            r"\bexport\w*",
            r"\bdownload\w*",
            r"\bstore\b",
            r"\bwrite (?:it )?(?:out|to disk)\b",
        ),
        (IMAGE,),
        IMAGE,
        ("output.save",),
    ),
)

TASKS_BY_KEY = {task.key: task for task in TASKS}
