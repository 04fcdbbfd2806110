// Admin (/api/v1/admin): the studio's accounts with their roles and balances, role changes, credit grants,
// password reset links (for studios that send no mail) and the audit log of admin actions. Every route needs an admin.

import { json, request } from "./client";
import type { components } from "./schema.gen";

type Schemas = components["schemas"];

export type AdminUser = Schemas["AdminUserOut"];
export type AdminUserPage = Schemas["AdminUserPage"];
/** A role an admin may give (the local owner's role is nobody's to give). */
export type GivenRole = Schemas["RoleChange"]["role"];
export type AuditEntry = Schemas["AuditEntryOut"];
export type AuditPage = Schemas["AuditPage"];
export type CreditGrant = Schemas["AdminCreditGrant"];
export type CreditGranted = Schemas["AdminCreditGranted"];

export function listUsers(limit = 200, offset = 0): Promise<AdminUserPage> {
  return request<AdminUserPage>(`admin/users?limit=${limit}&offset=${offset}`);
}

export function changeRole(userId: string, role: GivenRole): Promise<AdminUser> {
  const body: Schemas["RoleChange"] = { role };
  return request<AdminUser>(`admin/users/${encodeURIComponent(userId)}`, { method: "PATCH", body: json(body) });
}

/** Give a user credits (a negative amount takes them back); answers the new balance. */
export function grantCredits(grant: CreditGrant): Promise<CreditGranted> {
  return request<CreditGranted>("admin/credits", { method: "POST", body: json(grant) });
}

/** A one-time link to choose a new password, and when it stops working. */
export type ResetLink = Schemas["ResetLinkOut"];

/** Make a reset link for an account, for the admin to hand over (a studio that sends no mail). */
export function makeResetLink(userId: string): Promise<ResetLink> {
  return request<ResetLink>(`admin/users/${encodeURIComponent(userId)}/reset-link`, { method: "POST" });
}

export function auditLog(limit = 50, offset = 0): Promise<AuditPage> {
  return request<AuditPage>(`admin/audit?limit=${limit}&offset=${offset}`);
}
