"""Live co-editing in two browser profiles on one project, each a collaborator (local mode: both are the local
owner; accounts mode: two people). What one does, the other sees without reloading: nodes and edges, moves
(which converge when both drag one node), the pointer, comments and runs; undo takes back only one's own
change; edits made offline, or while the studio restarts, merge when the link returns and none is lost; a
viewer's page changes nothing. Waits are on what the pages show (expect) or on a condition the page checks
(wait_for_function); never a sleep."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, WebSocket, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.conftest import ConsoleLog, free_port, open_page, running_studio
from tests.e2e.studio import (
    EDITOR_URL,
    canvas_pane,
    choose_file,
    connect,
    drag_from_palette,
    edges,
    fit_view,
    new_project,
    node,
    png_file,
    wait_saved,
)
from tests.e2e.test_accounts import EXPECTED_REFUSAL, _sign_in, _sign_up, _sign_up_by_api

OFFLINE_FETCH = "net::ERR_INTERNET_DISCONNECTED"  # Chromium logs each request it refuses while offline
# What Chromium logs while the studio stops and is stopped: the refused reconnection attempts, and requests and the
# project's activity stream cut short.
DOWN = re.compile(
    r"WebSocket connection to .* failed|net::ERR_CONNECTION_(REFUSED|RESET)|net::ERR_INCOMPLETE_CHUNKED_ENCODING"
)
LOCAL_OWNER = "Local owner"
ANOTHER_TAB = "You, in another tab"  # how a page names this person's own other tabs
TRANSLATE = re.compile(r"translate\((-?[\d.e+-]+)px, (-?[\d.e+-]+)px\)")
# Whether the project as the API gives it places `nodeId` where this page draws it, has the edges the page
# draws, and holds exactly the nodes `ids` (null: any). Run by the page (its fetch carries its sign-in), polled by
# wait_for_function until true.
API_MATCHES_PAGE = """([workflowId, nodeId, ids]) => {
  // wait_for_function takes a promise for a true answer: each poll starts one fetch and reads the last answer
  const check = (window.__apiCheck ??= { busy: false, ok: false });
  if (!check.busy) {
    check.busy = true;
    compare(workflowId, nodeId, ids).then((ok) => { check.ok = ok; }, () => { check.ok = false; })
      .finally(() => { check.busy = false; });
  }
  return check.ok;

  async function compare(workflowId, nodeId, ids) {
    const element = document.querySelector(`.react-flow__node[data-id='${nodeId}']`);
    const shown = /translate\\((-?[\\d.e+-]+)px, (-?[\\d.e+-]+)px\\)/.exec(element?.style.transform ?? "");
    const answer = await fetch(`/api/v1/workflows/${workflowId}`);
    if (!shown || !answer.ok) return false;
    const { nodes, edges } = (await answer.json()).document;
    const stored = nodes.find((n) => n.id === nodeId);
    const drawn = [...document.querySelectorAll(".react-flow__edge")].map((e) => e.getAttribute("data-id"));
    const kept = (edges ?? []).map((e) => e.id);
    if (JSON.stringify(drawn.sort()) !== JSON.stringify(kept.sort())) return false;
    const sameIds = ids === null || JSON.stringify(nodes.map((n) => n.id).sort()) === JSON.stringify([...ids].sort());
    return sameIds && !!stored && Math.abs(stored.position.x - Number(shown[1])) < 0.01
      && Math.abs(stored.position.y - Number(shown[2])) < 0.01;
  }
}"""


# --- helpers ---------------------------------------------------------------------------------------------------


@pytest.fixture
def pair(browser: Browser, server: str, console: ConsoleLog) -> Iterator[tuple[Page, Page]]:
    """Two browser profiles on the studio: collaborators A and B."""
    with open_page(browser, server, console) as a, open_page(browser, server, console) as b:
        yield a, b


def project(api: httpx.Client, title: str, *node_types: str) -> str:
    """A project holding one node of each type (ids `image-1` ... as the editor names them), in a row."""
    nodes = [
        {"id": f"{kind.split('.')[-1]}-1", "type": kind, "params": {}, "position": {"x": 80 + 320 * n, "y": 120}}
        for n, kind in enumerate(node_types)
    ]
    created = api.post("/api/v1/workflows", json={"title": title, "document": {"schema_version": 1, "nodes": nodes}})
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def open_live(page: Page, workflow_id: str) -> None:
    """Open the project in the editor and wait until its live link is up (the canvas takes edits from then)."""
    page.goto(f"/editor?id={workflow_id}")
    live(page)


def live(page: Page) -> None:
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live", timeout=20_000)
    expect(page.get_by_test_id("offline-banner")).to_have_count(0)


def position(page: Page, node_id: str) -> tuple[float, float]:
    """Where the page draws the node, in flow coordinates (its transform, whatever the view's pan and zoom)."""
    match = TRANSLATE.search(node(page, node_id).evaluate("element => element.style.transform"))
    assert match is not None
    return float(match.group(1)), float(match.group(2))


def same_position(page: Page, node_id: str, where: tuple[float, float], timeout: float = 15_000) -> None:
    """Wait until the page draws the node at `where`."""
    page.wait_for_function(
        """([id, x, y]) => {
          const element = document.querySelector(`.react-flow__node[data-id='${id}']`);
          const shown = /translate\\((-?[\\d.e+-]+)px, (-?[\\d.e+-]+)px\\)/.exec(element?.style.transform ?? "");
          return !!shown && Math.abs(Number(shown[1]) - x) < 0.01 && Math.abs(Number(shown[2]) - y) < 0.01;
        }""",
        arg=[node_id, *where],
        timeout=timeout,
    )


def converged(a: Page, b: Page, node_id: str) -> tuple[float, float]:
    """Wait until both pages draw the node at one place (B's may still change as A's last moves arrive: each
    try waits for A to show where B shows it now); that place."""
    for _ in range(30):
        where = position(b, node_id)
        try:
            same_position(a, node_id, where, timeout=500)
        except PlaywrightTimeoutError:
            continue
        if position(b, node_id) == where:
            return where
    raise AssertionError(f"{node_id} is at {position(a, node_id)} on one page and {position(b, node_id)} on the other")


def api_matches(page: Page, workflow_id: str, node_id: str, ids: list[str] | None = None) -> None:
    """Wait until the project's stored graph (after the server's projection) is what the page shows."""
    page.evaluate("() => { window.__apiCheck = { busy: false, ok: false }; }")
    page.wait_for_function(API_MATCHES_PAGE, arg=[workflow_id, node_id, ids], polling=200, timeout=20_000)


def grab(page: Page, node_id: str) -> tuple[float, float]:
    """Press the mouse on the node's title (a spot that drags it, not covered by another node); where, on the
    screen."""
    box = node(page, node_id).get_by_test_id("node-title").bounding_box()
    assert box is not None
    start = (box["x"] + min(30, box["width"] / 2), box["y"] + box["height"] / 2)
    under = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.closest('.react-flow__node')?.dataset.id ?? null", list(start)
    )
    assert under == node_id, f"{node_id}'s title is under {under}"
    page.mouse.move(*start)
    page.mouse.down()
    return start


