// The templates on the dashboard: each shows what it makes (the preview it ships with) and its title, and starts a
// project when picked.
import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Template } from "../api/types";
import { TemplateList } from "./TemplateList";

const PREVIEW = `/api/v1/assets/${"a".repeat(64)}/content?exp=1&sig=${"0".repeat(32)}&size=256`;
const template = (changes: Partial<Template>): Template => ({
  id: "t".repeat(32), title: "Dusk poster", version: 1, owner_id: null, is_public: true, is_template: true,
  access: "public", created_at: "2025-01-01T00:00:00Z", updated_at: "2025-01-01T00:00:00Z", node_count: 6,
  document: { schema_version: 1, nodes: [], edges: [] }, thumbnail_url: PREVIEW, ...changes,
});

describe("the templates", () => {
  it("show each template's picture with its title and size, and start from the one picked", () => {
    const onUse = vi.fn();
    const banner = template({ id: "b".repeat(32), title: "Wide banner", thumbnail_url: null, node_count: 3 });
    render(<TemplateList templates={[template({}), banner]} onUse={onUse} />);
    const [poster, plain] = screen.getAllByTestId("template");
    expect(within(poster).getByTestId("workflow-thumbnail")).toHaveAttribute("src", PREVIEW);
    expect(poster).toHaveTextContent("Dusk poster");
    expect(within(poster).getByTestId("workflow-node-count")).toHaveTextContent("6 nodes");
    expect(within(plain).queryByTestId("workflow-thumbnail")).toBeNull();  // no preview: its size alone
    expect(within(plain).getByTestId("workflow-node-count")).toHaveTextContent("3 nodes");
    fireEvent.click(screen.getByRole("button", { name: "Start from the template Wide banner" }));
    expect(onUse).toHaveBeenCalledWith(banner);
  });
});
