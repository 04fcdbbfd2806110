// When a run started and how long it took, in words: for the run history and the picked-run banner.

/** When a run started: the time of day for today's runs, else the date too. */
export function startedWords(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  if (at.toDateString() === now.toDateString()) return time;
  return `${at.toLocaleDateString(undefined, { month: "short", day: "numeric" })}, ${time}`;
}

/** How long a run took, in words: "35 ms", "4.2 s", "12 s", "2 min 5 s"; null while it has not ended. */
export function durationWords(startedIso: string | null, finishedIso: string | null): string | null {
  if (!startedIso || !finishedIso) return null;
  const seconds = Math.max(0, (Date.parse(finishedIso) - Date.parse(startedIso)) / 1000);
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}
