// ESLint for the web app: the JavaScript and TypeScript recommended rules (type-aware, through the
// TypeScript project service), the React hooks rules and Vite's fast-refresh check. `npm run lint`.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import reactRefresh from "eslint-plugin-react-refresh";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "src/api/schema.gen.ts"] },
  // a disable comment that no longer silences anything fails the lint, so none outlives its reason
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [
      js.configs.recommended,
      tseslint.configs.recommendedTypeChecked,
      reactHooks.configs.flat.recommended,
      reactRefresh.configs.vite,
    ],
    languageOptions: {
      ecmaVersion: 2022,
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Callbacks (props, store actions) are declared with method shorthand, `onChange(value): void`, and
      // passed around unbound; nothing here reads `this`, so every report of this rule would be a false one.
      "@typescript-eslint/unbound-method": "off",
      // `const { id: _old, ...rest } = value` is how a field is dropped from a copy.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
      // Reports only that React Compiler would skip a component; this app does not use the compiler.
      "react-hooks/preserve-manual-memoization": "off",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    // The entry point is never a fast-refresh boundary: Vite reloads the page when it changes.
    files: ["src/main.tsx"],
    rules: { "react-refresh/only-export-components": "off" },
  },
  {
    files: ["eslint.config.js"],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
);
