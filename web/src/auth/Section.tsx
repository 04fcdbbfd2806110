// A titled card of the account page.

import type { ReactNode } from "react";

export function Section({ title, intro, id, children }: {
  title: string; intro?: string; id?: string; children: ReactNode;
}) {
  return (
    <section id={id} className="rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 className="font-semibold">{title}</h2>
      {intro && <p className="mt-1 text-sm text-zinc-500">{intro}</p>}
      <div className="mt-4">{children}</div>
    </section>
  );
}
