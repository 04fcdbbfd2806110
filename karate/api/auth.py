"""Accounts under /api/v1/auth: sign up, sign in and out, the signed-in account, password change and reset,
API keys. Sign-in attempts are rate-limited per account and per address; sign-ups and reset requests per address.

A sign-in sets the session cookie (HttpOnly, SameSite=Lax, Secure over https) and answers the CSRF token
the page sends as x-csrf-token with its writes. In local mode nobody signs in: these routes say so (409),
and `GET /me` answers the machine's owner.
"""

from __future__ import annotations

import pathlib
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Path, Request, Response

from karate.api.auth_schemas import (
    RESET_BY_HAND,
    RESET_REQUESTED,
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyList,
    MeOut,
    PasswordChange,
    PasswordResetConfirm,
    PasswordResetRequest,
    ResetRequested,
    SessionOut,
    SignIn,
    SignUp,
    StudioMode,
)
from karate.api.deps import (
    ID_PATTERN,
    JSON,
    AccountServiceDep,
    PasswordResetsDep,
    PrincipalDep,
    SettingsDep,
    SiteUrlDep,
)
from karate.api.rate_limits import RATE_LIMITED, RateLimiterDep, client_address, limited_by_address
from karate.api.schemas import INVALID, LOCAL_MODE, NOT_FOUND
from karate.config import Settings
from karate.db.models import User
from karate.services.accounts import SESSION_COOKIE, SignedIn, api_key_json, normalize_email
from karate.services.errors import LocalMode
from karate.services.rate_limits import Action, Counted, email_key
from karate.services.user_admin import profile_json

router = APIRouter(prefix="/auth", tags=["auth"], responses=LOCAL_MODE)

KeyId = Annotated[str, Path(pattern=ID_PATTERN, description="API key id (32 hex characters)")]


def me_json(
    user: User, mode: StudioMode, csrf_token: str | None, data_dir: pathlib.Path | None = None
) -> dict[str, object]:
    """`data_dir` is said in local mode only (to the machine's owner, who started the studio there)."""
    return {
        **profile_json(user),
        "analytics_opt_out": user.analytics_opt_out,
        "marketing_emails": user.marketing_emails if mode == StudioMode.ACCOUNTS else None,
        "mode": mode,
        "data_dir": str(data_dir.resolve()) if mode == StudioMode.LOCAL and data_dir is not None else None,
        "csrf_token": csrf_token,
    }


def _signed_in(request: Request, signed_in: SignedIn, status_code: int, settings: Settings) -> JSON:
    body = {
        "user": me_json(signed_in.user, StudioMode.ACCOUNTS, signed_in.csrf_token),
        "csrf_token": signed_in.csrf_token,
    }
    response = JSON(body, status_code=status_code)
    response.set_cookie(
        SESSION_COOKIE,
        signed_in.token,
        max_age=settings.session_ttl,
        httponly=True,
        samesite="lax",
        # behind a proxy that ends TLS the request arrives over http: KARATE_PUBLIC_URL says the studio is https
        secure=request.url.scheme == "https" or (settings.public_url or "").startswith("https://"),
        path="/",
    )
    return response


def _accounts_only(settings_auth: bool | None) -> None:
    if not settings_auth:
        raise LocalMode("this studio runs in local mode, where nobody signs in; start it with KARATE_AUTH=true")


@router.post(
    "/signup",
    status_code=201,
    response_model=SessionOut,
    responses={**INVALID, **RATE_LIMITED},
    dependencies=[limited_by_address(Action.SIGN_UP)],
)
async def sign_up(body: SignUp, request: Request, accounts: AccountServiceDep, settings: SettingsDep) -> JSON:
    """Create an account (with the starting credits) and sign it in."""
    _accounts_only(settings.auth)
    user = await accounts.create_user(body.email, body.password, body.name)
    return _signed_in(request, await accounts.new_session(user), 201, settings)


