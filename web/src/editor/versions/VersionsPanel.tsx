// The Versions panel: every saved state of the project, newest first (named ones in bold, the others by how
// they came: automatic, before a run, restored), "Save version" under a name, and for the version picked its
// difference from the current graph in words, "Restore" (one undoable change) and "Open as new project".

import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import {
  saveVersion, VERSION_NAME_MAX_LENGTH, versionDiff, type Version, type VersionDiff,
} from "../../api/versions";
import { couldNot } from "../../api/client";
import { openCollabPanel } from "../activity/panels";
import { nodeNames } from "../graph/nodeNames";
import { SidePanel } from "../panels/SidePanel";
import { startedWords } from "../panels/runTimes";
import { useEditor } from "../store/editorStore";
import { readOnly } from "../store/graphSlice";
import { diffLines, KIND_WORDS, namer } from "./diffWords";
import { openVersionCopy, restoreInPage } from "./restore";
import { loadVersions, useVersions } from "./store";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function SaveVersion({ workflowId }: { workflowId: string }) {
  const [asking, setAsking] = useState(false);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return <button type="button" className="btn btn-primary w-full justify-center" data-testid="save-version"
      onClick={() => setAsking(true)}>Save version</button>;
  }
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim() || busy) return;
    setBusy(true);
    saveVersion(workflowId, name.trim()).then(async () => {
      setAsking(false);
      setName("");
      await loadVersions(workflowId);
    }, (error: unknown) => useEditor.getState().notify(
      couldNot("The version could not be saved", error), "error")).finally(() => setBusy(false));
  };
  return (
    <form onSubmit={save} className="flex flex-col gap-1.5">
      <input aria-label="Version name" placeholder="Name this version, e.g. Final look" autoFocus
        value={name} maxLength={VERSION_NAME_MAX_LENGTH} onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => { e.stopPropagation(); if (e.key === "Escape") setAsking(false); }}
        className="field-input text-sm" />
      <span className="flex gap-1.5">
        <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>Save</button>
        <button type="button" className="btn" onClick={() => setAsking(false)}>Cancel</button>
      </span>
    </form>
  );
}

type DiffState = { status: "loading" } | { status: "ready"; diff: VersionDiff } | { status: "error"; message: string };

function VersionDetail({ workflowId, version }: { workflowId: string; version: Version }) {
  const specsByType = useEditor((s) => s.specsByType);
  const nodes = useEditor((s) => s.nodes);
  const locked = useEditor((s) => readOnly(s.workflow));
  const navigate = useNavigate();
  const [state, setState] = useState<DiffState>({ status: "loading" });
  const [busy, setBusy] = useState(false);

  useEffect(() => {  // read again when the graph changes: the difference is from the graph as it is now
    let live = true;
    const timer = setTimeout(() => void versionDiff(workflowId, version.id).then(
      (diff) => { if (live) setState({ status: "ready", diff }); },
      (error: unknown) => { if (live) setState({ status: "error", message: messageOf(error) }); }), 300);
    return () => { live = false; clearTimeout(timer); };
  }, [workflowId, version.id, nodes]);

  // each node as the user knows it, namesakes told apart ("Blur (2)"), as edges are labelled
  const names = useMemo(() => nodeNames(nodes, specsByType), [nodes, specsByType]);
  const known = (id: string) => names.get(id) ?? null;
  const lines = state.status === "ready" ? diffLines(state.diff, namer(specsByType, state.diff, known)) : [];
  // restoring it would change nothing, and save a "Before restoring" version of the same graph
  const same = state.status === "ready" && lines.length === 0;

  const restore = () => {
    setBusy(true);
    restoreInPage(workflowId, version.id).catch((error: unknown) => useEditor.getState().notify(
      couldNot(`Version ${version.number} could not be restored`, error), "error"))
      .finally(() => setBusy(false));
  };
  const copy = () => {
    setBusy(true);
    void openVersionCopy(workflowId, version.id, navigate).then((opened) => { if (!opened) setBusy(false); });
  };

  return (
    <div className="mt-2 flex flex-col gap-2 rounded-lg bg-zinc-50 p-2 dark:bg-zinc-800/50">
      <div data-testid="version-diff" data-status={state.status} className="text-xs">
        {state.status === "loading" && <p className="text-zinc-500">Comparing with the current graph…</p>}
        {state.status === "error" && (
          <p role="alert" className="text-red-600 dark:text-red-400">The difference could not be read: {state.message}</p>
        )}
        {state.status === "ready" && (lines.length === 0
          ? <p className="text-zinc-500">The same as the current graph.</p>
          : (
            <>
              <p className="mb-1 text-zinc-500">Since this version:</p>
              <ul className="flex flex-col gap-0.5">
                {lines.map((line, index) => <li key={index} data-testid="version-diff-line">{line}</li>)}
              </ul>
            </>
          ))}
      </div>
      <span className="flex flex-wrap gap-1.5">
        {!locked && (
          <button type="button" className="btn" data-testid="version-restore" disabled={busy || same}
            onClick={restore} title={same ? "The graph is this version's already: nothing to restore"
              : "Make the graph this version's again (you can undo it)"}>Restore</button>
        )}
        <button type="button" className="btn" data-testid="version-copy" disabled={busy} onClick={copy}
          title="A new project of your own with this version's graph">Open as new project</button>
      </span>
    </div>
  );
}

