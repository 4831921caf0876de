import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { Overview } from "../lib/bindings/Overview";
import OverviewView from "./OverviewView.svelte";

const torture = "<script>alert('x')</script> „Größe“ 🚀 مرحبا";

function overview(): Overview {
  return {
    path: "/tmp/Ort.zukunft",
    file_name: "Ort.zukunft",
    profile: {
      id: "00000000-0000-0000-0000-000000000001",
      name: torture,
      kind: "Gemeinde",
      ags: "08999042",
      district: "",
      population: 12180,
      area_km2: null,
      mayor: torture,
      consultants: "",
      project_title: "",
      start_date: "2027-03-01",
      funding_programme: "",
      funding_amount_cents: null,
      own_share_cents: null,
      security_stage: null,
    },
    progress: [1, 2, 3, 4, 5].map((b) => ({ baustein: b, title: `Baustein ${b}`, percent: b * 20 })),
    scores: { dimensions: [], overall_ist: 27.5, overall_soll: 76.3, answered: 3, items: 15 },
    measures: 11,
    ideas: 6,
    next_milestones: [],
    history: { undo_label: null, redo_label: null, saved_at: null },
    catalog_version: "2026.1",
    notice: null,
    location_warning: null,
    read_only: false,
    backup_problem: null,
    copy_name: "Ort_2026-11-25.zukunft",
  };
}

describe("OverviewView", () => {
  it("shows profile, scores and progress from the core as text", () => {
    const { container } = render(OverviewView, { props: { overview: overview() } });
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
