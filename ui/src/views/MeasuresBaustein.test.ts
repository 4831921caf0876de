import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { setTransport } from "../lib/api";
import type { Command } from "../lib/bindings/Command";
import type { MeasuresView } from "../lib/bindings/MeasuresView";
import type { Reply } from "../lib/bindings/Reply";
import MeasuresBaustein from "./MeasuresBaustein.svelte";

const chart = { svg: "<svg xmlns='http://www.w3.org/2000/svg'/>", alt: "Diagramm" };
const area = { id: "a1", code: "LB03", catalog_key: "LB03", title: "Bildung & Betreuung", description: "", selected: true, vision: "", rationale: "", responsible: "", dimension_keys: [], order: 3 };

function view(promoted: boolean): MeasuresView {
  return {
    ideas: [{ id: "i1", text: "<script>Tablets</script>", life_area_id: "a1", event_id: null, votes: 3, status: promoted ? "uebernommen" : "neu", measure_id: promoted ? "m1" : null }],
    measures: promoted
      ? [{ measure: { id: "m1", number: "M-03-01", title: "Tablets", life_area_id: "a1", description: "", goal: "", lead: "", parties: "", priority: null, effort: null, benefit: null, start_quarter: null, end_quarter: null, cost_once_cents: null, cost_yearly_cents: null, cost_by_year: [], funding_programme: "", funding_rate: null, dependencies: [], kpis: "", status: "geplant", quick_win: false }, priority_score: null, complete: false, life_area_title: "Bildung & Betreuung" }]
      : [],
    life_areas: [area],
    budget: { years: [], total: { year: 0, once_cents: 0, yearly_cents: 0, planned_cents: 0, total_cents: 0, funding_cents: 0 }, without_estimate: 1, without_period: [], unplaced_cents: 0, yearly_without_end: [], has_planned: false },
    budget_chart: chart,
    portfolio: chart,
    roadmap: chart,
    total_once_cents: 0,
    total_yearly_cents: 0,
  };
}

afterEach(() => setTransport(async () => ({ kind: "closed" })));

describe("Baustein 4 view", () => {
  it("lists ideas as text and promotes one through the core", async () => {
    const sent: Command[] = [];
    let promoted = false;
    setTransport(async (c): Promise<Reply> => {
      sent.push(c);
      if ("measures" in c && typeof c.measures === "object" && "promote_idea" in c.measures) promoted = true;
      if ("goals" in c) return { kind: "goals", data: { profile: {} as never, district_label: "Landkreis", goals: [], timeline: [], timeline_chart: chart, stakeholders: [], events: [] } };
      if ("project" in c) throw { code: "internal", message: "nicht nötig" };
      return { kind: "measures", data: view(promoted) };
    });
    const { container } = render(MeasuresBaustein);
    await waitFor(() => expect(screen.getByDisplayValue("<script>Tablets</script>")).toBeTruthy());
    expect(container.querySelector("script")).toBeNull();
    await fireEvent.click(screen.getByTestId("promote"));
    await waitFor(() => expect(screen.getByText("M-03-01")).toBeTruthy());
    expect(sent).toContainEqual({ measures: { promote_idea: { idea_id: "i1" } } });
  });
});
