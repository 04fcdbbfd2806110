"""Accounts mode (KARATE_AUTH=true) in a real browser: a signed-out visitor lands on sign-in and comes back where
they were, a new account's writes pass the CSRF check, the account menu shows the balance, an API key is shown
once and can be revoked, work made while the sign-in expired is saved after signing in again, an admin
gives credits and changes roles on the admin page, and the whole way of a model run: the price on the Run button and
on the model node before it runs (against the fake Replicate), the run, and the project shared with a second account
that sees it read only, results included, while a signed-out visitor of its public link sees it too."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, Request, expect

from tests.e2e.conftest import ROOT, ConsoleLog, open_page, running_studio, studio_env
from tests.e2e.studio import EDITOR_URL, connect, drag_from_palette, new_project, node, wait_saved, wait_stored
from tests.e2e.test_models import FAST_PROVIDERS, FLUX, add_node
from tests.providers.fakes import FAKES, TEST_KEY, FakeProvider

PASSWORD = "correct horse battery"
# Chromium reports every 4xx answer on the console; these are the ones the tests cause on purpose (signed out,
# sharing with an email that has no account).
EXPECTED_REFUSAL = re.compile(r"status of (401|404)")


@pytest.fixture
def page(browser: Browser, accounts_server: str, console: ConsoleLog) -> Iterator[Page]:
    with open_page(browser, accounts_server, console) as opened:
        yield opened
        console.errors[:] = [error for error in console.errors if not EXPECTED_REFUSAL.search(error)]


def _email() -> str:
    return f"ada-{uuid.uuid4().hex[:8]}@example.com"


def _sign_up(page: Page) -> str:
    """Sign a new account (Ada Lovelace) up on the sign-up page the browser shows; its email, once on the dashboard."""
    email = _email()
    page.get_by_label("Name").fill("Ada Lovelace")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/dashboard")
    return email


def _sign_up_by_api(server: str) -> str:
    """A new account (named Grace) signed up through the API, not the page; its email."""
    email = _email()
    signed_up = httpx.post(
        f"{server}/api/v1/auth/signup", json={"email": email, "password": PASSWORD, "name": "Grace"}, timeout=10
    )
    assert signed_up.status_code == 201
    return email


def _sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_visitor_signs_up_works_and_signs_out(page: Page, accounts_server: str, artifacts: Path) -> None:
    page.goto("/dashboard")
    page.wait_for_url("**/signin?next=%2Fdashboard")
    page.get_by_role("link", name="Sign up").click()
    email = _sign_up(page)
    # a write made with the session cookie carries the page's CSRF token, or the server refuses it
    page.get_by_role("button", name="New Project").click()
    page.wait_for_url(EDITOR_URL)
    expect(page.get_by_test_id("palette-item").first).to_be_visible()

    page.goto("/dashboard")
    page.get_by_test_id("account-menu").click()
    expect(page.get_by_test_id("account-email")).to_have_text(email)
    expect(page.get_by_test_id("account-credits")).to_have_text("100 credits")
    page.screenshot(path=str(artifacts / "account-menu.png"), animations="disabled")
    page.get_by_role("menuitem", name="Account and API keys").click()

    page.get_by_label("Key name").fill("laptop CLI")
    page.get_by_role("button", name="Create key").click()
    key = page.get_by_label("New API key").input_value()
    expect(page.get_by_test_id("api-key-list")).to_contain_text("laptop CLI")
    me = httpx.get(f"{accounts_server}/api/v1/auth/me", headers={"x-api-key": key}, timeout=10)
    assert me.status_code == 200 and me.json()["email"] == email
    page.screenshot(path=str(artifacts / "account-page.png"), full_page=True)
    page.get_by_role("button", name="Revoke laptop CLI").click()
    page.get_by_role("button", name="Revoke", exact=True).click()
    expect(page.get_by_text("No API keys yet.")).to_be_visible()
    assert httpx.get(f"{accounts_server}/api/v1/auth/me", headers={"x-api-key": key}, timeout=10).status_code == 401

    page.get_by_test_id("account-menu").click()
    page.get_by_test_id("sign-out").click()
    page.wait_for_url("**/signin")
    page.goto("/dashboard")
    page.wait_for_url("**/signin?next=%2Fdashboard")


def test_a_wrong_password_is_answered_in_words(page: Page) -> None:
    page.goto("/signup")
    email = _sign_up(page)
    page.get_by_test_id("account-menu").click()
    page.get_by_test_id("sign-out").click()
    page.wait_for_url("**/signin")
    _sign_in(page, email, "not my password")
    expect(page.get_by_role("alert")).to_contain_text("wrong")
    _sign_in(page, email)
    page.wait_for_url("**/dashboard")


def test_work_made_as_the_sign_in_expires_is_saved_after_signing_in_again(page: Page, accounts_server: str) -> None:
    page.goto("/signup")
    email = _sign_up(page)
    workflow_id = new_project(page)
    expect(page.get_by_test_id("connection-status")).to_have_attribute("data-state", "live")

    page.context.clear_cookies()  # the sign-in ends (as when it expires)
    # the edit goes to the project over the live link, signed in when it opened; the next request of the page
    # (the title the new node names) finds the sign-in gone and the page asks to sign in again
    drag_from_palette(page, "input.prompt", 300, 200)
    page.wait_for_url("**/signin?next=*")
    expect(page.get_by_role("status")).to_contain_text("You were signed out")
    _sign_in(page, email)
    page.wait_for_url(f"**/editor?id={workflow_id}")
    wait_saved(page)
    expect(page.locator(".react-flow__node")).to_have_count(1)
    assert node(page, page.locator(".react-flow__node").first.get_attribute("data-id") or "").is_visible()
    wait_stored(page, workflow_id, "(document) => document.nodes.length === 1")


def test_an_admin_gives_credits_and_changes_a_role(page: Page, accounts_server: str, accounts_data: Path) -> None:
    admin = _email()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "karate",
            "create-user",
            admin,
            "--admin",
            "--password-stdin",
            "--data-dir",
            str(accounts_data),
        ],
        input=PASSWORD + "\n",
        text=True,
        check=True,
        cwd=ROOT,
        env=studio_env(),
        capture_output=True,
    )
    member = _sign_up_by_api(accounts_server)

    page.goto("/signin")
    _sign_in(page, admin)
    page.wait_for_url("**/dashboard")
    page.get_by_test_id("account-menu").click()
    page.get_by_role("menuitem", name="Admin").click()
    row = page.locator(f"[data-testid=admin-user][data-email='{member}']")
    expect(row).to_contain_text("100 credits")
    row.get_by_label(f"Credits for {member}").fill("50")
    row.get_by_label(f"Why, for {member}").fill("beta tester")
    row.get_by_role("button", name="Apply").click()
    expect(row).to_contain_text("150 credits")
    row.get_by_label(f"Role of {member}").select_option("staff")
    audit = page.get_by_test_id("audit-log")
    expect(audit).to_contain_text(f"gave 50 credits to {member} (beta tester)")
    expect(audit).to_contain_text(f"made {member} staff (was user)")


def test_a_project_shared_as_viewer_opens_read_only_for_the_other_account(
    page: Page, browser: Browser, accounts_server: str, console: ConsoleLog
) -> None:
    viewer = _sign_up_by_api(accounts_server)
    page.goto("/signup")
    _sign_up(page)
    page.get_by_role("button", name="New Project").click()
    page.wait_for_url(EDITOR_URL)
    drag_from_palette(page, "input.prompt", 300, 200)
    wait_saved(page)
    page.get_by_test_id("share").click()
    dialog = page.get_by_test_id("share-dialog")
    dialog.get_by_label("Email to share with").fill("nobody-here@example.com")
    dialog.get_by_role("button", name="Share").click()
    expect(dialog.get_by_role("alert")).to_be_visible()  # no such account: said in words
    console.errors[:] = [error for error in console.errors if not EXPECTED_REFUSAL.search(error)]
    dialog.get_by_label("Email to share with").fill(viewer)
    dialog.get_by_role("button", name="Share").click()
    expect(dialog.get_by_test_id("share-list")).to_contain_text(viewer)
    dialog.get_by_role("button", name="Done").click()

    with open_page(browser, accounts_server, console) as other:
        other.goto(page.url)
        other.wait_for_url("**/signin?next=*")
        _sign_in(other, viewer)
        other.wait_for_url(f"**{page.url.removeprefix(accounts_server)}")
        expect(other.get_by_test_id("view-only")).to_be_visible()
        expect(other.locator(".react-flow__node")).to_have_count(1)
        expect(other.get_by_test_id("share")).to_have_count(0)
        console.errors[:] = [error for error in console.errors if not EXPECTED_REFUSAL.search(error)]


# Whether a text field's placeholder fits in it whole, in its own font: a browser cuts one too long without a sign.
PLACEHOLDER_FITS = """field => {
  const style = getComputedStyle(field);
  const pen = document.createElement("canvas").getContext("2d");
  pen.font = style.font;
  const room = field.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return pen.measureText(field.placeholder).width <= room;
}"""


def test_sharing_again_with_a_members_email_says_what_it_changes(page: Page, accounts_server: str) -> None:
    member = _sign_up_by_api(accounts_server)
    page.goto("/signup")
    _sign_up(page)
    page.get_by_role("button", name="New Project").click()
    page.wait_for_url(EDITOR_URL)
    page.get_by_test_id("share").click()
    dialog = page.get_by_test_id("share-dialog")
    email, role = dialog.get_by_label("Email to share with"), dialog.get_by_label("Role", exact=True)
    expect(email).to_have_attribute("placeholder", "Email of a studio account")
    assert email.evaluate(PLACEHOLDER_FITS), "the email field's placeholder is cut at the dialog's width"
    email.fill(member)
    dialog.get_by_role("button", name="Share", exact=True).click()
    expect(dialog.get_by_test_id("share-done")).to_have_text("Shared with Grace (Can view).")
    member_role = dialog.get_by_label(f"Role of {member}")
    expect(member_role).to_have_value("viewer")
    shown = dialog.get_by_test_id("share-list").get_by_text(member, exact=True)
    assert shown.evaluate("e => e.scrollWidth <= e.clientWidth"), "the member's email is cut in their row"

    # the member's email again, in capitals, with "Can edit": the dialog says what Share would change, before it does
    email.fill(member.upper())
    role.select_option("editor")
    expect(dialog.get_by_test_id("share-intent")).to_have_text("Grace can already view. Let them edit too?")
    dialog.get_by_role("button", name="Change to Can edit").click()
    expect(dialog.get_by_test_id("share-done")).to_have_text("Changed Grace from Can view to Can edit.")
    expect(member_role).to_have_value("editor")
    expect(email).to_have_value("")

    # and with the role they have: said, Share is off and says why, Enter asks nothing of the studio
    email.fill(member)
    expect(dialog.get_by_test_id("share-intent")).to_have_text("Grace can already edit.")
    share = dialog.get_by_role("button", name="Share", exact=True)
    expect(share).to_be_disabled()
    expect(share).to_have_attribute("title", "Grace can already edit.")
    shares_asked: list[str] = []

    def note_share(request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/shares"):
            shares_asked.append(request.url)

    page.on("request", note_share)
    email.press("Enter")
    expect(email).to_have_value(member)  # not shared again: a share empties the field for the next email
    page.evaluate("0")  # a round trip: a request the Enter made has been reported by now
    assert shares_asked == []
    expect(dialog.get_by_test_id("share-done")).to_be_empty()
    expect(member_role).to_have_value("editor")


# --- a model run with its price, shared read only ----------------------------------------------------------------


@pytest.fixture(scope="module")
def replicate() -> Iterator[FakeProvider]:
    fake = FAKES["replicate"]()
    with fake.server:
        yield fake


@pytest.fixture(scope="module")
def model_accounts_server(replicate: FakeProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {"KARATE_AUTH": "true", "REPLICATE_API_TOKEN": TEST_KEY, "KARATE_REPLICATE_BASE_URL": replicate.url}
    with running_studio(tmp_path_factory.mktemp("karate-accounts-models"), {**env, **FAST_PROVIDERS}) as base:
        yield base


def _forgive_refusals(console: ConsoleLog) -> None:
    console.errors[:] = [error for error in console.errors if not EXPECTED_REFUSAL.search(error)]


def _node_position(page: Page, node_id: str) -> str:
    """Where the node sits on the canvas (its transform in flow coordinates, whatever the view is panned to)."""
    return node(page, node_id).evaluate("element => element.style.transform")


def test_sign_in_see_the_price_run_share_read_only_and_sign_out(
    browser: Browser, model_accounts_server: str, replicate: FakeProvider, console: ConsoleLog, artifacts: Path
) -> None:
    replicate.reset()
    viewer = _sign_up_by_api(model_accounts_server)
    flux_id = "flux_pro_1_1_ultra-1"

    with open_page(browser, model_accounts_server, console) as page:
        page.goto("/signup")
        owner = _sign_up(page)
        page.get_by_test_id("account-menu").click()
        page.get_by_test_id("sign-out").click()
        page.wait_for_url("**/signin")
        _sign_in(page, owner)
        page.wait_for_url("**/dashboard")

        new_project(page)
        add_node(page, "input.prompt", "Prompt", 30, 90)
        add_node(page, FLUX, "Flux Pro 1.1 Ultra", 330, 90)
        node(page, "prompt-1").locator("textarea").fill("a red fox crossing fresh snow at dawn")
        connect(page, "prompt-1", "text", flux_id, "prompt")
        flux = node(page, flux_id)
        price = flux.get_by_test_id("model-credits")
        expect(price).to_have_attribute("data-plan", "run")  # the estimate's, not the list price
        expect(price).to_have_text("6 credits")
        expect(page.get_by_test_id("run-price")).to_have_text("6 credits")
        page.screenshot(path=str(artifacts / "accounts-run-price.png"))

        page.get_by_test_id("run").click()
        expect(flux.get_by_test_id("node-status")).to_have_attribute("data-status", "completed")
        expect(flux.get_by_test_id("preview-image")).to_be_visible()
        expect(price).to_have_text("next run: free (cached)")  # running it again reuses the result
        expect(page.get_by_test_id("run-price")).to_have_count(0)
        page.get_by_test_id("account-menu").click()
        expect(page.get_by_test_id("account-credits")).to_have_text("94 credits")
        page.keyboard.press("Escape")
        wait_saved(page)

        page.get_by_test_id("share").click()
        dialog = page.get_by_test_id("share-dialog")
        dialog.get_by_label("Email to share with").fill(viewer)
        dialog.get_by_role("button", name="Share").click()
        expect(dialog.get_by_test_id("share-list")).to_contain_text(viewer)
        dialog.get_by_role("button", name="Done").click()
        project = page.url.removeprefix(model_accounts_server)

        with open_page(browser, model_accounts_server, console) as other:
            other.goto(project)
            other.wait_for_url("**/signin?next=*")
            _sign_in(other, viewer)
            other.wait_for_url(f"**{project}")
            expect(other.get_by_test_id("view-only")).to_be_visible()
            theirs = node(other, flux_id)
            expect(theirs.get_by_test_id("preview-image")).to_be_visible()  # the owner's run, its results
            expect(other.get_by_test_id("canvas")).to_have_attribute("data-locked", "true")
            expect(node(other, "prompt-1").locator("textarea")).to_be_disabled()
            expect(other.get_by_test_id("palette-item")).to_have_count(0)
            expect(other.get_by_test_id("run")).to_be_enabled()  # a viewer may run it: the run is theirs
            before = _node_position(other, flux_id)
            box = theirs.bounding_box()
            assert box is not None
            other.mouse.move(box["x"] + 60, box["y"] + 14)
            other.mouse.down()
            other.mouse.move(box["x"] + 260, box["y"] + 214, steps=12)
            other.mouse.up()
            assert _node_position(other, flux_id) == before
            theirs.click(position={"x": 60, "y": 14})  # selected, to look at it; Delete takes nothing away
            other.keyboard.press("Delete")
            expect(other.locator(".react-flow__node")).to_have_count(2)
            other.screenshot(path=str(artifacts / "accounts-view-only.png"))
            _forgive_refusals(console)

        page.get_by_test_id("share").click()
        public = page.get_by_test_id("share-dialog").get_by_label(
            "Public: anyone with its link can view it (read only)"
        )
        public.click()  # saved, then shown ticked
        expect(public).to_be_checked()
        page.get_by_test_id("share-dialog").get_by_role("button", name="Done").click()
        with open_page(browser, model_accounts_server, console) as visitor:
            visitor.goto(project)  # signed out: a public project opens, read only, without the sign-in page
            expect(visitor.get_by_test_id("view-only")).to_contain_text("sign in")
            expect(visitor.locator(".react-flow__node")).to_have_count(2)
            expect(visitor.get_by_test_id("run")).to_have_text("Sign in to run")
            assert "/signin" not in visitor.url
            _forgive_refusals(console)

        page.get_by_test_id("account-menu").click()
        page.get_by_test_id("sign-out").click()
        page.wait_for_url("**/signin")
        _forgive_refusals(console)
