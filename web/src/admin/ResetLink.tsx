// An account's password reset link on the admin page (for a studio that sends no mail): made on request, shown
// with a Copy button and when it stops working, to be handed over privately.

import { useState } from "react";
import type { ResetLink } from "../api/admin";

/** "14:05 today" / "09:00 on 3 May": when the link stops working, in the reader's time. */
function expiresText(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return at.toDateString() === now.toDateString() ? `${time} today`
    : `${time} on ${at.toLocaleDateString(undefined, { day: "numeric", month: "short" })}`;
}

export function ResetLinkBox({ email, link, onDone }: { email: string; link: ResetLink; onDone(): void }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = () => {
    navigator.clipboard.writeText(link.url).then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <div className="rounded-lg border border-amber-300 bg-amber-50 p-3 dark:border-amber-900 dark:bg-amber-950/40"
      data-testid="reset-link">
      <p className="text-sm">
        A link for {email} to choose a new password. It works once, until {expiresText(link.expires_at)}.
      </p>
      <div className="mt-2 flex gap-2">
        <input readOnly value={link.url} aria-label={`Reset link for ${email}`} onFocus={(e) => e.target.select()}
          className="min-w-0 flex-1 rounded-md border border-zinc-200 bg-white px-2 py-1 font-mono text-xs
            dark:border-zinc-700 dark:bg-zinc-950" />
        <button type="button" className="btn" onClick={copy}>{copied ? "Copied" : "Copy"}</button>
        <button type="button" className="btn" onClick={onDone}>Done</button>
      </div>
      <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
        Hand it to them privately (in person or a direct message): whoever opens it can set the account's password.
      </p>
      {copied === false && <p className="mt-1 text-xs text-red-600" role="alert">
        The browser did not let the page copy; select the link and copy it yourself.</p>}
    </div>
  );
}
