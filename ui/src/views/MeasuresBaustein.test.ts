import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { setTransport } from "../lib/api";
import type { Command } from "../lib/bindings/Command";
import type { MeasuresView } from "../lib/bindings/MeasuresView";
import type { Reply } from "../lib/bindings/Reply";
import type { Measure } from "../lib/bindings/Measure";
import MeasuresBaustein from "./MeasuresBaustein.svelte";

const chart = { svg: "<svg xmlns='http://www.w3.org/2000/svg'/>", alt: "Diagramm", points: [] };
const area = { id: "a1", code: "LB03", catalog_key: "LB03", title: "Bildung & Betreuung", description: "", selected: true, vision: "", rationale: "", responsible: "", dimension_keys: [], order: 3 };

function view(promoted: boolean): MeasuresView {
  return {
    ideas: [{ id: "i1", text: "<script>Tablets</script>", life_area_id: "a1", event_id: null, votes: 3, status: promoted ? "uebernommen" : "neu", measure_id: promoted ? "m1" : null }],
    measures: promoted
      ? [{ measure: { id: "m1", number: "M-03-01", title: "Tablets", life_area_id: "a1", description: "", goal: "", lead: "", parties: "", priority: null, effort: null, benefit: null, start_quarter: null, end_quarter: null, cost_once_cents: null, cost_yearly_cents: null, cost_by_year: [], funding_programme: "", funding_rate: null, dependencies: [], kpis: "", status: "geplant", quick_win: false }, priority_score: null, complete: false, missing: ["Beschreibung"], life_area_title: "Bildung & Betreuung", period: "ohne Zeitraum", cost_cents: null, votes: 0 }]
      : [],
    life_areas: [area],
    budget: { years: [], total: { year: 0, once_cents: 0, yearly_cents: 0, planned_cents: 0, total_cents: 0, funding_cents: 0, own_share_cents: 0, funding_open_cents: 0, funding_label: "0 €", own_share_label: "0 €" }, without_estimate: 1, without_period: [], unplaced_cents: 0, yearly_without_end: [], has_planned: false, funding_open: [], notes: ["Für 1 Maßnahme liegt noch keine Kostenschätzung vor; sie ist in den Beträgen nicht enthalten."] },
    budget_chart: chart,
    portfolio: chart,
    roadmap: chart,
    total_once_cents: null,
    total_yearly_cents: null,
  };
}

afterEach(() => {
  cleanup();
  setTransport(async () => ({ kind: "closed" }));
});

