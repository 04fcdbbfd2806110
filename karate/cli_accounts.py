"""`karate reset-link`: a one-time link that lets an account choose a new password, made where the studio runs. The
way back in for someone who forgot their password on a studio that sends no mail, admin account or not."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from datetime import datetime

    from karate.config import Settings
    from karate.db import Database

#: Where the link points when neither --url nor KARATE_PUBLIC_URL says (`karate serve`'s own address).
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


@click.command("reset-link")
@click.argument("email")
@click.option(
    "--url",
    "site_url",
    default=None,
    metavar="URL",
    help=f"The studio's address as people open it; default KARATE_PUBLIC_URL, else {DEFAULT_SITE_URL}",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data folder whose database has the account; default KARATE_DATA_DIR or ./data (or KARATE_DATABASE_URL)",
)
def reset_link_command(email: str, site_url: str | None, data_dir: Path | None) -> None:
    """Print a one-time link (it works for an hour) with which the account EMAIL chooses a new password; hand it to
    the account's owner. For a studio that sends no mail (KARATE_SMTP_URL unset), where "Forgot password" cannot
    mail one; admins can also make one on the admin page. Choosing the password signs the account out everywhere."""
    import asyncio

    from karate.config import Settings
    from karate.services.accounts import normalize_email
    from karate.services.errors import InvalidRequest, NotFound

    settings = Settings(data_dir=data_dir) if data_dir else Settings()
    site = site_url or settings.public_url or DEFAULT_SITE_URL
    where = _AccountsAt(settings)
    try:
        link, expires = asyncio.run(_new_link(settings, where, normalize_email(email), site))
    except (InvalidRequest, NotFound) as error:
        raise click.ClickException(error.message) from None
    click.echo(link)
    click.echo(f"It works once, until {expires:%Y-%m-%d %H:%M} UTC. {_site_said(site, site_url, settings)}", err=True)


def _site_said(site: str, site_url: str | None, settings: Settings) -> str:
    """ "The link opens http://127.0.0.1:8000; if people open the studio elsewhere, run it again with --url": the
    address the link uses, and how to change it when the command line did not give it."""
    said = f"The link opens {site}"
    if site_url:
        return said + "."
    if settings.public_url:
        return said + " (KARATE_PUBLIC_URL); for another address, run it again with --url ADDRESS."
    return said + "; if people open the studio elsewhere, run it again with --url ADDRESS (or set KARATE_PUBLIC_URL)."


class _AccountsAt:
    """Where the accounts are read, as messages name it: the data folder (--data-dir, KARATE_DATA_DIR, else ./data)
    or the database KARATE_DATABASE_URL names, with how to point this command at the studio's."""

    def __init__(self, settings: Settings) -> None:
        from sqlalchemy.engine import make_url

        url = make_url(settings.resolved_database_url)
        self.file = Path(url.database).resolve() if url.get_backend_name() == "sqlite" and url.database else None
        if not settings.database_url:
            self.place = f"the data folder {Path(settings.data_dir).resolve()}"
            self.instead = "run it again with --data-dir set to the studio's data folder (or set KARATE_DATA_DIR)"
        else:
            self.place = "the database KARATE_DATABASE_URL names"
            self.instead = "set KARATE_DATABASE_URL to the studio's database"

    def missing(self) -> str | None:
        """Why there is no database to read, where a SQLite file that does not exist would otherwise be created."""
        if self.file is None or self.file.is_file():
            return None
        if not self.file.parent.is_dir():
            return f"there is no folder {self.file.parent}, so no studio database to read; {self.instead}"
        return f"{self.place} has no studio database ({self.file} does not exist); {self.instead}"


async def _new_link(settings: Settings, where: _AccountsAt, email: str, site_url: str) -> tuple[str, datetime]:
    """A one-time reset link for the account `email` under `site_url`, and when it expires (written to the audit
    log). NotFound, naming `where` it looked, for an email with no account or no database there (none is created)."""
    from karate.db import Database
    from karate.services.accounts import AccountService
    from karate.services.audit import AuditAction, record
    from karate.services.errors import InvalidRequest, NotFound
    from karate.services.mail import Mailer
    from karate.services.password_resets import PasswordResets

    if (missing := where.missing()) is not None:
        raise NotFound(missing)
    database = Database(settings.resolved_database_url, pool_size=settings.db_pool_size)
    accounts = AccountService(database, settings)
    try:
        await database.migrate()
        user = await accounts.user_by_email(email)
        if user is None:
            raise NotFound(await _no_account(database, where, email))
        if user.is_local:
            raise InvalidRequest(f"{email} is the local studio's owner, which signs in without a password")
        link, expires = await PasswordResets(database, accounts, Mailer(None, settings.smtp_from)).new_link(
            user.id, site_url
        )
        await record(database, None, AuditAction.RESET_LINK_MADE, user.email, {})
    finally:
        await database.dispose()
    return link, expires


async def _no_account(database: Database, where: _AccountsAt, email: str) -> str:
    """Why `email` has no account `where` the command looked: no account there at all (likely not the studio's
    data), or none with that address."""
    from sqlalchemy import func, select

    from karate.db.models import User

    async with database.session() as session:
        accounts = await session.scalar(select(func.count()).select_from(User).where(User.is_local.is_(False)))
    if not accounts:
        return f"{where.place} has no accounts; if the studio keeps its data elsewhere, {where.instead}"
    return (
        f"there is no account for {email} in {where.place}; check the address (`karate create-user` makes one), "
        f"or, if the studio keeps its data elsewhere, {where.instead}"
    )
