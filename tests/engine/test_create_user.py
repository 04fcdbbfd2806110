"""`karate create-user`: an account made straight in the data folder's database (migrated first), its
password asked for twice at a prompt or piped in; `--admin` makes an admin."""

from __future__ import annotations

import asyncio
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from karate.cli import main
from karate.config import Settings
from karate.db import Database
from karate.db.account_tables import AuditEntry
from karate.services.accounts import AccountService

PASSWORD = "correct horse battery"


def create_user(data_dir: Path, *args: str, typed: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["create-user", *args, "--data-dir", str(data_dir)], input=typed)
    return result.exit_code, result.output


async def signs_in(data_dir: Path, email: str, password: str) -> tuple[str, list[str]]:
    """The role the account signs in with, and the audit log's actions."""
    settings = Settings(data_dir=data_dir)
    database = Database(settings.resolved_database_url)
    try:
        signed_in = await AccountService(database, settings).sign_in(email, password)
        async with database.session() as session:
            actions = list(await session.scalars(select(AuditEntry.action)))
    finally:
        await database.dispose()
    return signed_in.user.role, actions


def test_an_admin_made_at_the_prompt_signs_in(tmp_path: Path) -> None:
    code, output = create_user(tmp_path / "data", "Root@Example.com", "--admin", typed=f"{PASSWORD}\n{PASSWORD}\n")
    assert code == 0, output
    assert "Password" in output and PASSWORD not in output  # asked twice, never echoed
    assert "created the admin account root@example.com" in output
    assert (tmp_path / "data" / "karate.sqlite3").exists()
    assert asyncio.run(signs_in(tmp_path / "data", "root@example.com", PASSWORD)) == ("admin", ["user.created"])


def test_a_piped_password_makes_a_plain_user(tmp_path: Path) -> None:
    code, output = create_user(tmp_path, "bob@example.com", "--name", "Bob", "--password-stdin", typed=PASSWORD + "\n")
    assert code == 0, output
    assert "Password" not in output
    assert asyncio.run(signs_in(tmp_path, "bob@example.com", PASSWORD))[0] == "user"


def test_a_short_password_or_a_bad_email_is_refused_in_words(tmp_path: Path) -> None:
    code, output = create_user(tmp_path, "bob@example.com", "--password-stdin", typed="short\n")
    assert code == 1 and "at least 8 characters" in output
    code, output = create_user(tmp_path, "not-an-email", "--password-stdin", typed=PASSWORD + "\n")
    assert code == 1 and "is not an email address" in output
