// The Run button names the next run's price where runs are charged (accounts mode), and says when the balance
// falls short, offering to buy credits where the studio sells them; local mode, which charges nothing, shows no
// price. Signed out (a public project), Run asks to sign in. While a run is under way the bar says so, and says
// "Waiting for a worker" when the worker executing it stopped and no other has taken it over yet.
import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { settled } from "../../api/pendingWrites";
import { TITLE_MAX_LENGTH } from "../../api/workflows";
import { useCreditsForSale } from "../../app/buyCredits";
import { useSession } from "../../app/session";
import { useAutosave } from "../hooks/useAutosave";
import { setRunEstimate } from "../hooks/useRunPrice";
import { resetEditor, useEditor } from "../store/editorStore";
import { Toolbar } from "./Toolbar";

const estimate = (charged: boolean, total: number, balance: number | null) => ({
  nodes: [], total, charged, balance, shortfall: balance === null ? 0 : Math.max(0, total - balance),
});

beforeEach(() => resetEditor());

afterEach(() => {
  vi.unstubAllGlobals();
  setRunEstimate(null);
  useCreditsForSale.setState({ forSale: null });
  useSession.setState({ state: { status: "idle" } });
});

describe("the Run button's price", () => {
  it("names the credits a charged run would take, and warns when the balance falls short", () => {
    render(<MemoryRouter><Toolbar /></MemoryRouter>);
    act(() => setRunEstimate(estimate(true, 12, 100)));
    expect(screen.getByTestId("run-price")).toHaveTextContent("12 credits");
    expect(screen.getByTestId("run")).toHaveAttribute("title", "Run the graph (Ctrl+Enter): 12 credits");
    act(() => setRunEstimate(estimate(true, 12, 5)));
    expect(screen.getByTestId("run")).toHaveAttribute("title",
      "Your balance is 7 credits short of this run's 12 credits.");
  });

  it("shows nothing where runs are free or nothing is charged (local mode)", () => {
    render(<MemoryRouter><Toolbar /></MemoryRouter>);
    act(() => setRunEstimate(estimate(false, 12, null)));
    expect(screen.queryByTestId("run-price")).toBeNull();
    act(() => setRunEstimate(estimate(true, 0, 100)));
    expect(screen.queryByTestId("run-price")).toBeNull();
  });

  it("offers to buy credits when the balance falls short, where the studio sells them", async () => {
    useCreditsForSale.setState({ forSale: true });
    render(<MemoryRouter><Toolbar /></MemoryRouter>);
    act(() => setRunEstimate(estimate(true, 12, 100)));
    expect(screen.queryByTestId("buy-for-run")).toBeNull();
    act(() => setRunEstimate(estimate(true, 312, 100)));
    await userEvent.click(screen.getByTestId("buy-for-run"));
    expect(screen.getByRole("dialog", { name: "Buy credits" })).toHaveTextContent("212 credits short");
    expect(screen.getByLabelText("Credits to buy")).toHaveValue(212);
    act(() => useCreditsForSale.setState({ forSale: false }));
    expect(screen.queryByTestId("buy-for-run")).toBeNull();
  });

  it("asks a signed-out visitor of a public project to sign in to run", () => {
    useSession.setState({ state: { status: "signed-out", reason: null } });
    render(<MemoryRouter initialEntries={["/editor?id=abc"]}><Toolbar /></MemoryRouter>);
    expect(screen.getByTestId("run")).toHaveTextContent("Sign in to run");
    expect(screen.getByTestId("run")).toHaveAttribute("href", `/signin?next=${encodeURIComponent("/editor?id=abc")}`);
  });
});

describe("the run under way", () => {
  it("says Running, then Waiting for a worker while its worker is gone, then Running again once taken over", () => {
    render(<MemoryRouter><Toolbar /></MemoryRouter>);
    expect(screen.queryByTestId("run-status")).toBeNull();
    act(() => {
      useEditor.getState().beginRun(["a"]);
      useEditor.getState().runStarted("r1");
    });
    expect(screen.getByTestId("run-status")).toHaveTextContent(/^Running$/);
    act(() => useEditor.getState().workerLost("r1", "2030-01-01T12:00:00+00:00"));
    expect(screen.getByTestId("run-status")).toHaveTextContent(/^Waiting for a worker$/);
    expect(screen.getByTestId("run-status").title).toMatch(/another worker takes it over .* finished nodes are reused/);
    expect(screen.getByTestId("cancel-run")).toBeVisible();  // the user may still give up on it
    act(() => useEditor.getState().applyRunEvent({ seq: 5, ts: 0, type: "run.resumed", run_id: "r1",
      reason: "worker_stopped" }));
    expect(screen.getByTestId("run-status")).toHaveTextContent(/^Running$/);
  });
});

