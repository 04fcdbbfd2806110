"""`karate reset-link EMAIL`: where the studio runs, whoever runs it prints a one-time link that sets the account's
password (a studio that sends no mail, with or without an admin account); an email with no account is refused in
words. The link itself is used in tests/e2e/test_forgot_password.py."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from karate.cli import main

PASSWORD = "correct horse battery"


def test_a_link_is_printed_for_an_account_under_the_studios_address(tmp_path: Path) -> None:
    runner = CliRunner(env={"KARATE_DATABASE_URL": "", "KARATE_PUBLIC_URL": ""})
    made = runner.invoke(
        main, ["create-user", "ada@example.com", "--password-stdin", "--data-dir", str(tmp_path)], input=PASSWORD
    )
    assert made.exit_code == 0, made.output

    printed = runner.invoke(
        main, ["reset-link", "Ada@Example.com", "--url", "https://studio.example/", "--data-dir", str(tmp_path)]
    )
    assert printed.exit_code == 0, printed.output
    assert re.fullmatch(r"https://studio\.example/reset-password\?token=[\w-]{40,}", printed.stdout.strip())
    assert "works once, until" in printed.stderr

    default = runner.invoke(main, ["reset-link", "ada@example.com", "--data-dir", str(tmp_path)])
    assert default.stdout.startswith("http://127.0.0.1:8000/reset-password?token=")
    assert default.stdout != printed.stdout  # a new token each time


def test_an_email_without_an_account_is_refused_in_words(tmp_path: Path) -> None:
    runner = CliRunner(env={"KARATE_DATABASE_URL": ""})
    runner.invoke(
        main, ["create-user", "ada@example.com", "--password-stdin", "--data-dir", str(tmp_path)], input=PASSWORD
    )
    refused = runner.invoke(main, ["reset-link", "nobody@example.com", "--data-dir", str(tmp_path)])
    assert refused.exit_code == 1
    words = " ".join(refused.output.split())
    assert f"there is no account for nobody@example.com in the data folder {tmp_path}; check the address" in words
    assert "Traceback" not in refused.output


def test_a_folder_without_the_studios_database_is_named_and_nothing_is_created(tmp_path: Path, shell: Path) -> None:
    """Run from another folder than the studio's: it names the data folder it read and how to point it at the
    studio's, creating no folder and no database."""
    runner = CliRunner(env={"KARATE_DATABASE_URL": ""})
    refused = runner.invoke(main, ["reset-link", "bob@example.com"])
    assert refused.exit_code == 1
    assert f"there is no folder {shell / 'data'}" in refused.output and "--data-dir" in refused.output
    assert "KARATE_DATA_DIR" in refused.output
    (shell / "data").mkdir()
    refused = runner.invoke(main, ["reset-link", "bob@example.com"])
    assert f"the data folder {shell / 'data'} has no studio database" in refused.output
    assert "--data-dir" in refused.output
    assert list(shell.rglob("*")) == [shell / "data"]


def test_a_database_without_accounts_says_which_data_folder_it_read(tmp_path: Path) -> None:
    runner = CliRunner(env={"KARATE_DATABASE_URL": ""})
    runner.invoke(main, ["migrate", "--data-dir", str(tmp_path)])
    refused = runner.invoke(main, ["reset-link", "bob@example.com", "--data-dir", str(tmp_path)])
    assert refused.exit_code == 1
    assert f"the data folder {tmp_path} has no accounts" in refused.output and "--data-dir" in refused.output


def test_the_address_the_link_opens_is_said_with_how_to_change_it(tmp_path: Path) -> None:
    runner = CliRunner(env={"KARATE_DATABASE_URL": "", "KARATE_PUBLIC_URL": ""})
    runner.invoke(
        main, ["create-user", "ada@example.com", "--password-stdin", "--data-dir", str(tmp_path)], input=PASSWORD
    )
    printed = runner.invoke(main, ["reset-link", "ada@example.com", "--data-dir", str(tmp_path)])
    assert printed.exit_code == 0, printed.output
    words = " ".join(printed.stderr.split())
    assert "The link opens http://127.0.0.1:8000; if people open the studio elsewhere, run it again with --url" in words
