// /unsubscribe?token=...: the page the link at the end of every email of tips opens. Opening it is the one click: the
// emails stop at once, without signing in, and the page says so and how to undo it (a button here, or the account
// page's Emails).

import { type FormEvent, useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { type MarketingChoice, resubscribe, unsubscribe } from "../api/marketing";
import { updateMe, useSession } from "../app/session";
import { AuthCard, FormError, FormNotice, SubmitButton } from "./AuthCard";
import { errorText } from "./errorText";

const ACCOUNT_PAGE = "/account#emails";

/** The link's answer; the account page shows it too when this browser is signed in to that account. */
function chosen(answer: MarketingChoice): MarketingChoice {
  const state = useSession.getState().state;
  if (state.status === "signed-in" && state.me.email === answer.email) {
    updateMe({ marketing_emails: answer.marketing_emails });
  }
  return answer;
}

export default function UnsubscribePage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [choice, setChoice] = useState<MarketingChoice | null>(null);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!token) return;
    let live = true;
    unsubscribe(token).then(
      (answer) => { if (live) setChoice(chosen(answer)); },
      (e: unknown) => { if (live) setError(errorText(e)); },
    ).finally(() => { if (live) setBusy(false); });
    return () => { live = false; };
  }, [token]);

  const undo = (event: FormEvent) => {
    event.preventDefault();
    if (!choice) return;
    setBusy(true);
    setError(null);
    (choice.marketing_emails ? unsubscribe : resubscribe)(token).then(
      (answer) => setChoice(chosen(answer)),
      (e: unknown) => setError(errorText(e)),
    ).finally(() => setBusy(false));
  };

  const footer = <Link to={ACCOUNT_PAGE} className="text-accent hover:underline">Your account's emails</Link>;
  if (!token) {
    return (
      <AuthCard title="Emails of tips" onSubmit={(e) => e.preventDefault()} testId="unsubscribe" footer={footer}>
        <FormError message={"This page needs the whole link from the email; open it again, or sign in and turn the "
          + "emails off on your account page."} />
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Emails of tips" onSubmit={undo} testId="unsubscribe" footer={footer}>
      {!choice && busy && <p className="text-sm text-zinc-500">Stopping the emails…</p>}
      {choice && !choice.marketing_emails && <>
        <FormNotice message={`Done: ${choice.email} gets no more emails of tips from the studio.`} />
        <p className="text-sm text-zinc-500">Changed your mind? Undo it here, or turn them on again any time on your
          account page, under Emails.</p>
        <SubmitButton busy={busy}>{busy ? "Saving…" : "Send me tips again"}</SubmitButton>
      </>}
      {choice?.marketing_emails && <>
        <FormNotice message={`${choice.email} gets the emails of tips again.`} />
        <SubmitButton busy={busy}>{busy ? "Saving…" : "Stop them again"}</SubmitButton>
      </>}
      <FormError message={error} />
    </AuthCard>
  );
}