def drag_node(page: Page, node_id: str, dx: float, dy: float) -> None:
    x, y = grab(page, node_id)
    page.mouse.move(x + dx, y + dy, steps=10)
    page.mouse.up()


def added_id(page: Page, prefix: str) -> str:
    """The id of the one node whose id starts with `prefix`, once the page shows it."""
    added = page.locator(f".react-flow__node[data-id^='{prefix}']")
    expect(added).to_have_count(1)
    return str(added.get_attribute("data-id"))


def same_graph(a: Page, b: Page, ids: list[str]) -> None:
    """Wait until both pages show exactly the nodes `ids`, then check that they draw the same edges."""
    for page in (a, b):
        page.wait_for_function(
            "ids => JSON.stringify([...document.querySelectorAll('.react-flow__node')]"
            ".map((n) => n.dataset.id).sort()) === JSON.stringify(ids)",
            arg=sorted(ids),
        )
    labels = "edges => edges.map((e) => e.getAttribute('aria-label')).sort()"
    expect(edges(a)).to_have_count(edges(b).count())
    assert edges(a).evaluate_all(labels) == edges(b).evaluate_all(labels)


def _ada_starts_a_project(page: Page) -> str:
    """Ada Lovelace signs up on `page`, makes a project, live, with an Image Upload and a Blur; its id."""
    page.goto("/signup")
    _sign_up(page)
    workflow_id = new_project(page)
    live(page)
    drag_from_palette(page, "input.image", 120, 150)
    drag_from_palette(page, "tool.blur", 520, 150)
    return workflow_id


def _share_and_open(owner: Page, other: Page, workflow_id: str, email: str, role: str) -> None:
    """`owner` shares the project with `email` as `role` (viewer: the dialog's default); `other` signs in as them,
    opens it and is live."""
    owner.get_by_test_id("share").click()
    dialog = owner.get_by_test_id("share-dialog")
    dialog.get_by_label("Email to share with").fill(email)
    if role == "viewer":
        expect(dialog.get_by_label("Role")).to_have_value("viewer")
    else:
        dialog.get_by_label("Role").select_option(role)
    dialog.get_by_role("button", name="Share").click()
    expect(dialog.get_by_test_id("share-list")).to_contain_text(email)
    dialog.get_by_role("button", name="Done").click()
    other.goto(f"/editor?id={workflow_id}")
    other.wait_for_url("**/signin?next=*")
    _sign_in(other, email)
    other.wait_for_url(EDITOR_URL)
    live(other)


def collab_sockets(page: Page) -> list[WebSocket]:
    """The page's live-link WebSockets from now on, in order (Playwright reports each one the page opens)."""
    sockets: list[WebSocket] = []
    page.on("websocket", lambda socket: sockets.append(socket) if "/api/v1/collab/" in socket.url else None)
    return sockets


# --- two collaborators in local mode ----------------------------------------------------------------------------


