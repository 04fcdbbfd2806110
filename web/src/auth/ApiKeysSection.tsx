// API keys for scripts and the CLI (sent as x-api-key): create one (its value is shown this once, with a copy
// button), see them listed by name and first characters, revoke one.

import { type FormEvent, useEffect, useState } from "react";
import { type ApiKey, type NewApiKey, createApiKey, listApiKeys, revokeApiKey } from "../api/auth";
import { ConfirmDialog } from "../dashboard/ConfirmDialog";
import { timeAgo } from "../dashboard/timeAgo";
import { FormError } from "./AuthCard";
import { errorText } from "./errorText";
import { Section } from "./Section";

function NewKey({ created, onDone }: { created: NewApiKey; onDone(): void }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = () => {
    navigator.clipboard.writeText(created.key).then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <div className="mb-4 rounded-lg border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-900
      dark:bg-emerald-950/40" data-testid="new-api-key">
      <p className="text-sm font-medium">Your new key "{created.name}". Copy it now: it is not shown again.</p>
      <div className="mt-2 flex gap-2">
        <input readOnly value={created.key} aria-label="New API key" onFocus={(e) => e.target.select()}
          className="min-w-0 flex-1 rounded-md border border-zinc-200 bg-white px-2 py-1 font-mono text-xs
            dark:border-zinc-700 dark:bg-zinc-950" />
        <button type="button" className="btn" onClick={copy}>{copied ? "Copied" : "Copy"}</button>
        <button type="button" className="btn" onClick={onDone}>Done</button>
      </div>
      {copied === false && <p className="mt-2 text-xs text-red-600" role="alert">
        The browser did not let the page copy; select the key and copy it yourself.</p>}
    </div>
  );
}

export function ApiKeysSection() {
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<NewApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listApiKeys().then(setKeys, (e: unknown) => setError(errorText(e)));
  }, []);

  const create = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    createApiKey(name.trim() || "API key").then((key) => {
      setCreated(key);
      setName("");
      setKeys((list) => [key, ...(list ?? [])]);
    }, (e: unknown) => setError(errorText(e)));
  };
  const revoke = (key: ApiKey) => {
    setRevoking(null);
    setError(null);
    revokeApiKey(key.id).then(() => {
      setKeys((list) => list?.filter((k) => k.id !== key.id) ?? null);
      setCreated((shown) => shown?.id === key.id ? null : shown);
    }, (e: unknown) => setError(errorText(e)));
  };

  return (
    <Section title="API keys" intro="For scripts and the command line: send a key as the x-api-key header.">
      {created && <NewKey created={created} onDone={() => setCreated(null)} />}
      <form className="flex gap-2" onSubmit={create} data-testid="api-key-form">
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Key name, e.g. laptop CLI"
          aria-label="Key name" maxLength={100} className="w-64 rounded-md border border-zinc-200 bg-white px-3
            py-1.5 text-sm outline-none focus:border-accent dark:border-zinc-700 dark:bg-zinc-950" />
        <button type="submit" className="btn btn-primary">Create key</button>
      </form>
      <div className="mt-3"><FormError message={error} /></div>
      {keys === null && !error && <p className="mt-4 text-sm text-zinc-500" role="status">Loading keys…</p>}
      {keys?.length === 0 && <p className="mt-4 text-sm text-zinc-500">No API keys yet.</p>}
      {keys && keys.length > 0 && (
        <ul className="mt-4 divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="api-key-list">
          {keys.map((key) => (
            <li key={key.id} className="flex items-center justify-between gap-4 py-2.5">
              <div className="min-w-0">
                <p className="truncate text-sm font-medium">{key.name}</p>
                <p className="text-xs text-zinc-500">
                  <span className="font-mono">{key.prefix}…</span> · created {timeAgo(key.created_at)}
                  {" · "}{key.last_used_at ? `last used ${timeAgo(key.last_used_at)}` : "never used"}
                </p>
              </div>
              <button type="button" className="btn btn-danger" onClick={() => setRevoking(key)}
                aria-label={`Revoke ${key.name}`}>Revoke</button>
            </li>
          ))}
        </ul>
      )}
      {revoking && <ConfirmDialog title="Revoke this key?" confirmLabel="Revoke"
        message={`Scripts using "${revoking.name}" (${revoking.prefix}…) are refused from now on.`}
        onConfirm={() => revoke(revoking)} onCancel={() => setRevoking(null)} />}
    </Section>
  );
}
