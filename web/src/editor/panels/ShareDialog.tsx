// Share the project (its owner, accounts mode): with an account by email as viewer or editor, see who has it,
// change what a member may do (Can view / Can edit), stop sharing (asked first: it closes the project on their screen
// at once, which no undo could take back), and make it public (readable by anyone signed in with its link). Sharing
// again with a member's email changes their role: the dialog says so before (shareWords).

import { type FormEvent, useEffect, useRef, useState } from "react";
import { type Share, type ShareRole, listShares, setPublic, shareWorkflow, unshareWorkflow } from "../../api/shares";
import { errorText } from "../../auth/errorText";
import { ConfirmDialog } from "../../dashboard/ConfirmDialog";
import { saveNow } from "../hooks/useAutosave";
import { useEditor } from "../store/editorStore";
import { ROLE_TEXT, removeQuestion, removedText, roleChangedText, shareIntent, sharedText } from "./shareWords";

/** A member's row in one line, "Bob · bob@example.com": its title (the row shows the name over the whole email). */
const memberLine = (member: Share): string => `${member.name ? `${member.name} · ` : ""}${member.email}`;

export function ShareDialog({ onClose }: { onClose(): void }) {
  const workflow = useEditor((s) => s.workflow);
  const [shares, setShares] = useState<Share[] | null>(null);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<ShareRole>("viewer");
  const [error, setError] = useState<string | null>(null);
  /** What the last change did ("Changed Bob from Can edit to Can view."), until the next one begins. */
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<ReadonlySet<string>>(new Set());
  /** The member whose Remove was pressed, while the dialog asks whether to take them off. */
  const [confirming, setConfirming] = useState<Share | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const id = workflow?.id ?? null;

  useEffect(() => {
    first.current?.focus();
    if (id) listShares(id).then(setShares, (e: unknown) => setError(errorText(e)));
  }, [id]);
  // Escape closes it wherever the focus is (a button disabled while it works, such as Share, lets go of it), and
  // only it: answered before the editor's shortcuts hear it (closeTopmost). While it asks about a removal, Escape
  // answers the question (Cancel) and the dialog stays.
  useEffect(() => {
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      event.preventDefault();
      if (confirming) setConfirming(null);
      else onClose();
    };
    window.addEventListener("keydown", closeOnEscape, true);
    return () => window.removeEventListener("keydown", closeOnEscape, true);
  }, [onClose, confirming]);
  if (!workflow || !id) return null;
  const intent = shareIntent(shares, email, role);

  const share = (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim()) {
      setError("Type the email of the account to share with.");
      return;
    }
    if (!/^[^@\s]+@[^@\s]+$/.test(email.trim())) {  // the server checks it too: this says so before asking
      setError(`“${email.trim()}” is not an email address: type the email of the account to share with.`);
      return;
    }
    if (intent.kind === "same") return;  // they have that role already: the line under the form says so
    setBusy(true);
    setError(null);
    setDone(null);
    shareWorkflow(id, email.trim(), role).then((added) => {
      setShares((list) => [...(list ?? []).filter((s) => s.user_id !== added.user_id), added]);
      setEmail("");
      setDone(intent.kind === "change" ? roleChangedText(added, intent.member.role) : sharedText(added));
    }, (e: unknown) => setError(errorText(e))).finally(() => {
      setBusy(false);
      first.current?.focus();  // ready for the next email
    });
  };
  const changeRole = (member: Share, next: ShareRole) => {
    setError(null);
    setDone(null);
    // Sharing again with the member's email changes their role.
    shareWorkflow(id, member.email, next).then((updated) => {
      setShares((list) => list?.map((s) => (s.user_id === updated.user_id ? updated : s)) ?? null);
      setDone(roleChangedText(updated, member.role));
    }, (e: unknown) => setError(errorText(e)));
  };
  const remove = (member: Share) => {
    setConfirming(null);
    if (removing.has(member.user_id)) return;  // a double click removes once
    setError(null);
    setDone(null);
    setRemoving((ids) => new Set(ids).add(member.user_id));
    unshareWorkflow(id, member.user_id).then(() => {
      setShares((list) => list?.filter((s) => s.user_id !== member.user_id) ?? null);
      setDone(removedText(member));
      first.current?.focus();  // their row, and its Remove button, are gone
    }, (e: unknown) => setError(errorText(e)))
      .finally(() => setRemoving((ids) => { const left = new Set(ids); left.delete(member.user_id); return left; }));
  };
  const togglePublic = async (value: boolean) => {
    setError(null);
    try {
      await saveNow();  // the title on screen first; the graph is saved live and co-edited: no version to match
      const saved = await setPublic(id, value);
      const now = useEditor.getState();
      if (now.workflow) now.setWorkflowMeta({ ...now.workflow, version: saved.version, isPublic: saved.is_public });
    } catch (e) {
      setError(errorText(e));
    }
  };
  const field = "rounded-md border border-zinc-200 bg-white px-2 py-1.5 text-sm outline-none focus:border-accent "
    + "dark:border-zinc-700 dark:bg-zinc-950";

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-zinc-950/40 p-4 backdrop-blur-sm">
      {/* a margin all round on a phone, where 28rem is wider than the screen */}
      <div role="dialog" aria-modal="true" aria-label="Share this project" data-testid="share-dialog"
        className="panel animate-fade-in w-[28rem] max-w-full p-5">
        <h2 className="text-base font-semibold">Share "{workflow.title}"</h2>
        <form className="mt-4 flex gap-2" onSubmit={share} noValidate>
          <input ref={first} type="email" value={email}
            onChange={(e) => { setEmail(e.target.value); setError(null); setDone(null); }}
            placeholder="Email of a studio account" aria-label="Email to share with"
            className={`${field} min-w-0 flex-1`} />
          <select value={role} onChange={(e) => setRole(e.target.value as ShareRole)} aria-label="Role"
            className={field}>
            <option value="viewer">{ROLE_TEXT.viewer}</option>
            <option value="editor">{ROLE_TEXT.editor}</option>
          </select>
          {/* off while the member already has the role chosen: Share would change nothing (the line below says so) */}
          <button type="submit" className="btn btn-primary shrink-0" disabled={busy || intent.kind === "same"}
            title={intent.kind === "same" ? intent.words : undefined}
            aria-describedby={intent.kind === "new" ? undefined : "share-intent"}>
            {intent.kind === "change" ? intent.button : "Share"}</button>
        </form>
        {/* said before Share does it: this email has the project already, and what Share would change; both lines
          are always there (empty, hidden) so that a screen reader hears them as they fill */}
        <p id="share-intent" data-testid="share-intent" aria-live="polite" className="mt-2 break-words text-sm
          text-zinc-600 empty:hidden dark:text-zinc-400">{intent.kind === "new" ? "" : intent.words}</p>
        <p role="status" data-testid="share-done" className="mt-2 break-words text-sm text-emerald-700 empty:hidden
          dark:text-emerald-400">{done}</p>
        {error && <p role="alert" className="mt-3 rounded-md bg-red-50 p-2 text-sm text-red-700 dark:bg-red-950/40
          dark:text-red-300">{error}</p>}
        <ul className="mt-4 divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid="share-list">
          {shares?.length === 0 && <li className="py-2 text-zinc-500">Shared with nobody yet.</li>}
          {shares?.map((member) => (
            <li key={member.user_id} className="flex items-center justify-between gap-3 py-2">
              {/* the email whole, wrapped where the row is too narrow for it: the name is what may be cut */}
              <span className="min-w-0 flex-1" title={memberLine(member)}>
                {member.name && <span className="block truncate">{member.name}</span>}
                <span className="block break-all text-zinc-500">{member.email}</span></span>
              <span className="flex shrink-0 items-center gap-2 text-zinc-500">
                <select value={member.role} onChange={(e) => changeRole(member, e.target.value as ShareRole)}
                  aria-label={`Role of ${member.email}`} className={`${field} py-0.5`}>
                  <option value="viewer">{ROLE_TEXT.viewer}</option>
                  <option value="editor">{ROLE_TEXT.editor}</option>
                </select>
                <button type="button" className="btn btn-danger py-0.5" onClick={() => setConfirming(member)}
                  disabled={removing.has(member.user_id)}
                  aria-label={`Remove ${member.email} from this share`}>Remove</button></span>
            </li>
          ))}
        </ul>
        <label className="mt-4 flex items-center gap-2 text-sm">
          <input type="checkbox" checked={workflow.isPublic ?? false}
            onChange={(e) => void togglePublic(e.target.checked)} />
          Public: anyone with its link can view it (read only)
        </label>
        <div className="mt-5 flex justify-end">
          <button type="button" className="btn" onClick={onClose}>Done</button>
        </div>
      </div>
      {confirming && <ConfirmDialog {...removeQuestion(confirming, workflow.isPublic ?? false)} confirmLabel="Remove"
        onConfirm={() => remove(confirming)} onCancel={() => setConfirming(null)} />}
    </div>
  );
}
