// /account on a local studio: no silent trip back to the projects, but a page that says there are no accounts
// here, and where the keys, scripts and data live instead.
import { cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StudioUnreachableError } from "../api/client";
import { fetchProviders } from "../api/providers";
import { useSession } from "../app/session";
import AccountPage from "./AccountPage";

vi.mock("../api/providers", () => ({ fetchProviders: vi.fn() }));

const OWNER = { id: "u".repeat(32), email: "owner@localhost", name: "Owner", role: "owner", credits: 0,
  analytics_opt_out: false, mode: "local", csrf_token: null } as const;
const PROVIDERS = [
  { name: "replicate", label: "Replicate", configured: true, env: "REPLICATE_API_TOKEN", base_url: null, local: false },
  { name: "openai", label: "OpenAI", configured: false, env: "OPENAI_API_KEY", base_url: null, local: false },
  { name: "local", label: "this studio", configured: true, env: null, base_url: null, local: true },
];

beforeEach(() => {
  vi.mocked(fetchProviders).mockResolvedValue(PROVIDERS);
  useSession.setState({ state: { status: "signed-in", me: OWNER } });
});
// the page goes before the session is reset: reset under it, it would render again (to /dashboard) after the test
afterEach(() => {
  cleanup();
  useSession.setState({ state: { status: "idle" } });
});

const open = () => render(
  <MemoryRouter initialEntries={["/account"]}>
    <Routes>
      <Route path="/account" element={<AccountPage />} />
      <Route path="/dashboard" element={<p>the projects</p>} />
    </Routes>
  </MemoryRouter>,
);

describe("the account page of a local studio", () => {
  it("says in words that there are no accounts, and stays on /account", async () => {
    open();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("No accounts on this studio");
    expect(screen.getByText(/you are its one user, always signed in as its owner/)).toBeVisible();
    expect(screen.queryByText("the projects")).toBeNull();
    expect(screen.queryByTestId("account-page")).toBeNull();  // no password or API keys to manage
    expect(await screen.findByTestId("provider-keys")).toBeVisible();
  });

  it("lists each provider's key variable and whether it is set, and where data and scripts go", async () => {
    open();
    const keys = await screen.findByTestId("provider-keys");
    expect(keys).toHaveTextContent("ReplicateREPLICATE_API_TOKENSet up");
    expect(keys).toHaveTextContent("OpenAIOPENAI_API_KEYNot set");
    expect(keys).not.toHaveTextContent("this studio");  // its own tools need no key
    expect(screen.getByText(/the API needs no key/)).toBeVisible();
    expect(screen.getByTestId("export-data")).toHaveAttribute("href", "/api/v1/me/export");
    expect(screen.getByText("KARATE_AUTH=true karate serve")).toBeVisible();
  });

  it("names the data folder the studio was started with, not where it looks by default", async () => {
    useSession.setState({ state: { status: "signed-in", me: { ...OWNER, data_dir: "/tmp/x" } } });
    open();
    await screen.findByTestId("provider-keys");
    const folder = screen.getByTestId("data-folder");
    expect(folder).toHaveTextContent("in /tmp/x, the studio's data folder");
    expect(folder).not.toHaveTextContent("KARATE_DATA_DIR");
  });

  it("says where the data folder is by default when the server does not name it", async () => {
    open();
    await screen.findByTestId("provider-keys");
    expect(screen.getByTestId("data-folder")).toHaveTextContent("./data where you started it, or KARATE_DATA_DIR");
  });

  it("says what to do when the providers cannot be read", async () => {
    vi.mocked(fetchProviders).mockRejectedValue(new StudioUnreachableError());
    open();
    expect(await screen.findByRole("alert")).toHaveTextContent(/^The providers could not be read: .+try again\.$/i);
  });
});
