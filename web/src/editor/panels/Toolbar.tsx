// The editor's top bar: the brand (back to the user's projects), project title, save state, undo/redo, run/cancel
// (Run refusing while a field holds text that is not valid: runGate.ts), panels, help, theme and (accounts
// mode) the credit balance, the account menu and the next run's price, with "Buy credits" when the balance falls short. A viewer of a
// project may run it (the run is theirs); signed out (a public project) Run asks to sign in first. Where the window
// is too narrow for all of it (a small laptop, a phone), the panels, Download workflow, help, theme and Share go
// behind More.

import { useEffect, useRef, useState, useSyncExternalStore, type MouseEvent } from "react";
import { useShallow } from "zustand/react/shallow";
import { createPortal } from "react-dom";
import { Link, useLocation } from "react-router-dom";
import { knownAssets } from "../../api/assets";
import { couldNot } from "../../api/client";
import { TITLE_MAX_LENGTH } from "../../api/workflows";
import { AccountMenu } from "../../app/AccountMenu";
import { Brand } from "../../app/Brand";
import { CreditBalance } from "../../app/CreditBalance";
import { creditsText } from "../../app/credits";
import { isAccount, signInPath, useSession } from "../../app/session";
import { ThemeToggle } from "../../app/ThemeToggle";
import { requestRun, runRefusal } from "../runGate";
import { cancelCurrentRun } from "../runner";
import { useRunPrice } from "../hooks/useRunPrice";
import { revertTitle, startTitleEdit, tidyTitle } from "../hooks/useAutosave";
import { titleEditable, useEditor } from "../store/editorStore";
import { downloadWorkflow } from "../workflowFile";
import { runUnderWay } from "../types";
import { mayComment, readOnly } from "../store/graphSlice";
import { runStallOf } from "../store/runSlice";
import { runProgressOf, runProgressText } from "../store/runProgress";
import { openCollabPanel, useCollabPanel } from "../activity/panels";
import { setCommentMode, useComments } from "../comments/store";
import { closedRunWords, useCollabInfo } from "../collab/presence";
import { TitleWithEnding } from "../../app/TitleWithEnding";
import { BuyForShortfall } from "./BuyForShortfall";
import { SaveIndicator } from "./SaveIndicator";
import { ShareDialog } from "./ShareDialog";
import { ToolbarMenu } from "./ToolbarMenu";

/** How many of the run's nodes are done ("12 of 221 done"): a sign of progress on a large graph zoomed out, where
 * the nodes' own badges are too small to read. Two counts from the store (runProgressOf), so it re-renders only when
 * one changes; not a live region, which would read out every node. Beside Running from sm up: a phone's bar is
 * full. */
function RunProgressCount() {
  const text = runProgressText(useEditor(useShallow(runProgressOf)));
  if (!text) return null;
  return <span data-testid="run-progress" className="hidden whitespace-nowrap text-xs tabular-nums text-zinc-500
    sm:inline">{text}</span>;
}

/** What the run under way is doing, in words: "Running", or "Waiting for a worker" while the worker executing it
 * has stopped and no other has taken it over yet (with workers; the store's `workerLostAt`), or "State unknown"
 * while the studio can't be reached; and how many of its nodes are done (RunProgressCount). */
function RunIndicator() {
  const phase = useEditor((s) => s.runPhase);
  const lostAt = useEditor((s) => s.workerLostAt);
  const unreachable = useEditor((s) => runStallOf(s) === "unreachable");
  if (phase !== "running") return null;
  if (unreachable) {
    return (
      <span role="status" data-testid="run-status" data-unknown="true"
        title="The studio can't be reached, so what the run is doing is unknown; it is read again when it is back."
        className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-950
          dark:text-amber-300">Run state unknown</span>
    );
  }
  if (lostAt) {
    const since = new Date(lostAt).toLocaleTimeString();
    return (
      <><span role="status" data-testid="run-status" data-waiting="true"
        title={`The worker running this stopped at ${since}; another worker takes it over as soon as one is free — `
          + "finished nodes are reused. Nothing to do unless no worker is running: then start one (karate worker). "
          + "Cancel it if you would rather not wait."}
        className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-950
          dark:text-amber-300">Waiting for a worker</span><RunProgressCount /></>
    );
  }
  return <><span role="status" data-testid="run-status" className="text-xs text-zinc-500">Running</span>
    <RunProgressCount /></>;
}

/** Whether `event` is the second click (or third...) of a double click: Run turns into Cancel in the same spot as it
 * is pressed, so a designer's double click on Run would cancel the run it just started; it is one press of Run. A
 * deliberate Cancel is a click of its own (the browser counts clicks by the system's double-click time). */
function secondOfDoubleClick(event: MouseEvent<HTMLButtonElement>): boolean {
  return event.detail > 1;
}

