import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { setTransport, type Command, type Reply } from "../lib/api";
import type { Section } from "../lib/bindings/Section";
import type { StrategyView } from "../lib/bindings/StrategyView";
import StrategyBaustein from "./StrategyBaustein.svelte";

const section = (key: string, title: string, order: number): Section => ({ id: `id-${key}`, key, title, body: "", included: true, approved: false, order });

/** A core holding three sections that takes a new order. */
function fakeCore() {
  let sections = [section("a", "Vorwort", 0), section("b", "Ausgangslage", 1), section("c", "Anhang", 2)];
  const sent: Command[] = [];
  setTransport(async (c): Promise<Reply> => {
    sent.push(c);
    if (typeof c === "object" && "strategy" in c && typeof c.strategy === "object" && "reorder_sections" in c.strategy) {
      const ids = c.strategy.reorder_sections.ids;
      sections = ids.map((id, i) => ({ ...sections.find((s) => s.id === id)!, order: i }));
    }
    const view = {
      sections,
      previews: sections.map((s) => s.body),
      placeholders: [],
      settings: { id: "r", title: "", subtitle: "", version_label: "", date: null, author: "", watermark: false },
      drafts: [],
      logo_preview: null,
    } as unknown as StrategyView;
    return { kind: "strategy", data: view };
  });
  return sent;
}

const outline = () => [...document.querySelectorAll("[data-outline]")].map((b) => b.textContent?.replace(/\s+/g, " ").trim());

afterEach(cleanup);

describe("chapter outline", () => {
  it("moves a chapter with Alt+↓ and keeps the focus on it", async () => {
    const sent = fakeCore();
    render(StrategyBaustein);
    const first = await screen.findByTestId("outline-a");
    first.focus();
    await fireEvent.keyDown(first, { key: "ArrowDown", altKey: true });
    await waitFor(() => expect(outline()).toEqual(["⠿ 1. Ausgangslage", "⠿ 2. Vorwort", "⠿ 3. Anhang"]));
    expect(sent).toContainEqual({ strategy: { reorder_sections: { ids: ["id-b", "id-a", "id-c"] } } });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("outline-a")));
  });

  it("drops a dragged chapter where it is let go", async () => {
    const sent = fakeCore();
    render(StrategyBaustein);
    const last = await screen.findByTestId("outline-c");
    await fireEvent.dragStart(last);
    const target = screen.getByTestId("outline-a").closest("li")!;
    await fireEvent.dragOver(target);
    await fireEvent.drop(target);
    await waitFor(() => expect(outline()).toEqual(["⠿ 1. Anhang", "⠿ 2. Vorwort", "⠿ 3. Ausgangslage"]));
    expect(sent).toContainEqual({ strategy: { reorder_sections: { ids: ["id-c", "id-a", "id-b"] } } });
  });
});
