// Counts and lists in words, as every notice and panel writes them.

/** "1 node", "3 nodes". */
export const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/** "A", "A and B", "A, B and C", or "A, B, C and 2 more" past `shown` items. */
export function listInWords(items: readonly string[], shown = 3): string {
  if (items.length <= 1) return items.join("");
  const named = items.slice(0, shown);
  const rest = items.length - named.length;
  return rest > 0 ? `${named.join(", ")} and ${rest} more` : `${named.slice(0, -1).join(", ")} and ${named.at(-1)}`;
}
