// /forgot-password: ask for a link to choose a new password. The server's answer says what happens next:
// a mail on its way (never whether the email has an account), or that this studio sends no mail and who makes the
// link instead (whoever runs it, with `karate reset-link`; an admin, where there is one).

import { type FormEvent, useState } from "react";
import { Link } from "react-router-dom";
import { requestPasswordReset } from "../api/auth";
import { sentence } from "../api/client";
import { AuthCard, Field, FormError, FormNotice, SubmitButton } from "./AuthCard";
import { errorText } from "./errorText";

export default function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
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
      <FormNotice message={sent} />
      <SubmitButton busy={busy}>{busy ? "Sending…" : "Send a reset link"}</SubmitButton>
    </AuthCard>
  );
}