def test_nodes_and_an_edge_added_by_one_appear_for_the_other(
    pair: tuple[Page, Page], api: httpx.Client, artifacts: Path
) -> None:
    a, b = pair
    workflow_id = project(api, "Together")
    open_live(a, workflow_id)
    open_live(b, workflow_id)
    drag_from_palette(a, "input.image", 120, 150)
    drag_from_palette(a, "tool.blur", 480, 150)
    connect(a, "image-1", "image", "blur-1", "image")
    expect(edges(a)).to_have_count(1)

    expect(node(b, "image-1")).to_be_visible()
    expect(node(b, "blur-1")).to_be_visible()
    expect(edges(b)).to_have_count(1)
    expect(b.locator('.react-flow__edge[aria-label="Edge from Image Upload to Blur\'s image input"]')).to_have_count(1)
    assert position(b, "blur-1") == position(a, "blur-1")
    b.screenshot(path=str(artifacts / "collab-b-sees-a.png"))
    api_matches(b, workflow_id, "blur-1", ["blur-1", "image-1"])
    stored = api.get(f"/api/v1/workflows/{workflow_id}").json()["document"]["edges"]
    assert [(e["source"], e["target"]) for e in stored] == [("image-1", "blur-1")]


def test_both_move_one_node_and_its_position_converges(pair: tuple[Page, Page], api: httpx.Client) -> None:
    a, b = pair
    workflow_id = project(api, "Tug of war", "input.image", "tool.blur")
    open_live(a, workflow_id)
    open_live(b, workflow_id)

    # one after the other: each sees the other's move
    drag_node(a, "blur-1", 60, 140)
    moved = position(a, "blur-1")
    same_position(b, "blur-1", moved)
    drag_node(b, "blur-1", -120, 40)
    moved = position(b, "blur-1")
    same_position(a, "blur-1", moved)

    # at once: both hold the node and pull it different ways; whoever wins, both pages agree
    ax, ay = grab(a, "blur-1")
    bx, by = grab(b, "blur-1")
    for step in range(1, 9):
        a.mouse.move(ax + 15 * step, ay - 10 * step)
        b.mouse.move(bx - 10 * step, by + 20 * step)
    a.mouse.up()
    b.mouse.up()
    where = converged(a, b, "blur-1")
    api_matches(a, workflow_id, "blur-1")
    api_matches(b, workflow_id, "blur-1")
    assert position(a, "blur-1") == position(b, "blur-1") == where
    assert position(a, "image-1") == position(b, "image-1") == (80, 120)  # the other node stayed put


def test_each_sees_the_others_pointer(pair: tuple[Page, Page], api: httpx.Client, artifacts: Path) -> None:
    a, b = pair
    workflow_id = project(api, "Pointing", "input.image")
    open_live(a, workflow_id)
    open_live(b, workflow_id)
    expect(b.get_by_test_id("remote-cursor")).to_have_count(0)
    pane = canvas_pane(a).bounding_box()
    assert pane is not None
    a.mouse.move(pane["x"] + 500, pane["y"] + 400)
    a.mouse.move(pane["x"] + 600, pane["y"] + 450, steps=5)
    cursor = b.get_by_test_id("remote-cursor")
    expect(cursor).to_have_count(1)
    # in local mode every tab is the local owner: the other tab is this person's own
    expect(cursor).to_have_attribute("data-user-name", ANOTHER_TAB)
    expect(cursor).to_contain_text(ANOTHER_TAB)
    # where A points, in B's view (both show the project at the same pan and zoom here)
    b_pane = canvas_pane(b).bounding_box()
    assert b_pane is not None
    b.wait_for_function(
        """([x, y]) => {
          const box = document.querySelector('[data-testid=remote-cursor]')?.getBoundingClientRect();
          return !!box && Math.abs(box.x - x) < 3 && Math.abs(box.y - y) < 3;
        }""",
        arg=[b_pane["x"] + 600, b_pane["y"] + 450],
    )
    b.screenshot(path=str(artifacts / "collab-cursor.png"))
    # A's selection is outlined for B too
    node(a, "image-1").click(position={"x": 40, "y": 14})
    expect(b.get_by_test_id("remote-selection")).to_have_attribute("data-node-id", "image-1")


def test_a_reloaded_page_leaves_no_ghost_pointer(pair: tuple[Page, Page], api: httpx.Client) -> None:
    a, b = pair
    workflow_id = project(api, "Reloading", "input.image")
    open_live(a, workflow_id)
    open_live(b, workflow_id)
    pane = canvas_pane(a).bounding_box()
    assert pane is not None
    a.mouse.move(pane["x"] + 500, pane["y"] + 400)
    a.mouse.move(pane["x"] + 520, pane["y"] + 420, steps=3)
    expect(b.get_by_test_id("remote-cursor")).to_have_count(1)

    # A reloads: B drops A's old pointer at once (not after awareness's 30 s timeout), and shows the new one alone
    a.reload()
    live(a)
    expect(b.get_by_test_id("remote-cursor")).to_have_count(0)
    a.mouse.move(pane["x"] + 300, pane["y"] + 300)
    a.mouse.move(pane["x"] + 320, pane["y"] + 320, steps=3)
    cursor = b.get_by_test_id("remote-cursor")
    expect(cursor).to_have_count(1)
    expect(cursor).to_have_attribute("data-user-name", ANOTHER_TAB)


