// /reset-password?token=...: the page the mailed link opens; choose a new password, then sign in with it
// (every session of the account was signed out).

import { type FormEvent, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { confirmPasswordReset } from "../api/auth";
import { loadSession } from "../app/session";
import { AuthCard, Field, FormError, FormNotice, SubmitButton } from "./AuthCard";
import { errorText } from "./errorText";
import { MIN_PASSWORD } from "./features";

export default function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      setError("Choose a new password.");
      return;
    }
    setBusy(true);
    setError(null);
    confirmPasswordReset({ token, new_password: password }).then(() => {
      setDone(true);
      void loadSession(true);  // this browser's sign-in, if it was that account's, has ended
    }, (e: unknown) => setError(errorText(e))).finally(() => setBusy(false));
  };

  const footer = <Link to={done ? "/signin" : "/forgot-password"} className="text-accent hover:underline">
    {done ? "Sign in" : "Ask for a new link"}</Link>;
  if (!token) {
    return (
      <AuthCard title="Choose a new password" onSubmit={(e) => e.preventDefault()} testId="reset-password-form"
        footer={footer}>
        <FormError message={"This page needs the whole reset link (from the mail, or the one you were given); open "
          + "that link, or ask for a new one."} />
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password" onSubmit={submit} testId="reset-password-form" footer={footer}>
      {done ? <FormNotice message={"Your password is changed. Sign in with it: every browser that was signed in "
        + "to your account is signed out."} /> : <>
        <Field label="New password" type="password" name="password" autoComplete="new-password" value={password}
          autoFocus hint={`At least ${MIN_PASSWORD} characters`} onChange={(e) => setPassword(e.target.value)} />
        <FormError message={error} />
        <SubmitButton busy={busy}>{busy ? "Saving…" : "Set the new password"}</SubmitButton>
      </>}
    </AuthCard>
  );
}
