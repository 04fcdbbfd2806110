// The frame of the landing, dashboard, docs and account pages: a top bar with navigation, the theme switch and
// (accounts mode) the credit balance and the account menu.

import { NavLink, Outlet } from "react-router-dom";
import { AccountMenu } from "./AccountMenu";
import { Brand } from "./Brand";
import { CreditBalance } from "./CreditBalance";
import { ThemeToggle } from "./ThemeToggle";

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-2.5 py-1 text-sm transition-colors ${isActive
    ? "bg-zinc-200/70 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-50"
    : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"}`;

export function AppShell() {
  return (
    <div className="flex min-h-full flex-col">
      <header className="sticky top-0 z-20 border-b border-zinc-200/80 bg-zinc-50/80 backdrop-blur
        dark:border-zinc-800/80 dark:bg-zinc-950/80">
        <div className="mx-auto flex h-14 max-w-6xl items-center justify-between px-6">
          <Brand />
          <nav className="flex items-center gap-1" aria-label="Main">
            <NavLink to="/dashboard" className={navClass}>Dashboard</NavLink>
            <NavLink to="/docs" className={navClass}>Docs</NavLink>
            <NavLink to="/help" className={navClass}>Help</NavLink>
            <span className="mx-2 h-5 w-px bg-zinc-200 dark:bg-zinc-800" />
            <ThemeToggle />
            <CreditBalance />
            <AccountMenu />
          </nav>
        </div>
      </header>
      <main className="flex-1">
        <Outlet />
      </main>
    </div>
  );
}
