// What this browser remembers of how a person left the studio (open panels, sections), in localStorage under
// "karate-<name>" like the theme ("karate-theme"). Storage that is full or refused (private browsing) loses only
// the memory: reads answer null, writes do nothing.

const PREFIX = "karate-";

/** The JSON value stored under `name`, or null when there is none or it cannot be read. */
export function readPreference(name: string): unknown {
  try {
    const text = localStorage.getItem(PREFIX + name);
    return text === null ? null : JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Store `value` (JSON) under `name`. */
export function writePreference(name: string, value: unknown): void {
  try {
    localStorage.setItem(PREFIX + name, JSON.stringify(value));
  } catch {
    // storage full or refused: the preference lasts until the page closes
  }
}
