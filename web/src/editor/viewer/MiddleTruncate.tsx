// A file name cut in the middle when it does not fit: its start and its end stay readable, since names of one
// project's results often differ only at the end ("poster - Save Image.png", "poster - Save Image 2.png").

/** Characters of the end that always show (a " 2" and an extension fit). */
const TAIL = 10;

export function MiddleTruncate({ text, className = "", testId }: { text: string; className?: string;
  testId?: string }) {
  const head = text.length > TAIL + 3 ? text.slice(0, -TAIL) : text;
  const tail = head === text ? "" : text.slice(-TAIL);
  return (
    <span className={`flex min-w-0 ${className}`} title={text} data-testid={testId}>
      <span className="min-w-0 truncate">{head}</span>
      {tail && <span className="shrink-0 whitespace-pre">{tail}</span>}
    </span>
  );
}
