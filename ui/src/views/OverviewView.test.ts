import { cleanup, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { implementationFixture, overviewFixture } from "../lib/fixtures";
import OverviewView from "./OverviewView.svelte";

afterEach(cleanup);

const torture = "<script>alert('x')</script> „Größe“ 🚀 مرحبا";

describe("OverviewView", () => {
  it("shows profile, scores and progress from the core as text", () => {
    const { container } = render(OverviewView, { props: { overview: overviewFixture(torture) } });
    expect(screen.getByTestId("population").textContent).toBe("12.180");
    expect(screen.getByText("01.03.2027")).toBeTruthy();
    expect(screen.getByText("28")).toBeTruthy();
    expect(screen.getByText("3/15")).toBeTruthy();
    expect(screen.getByText("100 %")).toBeTruthy();
    expect(screen.getByText("Keine anstehenden Termine.")).toBeTruthy();
    // User text is shown literally, never as markup.
    expect(container.querySelector("script")).toBeNull();
    expect(screen.getByText(torture)).toBeTruthy();
  });
});

describe("Digitalisierungs-Check", () => {
  it("names the base of each index when the SOLL rests on fewer answers than the IST", () => {
    const base = overviewFixture();
    const overview = { ...base, scores: { ...base.scores, answered: 7, ist_count: 7, soll_count: 2, paired_count: 2 } };
    render(OverviewView, { props: { overview } });
    expect(screen.getByTestId("soll-hint").textContent).toBe("SOLL in 2–3 Jahren, aus 2 Fragen");
    expect(screen.getByText("IST-Index (0–100), aus 7 Fragen")).toBeTruthy();
  });
});

describe("Kommune", () => {
  it("names the district as the core calls it for the kind of municipality", () => {
    const base = overviewFixture();
    const overview = {
      ...base,
      profile: { ...base.profile, kind: "Kreisfreie Stadt" as const, district: "Rheinland-Pfalz" },
      district_label: "Regierungsbezirk / Land",
    };
    const { container } = render(OverviewView, { props: { overview } });
    const terms = [...container.querySelectorAll("dt")].map((d) => d.textContent);
    expect(terms).toContain("Regierungsbezirk / Land");
    expect(terms).not.toContain("Landkreis");
    expect(screen.getByText("Rheinland-Pfalz")).toBeTruthy();
  });
});

describe("Nächste Schritte", () => {
  it("lists the core's steps and opens the place of one", async () => {
    const { fireEvent } = await import("@testing-library/svelte");
    const { project } = await import("../lib/project.svelte");
    const overview = {
      ...overviewFixture(),
      next_steps: [
        { baustein: 1, text: "Erstes Projektziel mit Indikator und Zielwert festhalten", place: "goals" },
        { baustein: 4, text: "Steckbriefe vervollständigen (0 von 2 vollständig)", place: "steckbriefe" },
      ],
    };
    render(OverviewView, { props: { overview } });
    expect(screen.getByTestId("next-steps").textContent).toContain("Erstes Projektziel");
    await fireEvent.click(screen.getByText(/Steckbriefe vervollständigen/));
    expect(project.target).toEqual({ baustein: 4, tab: "massnahmen", focus: "tr[data-incomplete]" });
  });

  it("marks the Umsetzung's steps and opens their place there", async () => {
    const { fireEvent } = await import("@testing-library/svelte");
    const { project } = await import("../lib/project.svelte");
    const overview = {
      ...overviewFixture(),
      next_steps: [{ baustein: 6, text: "Meldungen einholen: 2 Maßnahmen ohne Meldung in „Herbst“ (Statusformulare)", place: "forms_export" }],
    };
    render(OverviewView, { props: { overview } });
    const badge = screen.getByTestId("next-steps").querySelector(".num");
    expect([badge?.textContent, badge?.getAttribute("title")]).toEqual(["U", "Umsetzung"]);
    await fireEvent.click(screen.getByText(/Meldungen einholen/));
    expect(project.target).toEqual({ baustein: 6, focus: "[data-testid=forms-export]" });
  });

  it("is not shown when nothing is left", () => {
    const { container } = render(OverviewView, { props: { overview: overviewFixture() } });
    expect(container.querySelector("[data-testid=next-steps]")).toBeNull();
  });
});

describe("Umsetzung on the overview", () => {
  it("shows the decision, the newest round's lights and the indicators, and opens the Umsetzung", async () => {
    const { fireEvent } = await import("@testing-library/svelte");
    const { project } = await import("../lib/project.svelte");
    const overview = {
      ...overviewFixture(),
      implementation: implementationFixture(torture),
    };
    const { container } = render(OverviewView, { props: { overview } });
    const card = screen.getByTestId("overview-implementation");
    expect(card.textContent).toContain("mit Änderungen beschlossen vom Gemeinderat am 03.11.2025");
    expect(card.textContent).toContain("Stichtag 23.11.2026");
    expect(card.textContent).toContain("im Plan: 25");
    expect(card.textContent).toContain("ohne Meldung: 1");
    // A measure the council put back is counted apart, not as a missing report.
    expect(card.textContent).toContain("zurückgestellt: 1");
    expect(card.textContent).toContain("40 %");
    // The mean says on how many measures it rests when not on all.
    expect(card.textContent).toContain("Fortschritt im Mittel (aus 26 von 28 Maßnahmen)");
    expect(card.textContent).toContain("2/9");
    expect(screen.queryByTestId("kpis-missed")).toBeNull();
    // The Drucksache is the user's text, shown literally.
    expect(container.querySelector("script")).toBeNull();
    expect(card.textContent).toContain(torture);
    await fireEvent.click(screen.getByText("Zur Umsetzung"));
    expect(project.target).toEqual({ baustein: 6 });
    // A target missed at its date is said beside those reached.
    cleanup();
    render(OverviewView, { props: { overview: { ...overview, implementation: { ...overview.implementation, kpis_missed: 1 } } } });
    expect(screen.getByTestId("overview-implementation").textContent).toContain("Kennzahlen am Ziel · 1 zum Zieldatum verfehlt");
    // Without indicators there is nothing „0/0“ at its target.
    cleanup();
    render(OverviewView, { props: { overview: { ...overview, implementation: { ...overview.implementation, kpis: 0, kpis_reached: 0 } } } });
    const empty = screen.getByTestId("overview-implementation").textContent ?? "";
    expect(empty).not.toContain("0/0");
    expect(empty).toContain("noch keine Kennzahlen");
    // A postponed strategy is not in force: no indicators or deviations to count.
    cleanup();
    render(OverviewView, { props: { overview: { ...overview, implementation: { ...overview.implementation, round: null, lights: [], in_force: false } } } });
    const postponed = screen.getByTestId("overview-implementation").textContent ?? "";
    expect(postponed).toContain("nicht in Kraft");
    expect(postponed).not.toContain("Abweichung vom Beschluss");
    // A rejected Fortschreibung is named beside the strategy in force.
    cleanup();
    const rejected = { ...overview.implementation.adoption, id: "00000000-0000-0000-0000-0000000000a2", date: "2028-03-01", drucksache: "GR 2028/012", result: "abgelehnt" as const };
    render(OverviewView, { props: { overview: { ...overview, implementation: { ...overview.implementation, later_decision: rejected } } } });
    const withRejection = screen.getByTestId("overview-implementation").textContent ?? "";
    expect(withRejection).toContain("mit Änderungen beschlossen vom Gemeinderat am 03.11.2025");
    expect(screen.getByTestId("later-decision").textContent).toBe("Zuletzt: abgelehnt vom Gemeinderat am 01.03.2028 (GR 2028/012)");
  });

  it("is absent before the adoption", () => {
    const { container } = render(OverviewView, { props: { overview: overviewFixture() } });
    expect(container.querySelector("[data-testid=overview-implementation]")).toBeNull();
  });
});
