import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ToolbarMenu } from "./ToolbarMenu";

function renderMenu() {
  render(
    <>
      <ToolbarMenu inlineFrom="lg">
        <button type="button">Results</button>
        <button type="button" aria-pressed={true}>Comments</button>
        <button type="button" disabled>Undo</button>
        <button type="button">History</button>
      </ToolbarMenu>
      <button type="button">Elsewhere</button>
    </>,
  );
  return screen.getByRole("button", { name: "More" });
}

const focused = () => document.activeElement?.textContent;

describe("ToolbarMenu", () => {
  it("is the bar's own buttons while closed (where they are in the bar): no menu, no menu items", () => {
    renderMenu();
    expect(screen.queryByRole("menu")).toBeNull();
    expect(screen.queryAllByRole("menuitem")).toEqual([]);
    expect(screen.getByRole("button", { name: "History" })).not.toHaveAttribute("tabindex");
  });

  it("opens as a menu with the focus on its first item; the arrows, Home and End move it round its items", () => {
    fireEvent.click(renderMenu());
    const menu = screen.getByRole("menu", { name: "More" });
    expect(screen.getAllByRole("menuitem").map((item) => item.textContent)).toEqual(["Results", "Undo", "History"]);
    expect(screen.getByRole("menuitemcheckbox", { name: "Comments" })).toHaveAttribute("aria-checked", "true");
    expect(focused()).toBe("Results");
    fireEvent.keyDown(menu, { key: "ArrowDown" });
    expect(focused()).toBe("Comments");
    fireEvent.keyDown(menu, { key: "ArrowDown" });
    expect(focused()).toBe("History");  // past the disabled Undo
    fireEvent.keyDown(menu, { key: "ArrowDown" });
    expect(focused()).toBe("Results");  // round the end
    fireEvent.keyDown(menu, { key: "ArrowUp" });
    expect(focused()).toBe("History");
    fireEvent.keyDown(menu, { key: "Home" });
    expect(focused()).toBe("Results");
    fireEvent.keyDown(menu, { key: "End" });
    expect(focused()).toBe("History");
  });

  it("closes on Escape, giving the focus back to More, and its buttons are plain buttons again", () => {
    const more = renderMenu();
    fireEvent.click(more);
    fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.queryByRole("menu")).toBeNull();
    expect(more).toHaveFocus();
    expect(screen.queryAllByRole("menuitem")).toEqual([]);
    expect(screen.getByRole("button", { name: "Comments" })).not.toHaveAttribute("aria-checked");
  });

  it("closes on Tab, going on from More, and on a press outside", () => {
    const more = renderMenu();
    fireEvent.click(more);
    fireEvent.keyDown(screen.getByRole("menu"), { key: "Tab" });
    expect(screen.queryByRole("menu")).toBeNull();
    expect(more).toHaveFocus();
    fireEvent.click(more);
    fireEvent.pointerDown(screen.getByRole("button", { name: "Elsewhere" }));
    expect(screen.queryByRole("menu")).toBeNull();
  });
});
