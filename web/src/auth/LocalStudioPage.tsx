// /account on a local studio (no accounts): says so, and where what an account page would hold lives instead: the
// AI providers' keys (the server's environment), scripts (no key on this computer), the owner's data, and how to turn
// accounts on for a team.

import { type ReactNode, useEffect, useState } from "react";
import { couldNot } from "../api/client";
import { fetchProviders } from "../api/providers";
import type { ProviderStatus } from "../api/types";
import { useSession } from "../app/session";
import { Section } from "./Section";

const Code = ({ children, className = "" }: { children: ReactNode; className?: string }) => (
  <code className={`rounded bg-zinc-100 px-1 py-0.5 font-mono text-xs dark:bg-zinc-800 ${className}`}>{children}</code>
);

function ProviderKeys() {
  const [providers, setProviders] = useState<ProviderStatus[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    fetchProviders().then((list) => { if (live) setProviders(list); },
      (e: unknown) => { if (live) setError(couldNot("The providers could not be read", e)); });
    return () => { live = false; };
  }, []);
  if (error) return <p role="alert" className="text-sm text-red-600">{error}</p>;
  if (!providers) return <p className="text-sm text-zinc-500" role="status">Reading which providers are set up…</p>;
  return (
    <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="provider-keys">
      {providers.filter((p) => p.env).map((p) => (  // the studio's own tools need no key
        <li key={p.name} className="flex items-center justify-between gap-3 py-1.5">
          <span>{p.label}</span>
          <span className="flex items-center gap-2">
            <Code>{p.env}</Code>
            <span className={p.configured ? "text-emerald-600 dark:text-emerald-400" : "text-zinc-500"}>
              {p.configured ? "Set up" : "Not set"}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Where the projects, runs and files are: the folder the studio was started with (the server says it to its local
 * owner); where it looks by default, before the server has answered. */
function DataFolder() {
  const folder = useSession((s) => s.state.status === "signed-in" ? s.state.me.data_dir ?? null : null);
  if (folder) return <>in <Code className="break-all">{folder}</Code>, the studio's data folder</>;
  return <>in the studio's data folder (<Code>./data</Code> where you started it, or <Code>KARATE_DATA_DIR</Code>)</>;
}

export default function LocalStudioPage() {
  const origin = window.location.origin;
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6 px-6 py-10" data-testid="local-studio-page">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">No accounts on this studio</h1>
        <p className="mt-1 text-sm text-zinc-500">
          This studio runs in local mode, on this computer only: you are its one user, always signed in as its owner,
          so there is no account, password or sign-in to manage. Here is where those things live instead.
        </p>
      </div>
      <Section title="AI model keys"
        intro="Keys stay on this computer, in the environment of the karate serve command: set a provider's variable
          there (or in the file your shell loads) and restart the studio.">
        <ProviderKeys />
      </Section>
      <Section title="Scripts and the command line">
        <p className="text-sm">
          On this computer the API needs no key: scripts call <Code>{`${origin}/api/v1`}</Code> directly (its
          reference is at <a href="/api/docs" className="text-accent hover:underline">/api/docs</a>), and{" "}
          <Code>karate run FILE.json</Code> runs a workflow from a terminal.
        </p>
      </Section>
      <Section title="Your data">
        <p className="text-sm">
          Projects, runs and files are kept <span data-testid="data-folder"><DataFolder /></span>. Prices are shown,
          and nothing is charged.{" "}
          <a href="/api/v1/me/export" download className="text-accent hover:underline" data-testid="export-data">
            Download all of it as a zip</a>.
        </p>
      </Section>
      <Section title="Working with others">
        <p className="text-sm">
          To let people sign in, share projects and buy credits, start the studio with accounts on
          (<Code>KARATE_AUTH=true karate serve</Code>, or <Code>--host 0.0.0.0</Code>) and make the first admin
          with <Code>karate create-user EMAIL --admin</Code>. The section “Accounts” of the studio's README says
          more.
        </p>
      </Section>
    </div>
  );
}
