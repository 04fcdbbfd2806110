// A modal holds the focus: Tab and Shift+Tab go round its own controls, never to the page behind, and on close the
// focus goes back where it was.
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useRef } from "react";
import { describe, expect, it } from "vitest";
import { keepTabIn, useFocusHeld } from "./modalFocus";

function Modal() {
  const root = useRef<HTMLDivElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  useFocusHeld(first);
  return (
    <div ref={root} role="dialog" aria-modal="true" onKeyDown={(event) => keepTabIn(root.current, event)}>
      <button ref={first} type="button">First</button>
      <a href="#x">Download</a>
      <button type="button">Last</button>
    </div>
  );
}

describe("a modal's focus", () => {
  it("goes round its own controls with Tab and Shift+Tab, never to the page behind", async () => {
    render(<><button type="button">Behind</button><Modal /></>);
    const [first, download, last] = [screen.getByText("First"), screen.getByText("Download"), screen.getByText("Last")];
    expect(first).toHaveFocus();
    await userEvent.tab();
    expect(download).toHaveFocus();
    await userEvent.tab();
    expect(last).toHaveFocus();
    await userEvent.tab();
    expect(first).toHaveFocus();
    await userEvent.tab({ shift: true });
    expect(last).toHaveFocus();
  });

  it("goes back where it was once the modal closes", () => {
    function Page({ open }: { open: boolean }) {
      return <><button type="button">Opener</button>{open && <Modal />}</>;
    }
    const { rerender } = render(<Page open={false} />);
    screen.getByText("Opener").focus();
    rerender(<Page open />);
    expect(screen.getByText("First")).toHaveFocus();
    rerender(<Page open={false} />);
    expect(screen.getByText("Opener")).toHaveFocus();
  });
});
