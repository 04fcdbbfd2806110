// /signup: name, email and password; the new account is signed in at once and starts with the studio's credits.

import { useState } from "react";
import { Link, Navigate } from "react-router-dom";
import { signUp } from "../api/auth";
import { AuthCard, Field, FormError, SubmitButton } from "./AuthCard";
import { MIN_PASSWORD } from "./features";
import { useAccountForm } from "./useAccountForm";

export default function SignUpPage() {
  const [name, setName] = useState("");
  const { email, setEmail, password, setPassword, busy, error, next, redirect, submit } = useAccountForm(
    "Type your email and choose a password.", (email, password) => signUp({ email, password, name: name.trim() }));
  if (redirect) return <Navigate to={redirect} replace />;

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