function VersionItem({ workflowId, version, picked, onPick }: {
  workflowId: string; version: Version; picked: boolean; onPick(): void;
}) {
  const named = version.kind === "named" && !!version.name;
  return (
    <li>
      <button type="button" data-testid="version-item" data-version-id={version.id} data-kind={version.kind}
        aria-current={picked ? "true" : undefined} onClick={onPick}
        className={`flex w-full flex-col gap-0.5 rounded-lg border p-2 text-left ${picked
          ? "border-accent bg-indigo-50/60 dark:bg-indigo-950/40"
          : "border-transparent hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}>
        <span className="flex items-baseline gap-2 text-sm">
          <span className="tabular-nums text-zinc-500">v{version.number}</span>
          <span className={`truncate ${named ? "font-semibold" : ""}`}
            title={named && version.name ? version.name : undefined}>
            {named ? version.name : KIND_WORDS[version.kind]}</span>
        </span>
        <span className="text-[11px] text-zinc-500">
          {[version.author?.name, startedWords(version.created_at)].filter(Boolean).join(" · ")}
        </span>
      </button>
      {picked && <VersionDetail workflowId={workflowId} version={version} />}
    </li>
  );
}

export function VersionsPanel({ workflowId }: { workflowId: string }) {
  const versions = useVersions((s) => s.versions);
  const status = useVersions((s) => s.status);
  const error = useVersions((s) => s.error);
  const locked = useEditor((s) => readOnly(s.workflow));
  const [picked, setPicked] = useState<string | null>(null);
  useEffect(() => { void loadVersions(workflowId); }, [workflowId]);

  return (
    <SidePanel title="Versions" label="Versions" testId="versions-panel" onClose={() => openCollabPanel(null)}>
      {!locked && <div className="mb-3"><SaveVersion workflowId={workflowId} /></div>}
      {status === "error" ? (
        <div role="alert" className="text-sm">
          <p className="text-red-600 dark:text-red-400">The versions could not be loaded: {error}</p>
          <button type="button" className="btn mt-2" onClick={() => void loadVersions(workflowId)}>Try again</button>
        </div>
      ) : status !== "ready" ? (
        <p className="text-sm text-zinc-500">Loading the versions…</p>
      ) : versions.length === 0 ? (
        <p className="text-sm text-zinc-500">No versions yet. One is kept before every run and every 10 minutes of
          editing; save one yourself with a name.</p>
      ) : (
        <ul className="flex flex-col gap-1" data-testid="version-list">
          {versions.map((version) => (
            <VersionItem key={version.id} workflowId={workflowId} version={version} picked={picked === version.id}
              onPick={() => setPicked(picked === version.id ? null : version.id)} />
          ))}
        </ul>
      )}
    </SidePanel>
  );
}
