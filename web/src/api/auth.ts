// Accounts (/api/v1/auth): who is signed in, sign up, sign in and out, password change, API keys. In local
// mode nobody signs in: GET /me answers the machine's owner (mode "local") and the other routes answer 409.

import { json, request } from "./client";
import type { components } from "./schema.gen";

type Schemas = components["schemas"];

/** The signed-in account (in local mode the machine's owner), with this page's CSRF token. */
export type Me = Schemas["MeOut"];
/** `local`: one machine, nobody signs in. `accounts`: sign-in, sharing and credits. */
export type StudioMode = Schemas["StudioMode"];
/** A new sign-in: the account and the CSRF token for writes (the session itself is an HttpOnly cookie). */
export type Session = Schemas["SessionOut"];
export type SignUpRequest = Schemas["SignUp"];
export type SignInRequest = Schemas["SignIn"];
export type PasswordChange = Schemas["PasswordChange"];
/** An API key as listed: its name and first characters, never the key. */
export type ApiKey = Schemas["ApiKeyOut"];
/** A new API key, with the key itself (shown this once). */
export type NewApiKey = Schemas["ApiKeyCreated"];

/** The signed-in account; a 401 (signed out) is the caller's answer, not a reason to send anyone anywhere. */
export function getMe(): Promise<Me> {
  return request<Me>("auth/me", {}, { signInOn401: false });
}

export function signUp(body: SignUpRequest): Promise<Session> {
  return request<Session>("auth/signup", { method: "POST", body: json(body) }, { signInOn401: false });
}

/** A wrong email or password is a 401 in words ("the email or password is wrong ..."). */
export function signIn(body: SignInRequest): Promise<Session> {
  return request<Session>("auth/login", { method: "POST", body: json(body) }, { signInOn401: false });
}

export function signOut(): Promise<void> {
  return request<void>("auth/logout", { method: "POST" }, { signInOn401: false });
}

/** A wrong current password is a 401 in words; other sessions of the account are signed out. */
export function changePassword(body: PasswordChange): Promise<void> {
  return request<void>("auth/password", { method: "POST", body: json(body) }, { signInOn401: false });
}

export async function listApiKeys(): Promise<ApiKey[]> {
  return (await request<Schemas["ApiKeyList"]>("auth/api-keys")).items;
}

export function createApiKey(name: string): Promise<NewApiKey> {
  return request<NewApiKey>("auth/api-keys", { method: "POST", body: json({ name }) });
}

export function revokeApiKey(id: string): Promise<void> {
  return request<void>(`auth/api-keys/${encodeURIComponent(id)}`, { method: "DELETE" });
}

/** What happens after asking for a reset link, in words: a mail is on its way (answered the same whether the
 * email has an account), or this studio sends no mail and who makes the link instead. */
export type ResetRequested = Schemas["ResetRequested"];

/** Ask for a link to choose a new password (valid an hour); the answer's `detail` says what happens next. */
export function requestPasswordReset(email: string): Promise<ResetRequested> {
  const body: Schemas["PasswordResetRequest"] = { email };
  return request<ResetRequested>("auth/password-reset", { method: "POST", body: json(body) },
    { signInOn401: false });
}

/** Set a new password with the token of the mailed link; every session of the account is signed out. */
export function confirmPasswordReset(body: Schemas["PasswordResetConfirm"]): Promise<void> {
  return request<void>("auth/password-reset/confirm", { method: "POST", body: json(body) }, { signInOn401: false });
}
