// /forgot-password: ask for a mailed link to choose a new password (the answer never says whether the email
// has an account).

import { type FormEvent, useState } from "react";
import { Link } from "react-router-dom";
import { requestPasswordReset } from "../api/auth";
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
      () => setSent(`If an account uses ${email.trim()}, a link to choose a new password is on its way; it works `
        + "for an hour. No mail after a few minutes? Look in the spam folder, or ask the studio's admin."),
      (e: unknown) => setError(errorText(e)),
    ).finally(() => setBusy(false));
  };

  return (
    <AuthCard title="Forgot your password?" intro="We mail you a link to choose a new one." onSubmit={submit}
      testId="forgot-password-form"
      footer={<Link to="/signin" className="text-accent hover:underline">Back to sign in</Link>}>
      <Field label="Email" type="email" name="email" autoComplete="email" value={email} autoFocus
        onChange={(e) => setEmail(e.target.value)} />
      <FormError message={error} />
      <FormNotice message={sent} />
      <SubmitButton busy={busy}>{busy ? "Sending…" : "Mail me a link"}</SubmitButton>
    </AuthCard>
  );
}
