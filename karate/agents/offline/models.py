"""Model names read from the catalog: "flux ultra", "veo fast", "ideogram", "sd 3.5" found in the instruction,
and the node type chosen for a task among the ones named, the task's preferred ones and what can run here."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from karate.agents.context import PlanContext
from karate.agents.offline.landing import choices
from karate.agents.offline.lexicon import GENERIC_TITLE_WORDS, MODEL_VARIANT_WORDS, STOPWORDS, TYPO_WORDS
from karate.agents.offline.tasks import Task
from karate.agents.offline.text import Text
from karate.engine.sdk import NodeSpec
from karate.engine.types import PortType

_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?")


def name_tokens(title: str) -> list[str]:
    """`"Flux Pro 1.1 Ultra"` → ["flux", "pro", "1.1", "ultra"]; `"Ideogram V3"` → ["ideogram", "3"]."""
    tokens = _TOKEN.findall(title.lower().replace("·", "").replace("-", " "))
    out = []
    for token in tokens:
        if token == "v":
            continue
        out.append(str(int(token)) if token.isdigit() else token)
    return out


@dataclass(frozen=True)
class Named:
    """Models the instruction names at one place: `types` ranked best first, `said` how it was written."""

    types: tuple[str, ...]
    said: str


@dataclass(frozen=True)
class _Index:
    tokens: dict[str, frozenset[str]]  # node type → its title's tokens
    by_word: dict[str, tuple[str, ...]]  # distinctive title word → node types
    order: dict[str, int]


_INDEXES: dict[tuple[int, int], _Index] = {}


def _index_of(context: PlanContext) -> _Index:
    """The name index of the context's catalog, built once per registry (and size, as plugins may add types)."""
    key = (id(context.registry), len(context.registry))
    if key not in _INDEXES:
        _INDEXES[key] = _index(tuple(context.specs()))
    return _INDEXES[key]


def _index(specs: tuple[NodeSpec, ...]) -> _Index:
    tokens: dict[str, frozenset[str]] = {}
    by_word: dict[str, list[str]] = {}
    order: dict[str, int] = {}
    for position, spec in enumerate(specs):
        if not spec.category.startswith("models"):
            continue
        words = name_tokens(spec.title) + name_tokens(spec.type.split(".", 1)[1].replace("_", " "))
        variant = spec.params_model.model_fields.get("variant")
        options = [o for o in (choices(variant) or []) if isinstance(o, str)] if variant is not None else []
        tokens[spec.type] = frozenset([*words, *(t for o in options for t in name_tokens(o))])
        order[spec.type] = position
        for word in set(words):
            if word not in GENERIC_TITLE_WORDS and not word[0].isdigit() and len(word) >= 3:
                by_word.setdefault(word, []).append(spec.type)
    return _Index(tokens, {w: tuple(t) for w, t in by_word.items()}, order)


def model_words(context: PlanContext) -> set[str]:
    """The distinctive words of model titles, for mending typos ("ideogramm", "runwya")."""
    return set(_index_of(context).by_word)


def model_family(word: str, context: PlanContext) -> tuple[str, ...]:
    """The model types whose title has the distinctive `word` ("flux" → every Flux model)."""
    return _index_of(context).by_word.get(word, ())


def find_models(text: Text, context: PlanContext) -> None:
    """Claim each place the instruction names a catalog model (a `model` span valued with `Named`)."""
    index = _index_of(context)
    matches = list(_TOKEN.finditer(text.low))
    i = 0
    while i < len(matches):
        word = matches[i].group(0)
        family = index.by_word.get(word) or _fuzzy_family(word, index)
        if not family or not text.free(matches[i].start(), matches[i].end()):
            i += 1
            continue
        vocabulary = set().union(*(index.tokens[t] for t in family)) | {"v"}
        j = i + 1
        while j < len(matches) and _joined(text.low, matches[j - 1], matches[j]) and matches[j].group(0) in vocabulary:
            j += 1
        while (
            j < len(matches)
            and _joined(text.low, matches[j - 1], matches[j])
            and (matches[j].group(0) in MODEL_VARIANT_WORDS and text.free(matches[j].start(), matches[j].end()))
        ):
            j += 1  # "flux schnell": a variant word the catalog's titles lack is still part of the name
        k = i
        while k > 0 and _joined(text.low, matches[k - 1], matches[k]) and matches[k - 1].group(0) in vocabulary:
            if not text.free(matches[k - 1].start(), matches[k - 1].end()) or matches[k - 1].group(0)[0].isdigit():
                break
            k -= 1  # "real-esrgan", "stable diffusion": words of the name before its distinctive one
        said_tokens = [m.group(0) for m in matches[k:j] if m.group(0) != "v"]
        said_tokens = [str(int(t)) if t.isdigit() else t for t in said_tokens]
        ranked = sorted(family, key=lambda t: _rank(t, said_tokens, index))
        start, end = matches[k].start(), matches[j - 1].end()
        start = _with_preposition(text.low, start)
        text.claim(start, end, "model", Named(tuple(ranked), text.raw[matches[k].start() : end]))
        i = j


