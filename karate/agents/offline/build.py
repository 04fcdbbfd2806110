"""Turning steps into a graph patch: a node per step (or several, for counts and variants), wired port to port
by type from what came before, with parameters from the words, on the canvas left to right."""

from __future__ import annotations

import re

from karate.agents.offline.canvas import Canvas, Out
from karate.agents.offline.existing import Ref
from karate.agents.offline.fan_out import feed_other_pictures, meant_together, upload_copies
from karate.agents.offline.intent import Intent
from karate.agents.offline.landing import choices, named_choices
from karate.agents.offline.lexicon import INPUT_NODES, TYPOGRAPHY_NODES, TYPOGRAPHY_WORDS
from karate.agents.offline.made_from import design_notes, pointed_prompt
from karate.agents.offline.models import choose, main_input
from karate.agents.offline.prompts import feed_text
from karate.agents.offline.resizing import land_node
from karate.agents.offline.step import Step
from karate.agents.offline.swap import resave, swap
from karate.agents.offline.tasks import TASKS_BY_KEY
from karate.agents.offline.text import QUOTE_MARK, content_words
from karate.agents.offline.waiting import waiting_notes
from karate.engine.sdk import NodeSpec
from karate.engine.types import PortType

_MEDIA_WORDS = {
    PortType.IMAGE: "picture",
    PortType.VIDEO: "video",
    PortType.AUDIO: "sound",
    PortType.TEXT: "text",
    PortType.MASK: "mask",
}


_COUNT_FIELDS = ("num_images", "num_outputs", "number_of_images", "num_variations", "n", "count")


def _ratio(intent: Intent) -> float:
    return float(intent.value) if intent.kind == "aspect" else intent.value[0] / intent.value[1]


