// The light/dark theme switch: an icon in a bar; its words ("Dark theme") beside it where `words` (a class) shows
// them, as in the editor's More menu.

import { useTheme } from "./theme";

export function ThemeToggle({ words = "hidden" }: { words?: string }) {
  const theme = useTheme((s) => s.theme);
  const toggle = useTheme((s) => s.toggle);
  const next = theme === "dark" ? "light" : "dark";
  return (
    <button type="button" className="btn px-2" onClick={toggle} aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`} data-testid="theme-toggle">
      {theme === "dark" ? (
        <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2"
          aria-hidden="true">
          <circle cx="12" cy="12" r="4" />
          <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
        </svg>
      ) : (
        <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2"
          aria-hidden="true">
          <path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z" />
        </svg>
      )}
      <span className={words}>{next === "dark" ? "Dark theme" : "Light theme"}</span>
    </button>
  );
}
