// Templates to start from, served by GET /api/v1/templates: each shows what it makes (the preview it ships with).

import type { Template } from "../api/types";
import { Thumbnail } from "./WorkflowCard";

export function TemplateList({ templates, onUse }: { templates: Template[]; onUse(t: Template): void }) {
  if (templates.length === 0) return null;
  return (
    <section aria-labelledby="templates-heading" className="mt-12">
      <h2 id="templates-heading" className="mb-3 text-sm font-semibold text-zinc-500">Start from a template</h2>
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {templates.map((template) => (
          <li key={template.id}>
            <button type="button" onClick={() => onUse(template)} data-testid="template"
              aria-label={`Start from the template ${template.title}`}
              className="flex h-full w-full flex-col overflow-hidden rounded-xl border border-zinc-200 bg-white
                text-left transition-colors hover:border-accent dark:border-zinc-800 dark:bg-zinc-900">
              <span className="block aspect-[16/10] w-full overflow-hidden bg-zinc-100 dark:bg-zinc-950">
                <Thumbnail workflow={template} />
              </span>
              <span className="block p-3 text-sm font-medium">{template.title}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
