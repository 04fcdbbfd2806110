"""The `karate` command: run workflows headlessly, list node types, serve the studio, run workers, create accounts.

Each command imports what it needs when it runs, so `karate --help` and `karate run` start fast: loading
pydantic-settings, the engine or FastAPI is the work of the commands that use them (tests/cli checks it).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from karate.cli_accounts import reset_link_command

if TYPE_CHECKING:
    from collections.abc import Callable

    from karate.config import Settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="karate")
def main() -> None:
    """Karate AI – Design Studio."""


main.add_command(reset_link_command)


@main.command("run")
@click.argument("workflow_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for the files that output nodes save",
)
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="NODE_ID.PARAM=VALUE",
    help="Change a parameter for this run (VALUE is JSON, or else a string); repeatable",
)
@click.option("--json", "as_json", is_flag=True, help="Print the run record as JSON on stdout")
@click.option("--from-node", "from_node", default=None, help="Run only this node and what it needs")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data folder (assets and cache); default KARATE_DATA_DIR or ./data",
)
def run_command(
    workflow_file: Path,
    out_dir: Path,
    overrides: tuple[str, ...],
    as_json: bool,
    from_node: str | None,
    data_dir: Path | None,
) -> None:
    """Run a workflow JSON file: every node that can run does; the others are listed with their problems.

    Exit 0 when everything ran, 1 if a node failed, 2 if nothing could run (the workflow is not valid, or a file
    given to its input nodes cannot be used: each is named), 3 if the valid part ran but some nodes could not (they
    are listed, status "blocked").
    """
    import asyncio

    from karate.engine.tuning import shorten_switch_interval
    from karate.headless import run_workflow_file

    shorten_switch_interval()  # this process is the run's: it sets what the engine runs best under
    _skip_the_last_collection()
    settings = _settings(data_dir)
    code = asyncio.run(
        run_workflow_file(
            workflow_file,
            settings=settings,
            out_dir=out_dir,
            overrides=list(overrides),
            as_json=as_json,
            from_node=from_node,
        )
    )
    sys.exit(code)


@main.command("nodes")
@click.option("--json", "as_json", is_flag=True, help="Print every node type's schema as JSON")
def nodes_command(as_json: bool) -> None:
    """List the node types this studio knows: ports, parameters, and for model nodes the credits a run charges
    and the providers that run them, in the order tried, each marked when not confirmed (unconfirmed, deprecated).
    Piped, one tab-separated line a type: type, title, inputs, outputs, parameters, credits, routes."""
    from karate.engine.registry import load_builtin_nodes

    registry = load_builtin_nodes()
    if as_json:
        import json

        click.echo(json.dumps({"nodes": registry.specs_json()}, indent=2))
        return
    rows = [
        (
            spec.type,
            spec.title,
            _ports(spec.inputs),
            _ports(spec.outputs),
            ", ".join(spec.params_model.model_fields),
            str(_credits(spec.extra)),
            _routes(spec.extra.get("routes", [])),
        )
        for spec in (cls.spec for cls in registry)
    ]
    if not sys.stdout.isatty():  # piped (`| grep video`): one line a type, whole, tab-separated, for tools to read
        for row in rows:
            click.echo("\t".join(row))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(registry)} node types", show_lines=False)
    # a type is what is typed in a workflow file: never cut, whatever the terminal's width
    table.add_column("type", no_wrap=True, min_width=max(len(row[0]) for row in rows))
    for column in ("title", "inputs", "outputs", "parameters"):
        table.add_column(column)
    table.add_column("credits", justify="right")
    table.add_column("routes")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


def _ports(ports: dict[str, Any]) -> str:
    return ", ".join(f"{name}:{port.type_label}{'' if port.required else '?'}" for name, port in ports.items())


def _credits(extra: dict[str, Any]) -> int:
    """What one execution of the node type is charged in accounts mode (0: a local tool, free)."""
    credits = extra.get("credits")
    return credits if isinstance(credits, int) else 0


def _routes(routes: list[dict[str, Any]]) -> str:
    """A model's providers in the order a run tries them ("replicate, fal (unconfirmed)"): one provider's
    several routes (one for prompts, one for images...) read as one, "partly" marked when only some are."""
    statuses: dict[str, list[str]] = {}
    for route in routes:
        statuses.setdefault(route["provider"], []).append(route["status"])
    named = []
    for provider, found in statuses.items():
        doubtful = sorted({status for status in found if status != "confirmed"})
        partly = "partly " if len(doubtful) < len(set(found)) else ""
        named.append(f"{provider} ({partly}{'/'.join(doubtful)})" if doubtful else provider)
    return ", ".join(named)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data folder (database, assets, cache); default KARATE_DATA_DIR or ./data",
)
def serve_command(host: str, port: int, data_dir: Path | None) -> None:
    """Start the studio: API, run workers and the web editor on one port."""
    from karate.api.security import UnsafeCorsOrigins
    from karate.server import UnsafeBindAddress, serve

    try:
        serve(host, port, data_dir)
    except (UnsafeBindAddress, UnsafeCorsOrigins) as error:
        raise click.UsageError(str(error)) from None


@main.command("worker")
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=None,
    help="Runs executed at once (default KARATE_RUN_CONCURRENCY)",
)
@click.option("--id", "worker_id", default=None, help="This worker's name in leases and logs (default: host and pid)")
@click.option(
    "--grace",
    "grace_s",
    type=click.FloatRange(min=0),
    default=None,
    help="Seconds a stop (SIGTERM) lets runs in progress finish before handing them back (default KARATE_RUN_LEASE_S)",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data folder (local copies, cache); default KARATE_DATA_DIR or ./data",
)
def worker_command(
    concurrency: int | None, worker_id: str | None, grace_s: float | None, data_dir: Path | None
) -> None:
    """Execute runs taken from the Redis-backed queue (KARATE_REDIS_URL) until stopped: several workers, on as
    many machines, share the database (KARATE_DATABASE_URL) and the asset store (KARATE_STORAGE_URL)."""
    import logging

    from karate.worker.main import run_worker

    settings = _settings(data_dir)
    if settings.log_format != "json":  # JSON lines get their own handler (karate.observability)
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    run_worker(settings, concurrency=concurrency, worker_id=worker_id, grace_s=grace_s)


@main.command("migrate")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option(
    "--to",
    "target",
    default="head",
    show_default=True,
    metavar="REVISION",
    help="The schema revision to move to: an older one undoes the newer migrations (to run an earlier release)",
)
def migrate_command(data_dir: Path | None, target: str) -> None:
    """Bring the database schema up to date (the server also does this when it starts), or back to an older
    revision with --to before running an earlier release."""
    from karate.db.database import migrate_sync

    settings = _settings(data_dir)
    where = settings.resolved_database_url.split("@")[-1]
    try:
        before, after = migrate_sync(settings.resolved_database_url, target)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--to") from None
    if before == after:
        click.echo(f"database is at revision {after} already: {where}")
    else:
        click.echo(f"database moved from revision {before or 'none (empty)'} to {after}: {where}")


@main.command("create-user")
@click.argument("email")
@click.option("--name", default="", help="Display name (default: the part of EMAIL before the @)")
@click.option(
    "--admin",
    is_flag=True,
    help="Make the account an admin (it grants credits and changes roles); an account that exists already is "
    "made one, keeping its password and name",
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of stdin, not a prompt; with --admin for an account that exists, "
    "a password given this way replaces its own and signs it out everywhere",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data folder whose database gets the account; default KARATE_DATA_DIR or ./data (or KARATE_DATABASE_URL)",
)
def create_user_command(email: str, name: str, admin: bool, password_stdin: bool, data_dir: Path | None) -> None:
    """Create an account in the studio's database (brought up to date first), for a studio with accounts.

    With --admin, EMAIL may be an account that exists already (signed up on the web, say): it becomes an admin,
    which is how a studio gets its first admin. Nothing else of it changes (no password is asked for) unless
    --password-stdin gives a new password."""
    import asyncio

    from karate.services.accounts import normalize_email
    from karate.services.errors import InvalidRequest, NotFound

    def read_password(existing: bool) -> str | None:
        if password_stdin:
            return sys.stdin.readline().rstrip("\r\n") or (None if existing else "")
        return None if existing else click.prompt("Password", hide_input=True, confirmation_prompt=True)

    try:
        email = normalize_email(email)
        said = asyncio.run(_create_or_promote(_settings(data_dir), email, name, admin, read_password))
    except (InvalidRequest, NotFound) as error:
        raise click.ClickException(error.message) from None
    click.echo(said)


async def _create_or_promote(
    settings: Settings, email: str, name: str, admin: bool, read_password: Callable[[bool], str | None]
) -> str:
    """Create the account `email`, or with `admin` make an existing one an admin; what was done, in words.
    `read_password(existing)`: the password given (None: none, for an account that exists)."""
    from karate.db import Database
    from karate.services.accounts import AccountService
    from karate.services.audit import AuditAction, record
    from karate.services.errors import InvalidRequest
    from karate.services.identity import Role
    from karate.services.user_admin import make_admin

    if settings.database_url is None:
        settings.create_data_dir()
    database = Database(settings.resolved_database_url, pool_size=settings.db_pool_size)
    accounts = AccountService(database, settings)
    try:
        await database.migrate()
        existing = await accounts.user_by_email(email)
        if existing is not None and not admin:
            raise InvalidRequest(
                f"there is already an account for {email}; add --admin to make it an admin (its password stays), "
                "or reset its password from the sign-in page"
            )
        password = read_password(existing is not None)
        if existing is None:
            role = Role.ADMIN if admin else Role.USER
            user = await accounts.create_user(email, password or "", name, role)
            await record(database, None, AuditAction.USER_CREATED, user.id, {"email": user.email, "role": str(role)})
            return f"created the {role} account {email} (id {user.id})"
        if password is not None:
            await accounts.set_password(existing.id, password)  # checked before the role changes
        user, previous = await make_admin(database, email)
    finally:
        await database.dispose()
    done = "is an admin already" if previous == str(Role.ADMIN) else f"is an admin now (its role was {previous})"
    kept = "its password is the one given (its sessions are signed out)" if password else "its password is unchanged"
    return f"the account {email} (id {user.id}) {done}; {kept}"


def _skip_the_last_collection() -> None:
    """At exit, freeze every object (gc.freeze) so that the interpreter's last garbage collection skips them.

    That collection walks every object the imports made (pydantic's schemas, numpy...) to find the few
    cycles left, whose finalizers CPython does not promise to run at exit anyway: a quarter of the CPU time
    of a small `karate run` (50-80 ms). Everything a run writes is closed before it returns."""
    import atexit
    import gc

    atexit.unregister(gc.freeze)  # once, however many runs one process makes (tests run them in-process)
    atexit.register(gc.freeze)


def _settings(data_dir: Path | None) -> Settings:
    """The settings from the environment (KARATE_*), with the data folder given on the command line."""
    from karate.config import Settings

    return Settings(data_dir=data_dir) if data_dir else Settings()


if __name__ == "__main__":
    main()
