"""What people ask for, as tasks: the phrases that say it, the media it works on and gives, and the node types
that do it, preferred first (local tools before models where they do the job). Checked in the order of `TASKS`;
a phrase one task reads is not read again by a later one."""

from __future__ import annotations

from karate.agents.offline.tasks.making import MAKING_TASKS
from karate.agents.offline.tasks.retouch import RETOUCH_TASKS
from karate.agents.offline.tasks.task import NEEDS_INPUT, Task, Trigger
from karate.agents.offline.tasks.tools import TOOL_TASKS
from karate.agents.offline.tasks.video import VIDEO_TASKS

TASKS_BY_KEY = {task.key: task for task in (*VIDEO_TASKS, *RETOUCH_TASKS, *TOOL_TASKS, *MAKING_TASKS)}

# The order the phrases are read in: a task whose phrases are the more specific comes first ("a talking head video"
# is a lip sync, not a video; "turn my photo into a 3d model" a 3D model, not an edit; an edit before a new picture).
_ORDER = (
    "lipsync",
    "remove_background",
    "replace_background",
    "try_on",
    "three_d",
    "vectorize",
    "video_sound",
    "interpolate",
    "reframe",
    "restyle_video",
    "write",
    "describe",
    "depth",
    "upscale",
    "animate_image",
    "animate",
    "inpaint",
    "outpaint",
    "relight",
    "mask",
    "chroma_key",
    "channels",
    "blur",
    "invert",
    "crop",
    "resize",
    "adjust",
    "variations",
    "identity",
    "edit",
    "generate",
    "save",
)
TASKS: tuple[Task, ...] = tuple(TASKS_BY_KEY[key] for key in _ORDER)
assert len(TASKS) == len(TASKS_BY_KEY), "every task has its place in _ORDER"

__all__ = ["NEEDS_INPUT", "TASKS", "TASKS_BY_KEY", "Task", "Trigger"]
