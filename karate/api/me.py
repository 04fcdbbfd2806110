"""The signed-in account's own data under /api/v1/me (spec 10.2): change the profile, the analytics opt-out and
the marketing emails, download everything as a zip, delete the account with everything of it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from karate.api.auth import me_json
from karate.api.auth_schemas import MeOut, StudioMode
from karate.api.deps import (
    JSON,
    AccountServiceDep,
    AssetServiceDep,
    DatabaseDep,
    PrincipalDep,
    RunServiceDep,
    SettingsDep,
    WorkflowServiceDep,
)
from karate.api.me_schemas import AccountDeletion, ProfileUpdate
from karate.api.schemas import INVALID, LOCAL_MODE, ErrorBody
from karate.services.accounts import SESSION_COOKIE
from karate.services.compliance import ComplianceService

router = APIRouter(prefix="/me", tags=["account"], responses=LOCAL_MODE)


async def _compliance(
    database: DatabaseDep,
    accounts: AccountServiceDep,
    runs: RunServiceDep,
    workflows: WorkflowServiceDep,
    assets: AssetServiceDep,
    settings: SettingsDep,
) -> ComplianceService:
    return ComplianceService(database, accounts, runs, workflows, assets, local_mode=not settings.auth)


ComplianceDep = Annotated[ComplianceService, Depends(_compliance)]

EXPORT: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        "description": "A zip: account.json (the profile, its settings and API keys), workflows/, runs/, "
        "assets.json and assets/, credits.json, shares.json",
    }
}
DELETION_REFUSED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "The password is wrong: nothing was deleted"},
    409: {"model": ErrorBody, "description": "Local mode: there is no account to delete"},
}


@router.patch("", response_model=MeOut, responses=INVALID)
async def update_me(
    body: ProfileUpdate, principal: PrincipalDep, compliance: ComplianceDep, settings: SettingsDep
) -> JSON:
    """Change your name, the analytics opt-out or whether you receive the marketing emails; the account as
    `GET /api/v1/auth/me` shows it."""
    user = await compliance.update_profile(
        principal.user_id,
        name=body.name,
        analytics_opt_out=body.analytics_opt_out,
        marketing_emails=body.marketing_emails,
    )
    mode = StudioMode.ACCOUNTS if settings.auth else StudioMode.LOCAL
    return JSON(me_json(user, mode, principal.csrf_token, settings.data_dir))


@router.get("/export", response_class=FileResponse, responses=EXPORT)
async def export_me(principal: PrincipalDep, compliance: ComplianceDep) -> FileResponse:
    """Everything of yours as a zip: your profile and its settings (the analytics opt-out, the marketing emails),
    workflows (the trash too), runs with their node records, the
    files you uploaded or saved, your credit history and whom you shared workflows with. In local mode, the
    machine owner's."""
    export = await compliance.export(principal.user_id)
    return FileResponse(
        export.path,
        media_type="application/zip",
        filename=export.filename,
        headers={"Cache-Control": "no-store"},
        background=BackgroundTask(export.path.unlink, missing_ok=True),
    )


@router.delete("", status_code=204, responses={**INVALID, **DELETION_REFUSED})
async def delete_me(body: AccountDeletion, principal: PrincipalDep, compliance: ComplianceDep) -> Response:
    """Delete your account and everything of it: your profile and its settings (the analytics opt-out, the
    marketing emails), workflows (the trash too), runs, files, shares, support questions, sessions and API keys;
    runs still going are cancelled first. Confirm with `password`, or for an account without one
    with `confirm` set to its email. The credit history stays without your name on it. Signs you out."""
    await compliance.delete_account(principal.user_id, password=body.password, confirm=body.confirm)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
