// Long result names are cut in the middle: the end that tells two results apart stays in view.
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { MiddleTruncate } from "./MiddleTruncate";

describe("a long file name", () => {
  it("keeps its end whole and readable, with the whole name on hover", () => {
    const name = "A very long project name for the spring campaign - Save Image 2.png";
    render(<MiddleTruncate text={name} testId="name" />);
    const shown = screen.getByTestId("name");
    expect(shown).toHaveTextContent(name);
    expect(shown).toHaveAttribute("title", name);
    const [head, tail] = [...shown.children];
    expect(head.className).toContain("truncate");  // only the start gives way
    expect(tail.textContent).toBe("mage 2.png");
    expect(tail.className).toContain("shrink-0");
  });

  it("keeps the space where it is cut", () => {
    render(<MiddleTruncate text="Blur - Blur.png" testId="name" />);
    const [head, tail] = [...screen.getByTestId("name").children];
    expect(head.textContent).toBe("Blur");
    expect(tail.textContent).toBe(" - Blur.png");
    expect(tail.className).toContain("whitespace-pre");
  });

  it("is shown as it is when short", () => {
    render(<MiddleTruncate text="fox.png" testId="name" />);
    expect(screen.getByTestId("name").children).toHaveLength(1);
  });
});
