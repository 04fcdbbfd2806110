// A question before something that cannot be taken back lightly (delete every project, empty the trash, revoke a
// key): a modal alert dialog named by its title and described by its message. Focus starts on Cancel and stays in
// the dialog (Tab and Shift+Tab go round its buttons); Escape cancels wherever focus is; on close, focus goes back
// where it was.

import { useEffect, useId, useRef, type RefObject } from "react";

interface ConfirmDialogProps {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
}

/** Tab from the last button goes to the first, Shift+Tab from the first to the last (and from outside, into the
 * dialog): focus never leaves it. */
function trapFocus(event: KeyboardEvent, dialog: RefObject<HTMLDivElement | null>): void {
  const buttons = [...(dialog.current?.querySelectorAll<HTMLElement>("button:not(:disabled)") ?? [])];
  if (buttons.length === 0) return;
  const [first, last] = [buttons[0], buttons[buttons.length - 1]];
  const inside = dialog.current?.contains(document.activeElement) ?? false;
  if (event.shiftKey && (document.activeElement === first || !inside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
    event.preventDefault();
    first.focus();
  }
}

export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const messageId = useId();
  const latestCancel = useRef(onCancel);
  useEffect(() => { latestCancel.current = onCancel; });

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    cancel.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Tab") trapFocus(event, dialog);
      if (event.key !== "Escape") return;
      event.preventDefault();
      latestCancel.current();
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      before?.focus?.();
    };
  }, []);

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-zinc-950/40 p-4 backdrop-blur-sm">
      <div ref={dialog} role="alertdialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={messageId}
        className="panel animate-fade-in w-96 max-w-full p-5">
        <h2 id={titleId} className="text-base font-semibold">{title}</h2>
        <p id={messageId} className="mt-2 text-sm text-zinc-500">{message}</p>
        <div className="mt-5 flex justify-end gap-2">
          <button ref={cancel} type="button" className="btn" onClick={onCancel}>Cancel</button>
          <button type="button" className="btn border-transparent bg-red-600 text-white hover:bg-red-500
            dark:bg-red-600 dark:text-white" onClick={onConfirm}>{confirmLabel}</button>
        </div>
      </div>
    </div>
  );
}