describe("the run's progress", () => {
  const done = (id: string) => ({ seq: 0, ts: 0, type: "node.completed" as const, run_id: "r1", node_id: id,
    outputs: {}, duration_ms: 5 });

  it("counts the nodes done of the run's nodes beside Running, as node events arrive", () => {
    const ids = Array.from({ length: 221 }, (_, i) => `n${i}`);
    render(<MemoryRouter><Toolbar /></MemoryRouter>);
    act(() => {
      useEditor.getState().beginRun(ids);
      useEditor.getState().runStarted("r1");
    });
    expect(screen.getByTestId("run-progress")).toHaveTextContent(/^0 of 221 done$/);
    act(() => useEditor.getState().applyRunEvents(ids.slice(0, 12).map(done)));
    expect(screen.getByTestId("run-progress")).toHaveTextContent(/^12 of 221 done$/);
    expect(screen.getByTestId("run-status")).toHaveTextContent(/^Running$/);
    act(() => useEditor.getState().applyRunEvent({ seq: 0, ts: 0, type: "run.completed", run_id: "r1",
      cached: 0, executed: 221, blocked: 0 }));
    expect(screen.queryByTestId("run-progress")).toBeNull();
  });
});

describe("the title field", () => {
  const meta = { id: "w1", title: "Untitled project", version: 1, access: "owner" as const };

  it("keeps a title typed as the editor opens, while its live document still connects", async () => {
    useEditor.getState().setWorkflowMeta(meta);
    useEditor.getState().setCollab("connecting");
    render(<MemoryRouter><Toolbar /></MemoryRouter>);
    const field = screen.getByLabelText("Project title");
    await userEvent.clear(field);
    await userEvent.type(field, "Holiday pictures{Enter}");
    expect(field).toHaveValue("Holiday pictures");
    expect(useEditor.getState().workflow?.title).toBe("Holiday pictures");
  });

  it("says so when what is typed or pasted goes past the longest title, rather than cut it without a word", () => {
    useEditor.getState().setWorkflowMeta({ ...meta, title: "x".repeat(TITLE_MAX_LENGTH - 1) });
    useEditor.getState().setCollab("live");
    render(<MemoryRouter><Toolbar /></MemoryRouter>);
    const field = screen.getByLabelText<HTMLInputElement>("Project title");
    expect(field).toHaveAttribute("maxLength", String(TITLE_MAX_LENGTH));
    field.setSelectionRange(field.value.length, field.value.length);
    act(() => { field.dispatchEvent(new InputEvent("beforeinput", { data: "y", cancelable: true })); });
    expect(useEditor.getState().notice).toBeNull();  // the 200th character fits
    act(() => { field.dispatchEvent(new InputEvent("beforeinput", { data: "Very long project name ",
      cancelable: true })); });
    expect(useEditor.getState().notice?.message)
      .toBe(`A project title holds at most ${TITLE_MAX_LENGTH} characters: the rest was left out.`);
  });

  it("shows a copy's ending apart, to stay in sight when the title is cut, and the whole title while typed", async () => {
    const copy = "Spring campaign 2026 – hero shot for the spring launch (copy 2)";
    useEditor.getState().setWorkflowMeta({ ...meta, title: copy });
    useEditor.getState().setCollab("live");
    render(<MemoryRouter><Toolbar /></MemoryRouter>);
    const shown = screen.getByTestId("title-display");
    expect(shown).toHaveTextContent(copy, { normalizeWhitespace: false });
    expect(screen.getByTestId("card-title-ending")).toHaveTextContent(" (copy 2)", { normalizeWhitespace: false });
    const field = screen.getByLabelText("Project title");
    expect(field).toHaveAttribute("title", copy);  // the whole on hover
    expect(field).toHaveClass("text-transparent");  // the display over it is what is read

    await userEvent.click(field);
    expect(screen.queryByTestId("title-display")).toBeNull();  // typing: the field shows the whole title
    expect(field).not.toHaveClass("text-transparent");
    await userEvent.type(field, "{End} final{Enter}");
    expect(useEditor.getState().workflow?.title).toBe(`${copy} final`);
    expect(screen.getByTestId("title-display")).toHaveTextContent(`${copy} final`);
    expect(screen.queryByTestId("card-title-ending")).toBeNull();  // " final" tells no copy apart: nothing kept
  });

  it("takes no typing on a view-only project, nor once the live link closed", () => {
    useEditor.getState().setWorkflowMeta({ ...meta, access: "viewer" });
    const { unmount } = render(<MemoryRouter><Toolbar /></MemoryRouter>);
    expect(screen.getByLabelText("Project title")).toHaveAttribute("readonly");
    unmount();
    useEditor.getState().setWorkflowMeta(meta);
    useEditor.getState().setCollab("closed");
    render(<MemoryRouter><Toolbar /></MemoryRouter>);
    expect(screen.getByLabelText("Project title")).toHaveAttribute("readonly");
    useEditor.getState().renameWorkflow("Not taken");
    expect(useEditor.getState().workflow?.title).toBe("Untitled project");
  });
});

