// /signin: email and password; the server's answer in words. Afterwards the user goes back to where they were
// (?next=), taking along the work kept when their last sign-in ended.

import { type FormEvent, useState } from "react";
import { Link, Navigate } from "react-router-dom";
import { signIn } from "../api/auth";
import { useSession } from "../app/session";
import { AuthCard, Field, FormError, FormNotice, SubmitButton } from "./AuthCard";
import { errorText } from "./errorText";
import { useAlreadySignedIn, useNext, useSignedIn } from "./useSignedInRedirect";

export default function SignInPage() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reason = useSession((s) => s.state.status === "signed-out" ? s.state.reason : null);
  const signedIn = useSignedIn();
  const next = useNext();
  const away = useAlreadySignedIn();
  if (away && !busy) return <Navigate to={away} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError("Type your email and password.");
      return;
    }
    setBusy(true);
    setError(null);
    signIn({ email: email.trim(), password }).then(signedIn).catch((e: unknown) => {
      setError(errorText(e));
      setBusy(false);
    });
  };
  const withNext = (path: string) => next === "/dashboard" ? path : `${path}?next=${encodeURIComponent(next)}`;

  return (
    <AuthCard title="Sign in" intro="to your Karate AI studio account." onSubmit={submit} testId="signin-form"
      footer={<>
        <span>No account yet? <Link to={withNext("/signup")} className="text-accent hover:underline">Sign up</Link></span>
        <Link to="/forgot-password" className="text-accent hover:underline">Forgot password?</Link>
      </>}>
      <FormNotice message={reason && !error ? reason : null} />
      <Field label="Email" type="email" name="email" autoComplete="email" value={email} autoFocus
        onChange={(e) => setEmail(e.target.value)} />
      <Field label="Password" type="password" name="password" autoComplete="current-password" value={password}
        onChange={(e) => setPassword(e.target.value)} />
      <FormError message={error} />
      <SubmitButton busy={busy}>{busy ? "Signing in…" : "Sign in"}</SubmitButton>
    </AuthCard>
  );
}
