import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setPlatform, setTransport, type Command, type Reply } from "../lib/api";
import { overviewFixture } from "../lib/fixtures";
import { project } from "../lib/project.svelte";
import type { ImplementationView as View } from "../lib/bindings/ImplementationView";
import type { KpiStanding } from "../lib/bindings/KpiStanding";
import ImplementationView from "./ImplementationView.svelte";

afterEach(cleanup);

const empty: View = { adoptions: [], baselines: [], kpis: [], rounds: [], round: null, plan_vs_actual: [], plan_vs_actual_chart: { svg: "<svg/>", alt: "", points: [] }, deviations: [], council: "Kreistag", stage: "entwurf", in_force: null };

function adopted(): View {
  return {
    ...empty,
    adoptions: [{ id: "a1", date: "2027-11-18", body: "Gemeinderat", drucksache: "GR 2027/041", result: "beschlossen", changes: "", baseline_id: "b1" }],
    baselines: [{ id: "b1", version: 1, label: "Digitalisierungsstrategie", frozen_on: "2027-11-18", measures: [], goal_kpis: [] }],
    plan_vs_actual: [{ year: 2028, planned_cents: 1_000_000, actual_cents: null, planned_measures: 1, reported_measures: 0, actual_label: "–" }],
    round: {
      round: { id: "r1", label: "1. Halbjahr 2028", date: "2028-06-30", baseline_id: "b1" },
      entries: [{ entry: { id: "e1", round_id: "r1", measure_id: "m1", progress: null, light: "verzug", reason: "<b>Lieferung</b>", actual_costs: [], next_steps: "", responsible: "" }, number: "M-01-01", title: "Bürgerbüro online", lead: "Hauptamt", deferred: false }],
      lights: [{ light: "im_plan", count: 0 }, { light: "verzug", count: 1 }, { light: "gefaehrdet", count: 0 }, { light: "abgeschlossen", count: 0 }, { light: "gestoppt", count: 0 }],
      unreported: 0,
      deferred: 0,
      unchanged: 0,
      unchanged_note: null,
      previous: null,
    },
    rounds: [{ id: "r1", label: "1. Halbjahr 2028", date: "2028-06-30", baseline_id: "b1" }],
    stage: "in_kraft",
    in_force: "b1",
  };
}