describe("the title's save", () => {
  const meta = { id: "w1", title: "Mood board", version: 1, access: "owner" as const };
  /** The editor's bar with the title's save, over a server that keeps what it is sent; the titles it was sent. */
  const editor = () => {
    const sent: string[] = [];
    vi.stubGlobal("fetch", vi.fn((_url: string, init: RequestInit) => {
      const { title } = JSON.parse(init.body as string) as { title: string };
      sent.push(title);
      return Promise.resolve(new Response(JSON.stringify({ ...meta, title, version: 2 }), { status: 200 }));
    }));
    useEditor.getState().setWorkflowMeta(meta);
    useEditor.getState().setCollab("live");
    useEditor.getState().setSaveState("saved");
    function Editor() {
      useAutosave();
      return <Toolbar />;
    }
    render(<MemoryRouter><Editor /></MemoryRouter>);
    return sent;
  };
  const saveState = () => screen.getByTestId("save-state").dataset.state;
  /** Whether leaving the page now would ask first. */
  const leavingAsks = () => {
    const leaving = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(leaving);
    return leaving.defaultPrevented;
  };

  it.each(["{Enter}", "{Tab}", "{Escape}"])("is not unsaved once typed back as it was, left with %s", async (key) => {
    const sent = editor();
    const field = screen.getByLabelText("Project title");
    await userEvent.click(field);
    await userEvent.type(field, "{End}x");
    expect(saveState()).toBe("dirty");
    await userEvent.type(field, `{Backspace}${key}`);
    expect(field).toHaveValue("Mood board");
    expect(saveState()).toBe("saved");
    expect(screen.getByTestId("connection-status")).toHaveTextContent("Saved");
    expect(leavingAsks()).toBe(false);
    await settled();
    expect(sent).toEqual([]);
  });

  it.each(["{Enter}", "{Tab}"])("saves a changed title at once when left with %s", async (key) => {
    const sent = editor();
    const field = screen.getByLabelText("Project title");
    await userEvent.click(field);
    await userEvent.type(field, `{End} final${key}`);
    await act(() => settled());  // no pause for more typing: the field was left
    expect(sent).toEqual(["Mood board final"]);
    expect(saveState()).toBe("saved");
    expect(leavingAsks()).toBe(false);
  });

  it("puts the saved title back on Escape, and saves nothing", async () => {
    const sent = editor();
    const field = screen.getByLabelText("Project title");
    await userEvent.click(field);
    await userEvent.type(field, "{End} final{Escape}");
    expect(field).toHaveValue("Mood board");
    expect(saveState()).toBe("saved");
    expect(leavingAsks()).toBe(false);
    await settled();
    expect(sent).toEqual([]);
  });
});

describe("the brand", () => {
  const me = (mode: "local" | "accounts") => ({ id: "u-me", email: "ada@example.com", name: "Ada", role: "user",
    credits: 100, analytics_opt_out: false, mode, csrf_token: "csrf" }) as const;
  const brand = () => screen.getAllByRole("link", { name: /^Karate AI – Design Studio/ });

  it.each(["local", "accounts"] as const)("leads back to the user's projects (%s mode)", (mode) => {
    useSession.setState({ state: { status: "signed-in", me: me(mode) } });
    render(<MemoryRouter initialEntries={["/editor?id=abc"]}><Toolbar /></MemoryRouter>);
    // the mark alone on a phone, the name beside it from sm up: both go to the dashboard
    expect(brand()).toHaveLength(2);
    for (const link of brand()) {
      expect(link).toHaveAttribute("href", "/dashboard");
      expect(link).toHaveAccessibleName("Karate AI – Design Studio: Your projects");
    }
  });

  it("leads a signed-out visitor of a public project, who has no projects, to the landing page", () => {
    useSession.setState({ state: { status: "signed-out", reason: null } });
    render(<MemoryRouter initialEntries={["/editor?id=abc"]}><Toolbar /></MemoryRouter>);
    for (const link of brand()) expect(link).toHaveAttribute("href", "/");
  });
});
