"""`karate reset-link`: a one-time link that lets an account choose a new password, made where the studio runs. The
way back in for someone who forgot their password on a studio that sends no mail, admin account or not."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from datetime import datetime

    from karate.config import Settings

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
    try:
        link, expires = asyncio.run(_new_link(settings, normalize_email(email), site))
    except (InvalidRequest, NotFound) as error:
        raise click.ClickException(error.message) from None
    click.echo(link)
    click.echo(f"It works once, until {expires:%Y-%m-%d %H:%M} UTC.", err=True)


async def _new_link(settings: Settings, email: str, site_url: str) -> tuple[str, datetime]:
    """A one-time reset link for the account `email` under `site_url`, and when it expires (written to the audit
    log). NotFound for an email with no account."""
    from karate.db import Database
    from karate.services.accounts import AccountService
    from karate.services.audit import AuditAction, record
    from karate.services.errors import InvalidRequest, NotFound
    from karate.services.mail import Mailer
    from karate.services.password_resets import PasswordResets

    if settings.database_url is None:
        settings.create_data_dir()
    database = Database(settings.resolved_database_url, pool_size=settings.db_pool_size)
    accounts = AccountService(database, settings)
    try:
        await database.migrate()
        user = await accounts.user_by_email(email)
        if user is None:
            raise NotFound(f"there is no account for {email}; check the address (`karate create-user` makes one)")
        if user.is_local:
            raise InvalidRequest(f"{email} is the local studio's owner, which signs in without a password")
        link, expires = await PasswordResets(database, accounts, Mailer(None, settings.smtp_from)).new_link(
            user.id, site_url
        )
        await record(database, None, AuditAction.RESET_LINK_MADE, user.email, {})
    finally:
        await database.dispose()
    return link, expires