function fakeCore(start: View) {
  const sent: Command[] = [];
  let state = start;
  setTransport(async (c): Promise<Reply> => {
    sent.push(c);
    if (typeof c === "object" && "implementation" in c) {
      if (typeof c.implementation === "object" && "adopt" in c.implementation) state = adopted();
      if (typeof c.implementation === "object" && "status_import" in c.implementation) {
        const { paths, apply } = c.implementation.status_import;
        return { kind: "status_import", data: { changes: paths.map((p, i) => ({ number: `M-0${i + 1}-01`, field: "Ampel", before: "–", after: p.includes("Bauamt") ? "Verzug" : "im Plan" })), problems: [], applied: apply ?? false } };
      }
      if (typeof c.implementation === "object" && "status_forms" in c.implementation) {
        const dir = c.implementation.status_forms.dir;
        return { kind: "status_forms", data: { files: [`${dir}/Statusmeldung 1. Halbjahr 2028 – Hauptamt.xlsx`], put_back: ["M-05-02 Echtzeit-Fahrgastinformation"] } };
      }
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
  it("asks for measures before a Beschluss when the strategy has none", async () => {
    const sent: Command[] = [];
    setTransport(async (c): Promise<Reply> => {
      sent.push(c);
      if (typeof c === "object" && "implementation" in c) return { kind: "implementation", data: empty };
      if (typeof c === "object" && "measures" in c) return { kind: "measures", data: { measures: [], ideas: [], life_areas: [] } as never };
      throw { code: "internal", message: "nicht im Test" };
    });
    render(ImplementationView);
    const hint = await waitFor(() => screen.getByTestId("adoption-needs-measures"));
    expect(hint.textContent).toContain("noch keine Maßnahmen");
    expect(screen.queryByTestId("adoption-form")).toBeNull();
    await fireEvent.click(screen.getByText("Maßnahmen im Baustein 4 anlegen"));
    expect(project.target).toEqual({ baustein: 4 });
    expect(sent.some((c) => typeof c === "object" && "implementation" in c && typeof c.implementation === "object" && "adopt" in c.implementation)).toBe(false);
  });

  it("records the adoption as typed and then shows it with the round's traffic lights", async () => {
    const sent = fakeCore(empty);
    render(ImplementationView);
    await waitFor(() => screen.getByTestId("adoption-form"));
    await fireEvent.input(screen.getByTestId("adoption-drucksache"), { target: { value: "GR 2027/041" } });
    await fireEvent.click(screen.getByTestId("adoption-save"));
    await waitFor(() => expect(screen.getByTestId("adoption-summary").textContent).toContain("GR 2027/041"));
    const adopt = sent.find((c) => typeof c === "object" && "implementation" in c && typeof c.implementation === "object" && "adopt" in c.implementation);
    // The Gremium is the core's for the kind of municipality until one is typed.
    expect(adopt).toMatchObject({ implementation: { adopt: { body: "Kreistag", drucksache: "GR 2027/041", decisions: [] } } });
    expect(screen.getByTestId("lights").textContent).toContain("Verzug: 1");
    // User text stays text.
    expect(screen.getByDisplayValue("<b>Lieferung</b>")).toBeTruthy();
  });

  it("keeps a measure put back as put back unless the council adopts it after all", async () => {
    const sent: Command[] = [];
    const measure = (id: string, number: string, status: string) => ({ measure: { id, number, title: `Maßnahme ${number}`, status } });
    setTransport(async (c): Promise<Reply> => {
      sent.push(c);
      if (typeof c === "object" && "implementation" in c) return { kind: "implementation", data: empty };
      if (typeof c === "object" && "measures" in c) return { kind: "measures", data: { measures: [measure("m1", "M-01-01", "geplant"), measure("m2", "M-11-05", "zurueckgestellt")], ideas: [], life_areas: [] } as never };
      throw { code: "internal", message: "nicht im Test" };
    });
    render(ImplementationView);
    await waitFor(() => screen.getByLabelText("Entscheidung zu M-11-05"));
    expect((screen.getByLabelText("Entscheidung zu M-01-01") as HTMLSelectElement).value).toBe("beschlossen");
    const putBack = screen.getByLabelText("Entscheidung zu M-11-05") as HTMLSelectElement;
    expect(putBack.value).toBe("zurueckgestellt");
    // Nothing named: the core keeps it put back by itself.
    await fireEvent.click(screen.getByTestId("adoption-save"));
    const adopts = () => sent.filter((c) => typeof c === "object" && "implementation" in c && typeof c.implementation === "object" && "adopt" in c.implementation);
    await waitFor(() => expect(adopts()).toHaveLength(1));
    expect(adopts()[0]).toMatchObject({ implementation: { adopt: { decisions: [] } } });
    // Adopted after all: said explicitly.
    await fireEvent.change(putBack, { target: { value: "beschlossen" } });
    await fireEvent.click(screen.getByTestId("adoption-save"));
    await waitFor(() => expect(adopts()).toHaveLength(2));
    expect(adopts()[1]).toMatchObject({ implementation: { adopt: { decisions: [{ measure_id: "m2", decision: "beschlossen" }] } } });
  });

  it("after a postponed vote offers the decision again and no status round", async () => {
    const postponed: View = {
      ...empty,
      adoptions: [{ id: "a1", date: "2027-11-18", body: "Gemeinderat", drucksache: "", result: "vertagt", changes: "", baseline_id: "b1" }],
      baselines: [{ id: "b1", version: 1, label: "Digitalisierungsstrategie", frozen_on: "2027-11-18", measures: [], goal_kpis: [] }],
    };
    const sent = fakeCore(postponed);
    render(ImplementationView);
    const form = await screen.findByTestId("adoption-form");
    expect(form.textContent).toContain("Erneuten Beschluss erfassen");
    expect(form.textContent).toContain("am 18.11.2027 vertagt");
    expect(screen.getByTestId("not-in-force").textContent).toContain("nicht in Kraft");
    expect(screen.queryByTestId("round-start")).toBeNull();
    expect(screen.queryByTestId("revision-form")).toBeNull();
    await waitFor(() => expect(sent).toContainEqual({ goals: "get" }));
    await fireEvent.click(screen.getByTestId("adoption-save"));
    await waitFor(() => expect(screen.getByTestId("adoption-summary").textContent).toContain("In Kraft: Digitalisierungsstrategie (Version 1)"));
    expect(sent.filter((c) => JSON.stringify(c).includes('"adopt"'))).toHaveLength(1);
  });

  it("begins the Fortschreibung of the strategy in force and then offers its decision", async () => {
    const sent = fakeCore(adopted());
    render(ImplementationView);
    await screen.findByTestId("revision-form");
    expect(screen.queryByTestId("adoption-form")).toBeNull();
    // A Fortschreibung's decision stays within reach (folded) even when the stage was read
    // from a watermark switched off by hand.
    expect(screen.getByTestId("later-adoption").querySelector("[data-testid=later-adoption-form]")).toBeTruthy();
    await fireEvent.input(screen.getByTestId("revision-label"), { target: { value: "Fortschreibung 2030" } });
    await fireEvent.click(screen.getByTestId("revision-start"));
    expect(sent).toContainEqual({ implementation: { start_revision: { label: "Fortschreibung 2030" } } });
    cleanup();
    fakeCore({ ...adopted(), stage: "fortschreibung" });
    render(ImplementationView);
    const form = await screen.findByTestId("adoption-form");
    expect(form.textContent).toContain("Beschluss der Fortschreibung erfassen");
    expect(form.textContent).toContain("In Kraft bleibt bis dahin Digitalisierungsstrategie (Version 1)");
    expect(screen.getByTestId("round-start")).toBeTruthy();
  });

  it("says which statuses are still those of the round before", async () => {
    const note = "Bei 2 Maßnahmen sind die Angaben unverändert seit der Statusrunde „1. Halbjahr 2028“.";
    const state = adopted();
    fakeCore({ ...state, round: state.round ? { ...state.round, unchanged: 2, unchanged_note: note } : null });
    render(ImplementationView);
    expect((await screen.findByTestId("unchanged-note")).textContent).toBe(note);
  });

  it("writes the Umsetzungsbericht where the consultant saves it", async () => {
    const sent = fakeCore(adopted());
    const chooseTarget = vi.fn(async () => "/daten/Umsetzungsbericht.pdf");
    setPlatform({ chooseTarget });
    project.overview = { ...overviewFixture(), path: "/daten/Ort.zukunft" };
    render(ImplementationView);
    await waitFor(() => screen.getByTestId("impl-report"));
    await fireEvent.click(screen.getByTestId("impl-report"));
    await waitFor(() => expect(screen.getByTestId("impl-note").textContent).toContain("4 Seiten"));
    // Suggested beside the project, named like the other exports.
    expect(chooseTarget).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: "/daten/Ort_2026-11-25_Umsetzungsbericht.pdf" }));
    expect(sent.some((c) => JSON.stringify(c).includes('"path":"/daten/Umsetzungsbericht.pdf"'))).toBe(true);
    project.overview = null;
  });

  it("names the measures the council put back beside the forms written, since no form asks for them", async () => {
    fakeCore(adopted());
    setPlatform({ chooseFolder: async () => "/daten/Formulare" });
    render(ImplementationView);
    await waitFor(() => screen.getByTestId("forms-export"));
    await fireEvent.click(screen.getByTestId("forms-export"));
    await waitFor(() =>
      expect(screen.getByTestId("impl-note").textContent).toBe(
        "1 Statusformular gespeichert in /daten/Formulare. Zurückgestellt und ohne Formularzeile: M-05-02 Echtzeit-Fahrgastinformation",
      ),
    );
  });

  it("says a form of an earlier round is not taken, without asking to correct cells", async () => {
    const sent = fakeCore(adopted());
    const refusal = "Das Formular gehört zur Statusrunde „1. Halbjahr 2028“; inzwischen läuft die Statusrunde „2. Halbjahr 2028“.";
    setTransport(async (c): Promise<Reply> => {
      sent.push(c);
      if (typeof c === "object" && "implementation" in c && typeof c.implementation === "object" && "status_import" in c.implementation) {
        return { kind: "status_import", data: { changes: [], problems: [{ file: "Statusmeldung 1. Halbjahr 2028 – Bauamt.xlsx", row: 0, column: "", message: refusal }], applied: false } };
      }
      return { kind: "implementation", data: adopted() };
    });
    setPlatform({ chooseFiles: async () => ["/daten/Statusmeldung 1. Halbjahr 2028 – Bauamt.xlsx"] });
    render(ImplementationView);
    await waitFor(() => screen.getByTestId("forms-import"));
    await fireEvent.click(screen.getByTestId("forms-import"));
    const preview = await waitFor(() => screen.getByTestId("import-preview"));
    expect(screen.getByRole("alert").textContent).toBe("Nicht übernommen:");
    expect(screen.getByTestId("import-problems").textContent).toBe(`Statusmeldung 1. Halbjahr 2028 – Bauamt.xlsx: ${refusal}`);
    expect(preview.querySelector('[data-testid="import-apply"]')).toBeNull();
  });

  it("reads every department's form at once into one preview and takes them over together", async () => {
    const sent = fakeCore(adopted());
    const forms = ["/daten/Statusformular_Hauptamt.xlsx", "/daten/Statusformular_Bauamt.xlsx"];
    setPlatform({ chooseFiles: async () => forms });
    render(ImplementationView);
    await waitFor(() => screen.getByTestId("forms-import"));
    await fireEvent.click(screen.getByTestId("forms-import"));
    const preview = await waitFor(() => screen.getByTestId("import-preview"));
    expect(preview.textContent).toContain("2 Statusformulare einlesen");
    expect(preview.textContent).toContain("Verzug");
    await fireEvent.click(screen.getByTestId("import-apply"));
    await waitFor(() => expect(screen.getByTestId("impl-note").textContent).toContain("2 Änderungen übernommen"));
    const imports = sent.filter((c) => JSON.stringify(c).includes("status_import"));
    expect(imports).toEqual([
      { implementation: { status_import: { paths: forms, apply: false } } },
      { implementation: { status_import: { paths: forms, apply: true } } },
    ]);
  });

  it("edits an indicator's target in its row and says whether the newest value reaches it", async () => {
    const withKpi = (): View => ({
      ...adopted(),
      kpis: [{
        kpi: { id: "k1", measure_id: "m1", goal_id: null, name: "Wartezeit", unit: "Minuten", baseline_value: 35, baseline_date: "2027-10-01", target_value: 10, target_date: "2028-12-31", direction: "lower_is_better" },
        owner: "M-01-01 Bürgerbüro online",
        values: [{ id: "v1", kpi_id: "k1", date: "2028-06-30", value: 12.5, note: "" }],
        latest: 12.5,
        reached: false,
        direction_implied: true,
        standing: { kind: "open" },
        adopted_target: "15 Minuten bis 31.12.2028",
      }, {
        kpi: { id: "k2", measure_id: "m1", goal_id: null, name: "Zufriedenheit", unit: "%", baseline_value: null, baseline_date: null, target_value: 80, target_date: null, direction: "higher_is_better" },
        owner: "M-01-01 Bürgerbüro online",
        values: [],
        latest: null,
        reached: null,
        direction_implied: false,
        standing: null,
        adopted_target: null,
      }],
    });
    const sent = fakeCore(withKpi());
    render(ImplementationView);
    const target = (await waitFor(() => screen.getByLabelText("Zielwert Wartezeit"))) as HTMLInputElement;
    expect(target.value).toBe("10");
    expect(screen.getByTestId("kpi-latest-0").textContent).toContain("12,5 Minuten");
    expect(screen.getByTestId("kpi-latest-0").textContent).toContain("Ziel noch nicht erreicht");
    // Changed since the vote: the adopted target stays in sight.
    expect(screen.getByTestId("kpi-adopted-0").textContent).toBe("beschlossen: 15 Minuten bis 31.12.2028");
    expect(screen.queryByTestId("kpi-adopted-1")).toBeNull();
    // Start 35 and target 10 say the direction: shown, not asked; without a start it is asked.
    expect(screen.getByTestId("kpi-direction-0").textContent).toBe("niedriger ist besser");
    expect(screen.queryByLabelText("Richtung Wartezeit")).toBeNull();
    expect(screen.getByLabelText("Richtung Zufriedenheit")).toBeTruthy();
    await fireEvent.input(target, { target: { value: "12,5" } });
    await fireEvent.change(target);
    await waitFor(() => expect(sent.some((c) => JSON.stringify(c).includes("save_kpi"))).toBe(true));
    const save = sent.find((c) => JSON.stringify(c).includes("save_kpi"));
    expect(save).toMatchObject({ implementation: { save_kpi: { id: "k1", name: "Wartezeit", target_value: 12.5, direction: "lower_is_better" } } });
  });

  it("says a target whose date has gone by is missed, or not measured since, as the core judged it", async () => {
    const kpi = (standing: KpiStanding): View => ({
      ...adopted(),
      kpis: [{
        kpi: { id: "k1", measure_id: null, goal_id: "g1", name: "Teilnehmende", unit: "Personen", baseline_value: 40, baseline_date: "2025-12-31", target_value: 300, target_date: "2026-12-31", direction: "higher_is_better" },
        owner: "Niemanden zurücklassen",
        values: [{ id: "v1", kpi_id: "k1", note: "", date: "2026-11-23", value: 214 }],
        latest: 214,
        reached: false,
        direction_implied: true,
        standing,
        adopted_target: null,
      }],
    });
    fakeCore(kpi({ kind: "due_unmeasured", due: "2026-12-31" }));
    render(ImplementationView);
    const verdict = await waitFor(() => screen.getByTestId("kpi-verdict-0"));
    expect(verdict.textContent).toBe("Zieldatum 31.12.2026 verstrichen, kein Messwert danach");
    cleanup();
    fakeCore(kpi({ kind: "missed", due: "2026-12-31" }));
    render(ImplementationView);
    const missed = await waitFor(() => screen.getByTestId("kpi-verdict-0"));
    expect(missed.textContent).toBe("Ziel zum 31.12.2026 nicht erreicht");
  });
});
