// Change the password: the current one is checked; other sessions of the account are signed out.

import { type FormEvent, useState } from "react";
import { changePassword } from "../api/auth";
import { Field, FormError, FormNotice } from "./AuthCard";
import { errorText } from "./errorText";
import { MIN_PASSWORD } from "./features";

export function ChangePasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    if (!current || !next) {
      setError("Type your current password and the new one.");
      return;
    }
    setBusy(true);
    setError(null);
    changePassword({ current_password: current, new_password: next }).then(() => {
      setCurrent("");
      setNext("");
      setDone("Your password is changed. Your other browsers and devices are signed out.");
    }, (e: unknown) => setError(errorText(e))).finally(() => setBusy(false));
  };

  return (
    <form className="flex max-w-sm flex-col gap-3" onSubmit={submit} noValidate data-testid="password-form">
      <Field label="Current password" type="password" autoComplete="current-password" value={current}
        onChange={(e) => setCurrent(e.target.value)} />
      <Field label="New password" type="password" autoComplete="new-password" value={next}
        hint={`At least ${MIN_PASSWORD} characters`} onChange={(e) => setNext(e.target.value)} />
      <FormError message={error} />
      <FormNotice message={done} />
      <div><button type="submit" className="btn btn-primary" disabled={busy}>Change password</button></div>
    </form>
  );
}