/** Cancel, for the run under way (runner's cancelCurrentRun: the run on screen, never an earlier one; pressed
 * while the run is still being submitted, it is cancelled once the server takes it). Pressed, it says
 * "Cancelling…" until the run ends, or comes back if the cancel could not be asked for. */
function CancelButton() {
  const [cancelling, setCancelling] = useState(false);
  const cancel = (event: MouseEvent<HTMLButtonElement>) => {
    if (secondOfDoubleClick(event) || cancelling) return;
    setCancelling(true);
    void cancelCurrentRun().then((asked) => { if (!asked) setCancelling(false); });
  };
  return (
    <button type="button" className="btn" onClick={cancel} disabled={cancelling} data-testid="cancel-run"
      title={cancelling ? "Cancelling the run: nodes that finished keep their results" : "Cancel the run (Ctrl+.)"}>
      <span className="h-2 w-2 animate-pulse rounded-sm bg-red-500" /> {cancelling ? "Cancelling…" : "Cancel"}
    </button>
  );
}

function RunButton() {
  const phase = useEditor((s) => s.runPhase);
  const estimate = useRunPrice((s) => s.estimate);
  const signedOut = useSession((s) => s.state.status === "signed-out");
  const location = useLocation();
  const busy = runUnderWay(phase);
  // the link ended for good (the project deleted, access taken away): nothing here can be run until it is reopened
  const closedReason = useCollabInfo((s) => s.closedReason);
  const closed = useEditor((s) => s.collab === "closed");
  // a field holds text that is not valid, or an upscale is too large for its picture: Run says so (and where) rather
  // than run the value the node kept, or a run that can only fail; worked out again as a picture's size comes too
  useSyncExternalStore(knownAssets.subscribe, knownAssets.count);
  const refusal = useEditor((s) => runRefusal(s));
  if (signedOut) {
    return (
      <Link to={signInPath(location.pathname + location.search)} className="btn btn-primary" data-testid="run"
        title="Runs are made by accounts: sign in (or sign up) to run this project">Sign in to run</Link>
    );
  }
  if (busy) {
    return (
      <>
        <RunIndicator />
        <CancelButton />
      </>
    );
  }
  const price = estimate?.charged && estimate.total > 0 ? creditsText(estimate.total) : null;
  const short = estimate?.charged && estimate.shortfall > 0
    ? `Your balance is ${creditsText(estimate.shortfall)} short of this run's ${creditsText(estimate.total)}.`
    : null;
  return (
    <>
      {estimate?.charged && <BuyForShortfall shortfall={estimate.shortfall} />}
      {/* not disabled while a field is wrong: a press (a tap on a phone, which shows no title) says why, and where */}
      <button type="button" className="btn btn-primary aria-disabled:cursor-not-allowed aria-disabled:opacity-50"
        onClick={(event) => { if (!secondOfDoubleClick(event)) requestRun(); }} data-testid="run" disabled={closed}
        aria-disabled={refusal ? true : undefined}
        title={closed ? closedRunWords(closedReason)
          : refusal ?? short ?? `Run the graph (Ctrl+Enter)${price ? `: ${price}` : ""}`}>
        <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><path d="M2 1l9 5-9 5z" fill="currentColor" /></svg>
        Run
        {price && <span data-testid="run-price" className={`rounded px-1 text-xs font-normal ${short
          ? "bg-red-500/80" : "bg-white/20"}`}>{price}</span>}
      </button>
    </>
  );
}

/** While the comment tool is on: what to do, in the toolbar (over the canvas it covered pins and threads); on a
 * phone just under it, in the middle, clear of the Nodes button. */
function CommentModeHint() {
  const mode = useComments((s) => s.mode);
  if (!mode) return null;
  return (
    // its words whole from sm up (the title field gives way); a phone's bar has no room left for them, and a phone
    // has no Esc key: there it says "Tap" and "Done"
    <span role="status" data-testid="comment-mode-hint" title="Click a node or a spot on the canvas to comment there"
      className="flex items-center gap-1.5 whitespace-nowrap rounded-full bg-amber-500 px-3 py-1 text-xs font-medium
        text-white max-sm:fixed max-sm:left-1/2 max-sm:top-14 max-sm:z-30 max-sm:-translate-x-1/2 max-sm:py-1.5
        max-sm:shadow-md sm:shrink-0 sm:gap-2">
      <span className="sm:hidden">Tap to comment ·</span>
      <span className="hidden sm:inline">Click to comment</span>
      <button type="button" className="shrink-0 underline" onClick={() => setCommentMode(false)}
        title="Stop commenting (Esc)">Done<span className="hidden sm:inline"> (Esc)</span></button>
    </span>
  );
}

/** The comment tool (C: a comment placed on a node or the canvas) for those who may comment (`mayComment`: viewers
 * too), and the Comments (the list of them all) and Versions panels. The tool's words show in the More menu (`words`:
 * the class hiding them where the bar holds its icon alone). */
