// The account menu of the top bars (accounts mode only): who is signed in, their credit balance, the account
// page (password, API keys), Buy credits where the studio sells them, and Sign out. Signed out, a "Sign in" link; in local mode, nothing.

import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { loadForSale, useCreditsForSale } from "./buyCredits";
import { creditsText } from "./credits";
import { useDismiss } from "./useDismiss";
import { isAccount, isAdmin, loadSession, signInPath, signOutNow, useSession } from "./session";

function initials(name: string, email: string): string {
  const words = (name.trim() || email).split(/[\s@._-]+/).filter(Boolean);
  return words.slice(0, 2).map((word) => word[0].toUpperCase()).join("") || "?";
}

export function AccountMenu() {
  const state = useSession((s) => s.state);
  const location = useLocation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const forSale = useCreditsForSale((s) => s.forSale);

  useEffect(() => {
    if (!open) return;
    void loadSession(true);  // the balance as it is now
    void loadForSale();  // whether credits can be bought here (asked once)
  }, [open]);
  useDismiss(open, root, () => setOpen(false));

  if (state.status === "signed-out") {
    if (location.pathname === "/signin") return null;
    const here = location.pathname === "/signup" ? "" : location.pathname + location.search;
    return <Link to={signInPath(here)} className="btn" data-testid="sign-in-link">Sign in</Link>;
  }
  if (!isAccount(state)) return null;
  const { me } = state;

  const signOut = () => {
    setError(null);
    signOutNow().then(() => navigate("/signin"),
      () => setError("Could not sign out; check your connection and try again."));
  };

  return (
    <div className="relative" ref={root}>
      <button type="button" className="flex h-8 w-8 items-center justify-center rounded-full bg-accent text-xs
        font-semibold text-white" aria-haspopup="menu" aria-expanded={open} aria-label={`Account: ${me.email}`}
        data-testid="account-menu" onClick={() => setOpen(!open)}>
        {initials(me.name, me.email)}
      </button>
      {open && (
        <div role="menu" className="panel animate-fade-in absolute right-0 top-10 z-30 w-64 p-1.5">
          <div className="px-2.5 py-2">
            {me.name && <p className="truncate text-sm font-medium">{me.name}</p>}
            <p className="truncate text-xs text-zinc-500" data-testid="account-email">{me.email}</p>
            <p className="mt-2 text-sm" data-testid="account-credits">{creditsText(me.credits)}</p>
          </div>
          <div className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
          {forSale && <Link role="menuitem" to="/account#buy-credits" className="menu-item" data-testid="menu-buy-credits"
            onClick={() => setOpen(false)}>
            Buy credits
          </Link>}
          <Link role="menuitem" to="/account" className="menu-item" onClick={() => setOpen(false)}>
            Account and API keys
          </Link>
          {isAdmin(me.role) && <Link role="menuitem" to="/admin" className="menu-item" onClick={() => setOpen(false)}>
            Admin
          </Link>}
          <button role="menuitem" type="button" className="menu-item" onClick={signOut} data-testid="sign-out">
            Sign out
          </button>
          {error && <p role="alert" className="px-2.5 py-1.5 text-xs text-red-600">{error}</p>}
        </div>
      )}
    </div>
  );
}
