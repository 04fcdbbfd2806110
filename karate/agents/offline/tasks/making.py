"""Tasks that make something new from words or a picture: a picture, a 3D model, an SVG, text, a description."""

from __future__ import annotations

from karate.agents.offline.tasks.task import IMAGE, MESH, TEXT, VECTOR, Task, t

_GEN_VERBS = r"(?:generate|create|make|draw|paint|render|imagine|design|illustrate|produce|give me|show me)"
_IMAGE_NOUNS = (
    r"(?:image|img|picture|pic|photo|foto|photograph|illustration|painting|drawing|artwork|logo|poster|icon|wallpaper|"
    r"banner|sticker|thumbnail|portrait|render|sketch|shot|graphic|cover|flyer|mockup|concept art)s?\b"
)

MAKING_TASKS: tuple[Task, ...] = (
    Task(
        "three_d",
        "make a 3D model",
        t(
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
        t(r"\bvectori[sz]\w*", r"\b(?:to|into|as|an?) svgs?\b", r"\bsvg\b", r"\btrace\w* (?:it|the|my|this)\b"),
        (IMAGE, TEXT),
        VECTOR,
        ("model.vectorizer", "model.recraft_v3_svg", "model.text_to_vector"),
    ),
    Task(
        "write",
        "write the text",
        t(
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
        t(
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
        "generate",
        "generate the image",
        t(
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
)
