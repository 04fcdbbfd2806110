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
        {/* Below md the links take a second row (brand and tools above), and below sm the brand drops its
            "– Design Studio": one row of everything needs ~600 px, and a phone has 360-390. */}
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-2 px-4 py-2 sm:px-6
          md:h-14 md:flex-nowrap md:py-0">
          <span className="sm:hidden"><Brand compact /></span>
          <span className="hidden sm:flex"><Brand /></span>
          <nav className="order-last -mx-2.5 flex w-full items-center gap-1 pt-1 md:order-none md:mx-0 md:ml-auto
            md:w-auto md:pt-0" aria-label="Main">
            <NavLink to="/dashboard" className={navClass}>Dashboard</NavLink>
            <NavLink to="/docs" className={navClass}>Docs</NavLink>
            <NavLink to="/help" className={navClass}>Help</NavLink>
          </nav>
          <div className="ml-auto flex items-center gap-1 md:ml-0">
            <span className="mx-2 hidden h-5 w-px bg-zinc-200 md:block dark:bg-zinc-800" />
            <ThemeToggle />
            <CreditBalance />
            <AccountMenu />
          </div>
        </div>
      </header>
      <main className="flex-1">
        <Outlet />
      </main>
    </div>
  );
}
