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
    refused = CliRunner(env={"KARATE_DATABASE_URL": ""}).invoke(
        main, ["reset-link", "nobody@example.com", "--data-dir", str(tmp_path)]
    )
    assert refused.exit_code == 1
    assert "there is no account for nobody@example.com; check the address" in refused.output
    assert "Traceback" not in refused.output
