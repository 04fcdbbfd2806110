"""Two collaborators (two browser profiles) each click a node into one project at the same moment: each page puts
its node on the free spot in the middle of its view, the same spot on both, before either has the other's. Once the
two adds meet, one of the nodes moves clear of the other, and both pages, and the project the studio keeps, have
them in the same places: before, they stayed on top of each other. Two nodes of one type so added both take the
same id on their pages ("blur-1"): both are kept, on both pages and in the project (before, one was lost)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, WebSocketRoute, expect

from tests.e2e.conftest import ConsoleLog, open_page
from tests.e2e.studio import drawn_box, node, overlap, wait_open
from tests.e2e.test_collab import api_matches, converged, live, open_live, position, project
from tests.e2e.test_toolbar import COLLAB


class HeldSends:
    """A page's live-document link with what the page sends held back while `holding`: its edits reach no one
    until `release`, as two edits made at the same moment do not know of each other."""

    def __init__(self) -> None:
        self.holding = False
        self.held: list[tuple[WebSocketRoute, str | bytes]] = []

    def route(self, socket: WebSocketRoute) -> None:
        server = socket.connect_to_server()  # what the server sends reaches the page as it comes

        def to_server(message: str | bytes) -> None:
            if self.holding:
                self.held.append((server, message))
            else:
                server.send(message)

        socket.on_message(to_server)

    def release(self) -> None:
        self.holding = False
        for server, message in self.held:
            server.send(message)
        self.held.clear()


@pytest.fixture
def pair(browser: Browser, server: str, console: ConsoleLog) -> Iterator[tuple[Page, Page]]:
    """Two browser profiles on the studio: collaborators A and B."""
    with open_page(browser, server, console) as a, open_page(browser, server, console) as b:
        yield a, b


def _open_holding(pair: tuple[Page, Page], api: httpx.Client, title: str) -> tuple[str, dict[Page, HeldSends]]:
    """A new project with an Image Upload, open live on both pages, each page's outgoing messages held from now on
    (what they do next reaches the other only on `release`)."""
    workflow_id = project(api, title, "input.image")
    links = {page: HeldSends() for page in pair}
    for page in pair:
        page.route_web_socket(COLLAB, links[page].route)
        open_live(page, workflow_id)
    for link in links.values():
        link.holding = True
    return workflow_id, links


def _click_in(page: Page, node_type: str) -> None:
    wait_open(page)
    page.locator(f"[data-testid=palette-item][data-node-type='{node_type}']").click()


def test_two_nodes_clicked_in_at_once_on_one_spot_end_apart_for_both(
    pair: tuple[Page, Page], api: httpx.Client, artifacts: Path
) -> None:
    a, b = pair
    workflow_id, links = _open_holding(pair, api, "Clicked in at once")
    _click_in(a, "tool.blur")
    _click_in(b, "tool.invert")
    expect(node(a, "blur-1")).to_be_visible()
    expect(node(b, "invert-1")).to_be_visible()
    spot = position(a, "blur-1")
    assert position(b, "invert-1") == spot  # the one free spot each page had: on top of each other once merged

    for link in links.values():
        link.release()
    ids = ["blur-1", "invert-1"]
    for page in pair:
        for node_id in ids:
            expect(node(page, node_id)).to_be_visible()
    where = {node_id: converged(a, b, node_id) for node_id in ids}
    # one of them stays where it was put, the other moved clear of it
    assert sorted(place == spot for place in where.values()) == [False, True], where
    for page in pair:
        blur, invert = drawn_box(node(page, "blur-1")), drawn_box(node(page, "invert-1"))
        assert not overlap(blur, invert), (blur, invert)
        assert not overlap(drawn_box(node(page, "image-1")), invert)
        assert not overlap(drawn_box(node(page, "image-1")), blur)
    moved = next(node_id for node_id, place in where.items() if place != spot)
    # the page that moved its node brings it into view, as a node clicked in is: its user sees where it went
    mover = a if moved == "blur-1" else b
    mover.wait_for_function(
        """(id) => {
          const node = document.querySelector(`.react-flow__node[data-id='${id}']`).getBoundingClientRect();
          const canvas = document.querySelector("[data-testid=canvas]").getBoundingClientRect();
          return node.left >= canvas.left && node.right <= canvas.right && node.top >= canvas.top;
        }""",
        arg=moved,
    )
    a.screenshot(path=str(artifacts / "same-spot-a.png"))
    b.screenshot(path=str(artifacts / "same-spot-b.png"))
    api_matches(a, workflow_id, moved, ["blur-1", "image-1", "invert-1"])
    assert {node_id: position(b, node_id) for node_id in ids} == where


def _blurs(page: Page) -> list[str]:
    """The ids of the Blur nodes the page shows."""
    return sorted(page.locator(".react-flow__node[data-id^='blur-']").evaluate_all("ns => ns.map((n) => n.dataset.id)"))


def test_two_nodes_of_one_type_clicked_in_at_once_are_both_kept(
    pair: tuple[Page, Page], api: httpx.Client, artifacts: Path
) -> None:
    a, b = pair
    workflow_id, links = _open_holding(pair, api, "Two blurs at once")
    _click_in(a, "tool.blur")
    _click_in(b, "tool.blur")
    node(a, "blur-1").get_by_label("Radius").fill("9")  # A's own setting, made before either has the other's node
    expect(node(b, "blur-1")).to_be_visible()  # each page named its Blur alike

    for link in links.values():
        link.release()
    for page in pair:
        expect(page.locator(".react-flow__node[data-id^='blur-']")).to_have_count(2)
    ids = _blurs(a)
    assert _blurs(b) == ids and "blur-1" in ids, ids
    for page in pair:
        # A's Blur, with its setting, is the same node on both pages; and each page keeps its own Blur selected
        radii = [node(page, node_id).get_by_label("Radius").input_value() for node_id in ids]
        assert sorted(radii).count("9") == 1, radii
        expect(node(page, ids[radii.index("9")]).get_by_label("Radius")).to_have_value("9")
        blur, other = drawn_box(node(page, ids[0])), drawn_box(node(page, ids[1]))
        assert not overlap(blur, other), (blur, other)
    a_own = ids[[node(a, node_id).get_by_label("Radius").input_value() for node_id in ids].index("9")]
    expect(node(a, a_own)).to_have_class(re.compile(r"\bselected\b"))
    expect(node(b, next(node_id for node_id in ids if node_id != a_own))).to_have_class(re.compile(r"\bselected\b"))
    a.screenshot(path=str(artifacts / "same-id-a.png"))

    api_matches(a, workflow_id, a_own, ["image-1", *ids])
    for page in pair:
        page.reload()
        live(page)
        expect(page.locator(".react-flow__node[data-id^='blur-']")).to_have_count(2)
        assert _blurs(page) == ids
        expect(node(page, a_own).get_by_label("Radius")).to_have_value("9")
