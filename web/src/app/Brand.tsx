// The studio's mark and name, on every page's top bar: a link home, where "home" is the person's projects.

import { Link } from "react-router-dom";
import { useSession } from "./session";

export const BRAND = "Karate AI – Design Studio";

/** Where the mark leads, on every page alike: a signed-in person's projects, else the landing page (a signed-out
 * visitor has none). */
function useHome(): { to: string; goesTo?: string } {
  const signedIn = useSession((s) => s.state.status === "signed-in");
  return signedIn ? { to: "/dashboard", goesTo: "Your projects" } : { to: "/" };
}

/** The studio's mark and name, a link home (`useHome`; where, in words, is added to its name and shown on hover);
 * `compact`: the name without "– Design Studio"; `markOnly`: the mark alone (a phone's editor bar, where the
 * project's title needs the room). */
export function Brand({ compact = false, markOnly = false }: { compact?: boolean; markOnly?: boolean }) {
  const { to, goesTo } = useHome();
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
