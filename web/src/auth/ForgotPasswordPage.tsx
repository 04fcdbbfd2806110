// /forgot-password: ask for a link to choose a new password. The server's answer says what happens next:
// a mail on its way (never whether the email has an account), or that this studio sends no mail and who makes the
// link instead (whoever runs it, with `karate reset-link`; an admin, where there is one). The email typed on the
// sign-in page comes along; one that is no address is refused in sign-up's words (the server's one check).

import { type FormEvent, type ReactNode, useState } from "react";
import { Link, useLocation } from "react-router-dom";
import { requestPasswordReset } from "../api/auth";
import { sentence } from "../api/client";
import { AuthCard, Field, FormError, FormNotice, SubmitButton } from "./AuthCard";
import { errorText } from "./errorText";

/** What the sign-in page hands over when following its "Forgot password?" link. */
export interface ForgotPasswordState { email: string }

/** The server's words, each command it quotes (“karate reset-link”) shown as code on one line: never broken at
 * its hyphen, copied as typed. */
function withCommands(text: string): ReactNode {
  return text.split(/“(karate [^”]+)”/).map((part, i) => i % 2 === 0 ? part
    : <code key={i} className="whitespace-nowrap rounded bg-white/70 px-1 font-mono text-xs dark:bg-black/30">
      {part}</code>);
}

export default function ForgotPasswordPage() {
  const handed = useLocation().state as Partial<ForgotPasswordState> | null;
  const [email, setEmail] = useState(typeof handed?.email === "string" ? handed.email : "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim()) {
      setError("Type the email of your account.");
      return;
    }
    setBusy(true);
    setError(null);
    setSent(null);
    requestPasswordReset(email.trim()).then(
      (answer) => setSent(sentence(answer.detail)),
      (e: unknown) => setError(errorText(e)),
    ).finally(() => setBusy(false));
  };

  return (
    <AuthCard title="Forgot your password?" intro={"Ask for a link to choose a new one. If this studio sends mail, the link arrives by mail; "
      + "otherwise this page tells you whom to ask for it."} onSubmit={submit}
      testId="forgot-password-form"
      footer={<Link to="/signin" className="text-accent hover:underline">Back to sign in</Link>}>
      <Field label="Email" type="email" name="email" autoComplete="email" value={email} autoFocus
        onChange={(e) => setEmail(e.target.value)} />
      <FormError message={error} />
      <FormNotice message={sent && withCommands(sent)} />
      <SubmitButton busy={busy}>{busy ? "Sending…" : "Send a reset link"}</SubmitButton>
    </AuthCard>
  );
}
