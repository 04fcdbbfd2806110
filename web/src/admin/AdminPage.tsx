// /admin (admins, accounts mode): the studio's accounts with their roles and balances, where an admin changes
// a role or gives credits, the support tickets (opened to read and answer), the scheduled agents' reports, and the
// audit log. Anyone else who opens it is told in words that it is for admins, and whom to ask (AdminsOnly).

import { useCallback, useEffect, useState } from "react";
import { type AdminUser, type AuditPage, auditLog, listUsers } from "../api/admin";
import { isAccount, isAdmin, useSession } from "../app/session";
import { FormError } from "../auth/AuthCard";
import { errorText } from "../auth/errorText";
import { Section } from "../auth/Section";
import { AdminsOnly } from "./AdminsOnly";
import { AgentReports } from "./AgentReports";
import { AuditList } from "./AuditList";
import { SupportTickets } from "./SupportTickets";
import { UserRow } from "./UserRow";

export default function AdminPage() {
  const state = useSession((s) => s.state);
  if (!isAccount(state)) return <AdminsOnly email={null} />;  // a local studio: its owner has no accounts to manage
  if (!isAdmin(state.me.role)) return <AdminsOnly email={state.me.email} />;
  return <Admin selfId={state.me.id} selfEmail={state.me.email} />;
}

function Admin({ selfId, selfEmail }: { selfId: string; selfEmail: string }) {
  const [users, setUsers] = useState<{ items: AdminUser[]; total: number } | null>(null);
  const [audit, setAudit] = useState<AuditPage | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reloadAudit = useCallback(() => {
    auditLog().then(setAudit, (e: unknown) => setError(errorText(e)));
  }, []);
  useEffect(() => {
    listUsers().then(setUsers, (e: unknown) => setError(errorText(e)));
    reloadAudit();
  }, [reloadAudit]);

  const changed = (user: AdminUser) => {
    setUsers((page) => page && { ...page, items: page.items.map((u) => u.id === user.id ? user : u) });
    reloadAudit();
  };

  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-6 px-4 py-10 sm:px-6" data-testid="admin-page">
      <h1 className="text-2xl font-semibold tracking-tight">Admin</h1>
      <FormError message={error} />
      <Section title="Accounts" intro={users ? `${users.total} in all, oldest first.` : undefined}>
        {users === null && !error && <p className="text-sm text-zinc-500" role="status">Loading accounts…</p>}
        {users && (
          // on a phone the table (a form in each row) is wider than its card: it scrolls inside the card
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="admin-users">
              <thead>
                <tr className="text-left text-xs text-zinc-500">
                  <th className="py-1 font-medium">Account</th>
                  <th className="py-1 font-medium">Role</th>
                  <th className="py-1 text-right font-medium">Credits</th>
                  <th className="py-1 pl-4 font-medium">Give or take credits</th>
                  <th className="py-1 pl-3 text-right font-medium">Password</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {users.items.map((user) => <UserRow key={user.id} user={user} self={user.id === selfId}
                  onChange={changed} />)}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <SupportTickets selfEmail={selfEmail} onReply={reloadAudit} />
      <AgentReports />
      <Section title="Audit log" intro="What admins did and what agents did at someone's request, newest first.">
        {audit && <AuditList entries={audit.items}
          emailOf={new Map(users?.items.map((user) => [user.id, user.email]) ?? [])} />}
      </Section>
    </div>
  );
}
