import { cleanup, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { setTransport } from "../lib/api";
import type { GoalsView } from "../lib/bindings/GoalsView";
import type { TimelineEntry } from "../lib/bindings/TimelineEntry";
import GoalsBaustein from "./GoalsBaustein.svelte";

const chart = { svg: "<svg xmlns='http://www.w3.org/2000/svg'/>", alt: "Zeitplan als Balkendiagramm", points: [] };
const profile = { id: "p1", name: "Leerdorf", kind: "Gemeinde", ags: "", district: "", population: null, area_km2: null, mayor: "", consultants: "", project_title: "", start_date: null, funding_programme: "", funding_amount_cents: null, own_share_cents: null, security_stage: null } as GoalsView["profile"];
const entry = (title: string, start: string | null): TimelineEntry => ({ id: title, kind: "workshop", title, start, end: null, place: "", status: "geplant", baustein: null, plan_key: "" } as TimelineEntry);

function show(timeline: TimelineEntry[]) {
  const view: GoalsView = { profile, district_label: "Landkreis", goals: [], timeline, overdue: [], timeline_chart: chart, stakeholders: [], events: [] };
  setTransport(async () => ({ kind: "goals", data: view }));
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
});
