"""The stored files a run's upload inputs name, checked before anything runs from what is known of them (the
studio's records; on the command line, the first bytes the store tells a type by), never loading them: each must be
there for whoever runs it, and of the kind its input takes. `karate run` and every path that executes an API run ask
`input_file_problems`; a node with a problem, and those that need it, are left out."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from karate.engine.messages import file_not_in_studio, upload_into_node
from karate.engine.problems import Problem
from karate.engine.validation import CompiledGraph
from karate.engine.workflow_file import FILE_INPUTS
from karate.storage.assets import check_asset_id
from karate.storage.mime import NPY_MIME, SNIFF_BYTES, sniff_mime

if TYPE_CHECKING:  # the command line checks files without the database or the node classes loaded up front
    from karate.nodes.inputs.assets import UploadedFile
    from karate.services.access import AccessControl
    from karate.storage.assets import AssetStore


@dataclass(frozen=True, slots=True)
class StoredFile:
    """What is known of a stored file without reading it: its media type (None: not known here; the node checks
    it as it runs)."""

    mime: str | None = None


#: What a file is, in the words of someone who chose it ("a PNG image"); others are said by their media type.
FILE_IN_WORDS = {
    "image/png": "a PNG image",
    "image/jpeg": "a JPEG image",
    "image/webp": "a WebP image",
    "image/gif": "a GIF image",
    "image/bmp": "a BMP image",
    "image/tiff": "a TIFF image",
    "image/heic": "a HEIC image",
    "image/heif": "a HEIF image",
    "image/avif": "an AVIF image",
    "image/svg+xml": "an SVG drawing",
    "video/mp4": "an MP4 video",
    "video/webm": "a WebM video",
    "video/quicktime": "a QuickTime (MOV) video",
    "audio/mpeg": "an MP3 sound",
    "audio/wav": "a WAV sound",
    "audio/flac": "a FLAC sound",
    "audio/ogg": "an Ogg sound",
    "model/gltf-binary": "a 3D model (GLB)",
    "model/gltf+json": "a 3D model (glTF)",
    "model/obj": "a 3D model (OBJ)",
    "text/plain": "a text file",
    "application/json": "a JSON file",
    NPY_MIME: "a node's result of raw pixels",
    "application/octet-stream": "a file of a type the studio does not recognise",
}


def upload_inputs(graph: CompiledGraph) -> dict[str, UploadedFile]:
    """Each upload input that will run and names a stored file, by node id, its parameters read."""
    found: dict[str, UploadedFile] = {}
    for node_id, cls in graph.classes.items():
        if cls.spec.type not in FILE_INPUTS:
            continue
        from karate.nodes.inputs.assets import UploadedFile  # only with a file input: a text run never loads it

        node = cls.instantiate(graph.params[node_id], {})
        assert isinstance(node, UploadedFile)
        if node.asset_id:
            found[node_id] = node
    return found


class FileAdvice(Protocol):
    """What to do about an upload input's stored file, where the run is asked for: in the studio, upload another;
    on the command line, give a file on this computer."""

    def missing(self, node_id: str, node: UploadedFile) -> str:
        """The whole message for a file the runner does not have here."""
        ...

    def instead(self, node_id: str, node: UploadedFile) -> str:
        """What to do about a file of another kind than the input takes: "Upload a video and choose it."."""
        ...


def input_file_problems(
    inputs: Mapping[str, UploadedFile], stored: Mapping[str, StoredFile], advice: FileAdvice
) -> list[Problem]:
    """A problem on each of `inputs` (`upload_inputs`) whose file is not in `stored` (the files the runner may
    use, by asset id), or is of another kind than its input takes, each saying what to do (`advice`)."""
    problems = []
    for node_id, node in inputs.items():
        file = stored.get(node.asset_id)
        if file is None:
            problems.append(Problem("missing_asset", advice.missing(node_id, node), node_id, "asset_id"))
        elif file.mime is not None and not file.mime.startswith(node.media + "/"):
            words = f"{wrong_kind(node, file.mime)} {advice.instead(node_id, node)}"
            problems.append(Problem("invalid_file", words, node_id, "asset_id"))
    return problems


def wrong_kind(node: UploadedFile, mime: str) -> str:
    """ "“photo.png” is a PNG image; this input takes a video (MP4, WebM or QuickTime)." (what the input takes as
    its upload field says it)"""
    from karate.services.uploads import ACCEPTED_FOR  # the media libraries, for a file of the wrong kind only

    what = FILE_IN_WORDS.get(mime, f"a file of type {mime}")
    return f"{node.file_named()} is {what}; this input takes {ACCEPTED_FOR[node.media]}."


class InStudio:
    """The studio's advice (POST /api/v1/runs): upload a file of the input's kind into it."""

    def missing(self, node_id: str, node: UploadedFile) -> str:
        # as a malformed asset id is said (engine.messages): one situation, one sentence
        return f"{file_not_in_studio(node.file_named(), node.media)}."

    def instead(self, node_id: str, node: UploadedFile) -> str:
        return f"{upload_into_node(node.media)}."


def in_folder(assets_dir: Path) -> Callable[[str], StoredFile | None]:
    """The files a local asset folder holds, read without creating the folder (a run refused creates nothing):
    each at its place in LocalAssetStore's layout, `<assets>/<first two hex>/<sha256>`, its type told by its first
    bytes, as the store tells it."""

    def lookup(sha: str) -> StoredFile | None:
        try:
            with (assets_dir / check_asset_id(sha)[:2] / sha).open("rb") as file:
                return StoredFile(sniff_mime(file.read(SNIFF_BYTES)))
        except OSError:
            return None

    return lookup


async def readable_files(
    asset_ids: Collection[str],
    access: AccessControl,
    store: AssetStore,
    user_id: str | None,
    workflow_id: str | None,
) -> dict[str, StoredFile]:
    """Of `asset_ids`, the files `user_id` may use in a run (as inputs of the saved workflow `workflow_id`, when
    given), each with the type its record keeps. Local mode: also a result the store holds without a record (its
    type left to the node)."""
    from karate.db.repositories import AssetRepository  # the command line reads no database

    found: dict[str, StoredFile] = {}
    for asset_id in dict.fromkeys(asset_ids):
        async with access.database.session() as session:
            asset = await AssetRepository(session).get(asset_id)
        if not await access.can_read_asset(asset_id, asset, user_id, workflow_id=workflow_id):
            continue
        if asset is not None:
            found[asset_id] = StoredFile(asset.mime)
        elif await asyncio.to_thread(store.exists, asset_id):
            found[asset_id] = StoredFile()
    return found
