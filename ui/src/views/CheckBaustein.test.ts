import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { setTransport, type Command, type Reply } from "../lib/api";
import type { CheckAnswer } from "../lib/bindings/CheckAnswer";
import type { CheckView } from "../lib/bindings/CheckView";
import CheckBaustein from "./CheckBaustein.svelte";

const NIL = "00000000-0000-0000-0000-000000000000";
const item = { id: "i1", dimension_id: "d1", key: "B01", question: "Gibt es eine Strategie?", help: "", levels: ["0", "1", "2", "3", "4", "5"], evidence_hint: "", life_area_key: null, order: 0 };

/** A core that answers slowly (as a busy laptop does) and stores one answer per item. */
function slowCore(scores: Partial<CheckView["scores"]> = {}) {
  let stored: CheckAnswer | null = null;
  const saves: CheckAnswer[] = [];
  const view = (): CheckView =>
    ({
      dimensions: [{ dimension: { id: "d1", key: "B", title: "Strategie", description: "", order: 0 }, items: [{ item, answer: stored }], answered: stored ? 1 : 0 }],
      scores: { dimensions: [], overall_ist: null, overall_soll: null, answered: 0, items: 1, ist_count: 0, soll_count: 0, paired_count: 0, ...scores },
      radar: { svg: "<svg xmlns='http://www.w3.org/2000/svg'/>", alt: "", points: [] },
      gaps: [], security_stage: null, ozg_services: [], key_figures: [], swot: [], digital_offers: [],
      scale: ["nicht vorhanden", "geplant", "begonnen", "teilweise", "weitgehend", "vollständig"], ozg_levels: [], security_stages: [],
    }) as unknown as CheckView;
  setTransport(async (c: Command): Promise<Reply> => {
    await new Promise((r) => setTimeout(r, 30));
    if (typeof c === "object" && "check" in c && typeof c.check === "object" && "save_answer" in c.check) {
      const a = c.check.save_answer as CheckAnswer;
      saves.push(a);
      stored = { ...a, id: a.id === NIL ? "a1" : a.id };
    }
    return { kind: "check", data: view() };
  });
  return saves;
}

afterEach(cleanup);

describe("check answers", () => {
  it("IST clicked and SOLL chosen at once both land in one answer", async () => {
    const saves = slowCore();
    render(CheckBaustein);
    const ist = await screen.findByTestId("ist-B01-2");
    await fireEvent.click(ist);
    const soll = screen.getByTestId("soll-B01") as HTMLSelectElement;
    await fireEvent.change(soll, { target: { value: "5" } });
    await waitFor(() => expect(saves).toHaveLength(2));
    expect(saves[0]).toMatchObject({ id: NIL, ist: 2, soll: null });
    // The second save builds on the first: the same answer, IST kept.
    expect(saves[1]).toMatchObject({ id: "a1", ist: 2, soll: 4 });
  });
});

describe("evaluation", () => {
  it.each([
    [7, 2, 2, "IST-Index 30 (aus 7 Fragen) · SOLL-Index 80 (aus 2 Fragen) · 7 von 64 Fragen beantwortet"],
    [7, 7, 7, "IST-Index 30 · SOLL-Index 80 · 7 von 64 Fragen beantwortet"],
    // One question with only an IST, another with only a SOLL: as many, not the same.
    [1, 1, 0, "IST-Index 30 (aus 1 Frage) · SOLL-Index 80 (aus 1 Frage) · 7 von 64 Fragen beantwortet"],
  ])("names each index's base only when IST and SOLL rest on different answers (IST on %i, SOLL on %i, both on %i)", async (ist_count, soll_count, paired_count, shown) => {
    slowCore({ overall_ist: 30, overall_soll: 80, answered: 7, items: 64, ist_count, soll_count, paired_count });
    render(CheckBaustein);
    await fireEvent.click(await screen.findByRole("tab", { name: "Auswertung" }));
    const line = await screen.findByTestId("eval-index");
    expect(line.textContent?.replace(/\s+/g, " ")).toBe(shown);
  });
});
