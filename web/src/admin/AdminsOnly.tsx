// What /admin shows someone who may not use it, in words, instead of sending them elsewhere without one (a bookmark,
// a colleague's link): a signed-in account that is not an admin is told whom to ask, the owner of a studio without
// accounts that it has no admin page.

import { Link } from "react-router-dom";

/** `email`: the account signed in, in an accounts-mode studio; null on a local studio (no accounts to manage). */
export function AdminsOnly({ email }: { email: string | null }) {
  return (
    <div className="mx-auto max-w-xl px-6 py-24 text-center" data-testid="admins-only">
      <h1 className="text-2xl font-semibold">
        {email ? "The admin pages are for this studio's admins" : "This studio has no admin page"}</h1>
      {email ? (
        <p className="mt-2 text-zinc-500">
          You're signed in as <span className="font-medium text-zinc-700 dark:text-zinc-200">{email}</span>, which
          is not an admin account. For what an admin does (a role, credits, a provider key), ask the studio's team
          on the Help page; one of its admins answers.</p>
      ) : (
        <p className="mt-2 text-zinc-500">
          It runs on this machine without accounts, so there are no accounts, roles or credits to manage: provider
          keys and settings are set where the studio is started.</p>
      )}
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        {email && <Link to="/help" className="btn btn-primary">Ask on the Help page</Link>}
        <Link to="/dashboard" className={email ? "btn" : "btn btn-primary"}>Go to your projects</Link>
      </div>
    </div>
  );
}
