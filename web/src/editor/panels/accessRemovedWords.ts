// What the editor says once this user may no longer read the project open (panels/AccessRemoved.tsx).

/** The words: `pending`, whether this page holds edits the studio does not. */
export function accessRemovedWords(wasPublic: boolean, storedAt: Date | null, pending: boolean): string {
  const what = wasPublic ? "Its owner made this project private, so you can no longer open it."
    : "Its owner stopped sharing this project with you, so you can no longer open or change it.";
  const time = storedAt?.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const kept = time ? ` Your edits up to ${time} are saved in it.` : "";
  const since = pending ? ` Your changes${time ? " since" : ""} are only on this page: keep them as a new project, or`
    + " they are lost when you leave." : "";
  return `${what}${kept} To go on in it, ask its owner to share it with you again.${since}`;
}