def test_undo_takes_back_only_ones_own_change(pair: tuple[Page, Page], api: httpx.Client) -> None:
    a, b = pair
    workflow_id = project(api, "Undo apart", "input.image")
    open_live(a, workflow_id)
    open_live(b, workflow_id)
    drag_from_palette(a, "tool.blur", 480, 150)
    expect(node(b, "blur-1")).to_be_visible()
    drag_from_palette(b, "tool.invert", 480, 420)  # B's change comes after A's
    expect(node(a, "invert-1")).to_be_visible()

    canvas_pane(a).click(position={"x": 900, "y": 600})
    a.keyboard.press("Control+z")
    for page in (a, b):
        expect(node(page, "blur-1")).to_have_count(0)  # A's node is gone, for both
        expect(node(page, "invert-1")).to_be_visible()  # B's stays, for both
        expect(node(page, "image-1")).to_be_visible()
    api_matches(a, workflow_id, "invert-1", ["image-1", "invert-1"])

    a.keyboard.press("Control+Shift+z")  # and redo brings A's back
    expect(node(b, "blur-1")).to_be_visible()
    expect(node(b, "invert-1")).to_be_visible()
    same_graph(a, b, ["blur-1", "image-1", "invert-1"])


def test_offline_edits_merge_when_the_link_returns(
    pair: tuple[Page, Page], api: httpx.Client, console: ConsoleLog, artifacts: Path
) -> None:
    a, b = pair
    workflow_id = project(api, "Train ride", "input.image")
    open_live(a, workflow_id)
    b_sockets = collab_sockets(b)
    open_live(b, workflow_id)

    # Chromium's offline mode fails new requests and fires the page's `offline` event; an open WebSocket stays
    # "open" but stalls, nothing passing either way (checked with a socket opened by hand), as on a real network
    # drop. The editor ends its link on the event and reconnects on `online`; below, neither page gets the
    # other's edits until then, which is what a cut link means to a user.
    b.context.set_offline(True)
    expect(b.get_by_test_id("offline-banner")).to_be_visible()
    expect(b.get_by_test_id("offline-banner")).to_contain_text("offline")
    b.wait_for_function("() => !navigator.onLine")
    b.screenshot(path=str(artifacts / "collab-offline.png"))

    drag_from_palette(b, "tool.invert", 850, 560)  # B's edit, offline
    offline_id = added_id(b, "invert-")
    assert offline_id != "invert-1"  # made apart: an id no collaborator's new node can take meanwhile
    drag_from_palette(a, "tool.blur", 100, 100)  # A's meanwhile
    drag_node(a, "image-1", 0, 120)
    # the studio has A's edits, and neither page the other's
    api_matches(a, workflow_id, "image-1", ["blur-1", "image-1"])
    expect(node(b, "blur-1")).to_have_count(0)
    expect(node(a, offline_id)).to_have_count(0)

    b.context.set_offline(False)
    live(b)
    assert len(b_sockets) == 2  # a new link: the old one was let go
    expect(node(b, "blur-1")).to_be_visible()
    expect(node(a, offline_id)).to_be_visible()
    ids = ["blur-1", "image-1", offline_id]
    same_graph(a, b, ids)
    same_position(b, "image-1", position(a, "image-1"))
    api_matches(a, workflow_id, "image-1", ids)

    # Apart once more, neither pointer moving meanwhile: back online, each page shows the other's pointer again at
    # once, not when it next moves (or its page renews its presence, every 15 s)
    for page in (a, b):
        expect(page.get_by_test_id("remote-cursor")).to_have_count(1)
    b.context.set_offline(True)
    expect(b.get_by_test_id("offline-banner")).to_be_visible()
    expect(b.get_by_test_id("remote-cursor")).to_have_count(0)
    b.context.set_offline(False)
    live(b)
    for page in (a, b):
        expect(page.get_by_test_id("remote-cursor")).to_have_count(1, timeout=5_000)
    forgive_disconnected(console)