class Builder(Canvas):
    """Adds the nodes of each step, wired by port type from what came before."""

    # --- steps --------------------------------------------------------------------------------------------------

    def run(self, steps: list[Step]) -> None:
        for step in steps:
            self.run_step(step)
        self._reconnect_displaced()
        self.drop_unused_inputs()

    def run_step(self, step: Step) -> None:
        explicit: dict[PortType, Out] = {}
        made: list[Out] = []  # inputs made for this step (not an earlier step's result it names: "the photo")
        for kind, url, definite in step.inputs:
            earlier = self.latest(kind) if definite else None
            earlier = None if earlier in made else earlier  # "put my logo on this photo": two files
            out = earlier or self.make_input(kind, url, fresh=any(o.port.type == kind for o in made))
            if earlier is None:
                made.append(out)
            explicit.setdefault(kind, out)
            copies = upload_copies(self, step, kind, out) if earlier is None and not url else [out]
            self.history += [o for o in copies if o not in self.history]
            if len(copies) > 1:  # "upload two photos, then upscale both": a step after it takes each
                self.group = copies
        if not step.real:
            self.not_understood += step.leftover + content_words(" ".join(step.subject))
            for out in explicit.values():
                if out in made:  # an earlier result already feeds what it should (and may be the last step's own)
                    self._feed_earlier(out)
            return
        refs = [r for r in step.refs if r.node_id in self.types]
        if self._saves_nothing(step, explicit, refs):
            return
        scope = self._scope(refs)
        if self.swapping and step.named is not None and swap(self, step):
            return
        media, source = self._source(step, explicit, scope)
        if resave(self, step, source) or self._transparent_itself(step, source):
            return
        prefer = self._preferred(step)
        wordless = not step.subject
        prefer_text = step.task is not None and step.task.described and bool(step.subject)
        prefer_models = re.search(r"\b(?:ai|a\.i\.|generative|smart)\b", step.words) is not None
        if prefer_models:
            step.leftover = [w for w in step.leftover if w not in ("ai", "smart", "generative")]
        spec, notes = choose(
            step.task,
            step.named,
            media,
            self.context,
            prefer,
            frozenset(explicit),
            wordless,
            prefer_text,
            prefer_models,
        )
        self.notes += notes
        if spec is None:
            said = step.named.said if step.named else (step.task.label if step.task else "that")
            self.not_understood.append(said)
            return
        if source is None and media is not None and main_input(spec, media) is not None:
            source = self.make_input(media)
            upload = self.context.spec(INPUT_NODES[media])
            self.notes.append(
                f"added {upload.title if upload else 'an upload'} for the {_MEDIA_WORDS[media]} to work on"
            )
        if media is None and source is None:
            media = self._model_media(spec)
            if media is not None:
                source = explicit.get(media) or self.latest(media) or self.make_input(media)
        self.notes += design_notes(self, step, spec, source) + waiting_notes(self, step, spec, source)
        if step.task is TASKS_BY_KEY["edit"] and source is not None:  # "a poster from it": "it" said as the picture
            step.raw = pointed_prompt(self, step, source)
        place = next((r for r in refs if r.place), None)
        if place is not None and place.place == "before":
            source = self._before(place, media) or source
        together = meant_together(self, step, source)
        nodes = self._place_nodes(step, spec, media, source, explicit)
        feed_other_pictures(self, step, nodes, source, made)
        group = self._fan_out(step, spec, media, source, explicit, together)
        nodes += group
        if place is not None and place.place == "after" and source is not None:
            self._after(place, source)
        elif place is None and source is not None and nodes and self.workflow.node(source.node_id) is not None:
            self._ahead_of_outputs(source, nodes)
        self.not_understood += step.leftover
        if nodes:
            gives = (step.task.gives or media) if step.task is not None else None
            outs = self.outputs(nodes[0])
            main = [o for o in outs if gives is not None and o.port.type == gives] or outs
            self.history += [o for o in outs if o not in main] + main[:1]
            self.group = [] if len(nodes) < 2 else [self._main_out(n, gives) for n in nodes]
        for intent in self.unused:
            self._unused(intent)
        self.unused = []

    def _transparent_itself(self, step: Step, source: Out | None) -> bool:
        """A background to remove from what a new model makes, when the model can make it transparent itself
        ("gpt image 1 … transparent background"): that setting rather than another node."""
        if step.task is None or step.task.key != "remove_background" or source is None or step.named is not None:
            return False
        node = next((n for n in self.nodes if n.id == source.node_id and n.type.startswith("model.")), None)
        spec = self.context.spec(node.type) if node is not None else None
        if node is None or spec is None:
            return False
        for name, field_info in spec.params_model.model_fields.items():
            if "transparent" in (choices(field_info) or []):
                node.params[name] = "transparent"
                self.notes.append(f"set {spec.title}'s {name.replace('_', ' ')} to transparent: it makes one itself")
                return True
        return False

    def _main_out(self, node_id: str, gives: PortType | None) -> Out:
        outs = self.outputs(node_id)
        return next((o for o in outs if o.port.type == gives), outs[0])

    def _fan_out(
        self,
        step: Step,
        spec: NodeSpec,
        media: PortType | None,
        source: Out | None,
        explicit: dict[PortType, Out],
        together: list[Out],
    ) -> list[str]:
        """The same step on each of the outputs it is meant for together (`meant_together`: "make 3 logos and
        upscale each one"): nodes for those other than `source`, which `_place_nodes` has done."""
        others = [o for o in together if source is not None and o != source and o.port.type == source.port.type]
        if not others:
            return []
        nodes: list[str] = []
        unused = self.unused
        for out in others:
            nodes += self._place_nodes(step, spec, media, out, explicit)
        self.unused = unused
        made = {n.id for n in self.nodes if not n.type.startswith("input.")}
        kind = "results" if any(o.node_id in made for o in others) else "pictures"
        self.notes.append(f"added {spec.title} to each of the {len(others) + 1} {kind}")
        return nodes

    def _feed_earlier(self, out: Out) -> None:
        """An input named after the step that needs it feeds that step ("…, use my photo of the product")."""
        for node in reversed(self.nodes):
            spec = self.context.spec(node.type)
            if spec is None or node.type.startswith("input."):
                continue
            fed = {e.targetHandle for e in self.edges if e.target == node.id}
            port = next((p for p in spec.inputs.values() if p.type == out.port.type and p.name not in fed), None)
            if port is not None:
                self.connect(out, node.id, port.name)
            return

    def _saves_nothing(self, step: Step, explicit: dict[PortType, Out], refs: list[Ref]) -> bool:
        """Skip a Save after a video or a 3D model ("…then save it"): Save Image saves pictures only."""
        if step.task is None or step.task.key != "save" or explicit or refs or not self.history:
            return False
        current = self.history[-1].port.type
        if current in (PortType.IMAGE, PortType.MASK):
            return False
        self.notes.append(f"Save Image saves pictures only: the {current.value} stays with the run's results")
        return True

    def drop_unused_inputs(self) -> None:
        """Uploads the words mentioned but no step took ("a thumbnail for my video"): left out, and said."""
        if all(n.type.startswith("input.") for n in self.nodes):
            return
        used = {e.source for e in self.edges}
        for node in [n for n in self.nodes if n.type.startswith("input.") and n.id not in used]:
            self.nodes.remove(node)
            spec = self.context.spec(node.type)
            self.notes.append(f"left out an unconnected {spec.title if spec else node.type}: no step uses it")

    def _scope(self, refs: list[Ref]) -> list[Out] | None:
        placed = [r for r in refs if r.place] or refs
        if not placed:
            return None
        return [out for out in self.outputs(placed[0].node_id)]

    def _source(
        self, step: Step, explicit: dict[PortType, Out], scope: list[Out] | None
    ) -> tuple[PortType | None, Out | None]:
        """The media the step works on and the output that gives it (None, None: it starts from a prompt)."""
        if step.task is not None:
            takes = step.task.takes
        else:  # a sibling of a model that starts from the prompt starts from it too ("kling vs luma, a dog")
            takes = (PortType.TEXT,) if step.sibling else self._named_takes(step)
        chained = bool(self.history) or scope is not None
        for media in takes:
            if media == PortType.TEXT:
                return None, None
            if media in explicit:
                return media, explicit[media]
            if scope is not None:
                out = self.latest(media, exact=False, within=scope)
                if out is not None:
                    return media, out
            elif chained:
                out = self.latest(media, exact=False)
                if out is not None:
                    return media, out
        if step.task is None:
            return (takes[0] if takes else None), None
        return takes[0], None

    def _named_takes(self, step: Step) -> tuple[PortType, ...]:
        """For a step that only names a model: the media its models take, those at hand first."""
        assert step.named is not None
        media: list[PortType] = []
        for node_type in step.named.types:
            spec = self.context.spec(node_type)
            if spec is None:
                continue
            kind = self._model_media(spec) or next(
                (p.type for p in spec.inputs.values() if p.type != PortType.TEXT and self.latest(p.type)), None
            )
            if kind is not None and (self.latest(kind) or kind not in media):
                media.append(kind)
        at_hand = [m for m in media if self.latest(m)]
        return (*at_hand, PortType.TEXT) if at_hand else (PortType.TEXT,)

    @staticmethod
    def _model_media(spec: NodeSpec) -> PortType | None:
        return next((p.type for p in spec.inputs.values() if p.required and p.type != PortType.TEXT), None)

    def _preferred(self, step: Step) -> tuple[str, ...]:
        if step.task is TASKS_BY_KEY["generate"] or (step.task is None and step.named is None):
            words = " ".join(step.subject).lower()
            if any(word in words.split() or f"{word}s" in words.split() for word in TYPOGRAPHY_WORDS):
                return TYPOGRAPHY_NODES
            if QUOTE_MARK in step.words:  # words to write in the picture: a model strong at lettering
                return TYPOGRAPHY_NODES
        return ()

    # --- nodes of one step --------------------------------------------------------------------------------------

    def _place_nodes(
        self, step: Step, spec: NodeSpec, media: PortType | None, source: Out | None, explicit: dict[PortType, Out]
    ) -> list[str]:
        aspects = [i for i in step.intents if i.kind in ("aspect", "size")]
        exact = [a for a in aspects if a.kind == "size" or ":" in a.label]
        if exact:  # "a portrait, 2:3": the ratio says which portrait
            aspects = exact + [
                a for a in aspects if a not in exact and not any((a.value > 1) == (_ratio(e) > 1) for e in exact)
            ]
        others = [i for i in step.intents if i.kind not in ("aspect", "size")]
        variants: list[list[Intent]] = [[a] for a in aspects] if len(aspects) > 1 else [aspects]
        count = max(step.count, len(variants))
        per_run = next((f for f in _COUNT_FIELDS if f in spec.params_model.model_fields), None)
        if count > 1 and len(variants) == 1 and per_run is not None:  # a model that makes several per run
            others.append(Intent("count", count, str(count)))
            self.notes.append(f"set {spec.title}'s {per_run.replace('_', ' ')} to {count} (one node)")
            count = 1
        if count > 8:
            self.notes.append(f"made 8 {spec.title} nodes, not {count}: a graph that wide is hard to read")
            count = 8
        if count > 1 and len(variants) == 1:
            self.notes.append(
                f"made {count} {spec.title} nodes from the same inputs ({spec.title} makes one result per run)"
            )
        elif len(variants) > 1:
            labels = ", ".join(v[0].label for v in variants)
            self.notes.append(f"made {len(variants)} {spec.title} nodes, one per shape ({labels})")
        params_base = dict(step.preset)
        params_base.update(named_choices(spec.params_model, step.words))
        nodes: list[str] = []
        used: set[str] = set()
        prompt: Out | None = None
        for index in range(count):
            variant = variants[index % len(variants)] if variants else []
            mode = step.preset.get("mode", "")
            landing = land_node(spec, [*others, *variant], words=step.words, mode=mode)
            used |= landing.used
            if index == 0:
                self.notes += landing.notes
            valid = {k: v for k, v in params_base.items() if k in spec.params_model.model_fields}
            node_id = self.add(spec, {**valid, **landing.params})
            nodes.append(node_id)
            if source is not None:
                port = main_input(spec, media)
                if port is not None:
                    self.connect(source, node_id, port)
            prompt = feed_text(self, step, spec, node_id, media, prompt)
            self._feed_rest(spec, node_id, media, source, explicit)
            if source is not None:
                self._mask_region(step, spec, node_id, source)
        self.unused = [i for i in step.intents if i.kind not in used and i.kind != "strength"]
        return nodes

    def _feed_rest(
        self, spec: NodeSpec, node_id: str, media: PortType | None, source: Out | None, explicit: dict[PortType, Out]
    ) -> None:
        main = main_input(spec, media)
        for port in spec.inputs.values():
            if port.name == main or port.type == PortType.TEXT:
                continue
            if any(e.target == node_id and e.targetHandle == port.name for e in self.edges):
                continue
            given = explicit.get(port.type)
            if given is not None and (source is None or given.node_id != source.node_id):
                self.connect(given, node_id, port.name)
                continue
            if not port.required:
                continue
            if port.name == "mask" and source is not None:
                painter = self.context.spec("tool.painter")
                assert painter is not None
                painter_id = self.add(painter)
                self.connect(source, painter_id, "image")
                mask = next(o for o in self.outputs(painter_id) if o.port.type == PortType.MASK)
                self.connect(mask, node_id, port.name)
                self.notes.append(f"added a Painter for {spec.title}'s mask: paint where it should work")
                continue
            if port.type in INPUT_NODES:
                had = self.made_inputs.get(port.type) or self.latest(port.type)
                if had is not None and (source is None or had.node_id != source.node_id):
                    self.connect(had, node_id, port.name)
                    continue
                out = self.make_input(port.type) if port.type not in explicit else explicit[port.type]
                if source is not None and out.node_id == source.node_id:
                    input_spec = self.context.spec(INPUT_NODES[port.type])
                    assert input_spec is not None
                    out = self.outputs(self.add(input_spec))[0]
                self.connect(out, node_id, port.name)
                self.notes.append(f"added an upload for {spec.title}'s {port.name.replace('_', ' ')}")

    def _mask_region(self, step: Step, spec: NodeSpec, node_id: str, source: Out) -> None:
        """A subject mask (inverted for the background) on the tool's mask input ("blur only the background")."""
        port = next((p for p in spec.inputs.values() if p.type == PortType.MASK and not p.required), None)
        region = re.search(r"\b(background|backdrop|subject|person|foreground)\b", step.words)
        extractor = self.context.spec("tool.mask_extractor")
        if port is None or region is None or extractor is None or "mode" not in extractor.params_model.model_fields:
            return
        background = region.group(1) in ("background", "backdrop")
        mask_id = self.add(extractor, {"mode": "subject", "invert": background})
        self.connect(source, mask_id, next(iter(extractor.inputs)))
        mask = next(o for o in self.outputs(mask_id) if o.port.type == PortType.MASK)
        self.connect(mask, node_id, port.name)
        where = "the background" if background else "the subject"
        self.notes.append(f"added a Mask Extractor so that {spec.title} changes only {where}")
        step.leftover = [w for w in step.leftover if w not in ("only", "just", region.group(1))]

    def _unused(self, intent: Intent) -> None:
        if intent.kind in ("format", "filename"):  # "…, as a jpg", "…, call it poster": how the picture is saved
            image = self.latest(PortType.IMAGE)
            save = self.context.spec("output.save")
            saved = next((n for n in reversed(self.nodes) if n.type == "output.save"), None)
            if saved is not None:
                saved.params[intent.kind] = intent.value
                return
            if image is not None and save is not None:
                node_id = self.add(save, {intent.kind: intent.value})
                self.connect(image, node_id, "image")
                self.notes.append(f"added Save Image for '{intent.label.strip()}'")
                return
        self.not_understood.append(intent.typed)