def _fuzzy_family(word: str, index: _Index) -> tuple[str, ...] | None:
    if len(word) < 6 or word in GENERIC_TITLE_WORDS or word in STOPWORDS or word in TYPO_WORDS:
        return None
    close = difflib.get_close_matches(word, list(index.by_word), n=1, cutoff=0.88)
    return index.by_word[close[0]] if close and close[0][0] == word[0] else None


def _joined(low: str, left: re.Match[str], right: re.Match[str]) -> bool:
    """Two tokens of one name: separated by nothing or a space, dash or dot ("gen-4", "flux pro")."""
    gap = low[left.end() : right.start()]
    return len(gap) <= 1 and gap in ("", " ", "-", ".", "_")


def _with_preposition(low: str, start: int) -> int:
    match = re.search(r"\b(?:with|using|via|in|on|by|through|use|through the|with the|using the)\s+$", low[:start])
    return match.start() if match else start


def _rank(node_type: str, said: list[str], index: _Index) -> tuple[int, int, tuple[float, int], int]:
    tokens = index.tokens[node_type]
    matched = sum(1 for t in said if t in tokens)
    title_tokens = tokens - set(said)
    missing = len([t for t in title_tokens if t not in GENERIC_TITLE_WORDS or t in ("fast", "ultra", "pro")])
    versions = [float(t) for t in tokens if t[0].isdigit()]
    return (-matched, missing, (-max(versions) if versions else 0.0, len(tokens)), index.order[node_type])


# --- which node does a task -------------------------------------------------------------------------------------


def main_input(spec: NodeSpec, media: PortType | None) -> str | None:
    """The input port that takes `media` (a required one first), or None."""
    if media is None:
        return None
    ports = sorted(spec.inputs.values(), key=lambda p: not p.required)
    return next(
        (p.name for p in ports if p.type == media or (p.type == PortType.IMAGE and media == PortType.MASK)), None
    )


def fits(spec: NodeSpec, media: PortType | None, gives: PortType | None, extra_ok: frozenset[PortType]) -> int:
    """How badly a node fits: 0 when it takes `media` (None: needs no media, only text) and gives `gives`,
    with every other required input a prompt or a kind in `extra_ok`; higher when it does not."""
    misfit = 0
    if gives is not None and not any(p.type == gives for p in spec.outputs.values()):
        misfit += 4
    if media is not None and main_input(spec, media) is None:
        misfit += 4
    for port in spec.inputs.values():
        if not port.required or port.type == PortType.TEXT or port.type == media:
            continue
        if port.type not in extra_ok:
            misfit += 2 if media is None else 1
    return misfit


