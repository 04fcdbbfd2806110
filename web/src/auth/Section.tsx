// A titled card of the account page. One with an `id` is where a link to it opens the page (/account#credits).

import { type ReactNode, useEffect, useRef } from "react";
import { useLocation } from "react-router-dom";

export function Section({ title, intro, id, children }: {
  title: string; intro?: string; id?: string; children: ReactNode;
}) {
  const { hash } = useLocation();
  const card = useRef<HTMLElement>(null);
  useEffect(() => {
    if (id && hash === `#${id}`) card.current?.scrollIntoView?.({ block: "start" });
  }, [id, hash]);
  return (
    <section id={id} ref={card}
      className="rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 className="font-semibold">{title}</h2>
      {intro && <p className="mt-1 text-sm text-zinc-500">{intro}</p>}
      <div className="mt-4">{children}</div>
    </section>
  );
}
