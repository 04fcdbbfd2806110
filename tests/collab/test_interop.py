"""Interoperability: the npm `y-websocket` client in Node (not our web app) and a Python pycrdt client edit one
room together and end with the same document, which the workflows table then holds."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import httpx
import pytest
from pycrdt import Map

from karate.collab.document import META, NODES
from tests.api.conftest import RunningStudio
from tests.collab.helpers import add_prompt, new_workflow, node_ids, on_server, set_text, text_of
from tests.collab.test_rooms import hub_of
from tests.collab.yclient import YClient

WEB = Path(__file__).resolve().parents[2] / "web"
SCRIPT = Path(__file__).with_name("node_client.mjs")

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (WEB / "node_modules" / "y-websocket").is_dir(),
    reason="needs Node and the web app's node_modules (npm ci in web/)",
)


async def test_node_and_python_clients_converge(studio: RunningStudio, client: httpx.AsyncClient) -> None:
    workflow = await new_workflow(client)
    async with YClient(studio.ws_url, workflow["id"]) as python:
        node = await asyncio.create_subprocess_exec(
            "node",
            str(SCRIPT),
            f"{studio.ws_url}/api/v1/collab",
            workflow["id"],
            str(WEB),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            python.edit(add_prompt("from_python", "written in python"))
            python.edit(set_text("p", "python"))
            await python.wait(lambda: "from_node" in node_ids(python.doc), timeout=20)
            python.edit(lambda doc: doc.get(META, type=Map).__setitem__("done", True))
            out, err = await asyncio.wait_for(node.communicate(), 20)
        finally:
            if node.returncode is None:
                node.kill()
                await node.wait()
        assert node.returncode == 0, err.decode()
        seen_by_node = json.loads(out.decode().strip().splitlines()[-1])
        await python.wait(lambda: text_of(python.doc, "p") == seen_by_node["text"])
        assert seen_by_node["nodes"] == sorted(node_ids(python.doc)) == ["from_node", "from_python", "p"]
        assert text_of(python.doc, "p") in ("node", "python")  # one writer won, the same for both
        assert python.doc.get(NODES, type=Map)["from_node"]["position"] == {"x": 5, "y": 7}

        await on_server(hub_of(studio), hub_of(studio).flush(workflow["id"]))
    saved = (await client.get(f"/api/v1/workflows/{workflow['id']}")).json()["document"]
    by_id = {n["id"]: n for n in saved["nodes"]}
    assert set(by_id) == {"p", "from_node", "from_python"}
    assert by_id["from_node"]["params"] == {"text": "written in node"}
    assert by_id["from_node"]["position"] == {"x": 5, "y": 7}
    assert by_id["from_python"]["params"] == {"text": "written in python"}
    assert by_id["p"]["params"]["text"] == seen_by_node["text"]
