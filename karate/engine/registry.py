"""The registry of node types: the one source of truth for node schemas."""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from karate.engine.sdk import Node, build_spec

N = TypeVar("N", bound=type[Node])


class NodeRegistry:
    def __init__(self) -> None:
        self._types: dict[str, type[Node]] = {}

    def register(self, cls: type[Node]) -> None:
        type_id = cls.spec.type
        existing = self._types.get(type_id)
        if existing is not None and existing is not cls:
            raise ValueError(f"node type {type_id!r} is registered twice ({existing.__name__}, {cls.__name__})")
        self._types[type_id] = cls

    def get(self, type_id: str) -> type[Node] | None:
        return self._types.get(type_id)

    def did_you_mean(self, type_id: str) -> str:
        """The hint every refusal of an unknown type carries (workflow checks for the API and the CLI, the
        agents' plans): ' (did you mean tool.blur?)' for a typo of a registered type ("tool.blurr"), else ""."""
        close = difflib.get_close_matches(type_id, self._types, n=1)
        return f" (did you mean {close[0]}?)" if close else ""

    def unknown_type_message(self, type_id: str) -> str:
        """Why a workflow's node of type `type_id` cannot run: "unknown node type 'tool.blurr' (did you mean
        tool.blur?); `karate nodes` lists the available types"."""
        return f"unknown node type {type_id!r}{self.did_you_mean(type_id)}; `karate nodes` lists the available types"

    def __contains__(self, type_id: object) -> bool:
        return type_id in self._types

    def __iter__(self) -> Iterator[type[Node]]:
        return iter(sorted(self._types.values(), key=lambda cls: (cls.spec.category, cls.spec.type)))

    def __len__(self) -> int:
        return len(self._types)

    def specs_json(self) -> list[dict[str, Any]]:
        return [cls.spec.to_json() for cls in self]


registry = NodeRegistry()


def node(
    type_id: str,
    *,
    title: str,
    category: str,
    version: int = 1,
    description: str | None = None,
    target: NodeRegistry | None = None,
    **extra: Any,
) -> Callable[[N], N]:
    """Class decorator: turn a `Node` subclass into a registered node type."""

    def decorate(cls: N) -> N:
        cls.spec = build_spec(
            cls, type_id, title=title, category=category, version=version, description=description, extra=extra
        )
        (target if target is not None else registry).register(cls)
        return cls

    return decorate


_loaded = False


def load_builtin_nodes() -> NodeRegistry:
    """Import every module under `karate.nodes` so their node types register themselves."""
    global _loaded
    if not _loaded:
        import karate.nodes as package

        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
        _loaded = True
    return registry


# The package under karate.nodes of each node type's first word (`tool.blur` -> karate.nodes.tools).
NODE_PACKAGES = {"input": "inputs", "tool": "tools", "output": "outputs", "model": "models"}

# The module of each built-in node type, so that `karate run` imports only the modules of the types a
# workflow names (and numpy, OpenCV or Pillow only if one of them uses it). A type missing here loads its
# whole package: it still runs, only later (tests/cli checks the table against the modules).
NODE_MODULES = {
    "input.image": "inputs.assets",
    "input.video": "inputs.assets",
    "input.audio": "inputs.assets",
    "input.prompt": "inputs.values",
    "input.number": "inputs.values",
    "input.image_url": "inputs.url",
    "output.save": "outputs.save",
    "tool.adjust": "tools.adjust",
    "tool.blur": "tools.blur",
    "tool.channels": "tools.channels",
    "tool.channels_merge": "tools.channels",
    "tool.crop": "tools.crop",
    "tool.depth": "tools.model_tools",
    "tool.describe": "tools.model_tools",
    "tool.inpaint": "tools.inpaint",
    "tool.invert": "tools.invert",
    "tool.mask_extractor": "tools.mask_extractor",
    "tool.outpaint": "tools.outpaint",
    "tool.painter": "tools.painter",
    "tool.relight": "tools.relight",
    "tool.resize": "tools.resize",
    "tool.upscale": "tools.upscale",
}
_loaded_packages: set[str] = set()


def load_nodes_for(type_ids: Iterable[object]) -> NodeRegistry:
    """The registry with the node types named (by a workflow) loaded, importing only their modules
    (NODE_MODULES), else the package of their first word (NODE_PACKAGES): `karate run` of a graph of text
    inputs never imports numpy, and one without model nodes never imports the catalog and the providers.
    A type of no known first word loads every package, so an unknown type is reported against the whole
    registry. The registry returned holds every type loaded so far, in this process."""
    if _loaded:
        return registry
    modules: set[str] = set()
    packages: set[str] = set()
    for type_id in {str(t) for t in type_ids}:
        if type_id in registry:
            continue
        module = NODE_MODULES.get(type_id)
        package = NODE_PACKAGES.get(type_id.partition(".")[0])
        if package is None:
            return load_builtin_nodes()
        if module is not None:
            modules.add(module)
        else:
            packages.add(package)
    for package in sorted(packages - _loaded_packages):
        _import_package(f"karate.nodes.{package}")
        _loaded_packages.add(package)
    for module in sorted(modules):
        importlib.import_module(f"karate.nodes.{module}")
    return registry


def _import_package(name: str) -> None:
    package = importlib.import_module(name)
    for module in pkgutil.walk_packages(package.__path__, name + "."):
        importlib.import_module(module.name)