function CollabButtons({ commentable, words }: { commentable: boolean; words: string }) {
  const commenting = useComments((s) => s.mode);
  const panel = useCollabPanel((s) => s.panel);
  return (
    <>
      {commentable && (
        <button type="button" className={`btn px-2 ${commenting ? "bg-amber-100 dark:bg-amber-900/50" : ""}`}
          onClick={() => setCommentMode()} aria-pressed={commenting} data-testid="comment-tool"
          aria-label="Add a comment" title="Add a comment: click a node or the canvas (C)">
          <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true"><path fill="currentColor"
            d="M2 2h12a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H6l-3.5 3V12H2a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1z" /></svg>
          <span className={words}>Add a comment</span>
        </button>
      )}
      <button type="button" className="btn" onClick={() => openCollabPanel("comments", true)}
        aria-pressed={panel === "comments"} data-testid="toggle-comments"
        title="Show this project's comments, all in a list">
        Comments
      </button>
      <button type="button" className="btn" onClick={() => openCollabPanel("versions", true)}
        aria-pressed={panel === "versions"} data-testid="toggle-versions" title="Saved versions of this project">
        Versions
      </button>
    </>
  );
}

/** Share (the project's owner, accounts mode). */
function ShareButton() {
  const [open, setOpen] = useState(false);
  const accounts = useSession((s) => isAccount(s.state));
  const owner = useEditor((s) => s.workflow !== null && (s.workflow.access ?? "owner") === "owner");
  if (!accounts || !owner) return null;
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)} data-testid="share">Share</button>
      {/* out of the More menu, which closes as Share is clicked (and whose blur would hold the dialog inside it) */}
      {open && createPortal(<ShareDialog onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}

/** Undo and Redo, each with `className` (shown in the bar from sm up, in the More menu below); in the menu
 * (`words`) their names beside their arrows, a menu of bare symbols being hard to read. */
function UndoRedo({ className, words = false }: { className: string; words?: boolean }) {
  const canUndo = useEditor((s) => s.canUndo);
  const canRedo = useEditor((s) => s.canRedo);
  const locked = useEditor((s) => readOnly(s.workflow));
  return (
    <>
      <button type="button" className={`btn px-2 ${className}`} onClick={() => useEditor.getState().undo()}
        disabled={!canUndo || locked} aria-label="Undo" title="Undo (Ctrl+Z)" data-repeatable>
        <span aria-hidden="true">↶</span>{words && " Undo"}
      </button>
      <button type="button" className={`btn px-2 ${className}`} onClick={() => useEditor.getState().redo()}
        disabled={!canRedo || locked} aria-label="Redo" title="Redo (Ctrl+Shift+Z)" data-repeatable>
        <span aria-hidden="true">↷</span>{words && " Redo"}
      </button>
    </>
  );
}

/** Download workflow, saying so if it could not be made. */
function saveWorkflowFile(): void {
  downloadWorkflow().catch((error: unknown) =>
    useEditor.getState().notify(couldNot("The workflow file could not be made", error), "error"));
}

/** Download workflow: the graph as a file `karate run` runs. Its words show in the More menu; in the bar, from
 * `inlineFrom` up, the arrow alone (the bar has no room for them). */
function DownloadButton({ inlineFrom }: { inlineFrom: "lg" | "xl" }) {
  return (
    <button type="button" className="btn px-2.5" onClick={saveWorkflowFile} data-testid="download-workflow"
      aria-label="Download workflow" title="Download workflow: this graph as a JSON file, to run with karate run">
      <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor"
        strokeWidth="1.75" strokeLinecap="round" strokeLinejoin="round"><path d="M8 2v8M4.5 6.5 8 10l3.5-3.5M3 13h10" />
      </svg>
      <span className={inlineFrom === "lg" ? "lg:hidden" : "xl:hidden"}>Download workflow</span>
    </button>
  );
}

/** Whether `inserted` (typed or pasted) makes the title in `box` longer than a title may be. */
function titleIsCut(box: HTMLInputElement, inserted: string): boolean {
  const replaced = (box.selectionEnd ?? 0) - (box.selectionStart ?? 0);
  return box.value.length - replaced + inserted.length > TITLE_MAX_LENGTH;
}

/** The project's title, typed in place. It may be typed as soon as it shows, while the live document still
 * connects (`titleEditable`): the title is saved through the API, not in that document.
 * It takes the bar's free room up to its own length (a copy's "… (copy 2)" whole on a laptop) and gives way where
 * the bar is short (the buttons keep their place). Cut, it shows as the dashboard's cards do: the base cut, the
 * ending that tells a copy from its original kept ("Spring campaign 2026 – he… (copy 2)"), the whole on hover;
 * being typed in, the field shows the whole title as typed. */
function TitleField() {
  const title = useEditor((s) => s.workflow?.title ?? "");
  const fixed = useEditor((s) => !titleEditable(s));
  const [editing, setEditing] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {  // the field keeps TITLE_MAX_LENGTH characters (maxLength): what it leaves out is said
    const box = field.current;
    if (!box) return;
    const cut = (event: InputEvent) => {
      if (event.data && titleIsCut(box, event.data)) {
        useEditor.getState().notify(`A project title holds at most ${TITLE_MAX_LENGTH} characters: the rest was left `
          + "out.");
      }
    };
    box.addEventListener("beforeinput", cut);
    return () => box.removeEventListener("beforeinput", cut);
  }, []);
  // the box is as wide as the title's words (the hidden copy below: an input does not size to its text), a little
  // more for the caret, and shrinks in the bar like any item; the field and the cut display lie over it
  return (
    <span data-testid="title-box" className="relative min-w-16 shrink overflow-hidden rounded-md text-sm font-medium">
      <span aria-hidden="true" className="invisible block whitespace-pre py-1 pl-2 pr-3">{title || " "}</span>
      <input ref={field} aria-label="Project title" value={title} title={title} maxLength={TITLE_MAX_LENGTH}
        readOnly={fixed}
        onChange={(e) => useEditor.getState().renameWorkflow(e.target.value)}
        onFocus={() => { setEditing(true); startTitleEdit(); }}
        onBlur={() => { setEditing(false); tidyTitle(); }}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();  // Escape here takes back the typing, and closes no panel (useShortcuts)
            revertTitle();
          }
          if (e.key === "Enter" || e.key === "Escape") e.currentTarget.blur();
        }}
        className={`absolute inset-0 h-full w-full truncate rounded-md bg-transparent px-2 py-1 outline-none
          hover:bg-zinc-100 focus:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus:bg-zinc-800
          ${editing ? "" : "text-transparent"}`} />
      {!editing && (
        // the title as read (the field beneath holds it for typing, and for a screen reader): clicks go through
        <span aria-hidden="true" data-testid="title-display"
          className="pointer-events-none absolute inset-0 flex items-center px-2">
          <TitleWithEnding title={title} />
        </span>
      )}
    </span>
  );
}

