"""How node results are described to clients: summaries with signed URLs, rows for saved files, and the
file names saved results get (the CLI's out folder, the studio's downloads)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

from karate.engine.validation import CompiledGraph
from karate.engine.values import Raster
from karate.nodes.outputs.save import MIME as SAVED_MIME
from karate.services.signing import THUMBNAIL_SIZE, UrlSigner
from karate.storage.assets import AssetRef, AssetStore
from karate.storage.mime import KNOWN_EXTENSIONS, NPY_MIME, extension_for, extensions_of

MAX_STEM = 120  # characters of a file name before its extension, as output.save's `filename` allows
_UNSAFE = re.compile(r"[^\w\- .]")  # what output.save's `filename` refuses: folders, NUL, controls, emoji...
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


class OutputDescriber:
    def __init__(self, store: AssetStore, signer: UrlSigner) -> None:
        self.store = store
        self.signer = signer

    def with_urls(self, outputs: dict[str, Any] | None) -> dict[str, Any]:
        """Output summaries (`{asset_id, mime, ...}` or `{value}`) with a download URL for each asset: one that
        opens and saves a saved file under the name its run gave it (`filename`), which its stored row may not
        have (the same bytes are stored once, under the name the run that first saved them gave)."""
        return {name: self._decorate(value) for name, value in (outputs or {}).items()}

    def _decorate(self, summary: Any) -> Any:
        if not isinstance(summary, dict):
            return summary
        if "list" in summary:
            return {"list": [self._decorate(item) for item in summary["list"]]}
        asset_id = summary.get("asset_id")
        if not asset_id:
            return summary
        url = self.signer.url(asset_id)
        if summary.get("filename"):
            url += f"&name={quote(summary['filename'])}"
        decorated = {**summary, "url": url}
        mime = summary.get("mime") or ""
        if mime.startswith("image/") or mime == NPY_MIME:
            decorated["thumbnail_url"] = self.signer.url(asset_id, size=THUMBNAIL_SIZE)
            decorated["preview_mime"] = "image/png" if mime == NPY_MIME else mime
        return decorated

    def asset_row(self, ref: AssetRef) -> dict[str, Any]:
        """Columns of the assets table for a stored file (`file_columns`)."""
        return file_columns(self.store, ref)


def file_columns(store: AssetStore, ref: AssetRef) -> dict[str, Any]:
    """What the assets table records of a stored file (sha256, mime, bytes, width, height), with its pixel size
    when it is an image: the size as shown (after its EXIF orientation), read from its header."""
    from karate.storage import media  # the image libraries: not for the CLI, which writes no asset rows

    width = height = None
    if ref.mime in media.RASTER_IMAGES:
        width, height = media.shown_size(store.path(ref.sha256)) or (None, None)
    return {"sha256": ref.sha256, "mime": ref.mime, "bytes": ref.size, "width": width, "height": height}


def saved_assets(outputs: dict[str, Any]) -> list[AssetRef]:
    """The encoded files among a node's outputs (not in-memory pixels, not .npy intermediates)."""
    found: list[AssetRef] = []
    for value in outputs.values():
        for item in value if isinstance(value, list) else [value]:
            ref = item.asset if isinstance(item, Raster) else item
            if isinstance(ref, AssetRef) and ref.mime != NPY_MIME:
                found.append(ref)
    return found


def name_saved_files(outputs: dict[str, Any], name: Callable[[str], str]) -> dict[str, Any]:
    """An output node's result summaries (`describe_outputs`) with the file name `name(mime)` on each file it saved
    (those `saved_assets` finds): the name its run gave it, which its events and records carry."""
    return {port: _named(summary, name) for port, summary in outputs.items()}


def _named(summary: Any, name: Callable[[str], str]) -> Any:
    if not isinstance(summary, dict):
        return summary
    if "list" in summary:
        return {"list": [_named(item, name) for item in summary["list"]]}
    mime = summary.get("mime")
    if summary.get("asset_id") and mime and mime != NPY_MIME:
        return {**summary, "filename": name(mime)}
    return summary


def safe_stem(name: str) -> str:
    """A file name without extension that names no folder: `../../x` -> `_.._x`, `/tmp/a` -> `_tmp_a`,
    `..` -> `output`. Characters other than letters, digits, `-`, `_`, `.` and space become `_`."""
    stem = _UNSAFE.sub("_", name)[:MAX_STEM].strip(" .")
    if not stem:
        return "output"
    if stem.split(".")[0].upper() in _WINDOWS_DEVICES:
        return f"_{stem}"
    return stem