@router.post("/login", response_model=SessionOut, responses={**INVALID, **RATE_LIMITED})
async def sign_in(
    body: SignIn, request: Request, accounts: AccountServiceDep, settings: SettingsDep, limiter: RateLimiterDep
) -> JSON:
    """Sign in with email and password; 401 when either is wrong (the answer does not say which). Attempts are
    limited per address and per account (KARATE_LOGIN_ATTEMPTS_PER_MINUTE): 429 says how long to wait."""
    _accounts_only(settings.auth)
    await limiter.hit(Action.SIGN_IN, Counted.ADDRESS, client_address(request))
    await limiter.hit(Action.SIGN_IN, Counted.ACCOUNT, email_key(body.email))
    return _signed_in(request, await accounts.sign_in(body.email, body.password), 200, settings)


@router.post("/logout", status_code=204)
async def sign_out(request: Request, accounts: AccountServiceDep) -> Response:
    """End this browser's session (a signed-out request is answered the same)."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await accounts.sign_out(token)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/me", response_model=MeOut)
async def me(principal: PrincipalDep, accounts: AccountServiceDep, settings: SettingsDep) -> JSON:
    """The account requests act for: the signed-in user, or the local owner in local mode."""
    user = await accounts.user(principal.user_id)
    mode = StudioMode.ACCOUNTS if settings.auth else StudioMode.LOCAL
    return JSON(me_json(user, mode, principal.csrf_token, settings.data_dir))


@router.post("/password", status_code=204, responses=INVALID)
async def change_password(
    body: PasswordChange, request: Request, principal: PrincipalDep, accounts: AccountServiceDep, settings: SettingsDep
) -> Response:
    """Change the password (the current one is checked); other sessions of the account are signed out."""
    _accounts_only(settings.auth)
    await accounts.change_password(
        principal.user_id, body.current_password, body.new_password, keep_session=request.cookies.get(SESSION_COOKIE)
    )
    return Response(status_code=204)


@router.post(
    "/password-reset",
    status_code=202,
    response_model=ResetRequested,
    responses={**INVALID, **RATE_LIMITED},
    dependencies=[limited_by_address(Action.PASSWORD_RESET)],
)
async def request_password_reset(
    body: PasswordResetRequest,
    site: SiteUrlDep,
    background: BackgroundTasks,
    resets: PasswordResetsDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
) -> JSON:
    """Mail a link to reset the password (valid an hour) to the account of `email`. The answer is the same
    whether the email has an account or not; the mail is sent after it (KARATE_SMTP_URL)."""
    _accounts_only(settings.auth)
    email = normalize_email(body.email)  # "bob@" refused in sign-up's words, not answered as if it were asked for
    await limiter.hit(Action.PASSWORD_RESET, Counted.ACCOUNT, email_key(email))
    background.add_task(resets.request, email, site)
    detail = RESET_REQUESTED if settings.smtp_url else RESET_BY_HAND
    return JSON({"detail": detail}, status_code=202, background=background)


@router.post("/password-reset/confirm", status_code=204, responses=INVALID)
async def confirm_password_reset(
    body: PasswordResetConfirm, resets: PasswordResetsDep, settings: SettingsDep
) -> Response:
    """Set a new password with the token from the mailed link; every session of the account is signed out."""
    _accounts_only(settings.auth)
    await resets.confirm(body.token, body.new_password)
    return Response(status_code=204)


@router.post("/api-keys", status_code=201, response_model=ApiKeyCreated, responses=INVALID)
async def create_api_key(body: ApiKeyCreate, principal: PrincipalDep, accounts: AccountServiceDep) -> JSON:
    """A new API key for scripts and the CLI; its value is in this answer only."""
    row, key = await accounts.create_api_key(principal.user_id, body.name)
    return JSON({**api_key_json(row), "key": key}, status_code=201)


@router.get("/api-keys", response_model=ApiKeyList)
async def list_api_keys(principal: PrincipalDep, accounts: AccountServiceDep) -> JSON:
    """Your API keys (their names and first characters, never the keys)."""
    return JSON({"items": await accounts.api_keys(principal.user_id)})


@router.delete("/api-keys/{key_id}", status_code=204, responses={**NOT_FOUND, **INVALID})
async def revoke_api_key(key_id: KeyId, principal: PrincipalDep, accounts: AccountServiceDep) -> Response:
    """Revoke a key: requests sending it are refused from now on."""
    await accounts.revoke_api_key(principal.user_id, key_id)
    return Response(status_code=204)
