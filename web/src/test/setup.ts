// Vitest setup: DOM matchers and the browser APIs jsdom lacks but the editor uses.
import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import { setPortConnections } from "../api/nodes";
import catalog from "./fixtures/nodes.json";

// The server's connection table, as GET /api/v1/nodes publishes it (tests/api checks the fixture matches).
setPortConnections((catalog as { connections: Parameters<typeof setPortConnections>[0] }).connections);

afterEach(() => cleanup());

class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({ matches: false, media: query, onchange: null, addEventListener() {}, removeEventListener() {},
       addListener() {}, removeListener() {}, dispatchEvent: () => false }) as MediaQueryList;
}
