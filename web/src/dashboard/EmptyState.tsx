/** The dashboard with no project yet; `templates`: whether the template list below it has any to pick;
 * `inTrash`: how many of the user's projects are in the trash (all moved there: they are not lost, and the Trash below
 * says where; before, an empty list greeted them as a new user). */
export function EmptyState({ onCreate, templates, inTrash = 0 }: { onCreate(): void; templates: boolean;
  inTrash?: number }) {
  const start = templates ? "Start blank, or pick a template below." : "Start blank, or open a workflow file someone sent you.";
  return (
    <div data-testid="empty-state" className="rounded-2xl border border-dashed border-zinc-300 px-6 py-16 text-center
      dark:border-zinc-700">
      {inTrash > 0 ? (
        <>
          <h2 className="text-lg font-semibold">No projects here now</h2>
          <p className="mx-auto mt-2 max-w-md text-sm text-zinc-500">
            {inTrash === 1 ? "Your project is" : `Your ${inTrash} projects are`} in the Trash below, where {inTrash === 1
              ? "it" : "each"} can be restored. {start}
          </p>
        </>
      ) : (
        <>
          <h2 className="text-lg font-semibold">Your first project starts here</h2>
          <p className="mx-auto mt-2 max-w-md text-sm text-zinc-500">
            A project is a canvas of nodes: drop in an image or a prompt, wire it through tools and models, and run
            it. {start}
          </p>
        </>
      )}
      <button type="button" className="btn btn-primary mt-6" onClick={onCreate}>
        {inTrash > 0 ? "Create a project" : "Create your first project"}
      </button>
    </div>
  );
}
