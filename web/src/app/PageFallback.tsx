export function PageFallback() {
  return (
    <div className="flex h-full items-center justify-center" role="status" aria-live="polite">
      <span className="h-5 w-5 animate-spin rounded-full border-2 border-zinc-300 border-t-accent" />
      <span className="sr-only">Loading</span>
    </div>
  );
}
