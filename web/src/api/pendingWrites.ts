// Writes a page started and another page must not read past: the editor's title save, still on its way when the
// person goes back to the dashboard, is waited for before the dashboard lists the projects (else the card would
// show the title from before).

let pending: Promise<unknown> = Promise.resolve();

/** Note a write under way; `settled()` waits for it. */
export function track(write: Promise<unknown>): void {
  pending = Promise.allSettled([pending, write]);
}

/** Resolves once every write noted so far has ended (saved or refused: never rejects). */
export function settled(): Promise<void> {
  return pending.then(() => undefined, () => undefined);
}