describe("Baustein 4 view", () => {
  it("lists ideas as text and promotes one through the core", async () => {
    const sent: Command[] = [];
    let promoted = false;
    setTransport(async (c): Promise<Reply> => {
      sent.push(c);
      if ("measures" in c && typeof c.measures === "object" && "promote_idea" in c.measures) promoted = true;
      if ("goals" in c) return { kind: "goals", data: { profile: {} as never, district_label: "Landkreis", goals: [], timeline: [], has_plan: false, overdue: [], timeline_chart: chart, stakeholders: [], events: [] } };
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

describe("ideas keep where they came from", () => {
  it("shows each idea's event and saves a corrected one", async () => {
    const sent: Command[] = [];
    const events = [{ id: "e1", title: "Zukunftswerkstatt" }, { id: "e2", title: "Jugendforum" }] as never[];
    setTransport(async (c): Promise<Reply> => {
      sent.push(c);
      if ("goals" in c) return { kind: "goals", data: { profile: {} as never, district_label: "Landkreis", goals: [], timeline: [], has_plan: false, overdue: [], timeline_chart: chart, stakeholders: [], events } };
      if ("project" in c) throw { code: "internal", message: "nicht nötig" };
      const v = view(false);
      return { kind: "measures", data: { ...v, ideas: [{ ...v.ideas[0], event_id: "e1" }] } };
    });
    render(MeasuresBaustein);
    const select = (await screen.findByLabelText("Veranstaltung der Idee")) as HTMLSelectElement;
    await waitFor(() => expect(select.selectedOptions[0]?.textContent).toBe("Zukunftswerkstatt"));
    const jugendforum = [...select.options].find((o) => o.textContent === "Jugendforum")!;
    await fireEvent.change(select, { target: { value: jugendforum.value } });
    await waitFor(() =>
      expect(sent.some((c) => "measures" in c && typeof c.measures === "object" && "save_idea" in c.measures && (c.measures.save_idea as { event_id?: string }).event_id === "e2")).toBe(true),
    );
  });
});

function measure(id: string, number: string, title: string, extra: Partial<Measure> = {}): Measure {
  return { id, number, title, life_area_id: null, description: "", goal: "", lead: "", parties: "", priority: null, effort: null, benefit: null, start_quarter: null, end_quarter: null, cost_once_cents: null, cost_yearly_cents: null, cost_by_year: [], funding_programme: "", funding_rate: null, dependencies: [], kpis: "", status: "geplant", quick_win: false, ...extra };
}

/** A small core: keeps measures, numbers new ones, answers with the saved id. */
function fakeCore(initial: Measure[]) {
  const measures = [...initial];
  const sent: Command[] = [];
  setTransport(async (c): Promise<Reply> => {
    sent.push(c);
    if ("goals" in c) return { kind: "goals", data: { profile: {} as never, district_label: "Landkreis", goals: [], timeline: [], has_plan: false, overdue: [], timeline_chart: chart, stakeholders: [], events: [] } };
    let saved: string | undefined;
    if ("measures" in c && typeof c.measures === "object" && "save_measure" in c.measures) {
      const m = c.measures.save_measure as Measure;
      if (m.id === "00000000-0000-0000-0000-000000000000") {
        saved = `new-${measures.length}`;
        measures.push({ ...m, id: saved, number: `M-00-${measures.length + 1}` });
      } else {
        saved = m.id;
        measures.splice(measures.findIndex((x) => x.id === m.id), 1, m);
      }
    }
    const v = view(false);
    v.measures = measures.map((m) => ({ measure: m, priority_score: m.effort && m.benefit ? 60 : null, complete: false, missing: ["Beschreibung"], life_area_title: "Querschnitt", period: m.start_quarter ?? "ohne Zeitraum", cost_cents: m.cost_once_cents, votes: 0 }));
    return { kind: "measures", data: saved ? { ...v, saved } : v };
  });
  return sent;
}

describe("measures table and Steckbrief", () => {
  it("keeps the natural number order and opens the Steckbrief of a new measure", async () => {
    // The core sends measures in natural order; M-01-100 follows M-01-99.
    fakeCore([measure("a", "M-01-99", "Neunundneunzig"), measure("b", "M-01-100", "Hundert", { effort: 2, benefit: 4 })]);
    render(MeasuresBaustein);
    await fireEvent.click(await screen.findByTestId("tab-massnahmen"));
    const numbers = () => [...document.querySelectorAll("table.measures tbody tr td:first-child")].map((td) => td.textContent?.trim());
    await waitFor(() => expect(numbers()).toEqual(["M-01-99", "M-01-100"]));
    const sortHeader = () => screen.getByRole("button", { name: /^Nr\./ }).closest("th")!;
    expect(sortHeader().getAttribute("aria-sort")).toBe("ascending");
    await fireEvent.click(screen.getByRole("button", { name: /^Nr\./ }));
    expect(numbers()).toEqual(["M-01-100", "M-01-99"]);
    expect(sortHeader().getAttribute("aria-sort")).toBe("descending");
    await fireEvent.click(screen.getByRole("button", { name: /^Nr\./ }));
    expect(numbers()).toEqual(["M-01-99", "M-01-100"]);
    // Priority and status read as words, the title in full.
    expect(document.querySelector("table.measures tbody tr")?.textContent).toContain("geplant");

    // A new measure stands on top, where it was typed, with its Steckbrief open and focused …
    const input = screen.getByLabelText("Neue Maßnahme");
    await fireEvent.input(input, { target: { value: "Digitale Bauakte" } });
    await fireEvent.submit(input.closest("form")!);
    await waitFor(() => expect(screen.getByTestId("sb-number").textContent).toBe("M-00-3"));
    expect(numbers()).toEqual(["M-00-3", "M-01-99", "M-01-100"]);
    expect(sortHeader().getAttribute("aria-sort")).toBe("none");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("sb-title")));
    expect(screen.getByTestId("sb-missing").textContent).toContain("fehlt noch: Beschreibung");
    // … and ‹ › step through the list as shown.
    await fireEvent.click(screen.getByTestId("sb-next"));
    await waitFor(() => expect(screen.getByTestId("sb-number").textContent).toBe("M-01-99"));
    expect((screen.getByTestId("sb-next") as HTMLButtonElement).disabled).toBe(false);
    await fireEvent.click(screen.getByTestId("sb-prev"));
    await waitFor(() => expect(screen.getByTestId("sb-number").textContent).toBe("M-00-3"));
    expect((screen.getByTestId("sb-prev") as HTMLButtonElement).disabled).toBe(true);
    // Sorting puts it in its place.
    await fireEvent.click(screen.getByRole("button", { name: /^Nr\./ }));
    await fireEvent.click(screen.getByRole("button", { name: /^Nr\./ }));
    expect(numbers()).toEqual(["M-01-99", "M-01-100", "M-00-3"]);
  });

  it("enters amounts per year without touching one-off costs, and lists what is not yet assessed", async () => {
    const sent = fakeCore([measure("a", "M-01-01", "WLAN"), measure("b", "M-01-02", "Portal", { cost_once_cents: 500000, effort: 2, benefit: 4 })]);
    render(MeasuresBaustein);
    await fireEvent.click(await screen.findByTestId("tab-massnahmen"));
    await fireEvent.click(await screen.findByTestId("steckbrief-M-01-02"));
    // One-off costs are set: per-year amounts must be chosen deliberately, never replace them.
    expect((screen.getByTestId("sb-cost-years") as HTMLInputElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId("steckbrief-M-01-01"));
    await fireEvent.click(screen.getByTestId("sb-cost-years"));
    const year = await screen.findByTestId("year-amount-new-year");
    await fireEvent.input(year, { target: { value: "2027" } });
    await fireEvent.change(year);
    const cents = screen.getByTestId("year-amount-new-cents");
    await fireEvent.input(cents, { target: { value: "40.000" } });
    await fireEvent.change(cents);
    await fireEvent.click(screen.getByTestId("year-amount-add"));
    await waitFor(() => expect(screen.getByTestId("year-amount-2027")).toBeTruthy());
    expect(sent).toContainEqual({ measures: { save_measure: measure("a", "M-01-01", "WLAN", { cost_by_year: [{ year: 2027, cents: 4000000 }] }) } });
    // The next year is proposed; a second amount joins the list in order.
    expect((screen.getByTestId("year-amount-new-year") as HTMLInputElement).value).toBe("2028");
    await fireEvent.input(screen.getByTestId("year-amount-new-cents"), { target: { value: "5000" } });
    await fireEvent.change(screen.getByTestId("year-amount-new-cents"));
    await fireEvent.click(screen.getByTestId("year-amount-add"));
    await waitFor(() => expect(screen.getByTestId("year-amount-2028")).toBeTruthy());
    expect(sent).toContainEqual({ measures: { save_measure: measure("a", "M-01-01", "WLAN", { cost_by_year: [{ year: 2027, cents: 4000000 }, { year: 2028, cents: 500000 }] }) } });

    await fireEvent.click(screen.getByTestId("tab-portfolio"));
    const pending = await screen.findByTestId("portfolio-unassessed");
    expect(pending.textContent).toContain("M-01-01");
    expect(pending.textContent).not.toContain("M-01-02");
    await fireEvent.click(screen.getByTestId("tab-roadmap"));
    expect((await screen.findByTestId("roadmap-undated")).textContent).toContain("M-01-02");
  });

  it("says what to do when there are no measures yet and leads to the idea pool", async () => {
    fakeCore([]);
    render(MeasuresBaustein);
    await fireEvent.click(await screen.findByTestId("tab-massnahmen"));
    const empty = await screen.findByTestId("empty-measures");
    expect(empty.textContent).toContain("Noch keine Maßnahmen");
    await fireEvent.click(screen.getByText(/Zum Ideenspeicher/));
    await waitFor(() => expect(screen.getByTestId("tab-ideen").getAttribute("aria-selected")).toBe("true"));
  });

  it("calls a kind of cost no measure has estimated open, not 0 €", async () => {
    let once: number | null = 18_000_000;
    let yearly: number | null = null;
    setTransport(async (c): Promise<Reply> => {
      if ("goals" in c) throw { code: "internal", message: "nicht nötig" };
      const v = view(true);
      return { kind: "measures", data: { ...v, total_once_cents: once, total_yearly_cents: yearly, budget: { ...v.budget, without_estimate: 7 } } };
    });
    render(MeasuresBaustein);
    await fireEvent.click(await screen.findByTestId("tab-massnahmen"));
    expect((await screen.findByTestId("cost-totals")).textContent).toBe("Einmalig 180.000\u00a0€ · laufend noch offen · davon 7 Maßnahmen ohne Kostenschätzung");
    cleanup();
    [once, yearly] = [null, 120_000];
    render(MeasuresBaustein);
    await fireEvent.click(await screen.findByTestId("tab-massnahmen"));
    expect((await screen.findByTestId("cost-totals")).textContent).toBe("Einmalig noch offen · laufend 1.200\u00a0€ pro Jahr · davon 7 Maßnahmen ohne Kostenschätzung");
  });

  it("says, under the budget, what the core's notes say the sums leave out", async () => {
    const note = "Bei 1 Maßnahme ist ein Teil der Kosten noch offen und in den Beträgen nicht enthalten: laufende Kosten bei M-01-01.";
    setTransport(async (c): Promise<Reply> => {
      if ("goals" in c) throw { code: "internal", message: "nicht nötig" };
      const v = view(false);
      const year = { ...v.budget.total, year: 2027, once_cents: 1_500_000, total_cents: 1_500_000 };
      return { kind: "measures", data: { ...v, budget: { ...v.budget, years: [year], total: { ...year, year: 0 }, notes: [note] } } };
    });
    render(MeasuresBaustein);
    await fireEvent.click(await screen.findByTestId("tab-budget"));
    expect((await screen.findByTestId("budget-notes")).textContent).toBe(note);
    expect(screen.getByTestId("budget-table").textContent).toContain("2027");
  });

  it("says the portfolio and roadmap are empty, and adds up no budget of nothing", async () => {
    fakeCore([]);
    render(MeasuresBaustein);
    await fireEvent.click(await screen.findByTestId("tab-portfolio"));
    expect((await screen.findByTestId("empty-portfolio")).textContent).toContain("Noch keine Maßnahmen");
    await fireEvent.click(screen.getByTestId("tab-roadmap"));
    expect((await screen.findByTestId("empty-roadmap")).textContent).toContain("Noch keine Maßnahmen");
    await fireEvent.click(screen.getByTestId("tab-budget"));
    await screen.findByTestId("empty-budget");
    expect(screen.queryByTestId("budget-table")).toBeNull();
    expect(screen.queryByText("Summe")).toBeNull();
  });
});
