// One account on the admin page: change its role, give it credits (a negative amount takes them back), make a
// link for it to choose a new password (shown in a row of its own below).

import { type FormEvent, useState } from "react";
import {
  type AdminUser, type GivenRole, type ResetLink, changeRole, grantCredits, makeResetLink,
} from "../api/admin";
import { creditsText } from "../app/credits";
import { errorText } from "../auth/errorText";
import { ResetLinkBox } from "./ResetLink";

/** The columns of the users table (the reset link's row spans them all). */
export const USER_COLUMNS = 5;

const ROLES: { role: GivenRole; label: string }[] = [
  { role: "user", label: "User" },
  { role: "staff", label: "Staff" },
  { role: "admin", label: "Admin" },
];

export function UserRow({ user, self, onChange }: { user: AdminUser; self: boolean; onChange(user: AdminUser): void }) {
  const [amount, setAmount] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<ResetLink | null>(null);
  const [making, setMaking] = useState(false);

  const setRole = (role: GivenRole) => {
    setError(null);
    changeRole(user.id, role).then(onChange, (e: unknown) => setError(errorText(e)));
  };
  const give = (event: FormEvent) => {
    event.preventDefault();
    const credits = Number(amount);
    if (!Number.isInteger(credits) || credits === 0) {
      setError("Type a whole number of credits: positive to give, negative to take back.");
      return;
    }
    setBusy(true);
    setError(null);
    grantCredits({ user_id: user.id, amount: credits, ...(note.trim() ? { note: note.trim() } : {}) }).then(
      (granted) => {
        setAmount("");
        setNote("");
        onChange({ ...user, credits: granted.balance });
      },
      (e: unknown) => setError(errorText(e)),
    ).finally(() => setBusy(false));
  };
  const makeLink = () => {
    setMaking(true);
    setError(null);
    makeResetLink(user.id).then((made) => {
      setLink(made);
      onChange(user);  // the audit log names it
    }, (e: unknown) => setError(errorText(e))).finally(() => setMaking(false));
  };
  const input = "rounded-md border border-zinc-200 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950";

  return (
    <>
      <tr data-testid="admin-user" data-email={user.email}>
        <td className="py-2 pr-3">
          <p className="font-medium">{user.name || user.email}</p>
          {user.name && <p className="text-xs text-zinc-500">{user.email}</p>}
        </td>
        <td className="py-2 pr-3">
          {user.role === "owner" || self ? <span title={self ? "Another admin changes your role" : undefined}>
            {user.role === "owner" ? "Owner" : ROLES.find((r) => r.role === user.role)?.label}</span> : (
            <select aria-label={`Role of ${user.email}`} value={user.role} className={input}
              onChange={(e) => setRole(e.target.value as GivenRole)}>
              {ROLES.map(({ role, label }) => <option key={role} value={role}>{label}</option>)}
            </select>
          )}
        </td>
        <td className="py-2 text-right tabular-nums">{creditsText(user.credits)}</td>
        <td className="py-2 pl-4">
          <form className="flex gap-1.5" onSubmit={give}>
            <input aria-label={`Credits for ${user.email}`} value={amount} inputMode="numeric" placeholder="+100"
              onChange={(e) => setAmount(e.target.value)} className={`${input} w-20`} />
            <input aria-label={`Why, for ${user.email}`} value={note} placeholder="Why (for the ledger)"
              maxLength={1000} onChange={(e) => setNote(e.target.value)} className={`${input} w-40`} />
            <button type="submit" className="btn" disabled={busy}>Apply</button>
          </form>
          {error && <p role="alert" className="mt-1 text-xs text-red-600">{error}</p>}
        </td>
        <td className="py-2 pl-3 text-right">
          <button type="button" className="btn whitespace-nowrap" disabled={making} onClick={makeLink}
            title={`A one-time link for ${user.email} to choose a new password, for you to hand over`}>
            Reset link
          </button>
        </td>
      </tr>
      {link && (
        <tr>
          <td colSpan={USER_COLUMNS} className="pb-3">
            <ResetLinkBox email={user.email} link={link} onDone={() => setLink(null)} />
          </td>
        </tr>
      )}
    </>
  );
}
