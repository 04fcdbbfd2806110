// A file name cut in the middle when it does not fit: its start and its end stay readable, since names of one
// project's results often differ only at the end ("poster - Save Image.png", "poster - Save Image 2.png").

/** Characters of the end that always show (a " 2" and an extension fit). */
const TAIL = 10;

export function MiddleTruncate({ text, className = "", testId }: { text: string; className?: string;
  testId?: string }) {
  // a space at the cut goes with the tail, whose spaces are kept ("Blur - Blur.png" must not read "Blur- Blur.png")
  const cut = text.length > TAIL + 3 ? text.slice(0, -TAIL).trimEnd().length : text.length;
  const head = text.slice(0, cut);
  const tail = text.slice(cut);
  return (
    <span className={`flex min-w-0 ${className}`} title={text} data-testid={testId}>
      <span className="min-w-0 truncate">{head}</span>
      {tail && <span className="shrink-0 whitespace-pre">{tail}</span>}
    </span>
  );
}