export function Toolbar() {
  const phase = useEditor((s) => s.runPhase);
  const commentable = useEditor((s) => mayComment(s.workflow));
  // with accounts the bar also holds Share, the balance and the account menu (or Sign in)
  const local = useSession((s) => s.state.status === "signed-in" && s.state.me.mode !== "accounts");
  const inlineFrom = local ? "lg" : "xl";
  const words = inlineFrom === "lg" ? "lg:hidden" : "xl:hidden";  // an icon's words, shown in the More menu only
  const store = useEditor.getState();

  // Narrower than lg (xl with accounts), the secondary buttons go behind More; narrower than sm, Undo and Redo too,
  // the brand shows its mark alone and the save state its dot: one row of everything needs ~950 px (~1250 with
  // accounts, a run under way), a phone has 360-390.
  return (
    <header className="flex h-12 shrink-0 items-center gap-2 border-b border-zinc-200 bg-white px-3 sm:gap-3
      dark:border-zinc-800 dark:bg-zinc-900">
      <span className="flex shrink-0 sm:hidden"><Brand markOnly /></span>
      <span className="hidden shrink-0 sm:flex"><Brand compact /></span>
      <span className="hidden h-5 w-px shrink-0 bg-zinc-200 sm:block dark:bg-zinc-800" />
      <TitleField />
      <SaveIndicator />
      <CommentModeHint />
      <div className="ml-auto flex shrink-0 items-center gap-1.5">
        <span data-testid="run-phase" data-phase={phase} className="sr-only">{phase}</span>
        <UndoRedo className="hidden sm:inline-flex" />
        <ToolbarMenu inlineFrom={inlineFrom}>
          <UndoRedo className="sm:hidden" words />
          <CollabButtons commentable={commentable} words={words} />
          <button type="button" className="btn" onClick={() => store.toggleGallery()} data-testid="toggle-gallery"
            title="Every result of this project's runs, to open full size or download">
            Results
          </button>
          <button type="button" className="btn" onClick={() => store.toggleHistory()} data-testid="toggle-history"
            title="This project's runs">
            History
          </button>
          <DownloadButton inlineFrom={inlineFrom} />
          <button type="button" className="btn px-2.5" onClick={() => store.toggleHelp(true)}
            aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
            <span aria-hidden="true">?</span><span className={words}>Keyboard shortcuts</span>
          </button>
          <ThemeToggle words={words} />
          <ShareButton />
        </ToolbarMenu>
        <RunButton />
        <span className="hidden sm:contents"><CreditBalance /></span>
        <AccountMenu />
      </div>
    </header>
  );
}
