/** The dashboard with no project yet; `templates`: whether the template list below it has any to pick. */
export function EmptyState({ onCreate, templates }: { onCreate(): void; templates: boolean }) {
  return (
    <div data-testid="empty-state" className="rounded-2xl border border-dashed border-zinc-300 px-6 py-16 text-center
      dark:border-zinc-700">
      <h2 className="text-lg font-semibold">Your first project starts here</h2>
      <p className="mx-auto mt-2 max-w-md text-sm text-zinc-500">
        A project is a canvas of nodes: drop in an image or a prompt, wire it through tools and models, and run it.
        {templates ? "Start blank, or pick a template below." : "Start blank, or open a workflow file someone sent you."}
      </p>
      <button type="button" className="btn btn-primary mt-6" onClick={onCreate}>Create your first project</button>
    </div>
  );
}
