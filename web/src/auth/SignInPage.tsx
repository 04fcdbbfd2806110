// /signin: email and password; the server's answer in words. Afterwards the user goes back to where they were
// (?next=), taking along the work kept when their last sign-in ended. "Forgot password?" takes the email typed along.

import { Link, Navigate } from "react-router-dom";
import { signIn } from "../api/auth";
import { useSession } from "../app/session";
import { AuthCard, Field, FormError, FormNotice, SubmitButton } from "./AuthCard";
import type { ForgotPasswordState } from "./ForgotPasswordPage";
import { useAccountForm } from "./useAccountForm";

export default function SignInPage() {
  const { email, setEmail, password, setPassword, busy, error, next, redirect, submit } = useAccountForm(
    "Type your email and password.", (email, password) => signIn({ email, password }));
  const reason = useSession((s) => s.state.status === "signed-out" ? s.state.reason : null);
  if (redirect) return <Navigate to={redirect} replace />;

  const withNext = (path: string) => next === "/dashboard" ? path : `${path}?next=${encodeURIComponent(next)}`;

  return (
    <AuthCard title="Sign in" intro="to your Karate AI studio account." onSubmit={submit} testId="signin-form"
      footer={<>
        <span>No account yet? <Link to={withNext("/signup")} className="text-accent hover:underline">Sign up</Link></span>
        <Link to="/forgot-password" state={{ email: email.trim() } satisfies ForgotPasswordState}
          className="text-accent hover:underline">Forgot password?</Link>
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