def test_one_setting_changed_on_both_sides_while_apart_is_told_and_the_dropped_value_can_be_put_back(
    pair: tuple[Page, Page], api: httpx.Client, console: ConsoleLog, artifacts: Path
) -> None:
    a, b = pair
    workflow_id = project(api, "Two hands on one blur", "tool.blur")
    open_live(a, workflow_id)
    open_live(b, workflow_id)
    b.context.set_offline(True)
    expect(b.get_by_test_id("offline-banner")).to_be_visible()
    node(b, "blur-1").get_by_label("Radius").fill("9")  # B's, on the train
    node(a, "blur-1").get_by_label("Radius").fill("2")  # A's, meanwhile
    expect(node(a, "blur-1").get_by_label("Radius")).to_have_value("2")
    b.context.set_offline(False)
    live(b)

    # the merge keeps one of the two (Yjs decides by its writers' ids); B is told by whom (A, the local owner too: B's
    # other tab, named though its presence is not back yet), which value is kept, and what the other was
    notice = b.get_by_test_id("notice")
    expect(notice).to_contain_text("While you were offline, your other tab also changed Blur's Radius")
    for page in (a, b):
        expect(node(page, "blur-1").get_by_label("Radius")).to_have_value(re.compile("^(2|9)$"))
    kept = node(b, "blur-1").get_by_label("Radius").input_value()
    expect(node(a, "blur-1").get_by_label("Radius")).to_have_value(kept)
    other = "9" if kept == "2" else "2"
    mine = kept == "9"
    expect(notice).to_contain_text(f"{'yours' if mine else 'theirs'} ({kept}) is kept")
    b.screenshot(path=str(artifacts / "collab-offline-clash.png"))
    b.get_by_test_id("notice-action").click()  # "Use theirs" or "Use mine": the other value, for everyone
    expect(notice).to_have_count(0)
    for page in (a, b):
        expect(node(page, "blur-1").get_by_label("Radius")).to_have_value(other)
    api_matches(a, workflow_id, "blur-1", ["blur-1"])
    forgive_disconnected(console)


def test_a_comment_posted_by_one_appears_for_the_other(
    pair: tuple[Page, Page], api: httpx.Client, artifacts: Path
) -> None:
    a, b = pair
    workflow_id = project(api, "Feedback", "input.image", "tool.blur")
    open_live(a, workflow_id)
    open_live(b, workflow_id)
    a.get_by_test_id("comment-tool").click()
    node(a, "blur-1").click(position={"x": 40, "y": 14})
    a.get_by_test_id("comment-input").fill("Softer blur here, please")
    a.get_by_role("button", name="Comment", exact=True).click()
    expect(a.get_by_test_id("comment-pin")).to_have_count(1)

    pin = b.get_by_test_id("comment-pin")
    expect(pin).to_have_count(1)
    expect(pin).to_have_attribute("aria-label", f"Comment by {LOCAL_OWNER}: Softer blur here, please")
    card, drawn = node(b, "blur-1").bounding_box(), pin.bounding_box()
    assert card is not None and drawn is not None
    # on the node's top-right corner, above its card: none of the pin drawn under the node
    assert (
        drawn["y"] + drawn["height"] <= card["y"] + 1 and card["x"] + card["width"] - 1 <= drawn["x"] + drawn["width"]
    )
    pin.click()
    expect(b.get_by_test_id("comment-thread")).to_contain_text("Softer blur here, please")
    b.screenshot(path=str(artifacts / "collab-comment.png"))
    threads = api.get(f"/api/v1/workflows/{workflow_id}/comments").json()["items"]
    assert [(t["node_id"], t["body"]) for t in threads] == [("blur-1", "Softer blur here, please")]


def test_a_run_started_by_one_shows_its_progress_for_the_other(
    pair: tuple[Page, Page], api: httpx.Client, tmp_path: Path
) -> None:
    a, b = pair
    workflow_id = project(api, "Shared run")
    open_live(a, workflow_id)
    open_live(b, workflow_id)
    drag_from_palette(a, "input.image", 120, 150)
    drag_from_palette(a, "tool.blur", 480, 150)
    connect(a, "image-1", "image", "blur-1", "image")
    choose_file(node(a, "image-1").get_by_test_id("upload-input"), png_file(tmp_path, (120, 30, 200)))
    expect(node(a, "image-1").get_by_role("img", name="Uploaded")).to_be_visible()
    a.get_by_test_id("run").click()
    expect(node(a, "blur-1").get_by_test_id("node-status")).to_have_attribute("data-status", "completed")

    expect(node(b, "blur-1").get_by_test_id("node-status")).to_have_attribute("data-status", "completed")
    expect(node(b, "blur-1").get_by_test_id("preview-image")).to_be_visible()
    assert node(b, "blur-1").get_by_test_id("preview-image").get_attribute("src") == node(a, "blur-1").get_by_test_id(
        "preview-image"
    ).get_attribute("src")


