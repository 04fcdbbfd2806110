// /signup: name, email and password; the new account is signed in at once and starts with the studio's credits.

import { type FormEvent, useState } from "react";
import { Link, Navigate } from "react-router-dom";
import { signUp } from "../api/auth";
import { AuthCard, Field, FormError, SubmitButton } from "./AuthCard";
import { errorText } from "./errorText";
import { MIN_PASSWORD } from "./features";
import { useAlreadySignedIn, useNext, useSignedIn } from "./useSignedInRedirect";

export default function SignUpPage() {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const signedIn = useSignedIn();
  const next = useNext();
  const away = useAlreadySignedIn();
  if (away && !busy) return <Navigate to={away} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError("Type your email and choose a password.");
      return;
    }
    setBusy(true);
    setError(null);
    signUp({ email: email.trim(), password, name: name.trim() }).then(signedIn).catch((e: unknown) => {
      setError(errorText(e));
      setBusy(false);
    });
  };

  return (
    <AuthCard title="Create your account" intro="Build and run AI workflows in your own studio space."
      onSubmit={submit} testId="signup-form"
      footer={<span>Have an account? <Link to={next === "/dashboard" ? "/signin"
        : `/signin?next=${encodeURIComponent(next)}`} className="text-accent hover:underline">Sign in</Link></span>}>
      <Field label="Name" name="name" autoComplete="name" value={name} autoFocus
        onChange={(e) => setName(e.target.value)} />
      <Field label="Email" type="email" name="email" autoComplete="email" value={email}
        onChange={(e) => setEmail(e.target.value)} />
      <Field label="Password" type="password" name="password" autoComplete="new-password" value={password}
        hint={`At least ${MIN_PASSWORD} characters`} onChange={(e) => setPassword(e.target.value)} />
      <FormError message={error} />
      <SubmitButton busy={busy}>{busy ? "Creating your account…" : "Sign up"}</SubmitButton>
    </AuthCard>
  );
}
