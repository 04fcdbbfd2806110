"""Changing what is on the canvas instead of adding beside it: "use ideogram instead" puts the named model in an
existing one's place (same inputs, same consumers); "save it as a jpg" on a flow that ends in a Save changes it."""

from __future__ import annotations

from karate.agents.offline.canvas import Canvas, Out
from karate.agents.offline.existing import edges_from
from karate.agents.offline.landing import choices, land
from karate.agents.offline.models import key_note
from karate.agents.offline.step import Step
from karate.agents.validate import edge_id
from karate.engine.graph import EdgeDoc, NodeDoc
from karate.engine.sdk import NodeSpec
from karate.engine.types import PortType


def resave(canvas: Canvas, step: Step, source: Out | None) -> bool:
    """Change the Save's format ("save it as a jpg") when the flow already ends in a Save."""
    existing = {n.id for n in canvas.workflow.nodes}
    if step.task is None or step.task.key != "save" or source is None or source.node_id not in existing:
        return False
    saves = [source.node_id] if canvas.types.get(source.node_id) == "output.save" else []
    saves += [
        e.target for e in edges_from(canvas.workflow, source.node_id) if canvas.types.get(e.target) == "output.save"
    ]
    if not saves or not step.intents:
        return False
    spec = canvas.spec(saves[0])
    assert spec is not None
    landing = land(spec.params_model, spec.title, step.intents)
    if not landing.params:
        return False
    canvas.changes.setdefault(saves[0], {}).update(landing.params)
    return True


def swap(canvas: Canvas, step: Step) -> bool:
    """Put the named model where an existing one of the same kind is: same inputs, same consumers."""
    assert step.named is not None
    old = _swapped_node(canvas, step)
    if old is None:
        return False
    old_spec = canvas.spec(old.id)
    assert old_spec is not None
    gives = {p.type for p in old_spec.outputs.values()}
    fed = [e for e in canvas.workflow.edges if e.target == old.id]
    for node_type in step.named.types:
        spec = canvas.context.spec(node_type)
        if spec is None or spec.type == old.type or not gives & {p.type for p in spec.outputs.values()}:
            continue
        if any(p.required and not any(_port_type(canvas, e) == p.type for e in fed) for p in spec.inputs.values()):
            continue
        _replace(canvas, old, old_spec, spec, step, fed)
        canvas.notes += key_note(spec, canvas.context)
        return True
    return False


def _swapped_node(canvas: Canvas, step: Step) -> NodeDoc | None:
    assert step.named is not None
    for ref in step.refs:
        node = canvas.workflow.node(ref.node_id)
        if node is not None and node.type.startswith("model."):
            return node
    named_kinds = set()
    for node_type in step.named.types:
        spec = canvas.context.spec(node_type)
        if spec is not None:
            named_kinds |= {p.type for p in spec.outputs.values()}
    models = [n for n in canvas.workflow.nodes if n.type.startswith("model.") and n.type not in step.named.types]
    fitting = [n for n in models if (sp := canvas.spec(n.id)) and named_kinds & {p.type for p in sp.outputs.values()}]
    chosen = [n for n in fitting if n.id in canvas.selected] or fitting
    return chosen[-1] if chosen else None


def _port_type(canvas: Canvas, edge: EdgeDoc) -> PortType | None:
    spec = canvas.spec(edge.source)
    port = spec.outputs.get(edge.sourceHandle or "") if spec is not None else None
    return port.type if port is not None else None


def _replace(canvas: Canvas, old: NodeDoc, old_spec: NodeSpec, spec: NodeSpec, step: Step, fed: list[EdgeDoc]) -> None:
    kept = {}
    for name, value in old.params.items():
        field_info = spec.params_model.model_fields.get(name)
        options = choices(field_info) if field_info is not None else None
        if field_info is not None and (options is None or value in options) and name != "variant":
            kept[name] = value
    landing = land(spec.params_model, spec.title, step.intents)
    canvas.notes += landing.notes
    node_id = canvas.add(spec, {**kept, **landing.params})
    for edge in fed:
        kind = _port_type(canvas, edge)
        port = next((p for p in spec.inputs.values() if p.name == edge.targetHandle and p.type == kind), None)
        port = port or next((p for p in spec.inputs.values() if p.type == kind), None)
        source = next((o for o in canvas.outputs(edge.source) if o.port.name == edge.sourceHandle), None)
        if port is not None and source is not None:
            canvas.connect(source, node_id, port.name)
    outputs = canvas.outputs(node_id)
    for edge in edges_from(canvas.workflow, old.id):
        old_port = old_spec.outputs.get(edge.sourceHandle or "")
        out = next((o for o in outputs if old_port is not None and o.port.type == old_port.type), None)
        target = canvas.spec(edge.target)
        if out is None or target is None:
            continue
        canvas.removed.append(edge_id(edge))
        canvas.connect(out, edge.target, edge.targetHandle or next(iter(target.inputs)))
    canvas.history += outputs
    canvas.notes.append(
        f"{spec.title} takes the place of {canvas.name(old.id)}, which stays on the canvas but no longer "
        "feeds anything: "
        "delete it if you no longer need it"
    )
