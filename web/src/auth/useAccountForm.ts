// The sign-in and sign-up forms' common part: email and password, busy and error, where an already signed-in
// visitor goes instead, and the submit that checks the fields, calls the server and goes on once signed in.

import { type FormEvent, useState } from "react";
import type { Session } from "../api/auth";
import { errorText } from "./errorText";
import { useAlreadySignedIn, useNext, useSignedIn } from "./useSignedInRedirect";

/** `missing`: the words when email or password is empty; `send`: the call with the trimmed email and password. */
export function useAccountForm(missing: string, send: (email: string, password: string) => Promise<Session>) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const signedIn = useSignedIn();
  const next = useNext();
  const away = useAlreadySignedIn();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError(missing);
      return;
    }
    setBusy(true);
    setError(null);
    send(email.trim(), password).then(signedIn).catch((e: unknown) => {
      setError(errorText(e));
      setBusy(false);
    });
  };

  /** Where to go instead of showing the form (null while it should show; never while a sign-in is under way). */
  const redirect = away && !busy ? away : null;
  return { email, setEmail, password, setPassword, busy, error, next, redirect, submit };
}