def test_a_title_given_by_one_shows_for_the_other_and_a_later_edit_builds_on_it(
    pair: tuple[Page, Page], api: httpx.Client
) -> None:
    a, b = pair
    workflow_id = project(api, "Sync me", "input.image")
    open_live(a, workflow_id)
    open_live(b, workflow_id)
    a.get_by_label("Project title").fill("Renamed by A")
    a.get_by_label("Project title").press("Enter")
    expect(b.get_by_label("Project title")).to_have_value("Renamed by A")
    b.get_by_label("Project title").press("End")
    b.get_by_label("Project title").press_sequentially(" v2")
    b.get_by_label("Project title").press("Enter")
    expect(a.get_by_label("Project title")).to_have_value("Renamed by A v2")
    # Someone renames it while A's title field has the focus (through the API: a click in B's window would take the
    # focus from A's, as switching windows does). B shows it at once; A, once it leaves the field.
    title = a.get_by_label("Project title")
    title.click()
    assert api.patch(f"/api/v1/workflows/{workflow_id}", json={"title": "Renamed by B"}).status_code == 200
    expect(b.get_by_label("Project title")).to_have_value("Renamed by B")
    expect(title).to_have_value("Renamed by A v2")  # not swapped under A's cursor
    title.press("Tab")
    expect(title).to_have_value("Renamed by B")
    # and says where it came from (the API's key is the local owner's): a title changing by itself looks like a lost
    # edit
    expect(a.get_by_test_id("notice")).to_contain_text('You renamed the project "Renamed by B" in another window.')
    # A types a title and it is renamed meanwhile: what A typed is the later edit, kept and saved over it, and A is told
    title.click()
    title.press("ControlOrMeta+a")
    title.press_sequentially("Typed by A")
    expect(b.get_by_label("Project title")).to_have_value("Typed by A")  # saved while A still types
    assert api.patch(f"/api/v1/workflows/{workflow_id}", json={"title": "Renamed again"}).status_code == 200
    expect(b.get_by_label("Project title")).to_have_value("Renamed again")
    expect(title).to_have_value("Typed by A")
    title.press("Enter")
    expect(a.get_by_test_id("notice")).to_contain_text('your title "Typed by A" is kept')
    expect(b.get_by_label("Project title")).to_have_value("Typed by A")
    assert api.get(f"/api/v1/workflows/{workflow_id}").json()["title"] == "Typed by A"


def test_seven_tabs_of_one_browser_each_load_and_follow_the_project(
    page: Page, api: httpx.Client, console: ConsoleLog
) -> None:
    """A browser keeps six HTTP/1.1 connections to a server: each tab's activity once held one open, and a seventh
    tab did not load. Now every tab loads, goes live, and sees a comment posted elsewhere."""
    workflow_id = project(api, "Many windows", "input.image", "tool.blur")
    tabs = [page] + [page.context.new_page() for _ in range(6)]
    for tab in tabs[1:]:
        tab.on("console", lambda message: console.errors.append(message.text) if message.type == "error" else None)
        tab.set_default_timeout(15_000)
    for tab in tabs:
        open_live(tab, workflow_id)
        expect(node(tab, "blur-1")).to_be_visible()
    posted = api.post(
        f"/api/v1/workflows/{workflow_id}/comments", json={"body": "Seen everywhere", "node_id": "blur-1"}
    )
    assert posted.status_code == 201, posted.text
    for tab in tabs:
        expect(tab.get_by_test_id("comment-pin")).to_have_attribute(
            "aria-label", f"Comment by {LOCAL_OWNER}: Seen everywhere"
        )
    tabs[-1].reload()  # and the seventh still reaches the server for its page and its project
    live(tabs[-1])
    expect(tabs[-1].get_by_test_id("comment-pin")).to_have_count(1)


# --- accounts mode: a viewer ------------------------------------------------------------------------------------


def test_a_viewer_follows_live_but_changes_nothing(
    browser: Browser, accounts_server: str, console: ConsoleLog, artifacts: Path
) -> None:
    viewer = _sign_up_by_api(accounts_server)  # Grace
    with open_page(browser, accounts_server, console) as owner, open_page(browser, accounts_server, console) as other:
        workflow_id = _ada_starts_a_project(owner)
        connect(owner, "image-1", "image", "blur-1", "image")
        _share_and_open(owner, other, workflow_id, viewer, "viewer")
        expect(other.get_by_test_id("view-only")).to_be_visible()
        expect(other.locator(".react-flow__node")).to_have_count(2)

        # the viewer follows the owner live: a new node, and the owner's pointer with the owner's name
        drag_from_palette(owner, "tool.invert", 920, 150)
        expect(node(other, "invert-1")).to_be_visible()
        pane = canvas_pane(owner).bounding_box()
        assert pane is not None
        owner.mouse.move(pane["x"] + 400, pane["y"] + 500, steps=4)
        expect(other.get_by_test_id("remote-cursor")).to_have_attribute("data-user-name", "Ada Lovelace")
        before = {i: position(owner, i) for i in ("image-1", "blur-1", "invert-1")}
        api_matches(owner, workflow_id, "blur-1", sorted(before))

        # the viewer drags a node and deletes the selected one: nothing changes, there or for the owner
        drag_node(other, "blur-1", 200, 200)
        expect(owner.get_by_test_id("remote-cursor")).to_have_attribute("data-user-name", "Grace")
        node(other, "blur-1").get_by_test_id("node-title").click()
        other.keyboard.press("Delete")
        other.keyboard.press("Backspace")
        # then leaves the canvas; once the owner sees the pointer go, the studio has had all the viewer sent
        other.get_by_test_id("view-only").hover()
        expect(owner.get_by_test_id("remote-cursor")).to_have_count(0)
        other.screenshot(path=str(artifacts / "collab-viewer.png"))
        for page in (other, owner):
            expect(page.locator(".react-flow__node")).to_have_count(3)
            expect(edges(page)).to_have_count(1)
            assert {i: position(page, i) for i in before} == before
        api_matches(owner, workflow_id, "blur-1", sorted(before))

        # viewing a design includes discussing it: the viewer's comment on the blur reaches the owner
        other.get_by_test_id("comment-tool").click()
        node(other, "blur-1").click(position={"x": 40, "y": 14})
        other.get_by_test_id("comment-input").fill("Could it be softer?")
        other.get_by_role("button", name="Comment", exact=True).click()
        expect(owner.get_by_test_id("comment-pin")).to_have_attribute(
            "aria-label", "Comment by Grace: Could it be softer?"
        )
        console.errors[:] = [error for error in console.errors if not EXPECTED_REFUSAL.search(error)]


