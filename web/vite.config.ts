/// <reference types="vitest/config" />
// Vite builds the single-page app into dist/, which `karate serve` hosts at /.
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";

// `npm run dev` talks to a `karate serve` on the default port.
const apiTarget = "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    proxy: { "/api": { target: apiTarget, ws: true }, "/health": apiTarget },
  },
  build: {
    outDir: "dist",
    chunkSizeWarningLimit: 700,
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    css: false,
  },
});
