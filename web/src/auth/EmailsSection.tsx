// The account page's emails: whether the studio may mail you a few tips after you have been away for a week (it
// sends them only where its team switched them on). The same choice as the link at the end of each of those emails.

import { useState } from "react";
import { updateProfile } from "../api/me";
import { updateMe } from "../app/session";
import { FormError } from "./AuthCard";
import { errorText } from "./errorText";
import { Section } from "./Section";

export function EmailsSection({ receives }: { receives: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const choose = (on: boolean) => {
    setBusy(true);
    setError(null);
    updateProfile({ marketing_emails: on }).then(
      (me) => updateMe({ marketing_emails: me.marketing_emails }),
      (e: unknown) => setError(errorText(e)),
    ).finally(() => setBusy(false));
  };

  return (
    <Section id="emails" title="Emails"
      intro="Mail about your account (password resets, answers to your questions) always comes.">
      <label className="flex items-start gap-3 text-sm">
        <input type="checkbox" className="mt-0.5" checked={receives} disabled={busy}
          onChange={(e) => choose(e.target.checked)} />
        <span>
          <span className="font-medium">Tips after a week away</span>
          <span className="block text-zinc-500">
            When you have not used the studio for a week, it may email you a few tips for your next project. Each
            of those emails also has a link that turns them off.
          </span>
        </span>
      </label>
      <div className="mt-3"><FormError message={error} /></div>
    </Section>
  );
}