def test_a_node_one_changed_and_the_other_deleted_is_told_and_can_be_put_back(
    browser: Browser, accounts_server: str, console: ConsoleLog, artifacts: Path
) -> None:
    editor = _sign_up_by_api(accounts_server)  # Grace
    with ExitStack() as pages:
        ada = pages.enter_context(open_page(browser, accounts_server, console))
        grace = pages.enter_context(open_page(browser, accounts_server, console))
        workflow_id = _ada_starts_a_project(ada)
        drag_from_palette(ada, "tool.invert", 920, 150)
        connect(ada, "image-1", "image", "blur-1", "image")
        connect(ada, "blur-1", "image", "invert-1", "image")
        _share_and_open(ada, grace, workflow_id, editor, "editor")
        expect(edges(grace)).to_have_count(2)

        # Ada names the blur and sets its radius; Grace, seeing it, selects it and presses Delete
        blur = node(ada, "blur-1")
        blur.get_by_test_id("node-title").dblclick()
        blur.get_by_test_id("node-title-input").fill("Soft focus")
        blur.get_by_test_id("node-title-input").press("Enter")
        blur.get_by_label("Radius").fill("9")
        expect(node(grace, "blur-1").get_by_label("Radius")).to_have_value("9")
        node(grace, "blur-1").get_by_test_id("node-title").click()
        expect(ada.get_by_test_id("remote-selection")).to_have_attribute("data-node-id", "blur-1")
        grace.keyboard.press("Delete")
        for page in (ada, grace):
            expect(node(page, "blur-1")).to_have_count(0)
            expect(edges(page)).to_have_count(0)

        # Ada is told who deleted what she changed; Grace, who changed nothing of it, is told nothing
        notice = ada.get_by_test_id("notice")
        expect(notice).to_contain_text("Grace deleted “Soft focus”, which you changed.")
        expect(grace.get_by_test_id("notice")).to_have_count(0)
        ada.screenshot(path=str(artifacts / "collab-deleted-while-changed.png"))
        action = ada.get_by_test_id("notice-action")
        expect(action).to_have_text("Put it back")
        action.click()
        expect(notice).to_have_count(0)
        for page in (ada, grace):  # back for both, as Ada had it, connected again
            expect(node(page, "blur-1").get_by_test_id("node-title")).to_have_text("Soft focus")
            expect(node(page, "blur-1").get_by_label("Radius")).to_have_value("9")
            expect(edges(page)).to_have_count(2)
        api_matches(ada, workflow_id, "blur-1", ["blur-1", "image-1", "invert-1"])
        # Grace, who deleted it, is told who put it back rather than see it reappear unexplained; Ada is told nothing
        expect(grace.get_by_test_id("notice")).to_have_text("Ada Lovelace put back “Soft focus”.")
        grace.screenshot(path=str(artifacts / "collab-put-back-told.png"))
        expect(ada.get_by_test_id("notice")).to_have_count(0)

        # putting it back was one change of Ada's: one undo takes it away again
        canvas_pane(ada).click(position={"x": 900, "y": 600})
        ada.keyboard.press("Control+z")
        for page in (ada, grace):
            expect(node(page, "blur-1")).to_have_count(0)
            expect(edges(page)).to_have_count(0)
        expect(node(grace, "image-1")).to_be_visible()
        expect(node(grace, "invert-1")).to_be_visible()
        # what Grace's page asked before she signed in was refused, as it should be
        console.errors[:] = [error for error in console.errors if not EXPECTED_REFUSAL.search(error)]