def download_name(wanted: str, unnamed: str, mime: str) -> str:
    """The file name of one saved result: the save node's `filename` (else `unnamed`: `unnamed_stem`), made safe,
    with the extension of its type: `poster.png`. The studio's downloads and the CLI's out folder both use it. A media
    extension given with the name is replaced by the type's own, never doubled and never left to say another type
    (`poster.png` and `poster.jpg` are `poster.png` for a PNG); any other dot is part of the name (`v1.2-final.png`).
    A name of nothing but dots and spaces (`..`) is no name: `unnamed` it is."""
    stem = without_media_extension(wanted.strip(), mime).strip(" .")
    return f"{safe_stem(stem or unnamed)}.{extension_for(mime)}"


def unnamed_stem(node_name: str, workflow_title: str = "") -> str:
    """The name of a file saved by an output node with no Filename, in the words a person knows it by, never its id:
    the workflow's title and the node's name as the canvas shows it (`Poster - Save Image`), the node's name alone
    for a workflow with no title (a document sent to the API, a workflow file without one). The editor names the
    downloads of its other results the same way (web/src/editor/viewer/results.ts)."""
    parts = (file_words(workflow_title), file_words(node_name))
    return file_words(" - ".join(part for part in parts if part)) or "output"


def file_words(words: str) -> str:
    """Words as a file name every system takes, as the editor's `fileNameOf` makes them: what a disk refuses or
    `safe_stem` would replace becomes a space, runs of spaces one, no dot or hyphen at either end
    (`Héro shot: v2!` -> `Héro shot v2`); "" when nothing is left."""
    name = re.sub(r"\s+", " ", re.sub(r"[^\w .-]+", " ", unicodedata.normalize("NFC", words)))
    return name[:MAX_STEM].strip(" .-")


def output_stems(graph: CompiledGraph, workflow_title: str = "") -> dict[str, str]:
    """`unnamed_stem` of each output node of `graph`, by id, named as the canvas names it (its title, else its
    type's)."""
    return {
        node_id: unnamed_stem(graph.document.title_of(node_id, cls.spec.title), workflow_title)
        for node_id, cls in graph.classes.items()
        if cls.spec.category == "outputs"
    }


def without_media_extension(name: str, mime: str) -> str:
    """`name` without an extension the studio knows media by (`poster.png`, `a.JPEG`) or one of `mime`'s own;
    unchanged when it ends in none (`v1.2-final`, `notes.tar`) or is nothing but one (`.png`)."""
    stem, dot, extension = name.rpartition(".")
    if dot and stem.strip(" .") and extension.lower() in KNOWN_EXTENSIONS | extensions_of(mime):
        return stem
    return name


def output_file_names(files: Iterable[tuple[str, str, str]]) -> list[str]:
    """Unique file names for the saved results of one run, in the order given: `(filename, name when it has none,
    mime)` per file, named by `download_name`. A name already given becomes `poster-2.png`, `poster-3.png`,
    compared without case as Windows and macOS folders compare names."""
    taken: set[str] = set()
    names: list[str] = []
    for wanted, unnamed, mime in files:
        name = download_name(wanted, unnamed, mime)
        stem, extension = name.rsplit(".", 1)
        copy = 1
        while name.casefold() in taken:
            copy += 1
            name = f"{stem}-{copy}.{extension}"
        taken.add(name.casefold())
        names.append(name)
    return names


def planned_file_names(graph: CompiledGraph, workflow_title: str = "") -> dict[str, str]:
    """The file name each output node's result will have, unique across the run and given in the workflow's
    node order as the CLI names its files (`poster.png`, `poster-2.png`), known before any node finishes:
    the studio records each result as its node ends, in whatever order they end. `workflow_title`: the project's,
    which the files of Save nodes with no Filename are named after (`unnamed_stem`)."""
    stems = output_stems(graph, workflow_title)
    wanted = [
        (
            str(getattr(graph.params[node_id], "filename", "") or ""),
            stem,
            SAVED_MIME.get(str(getattr(graph.params[node_id], "format", "")), ""),
        )
        for node_id, stem in stems.items()
    ]
    return dict(zip(stems, output_file_names(wanted), strict=True))
