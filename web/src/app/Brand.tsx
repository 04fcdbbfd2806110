import { Link } from "react-router-dom";

export const BRAND = "Karate AI – Design Studio";

/** The studio's mark and name, a link to the landing page, or to `to` (`goesTo`: where, in words, added to its name
 * and shown on hover); `compact`: the name without "– Design Studio"; `markOnly`: the mark alone (a phone's editor
 * bar, where the project's title needs the room). */
export function Brand({ compact = false, markOnly = false, to = "/", goesTo }: {
  compact?: boolean; markOnly?: boolean; to?: string; goesTo?: string;
}) {
  return (
    <Link to={to} className="flex shrink-0 items-center gap-2 whitespace-nowrap font-semibold tracking-tight"
      aria-label={goesTo ? `${BRAND}: ${goesTo}` : BRAND} title={goesTo}>
      <svg width="24" height="24" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="#6366f1" />
        <path d="M9 8v16M9 16l9-8M12 14l8 10" stroke="white" strokeWidth="3" fill="none" strokeLinecap="round" />
      </svg>
      {markOnly ? null : compact ? <span className="text-sm">Karate AI</span> : (
        <span className="text-sm">Karate AI <span className="font-normal text-zinc-500">– Design Studio</span></span>
      )}
    </Link>
  );
}
