"""The picture on a project's dashboard card: its newest run's result as the run history pictures it (the picture its
Save node saved, else the last one made; a video's is a still of it); else the picture its document ships with (a
template's preview, or one the editor saved before the server chose cards); else, for a project that has made none
yet, the picture or video given to its first input. The viewer may read each one it signs. The editor writes no
picture: this one rule pictures every card."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from karate.db import Database
from karate.db.cards import CardRepository
from karate.db.models import Asset, Workflow
from karate.db.repositories import RunRepository
from karate.engine.registry import load_builtin_nodes
from karate.services.access import AccessControl, held_outright
from karate.services.run_overview import input_types, run_pictures
from karate.services.signing import UrlSigner
from karate.storage.mime import has_thumbnail

#: the long side of a card's picture, in pixels: a card is up to about 360 CSS pixels wide, so 256 looked soft
CARD_PICTURE_SIZE = 512
ASSET_ID = re.compile(r"[0-9a-f]{64}")  # a sha256: what an asset id is


class CardPictures:
    """Signed thumbnail URLs of a page of projects: a few queries for the whole page, whatever its size."""

    def __init__(self, database: Database, access: AccessControl, signer: UrlSigner | None) -> None:
        self.database = database
        self.access = access
        self.signer = signer  # without one, cards carry no picture (thumbnail_url null)
        self._inputs: list[str] | None = None  # the input node types, found at the first page (not at start-up)

    async def urls(self, workflows: Sequence[Workflow], viewer_id: str | None) -> dict[str, str | None]:
        """Workflow id -> the signed URL of its card's picture, or None; `viewer_id` may read each of them (None:
        anyone may, signed out too: templates)."""
        pictures = await self._pictures(workflows, viewer_id) if self.signer is not None else {}
        return {w.id: self._sign(pictures.get(w.id)) for w in workflows}

    def _sign(self, asset_id: str | None) -> str | None:
        return self.signer.url(asset_id, size=CARD_PICTURE_SIZE) if self.signer is not None and asset_id else None

    async def _pictures(self, workflows: Sequence[Workflow], viewer_id: str | None) -> dict[str, str]:
        registry = load_builtin_nodes()
        if self._inputs is None:
            self._inputs = input_types(registry)
        inputs = self._inputs
        async with self.database.session() as session:
            runs = await CardRepository(session).newest_pictured_runs([w.id for w in workflows], inputs)
            made = await run_pictures(RunRepository(session), list(runs.values()), registry)
        chosen: dict[str, str] = {}
        unpictured: list[Workflow] = []
        for workflow in workflows:
            # the runs are its team's, whom its viewer may read; the document's thumbnail was checked when saved
            picture = made.get(runs.get(workflow.id, "")) or saved_thumbnail(workflow)
            if picture:
                chosen[workflow.id] = picture
            else:
                unpictured.append(workflow)
        chosen.update(await self._input_pictures(unpictured, viewer_id))
        return chosen

    async def _input_pictures(self, workflows: Iterable[Workflow], viewer_id: str | None) -> dict[str, str]:
        """Of projects no run has pictured, the first picture given to one of their inputs that the viewer may read.
        A document can name any asset id, so each is checked as the asset's own route checks an input of a workflow
        its viewer may read (`AccessControl.can_read_asset`; the page lists only such workflows). One the viewer or
        the project's owner holds outright (`held_outright`: most of them) is decided by its row, as that check
        would decide it, so a page costs the same few queries whatever its size; any other is asked of the check."""
        named = {w.id: (w, input_pictures(w)) for w in workflows}
        if not any(ids for _, ids in named.values()):
            return {}
        async with self.database.session() as session:
            assets = await CardRepository(session).assets({sha for _, ids in named.values() for sha in ids})
        found: dict[str, str] = {}
        for workflow_id, (workflow, asset_ids) in named.items():
            for asset_id in asset_ids:
                asset = assets.get(asset_id)
                if asset is not None and has_picture(asset) and await self._may_read(asset, viewer_id, workflow):
                    found[workflow_id] = asset_id
                    break
        return found

    async def _may_read(self, asset: Asset, viewer_id: str | None, workflow: Workflow) -> bool:
        if self.access.single_user or held_outright(asset, viewer_id) or held_outright(asset, workflow.owner_id):
            return True
        return await self.access.can_read_asset(asset.sha256, asset, viewer_id, workflow_id=workflow.id)


def saved_thumbnail(workflow: Workflow) -> str | None:
    """The asset id the document's `thumbnail` names (a picture the document ships with), if any."""
    thumbnail = workflow.document.get("thumbnail")
    asset_id = thumbnail.get("asset_id") if isinstance(thumbnail, dict) else None
    return asset_id if isinstance(asset_id, str) and asset_id else None


def input_pictures(workflow: Workflow) -> list[str]:
    """The asset ids the workflow's input nodes name (an upload's `asset_id`), in the document's order, once each."""
    inputs = set(input_types(load_builtin_nodes()))
    named = (
        node.get("params", {}).get("asset_id")
        for node in workflow.document.get("nodes") or []
        if isinstance(node, dict) and node.get("type") in inputs and isinstance(node.get("params"), dict)
    )
    return list(dict.fromkeys(value for value in named if isinstance(value, str) and ASSET_ID.fullmatch(value)))


def has_picture(asset: Asset) -> bool:
    """Whether the store makes ?size= thumbnails of it: a raster image, or a video (a still of it); not an SVG."""
    return has_thumbnail(asset.mime or "")