def choose(
    task: Task | None,
    named: Named | None,
    media: PortType | None,
    context: PlanContext,
    prefer: tuple[str, ...] = (),
    extra_ok: frozenset[PortType] = frozenset(),
    wordless: bool = False,
    prefer_text: bool = False,
    prefer_models: bool = False,
) -> tuple[NodeSpec | None, list[str]]:
    """The node for a step and what to tell the person about the choice. A named model is used when it does
    the task (even when its provider has no key, which is said); otherwise the task's preferred nodes that can
    run here come first, and for a step with no words for a prompt (`wordless`) the ones that need none."""
    notes: list[str] = []
    gives = (task.gives or media) if task is not None else None
    if task is not None:
        extra_ok = extra_ok | frozenset(task.extras)
    if named is not None:
        specs = [s for t in named.types if (s := context.spec(t)) is not None]
        fitting = [s for s in specs if fits(s, media, gives, extra_ok) == 0]
        if task is None:
            fitting = fitting or specs
        elif task.extras:  # "a talking avatar with kling": of the Kling models, the one that takes the voice
            fitting.sort(key=lambda s: not all(any(p.type == k for p in s.inputs.values()) for k in task.extras))
        if fitting:
            spec = fitting[0]
            if len(named.types) > 1 and spec.title.lower() != named.said.lower():
                notes.append(f"used {spec.title} for '{named.said}'")
            return spec, notes + key_note(spec, context)
        if specs:
            notes.append(f"{specs[0].title} cannot {task.label if task else 'do that'}")
    if task is None:
        return None, notes
    candidates = [s for t in (*prefer, *task.nodes) if (s := context.spec(t)) is not None]
    candidates = [s for s in candidates if fits(s, media, gives, extra_ok) == 0] or [
        s for s in candidates if fits(s, media, gives, extra_ok) <= 1
    ]
    if not candidates:
        return None, notes
    if wordless and media is not None:
        quiet = [s for s in candidates if not any(p.type == PortType.TEXT and p.required for p in s.inputs.values())]
        candidates = quiet + [s for s in candidates if s not in quiet]
    if prefer_text:
        worded = [s for s in candidates if any(p.type == PortType.TEXT for p in s.inputs.values())]
        candidates = worded + [s for s in candidates if s not in worded]
    if prefer_models:  # "with ai"
        models = [s for s in candidates if s.category.startswith("models")]
        candidates = models + [s for s in candidates if s not in models]
    runnable = [s for s in candidates if runs_here(s, context)]
    cannot = len(notes)  # a note that the named model cannot do it, to be completed with what was used
    if prefer_models and candidates[0].category.startswith("models"):
        runnable = [candidates[0]]  # asked for AI: used even without a key (said below)
        notes += key_note(candidates[0], context)
    spec = runnable[0] if runnable else candidates[0]
    if cannot:
        notes[cannot - 1] += f": used {spec.title}"
    elif spec.category.startswith("models") and runnable:
        why = "strong at lettering and layout" if spec.type in prefer else "the first choice for it that runs here"
        notes.append(f"used {spec.title} to {task.label} (no model named: {why})")
    if not runnable:
        notes += key_note(spec, context)
    elif spec is not candidates[0]:
        missing = _missing_key(candidates[0], context)
        reason = f"needs {missing} this studio does not have yet" if missing else "cannot run here"
        notes.append(f"used {spec.title}: {candidates[0].title} {reason}")
    return spec, notes


def runs_here(spec: NodeSpec, context: PlanContext) -> bool:
    """A local node, a model with a local route, or one whose provider has a key."""
    providers = context.providers_of(spec.type)
    return not providers or "local" in providers or any(p in context.configured for p in providers)


def _missing_key(spec: NodeSpec, context: PlanContext) -> str | None:
    """'a fal or Replicate key' when the model runs only through providers without a key here; else None."""
    providers = [p for p in dict.fromkeys(context.providers_of(spec.type)) if p != "local"]
    if runs_here(spec, context) or not providers:
        return None
    labels = [_provider_label(p) for p in providers]
    names = " or ".join(labels) if len(labels) < 3 else f"{', '.join(labels[:-1])} or {labels[-1]}"
    return f"{'an' if names[0].lower() in 'aeiou' else 'a'} {names} key"


def key_note(spec: NodeSpec, context: PlanContext) -> list[str]:
    """That `spec` will not run until its provider has a key, and who sets which variable; none when it runs here."""
    missing = _missing_key(spec, context)
    if missing is None:
        return []
    if context.accounts:  # as a run says it (nodes/models/runner.py): the person cannot set the server's keys
        return [f"{spec.title} can't run yet: this studio has no key for it; ask the studio's team"]
    where = _where_keys_go(spec, context)
    return [f"{spec.title} needs {missing}, which this studio does not have yet: it will not run until then{where}"]


def waits_for_key(what: str, upstream: NodeSpec, name: str, context: PlanContext) -> list[str]:
    """That `what` (a step that runs here, "the cut-out") waits for the node `name` above it (of type `upstream`)
    to get its provider's key, as `key_note` says who sets it; none when that node runs here."""
    missing = _missing_key(upstream, context)
    if missing is None:
        return []
    if context.accounts:
        return [f"{what} waits for {name}, which can't run yet: this studio has no key for it; ask the studio's team"]
    where = _where_keys_go(upstream, context)
    return [f"{what} waits for {name}: it needs {missing}, which this studio does not have yet{where}"]


def _where_keys_go(spec: NodeSpec, context: PlanContext) -> str:
    """ " (set FAL_KEY where the studio runs, or ask its admin)": the variables that give `spec` a key."""
    from karate.providers.hub import key_variables

    variables = key_variables(context.providers_of(spec.type))
    return f" (set {variables} where the studio runs, or ask its admin)" if variables else ""


def _provider_label(name: str) -> str:
    """A provider as people read it ("Replicate", "fal"), not its id."""
    from karate.providers.hub import ADAPTERS  # the adapters import the HTTP clients: only when a note is written

    adapter = ADAPTERS.get(name)
    return adapter.label if adapter is not None and adapter.label else name