def test_a_long_thread_near_the_right_edge_opens_whole_beside_the_comments_panel(
    page: Page, api: httpx.Client, artifacts: Path
) -> None:
    """A thread on a node by the canvas's right edge, with the Comments panel open: its card opens to the left of its
    pin, clear of the panel and the minimap, its replies scrolling inside and its reply box and Resolve in view."""
    workflow_id = project(api, "Long thread", "tool.invert", "tool.blur", "tool.adjust", "tool.crop")
    thread = api.post(f"/api/v1/workflows/{workflow_id}/comments", json={"body": "Check this", "node_id": "crop-1"})
    for n in range(12):
        api.post(
            f"/api/v1/workflows/{workflow_id}/comments/{thread.json()['id']}/replies",
            json={"body": f"Reply {n}: " + "a long thought about the crop " * 10},
        )
    open_live(page, workflow_id)
    fit_view(page)
    page.get_by_test_id("comment-pin").click()
    card = page.get_by_test_id("comment-thread")
    expect(card).to_contain_text("Reply 11")
    page.get_by_test_id("toggle-comments").click()  # the open card makes room for the panel
    # the view moves the Crop node out from under the panel (CLEAR_DURATION, 200 ms): measured once it stopped
    expect(page.locator(".react-flow")).not_to_have_attribute("data-view-moving", "true")
    expect(card.locator("xpath=..")).to_have_attribute("data-opens", re.compile("left$"))
    boxes = {
        name: page.get_by_test_id(name).bounding_box()
        for name in ("comment-thread", "comments-panel", "comment-resolve")
    }
    minimap = page.locator(".react-flow__minimap").bounding_box()
    drawn, panel, resolve = boxes["comment-thread"], boxes["comments-panel"], boxes["comment-resolve"]
    assert drawn is not None and panel is not None and resolve is not None and minimap is not None
    viewport = page.viewport_size
    assert viewport is not None
    assert drawn["x"] >= 0 and drawn["x"] + drawn["width"] <= viewport["width"]
    assert drawn["y"] >= panel["y"] + panel["height"] or drawn["x"] + drawn["width"] <= panel["x"]  # clear of it
    assert resolve["y"] + resolve["height"] <= minimap["y"]  # Resolve above the minimap, where a click reaches it
    page.screenshot(path=str(artifacts / "collab-long-thread.png"))


# --- a restart of the studio mid-session ------------------------------------------------------------------------


def test_no_edit_is_lost_when_the_studio_restarts_mid_session(
    browser: Browser, tmp_path: Path, console: ConsoleLog, artifacts: Path
) -> None:
    data, port = tmp_path / "data", free_port()
    with ExitStack() as first:
        base = first.enter_context(running_studio(data, port=port))
        with httpx.Client(base_url=base, timeout=10) as api:
            workflow_id = project(api, "Through a restart", "input.image")
        with ExitStack() as pages:
            a = pages.enter_context(open_page(browser, base, console))
            b = pages.enter_context(open_page(browser, base, console))
            open_live(a, workflow_id)
            open_live(b, workflow_id)
            drag_from_palette(a, "tool.blur", 100, 100)  # clear of the project's node, in the middle
            drag_from_palette(b, "tool.invert", 850, 100)
            drag_node(b, "image-1", 0, 150)
            moved = position(b, "image-1")
            same_graph(a, b, ["blur-1", "image-1", "invert-1"])  # each has the other's edits: the studio took them
            same_position(a, "image-1", moved)
            wait_saved(a)  # Saved: the studio confirmed it stored every edit of the page
            wait_saved(b)

            first.close()  # the studio stops (SIGTERM) under both pages
            for page in (a, b):
                expect(page.get_by_test_id("offline-banner")).to_be_visible()
            # Both pages are taken offline too, so neither can hand its copy back before the studio is checked
            # alone; A edits meanwhile.
            for page in (a, b):
                page.context.set_offline(True)
            drag_from_palette(a, "output.save", 850, 560)
            down_id = added_id(a, "save-")

            with running_studio(data, port=port) as again, httpx.Client(base_url=again, timeout=10) as api:
                # what was edited before the stop is in the project, from the studio's own storage
                stored = api.get(f"/api/v1/workflows/{workflow_id}").json()["document"]["nodes"]
                assert sorted(n["id"] for n in stored) == ["blur-1", "image-1", "invert-1"]
                assert [(n["position"]["x"], n["position"]["y"]) for n in stored if n["id"] == "image-1"] == [moved]

                for page in (a, b):
                    page.context.set_offline(False)
                live(a)
                live(b)
                expect(node(b, down_id)).to_be_visible()  # the edit made while it was down arrives
                ids = ["blur-1", "image-1", "invert-1", down_id]
                same_graph(a, b, ids)
                api_matches(b, workflow_id, "image-1", ids)

                # a second restart with the pages left online: they find the studio again by themselves
                drag_node(a, "blur-1", 0, 90)
                same_position(b, "blur-1", position(a, "blur-1"))
            for page in (a, b):
                expect(page.get_by_test_id("offline-banner")).to_be_visible()
            drag_node(b, "invert-1", 60, 0)  # while the studio is down
            with running_studio(data, port=port):
                live(a)
                live(b)
                same_position(a, "invert-1", position(b, "invert-1"))
                same_graph(a, b, ids)
                api_matches(a, workflow_id, "invert-1", ids)
                api_matches(a, workflow_id, "blur-1", ids)
                a.screenshot(path=str(artifacts / "collab-after-restart.png"))
                forgive_disconnected(console)
                pages.close()  # while the studio runs: a stop under open pages is logged by Chromium


def forgive_disconnected(console: ConsoleLog) -> None:
    """Chromium logs each request refused while offline and each failed attempt to reach the stopped studio."""
    console.errors[:] = [error for error in console.errors if OFFLINE_FETCH not in error and not DOWN.search(error)]
