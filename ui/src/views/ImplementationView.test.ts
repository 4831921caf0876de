import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { setPlatform, setTransport, type Command, type Reply } from "../lib/api";
import type { ImplementationView as View } from "../lib/bindings/ImplementationView";
import ImplementationView from "./ImplementationView.svelte";

afterEach(cleanup);

const empty: View = { adoptions: [], baselines: [], kpis: [], rounds: [], round: null, plan_vs_actual: [], plan_vs_actual_chart: { svg: "<svg/>", alt: "", points: [] }, deviations: [] };

function adopted(): View {
  return {
    ...empty,
    adoptions: [{ id: "a1", date: "2027-11-18", body: "Gemeinderat", drucksache: "GR 2027/041", result: "beschlossen", changes: "", baseline_id: "b1" }],
    baselines: [{ id: "b1", version: 1, label: "Digitalisierungsstrategie", frozen_on: "2027-11-18", measures: [], goal_kpis: [] }],
    plan_vs_actual: [{ year: 2028, planned_cents: 1_000_000, actual_cents: null }],
    round: {
      round: { id: "r1", label: "1. Halbjahr 2028", date: "2028-06-30", baseline_id: "b1" },
      entries: [{ entry: { id: "e1", round_id: "r1", measure_id: "m1", progress: null, light: "verzug", reason: "<b>Lieferung</b>", actual_costs: [], next_steps: "", responsible: "" }, number: "M-01-01", title: "Bürgerbüro online", lead: "Hauptamt" }],
      lights: [{ light: "im_plan", count: 0 }, { light: "verzug", count: 1 }, { light: "gefaehrdet", count: 0 }, { light: "abgeschlossen", count: 0 }, { light: "gestoppt", count: 0 }],
      unreported: 0,
    },
    rounds: [{ id: "r1", label: "1. Halbjahr 2028", date: "2028-06-30", baseline_id: "b1" }],
  };
}

function fakeCore(start: View) {
  const sent: Command[] = [];
  let state = start;
  setTransport(async (c): Promise<Reply> => {
    sent.push(c);
    if (typeof c === "object" && "implementation" in c) {
      if (typeof c.implementation === "object" && "adopt" in c.implementation) state = adopted();
      if (typeof c.implementation === "object" && "report" in c.implementation) {
        return { kind: "report", data: { path: c.implementation.report.path, pages: 4, bytes: 1, sha256: "", warnings: [] } };
      }
      return { kind: "implementation", data: state };
    }
    if (typeof c === "object" && "measures" in c) throw { code: "internal", message: "nicht im Test" };
    if (typeof c === "object" && "goals" in c) throw { code: "internal", message: "nicht im Test" };
    throw { code: "internal", message: "unerwartet" };
  });
  return sent;
}

describe("Umsetzung", () => {
  it("records the adoption as typed and then shows it with the round's traffic lights", async () => {
    const sent = fakeCore(empty);
    render(ImplementationView);
    await waitFor(() => screen.getByTestId("adoption-form"));
    await fireEvent.input(screen.getByTestId("adoption-drucksache"), { target: { value: "GR 2027/041" } });
    await fireEvent.click(screen.getByTestId("adoption-save"));
    await waitFor(() => expect(screen.getByTestId("adoption-summary").textContent).toContain("GR 2027/041"));
    const adopt = sent.find((c) => typeof c === "object" && "implementation" in c && typeof c.implementation === "object" && "adopt" in c.implementation);
    expect(adopt).toMatchObject({ implementation: { adopt: { body: "Gemeinderat", drucksache: "GR 2027/041", decisions: [] } } });
    expect(screen.getByTestId("lights").textContent).toContain("Verzug: 1");
    // User text stays text.
    expect(screen.getByDisplayValue("<b>Lieferung</b>")).toBeTruthy();
  });

  it("writes the Umsetzungsbericht where the consultant saves it", async () => {
    const sent = fakeCore(adopted());
    setPlatform({ chooseTarget: async () => "/daten/Umsetzungsbericht.pdf" });
    render(ImplementationView);
    await waitFor(() => screen.getByTestId("impl-report"));
    await fireEvent.click(screen.getByTestId("impl-report"));
    await waitFor(() => expect(screen.getByTestId("impl-note").textContent).toContain("4 Seiten"));
    expect(sent.some((c) => JSON.stringify(c).includes('"path":"/daten/Umsetzungsbericht.pdf"'))).toBe(true);
  });
});
