import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { setTransport, type Command } from "../lib/api";
import type { GoalsView } from "../lib/bindings/GoalsView";
import type { TimelineEntry } from "../lib/bindings/TimelineEntry";
import { overviewFixture } from "../lib/fixtures";
import GoalsBaustein from "./GoalsBaustein.svelte";

const chart = { svg: "<svg xmlns='http://www.w3.org/2000/svg'/>", alt: "Zeitplan als Balkendiagramm", points: [] };
const profile = { id: "p1", name: "Leerdorf", kind: "Gemeinde", ags: "", district: "", population: null, area_km2: null, mayor: "", consultants: "", project_title: "", start_date: null, funding_programme: "", funding_amount_cents: null, own_share_cents: null, security_stage: null } as GoalsView["profile"];
const entry = (title: string, start: string | null): TimelineEntry => ({ id: title, kind: "workshop", title, start, end: null, place: "", status: "geplant", baustein: null, plan_key: "" } as TimelineEntry);

function show(timeline: TimelineEntry[], start: string | null = null, sent: Command[] = []) {
  const view: GoalsView = { profile: { ...profile, start_date: start }, district_label: "Landkreis", goals: [], timeline, has_plan: timeline.some((t) => t.plan_key), overdue: [], timeline_chart: chart, stakeholders: [], events: [] };
  setTransport(async (c) => {
    sent.push(c);
    if (typeof c === "object" && "project" in c && typeof c.project === "object" && "save_profile" in c.project) {
      return { kind: "overview", data: { ...overviewFixture(), profile: { ...profile, ...c.project.save_profile } } };
    }
    return { kind: "goals", data: view };
  });
  return render(GoalsBaustein);
}

afterEach(() => {
  cleanup();
  setTransport(async () => ({ kind: "closed" }));
});

describe("Baustein 1 timeline", () => {
  it("draws no empty chart while no entry has a date, and says why", async () => {
    show([entry("Zukunftswerkstatt", null)]);
    await waitFor(() => expect(screen.getByTestId("undated-timeline")).toBeTruthy());
    expect(screen.queryByAltText(chart.alt)).toBeNull();
    expect(screen.queryByTestId("empty-timeline")).toBeNull();
  });

  it("draws the chart once an entry has a date", async () => {
    show([entry("Auftakt", "2027-03-02"), entry("Zukunftswerkstatt", null)]);
    await waitFor(() => expect(screen.getByAltText(chart.alt)).toBeTruthy());
    expect(screen.queryByTestId("undated-timeline")).toBeNull();
  });

  it("offers the Zehn-Monats-Plan once the Projektbeginn is known, and not when the plan is there", async () => {
    show([]);
    await waitFor(() => expect(screen.getByTestId("plan-needs-start")).toBeTruthy());
    expect(screen.queryByTestId("add-plan")).toBeNull();
    cleanup();

    const sent: Command[] = [];
    show([], "2027-03-01", sent);
    const offer = await waitFor(() => screen.getByTestId("add-plan"));
    expect(offer.textContent).toContain("ab 01.03.2027");
    await fireEvent.click(offer);
    await waitFor(() => expect(sent).toContainEqual({ goals: "add_plan" }));
    cleanup();

    show([{ ...entry("Auftaktveranstaltung", "2027-03-01"), plan_key: "auftakt" }], "2027-03-01");
    await waitFor(() => expect(screen.getByAltText(chart.alt)).toBeTruthy());
    expect(screen.queryByTestId("add-plan")).toBeNull();
    expect(screen.queryByTestId("plan-needs-start")).toBeNull();
  });

  it("offers to move the plan's open steps when the Projektbeginn moves, by the days it moved", async () => {
    const sent: Command[] = [];
    show([{ ...entry("Auftaktveranstaltung", "2027-03-01"), plan_key: "auftakt" }], "2027-03-01", sent);
    const start = await waitFor(() => screen.getByLabelText("Projektbeginn") as HTMLInputElement);
    await fireEvent.input(start, { target: { value: "15.03.2027" } });
    await fireEvent.change(start);
    const offer = await waitFor(() => screen.getByTestId("shift-offer"));
    expect(offer.textContent).toContain("2 Wochen später");
    await fireEvent.click(screen.getByTestId("shift-plan"));
    await waitFor(() => expect(sent).toContainEqual({ goals: { shift_plan: { days: 14 } } }));
    expect(screen.queryByTestId("shift-offer")).toBeNull();
  });

  it("offers no move without a plan or for a first Projektbeginn", async () => {
    const sent: Command[] = [];
    show([entry("Klausur", "2027-03-01")], "2027-03-01", sent);
    const start = await waitFor(() => screen.getByLabelText("Projektbeginn") as HTMLInputElement);
    await fireEvent.input(start, { target: { value: "15.03.2027" } });
    await fireEvent.change(start);
    await waitFor(() => expect(sent.some((c) => typeof c === "object" && "project" in c)).toBe(true));
    expect(screen.queryByTestId("shift-offer")).toBeNull();
  });
});
