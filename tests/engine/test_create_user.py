"""`karate create-user`: an account made straight in the data folder's database (migrated first), its
password asked for twice at a prompt or piped in; `--admin` makes an admin, of an account that exists too (a lead
who signed up on the web), keeping its password unless one is piped in."""

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
from karate.services.errors import Unauthorized

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


async def sign_up(data_dir: Path, email: str, password: str) -> None:
    """An account made as the web's sign-up makes it (a plain user), in the data folder's database."""
    settings = Settings(data_dir=data_dir)
    settings.create_data_dir()
    database = Database(settings.resolved_database_url)
    try:
        await database.migrate()
        await AccountService(database, settings).create_user(email, password, "Lena")
    finally:
        await database.dispose()


async def refuses(data_dir: Path, email: str, password: str) -> bool:
    """Whether signing in with this password is refused."""
    try:
        await signs_in(data_dir, email, password)
    except Unauthorized:
        return True
    return False


def test_a_lead_who_signed_up_on_the_web_is_made_admin_keeping_their_password(tmp_path: Path) -> None:
    asyncio.run(sign_up(tmp_path, "lena@studio.test", PASSWORD))
    code, output = create_user(tmp_path, "Lena@Studio.test", "--admin", typed="")
    assert code == 0, output
    assert "Password" not in output  # nothing asked: the account has its password
    assert "lena@studio.test" in output and "is an admin now (its role was user)" in output
    assert "its password is unchanged" in output
    assert asyncio.run(signs_in(tmp_path, "lena@studio.test", PASSWORD)) == ("admin", ["user.role_changed"])

    code, output = create_user(tmp_path, "lena@studio.test", "--admin", typed="")
    assert code == 0 and "is an admin already" in output, output
    assert asyncio.run(signs_in(tmp_path, "lena@studio.test", PASSWORD))[1] == ["user.role_changed"]  # once


def test_an_existing_account_without_admin_is_refused_naming_the_flag(tmp_path: Path) -> None:
    asyncio.run(sign_up(tmp_path, "lena@studio.test", PASSWORD))
    code, output = create_user(tmp_path, "lena@studio.test", "--password-stdin", typed="another password\n")
    assert code == 1
    assert "there is already an account for lena@studio.test" in output and "add --admin" in output
    assert asyncio.run(signs_in(tmp_path, "lena@studio.test", PASSWORD)) == ("user", [])  # nothing changed


def test_a_password_piped_for_an_existing_account_replaces_its_own(tmp_path: Path) -> None:
    asyncio.run(sign_up(tmp_path, "lena@studio.test", PASSWORD))
    code, output = create_user(tmp_path, "lena@studio.test", "--admin", "--password-stdin", typed="short\n")
    assert code == 1 and "at least 8 characters" in output
    assert asyncio.run(signs_in(tmp_path, "lena@studio.test", PASSWORD)) == ("user", [])  # refused: nothing changed

    code, output = create_user(tmp_path, "lena@studio.test", "--admin", "--password-stdin", typed="a new secret 42\n")
    assert code == 0, output
    assert "is an admin now" in output and "its password is the one given" in output
    assert asyncio.run(signs_in(tmp_path, "lena@studio.test", "a new secret 42"))[0] == "admin"
    assert asyncio.run(refuses(tmp_path, "lena@studio.test", PASSWORD))
