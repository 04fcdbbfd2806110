// The frame of the sign-in, sign-up and password pages: a centred card with a title, its fields and the
// server's answer in words.

import type { FormEvent, InputHTMLAttributes, ReactNode } from "react";

export function AuthCard({ title, intro, children, footer, onSubmit, testId }: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  onSubmit(event: FormEvent<HTMLFormElement>): void;
  testId: string;
}) {
  return (
    <div className="mx-auto max-w-sm px-6 py-16">
      <form className="panel flex flex-col gap-4 p-6" onSubmit={onSubmit} data-testid={testId} noValidate>
        <div>
          <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
          {intro && <p className="mt-1 text-sm text-zinc-500">{intro}</p>}
        </div>
        {children}
      </form>
      {footer && <div className="mt-4 flex flex-col gap-1 text-center text-sm text-zinc-500">{footer}</div>}
    </div>
  );
}

export function Field({ label, hint, ...input }: { label: string; hint?: string } &
  InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="flex flex-col gap-1 text-sm font-medium">
      {label}
      <input {...input} className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-sm font-normal
        outline-none focus:border-accent dark:border-zinc-700 dark:bg-zinc-950" />
      {hint && <span className="text-xs font-normal text-zinc-500">{hint}</span>}
    </label>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700 dark:bg-red-950/40
    dark:text-red-300">{message}</p>;
}

export function FormNotice({ message }: { message: ReactNode }) {
  if (!message) return null;
  return <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800 dark:bg-emerald-950/40
    dark:text-emerald-300">{message}</p>;
}

export function SubmitButton({ busy, children }: { busy: boolean; children: ReactNode }) {
  return <button type="submit" className="btn btn-primary justify-center py-2" disabled={busy}>{children}</button>;
}
