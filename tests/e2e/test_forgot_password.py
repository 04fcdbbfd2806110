"""A forgotten password on a studio that sends no mail and has no admin account: the page says no link is on its way
and who can make one, naming the real command; the person running the studio runs it, and the link it prints sets a
new password that signs in."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ROOT, ConsoleLog, open_page, studio_env
from tests.e2e.test_accounts import EXPECTED_REFUSAL, _sign_in, _sign_up_by_api

NEW_PASSWORD = "a password chosen anew"


@pytest.fixture
def page(browser: Browser, accounts_server: str, console: ConsoleLog) -> Iterator[Page]:
    with open_page(browser, accounts_server, console) as opened:
        yield opened
        console.errors[:] = [error for error in console.errors if not EXPECTED_REFUSAL.search(error)]


def reset_link(email: str, data_dir: Path, site: str) -> str:
    """What `karate reset-link` prints, run where the studio runs (its data folder)."""
    made = subprocess.run(
        [sys.executable, "-m", "karate", "reset-link", email, "--url", site, "--data-dir", str(data_dir)],
        text=True,
        check=True,
        cwd=ROOT,
        env=studio_env(),
        capture_output=True,
    )
    assert "works once" in made.stderr, made.stderr
    return made.stdout.strip()


def test_the_page_names_the_command_that_makes_the_link_and_the_link_works(
    page: Page, accounts_server: str, accounts_data: Path
) -> None:
    email = _sign_up_by_api(accounts_server)
    page.goto("/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_role("link", name="Forgot").click()
    page.wait_for_url("**/forgot-password")
    expect(page.get_by_label("Email")).to_have_value(email)  # typed once, on the sign-in page
    page.get_by_role("button", name="Send a reset link").click()
    said = page.get_by_test_id("forgot-password-form").get_by_role("status")
    expect(said).to_contain_text("This studio sends no mail, so no link is on its way")
    expect(said).to_contain_text("ask the person who runs this studio")
    expect(said).to_contain_text("running karate reset-link with your email")
    expect(said).not_to_contain_text("ask its admin")
    command = said.locator("code", has_text="karate reset-link")
    expect(command).to_have_css("white-space", "nowrap")
    page.set_viewport_size({"width": 360, "height": 800})  # a phone's width: the command still on one line
    line = float(command.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
    box = command.bounding_box()
    assert box is not None and box["height"] < 1.5 * line, box

    link = reset_link(email, accounts_data, accounts_server)
    assert link.startswith(f"{accounts_server}/reset-password?token="), link
    page.goto(link)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set the new password").click()
    expect(page.get_by_test_id("reset-password-form")).to_contain_text("Your password is changed")
    page.goto("/signin")
    _sign_in(page, email, NEW_PASSWORD)
    page.wait_for_url("**/dashboard")


def test_an_email_that_is_no_address_is_refused_as_sign_up_refuses_it(page: Page, console: ConsoleLog) -> None:
    page.goto("/forgot-password")
    page.get_by_label("Email").fill("bob@")
    page.get_by_role("button", name="Send a reset link").click()
    form = page.get_by_test_id("forgot-password-form")
    expect(form.get_by_role("alert")).to_contain_text("'bob@' is not an email address; write it as name@example.com")
    expect(form.get_by_role("status")).to_have_count(0)
    console.errors[:] = [error for error in console.errors if "status of 422" not in error]  # the refusal shown
