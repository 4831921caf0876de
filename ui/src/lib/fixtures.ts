// Test data shared by the component and unit tests (not imported by the app).
import type { ImplementationSummary } from "./bindings/ImplementationSummary";
import type { Overview } from "./bindings/Overview";

/** An overview as the core sends it, with `text` in the name and the mayor field. */
export function overviewFixture(text = "Musterstadt"): Overview {
  return {
    path: "/tmp/Ort.zukunft",
    file_name: "Ort.zukunft",
    profile: {
      id: "00000000-0000-0000-0000-000000000001",
      name: text,
      kind: "Gemeinde",
      ags: "08999042",
      district: "",
      population: 12180,
      area_km2: null,
      mayor: text,
      consultants: "",
      project_title: "",
      start_date: "2027-03-01",
      funding_programme: "",
      funding_amount_cents: null,
      own_share_cents: null,
      security_stage: null,
    },
    district_label: "Landkreis",
    progress: [1, 2, 3, 4, 5].map((b) => ({ baustein: b, title: `Baustein ${b}`, percent: b * 20 })),
    next_steps: [],
    scores: { dimensions: [], overall_ist: 27.5, overall_soll: 76.3, answered: 3, items: 15, ist_count: 3, soll_count: 3, paired_count: 3 },
    measures: 11,
    calendar_events: 6,
    ideas: 6,
    next_milestones: [],
    history: { undo_label: null, redo_label: null, saved_at: null },
    catalog_version: "2026.1",
    notice: null,
    location_warning: null,
    read_only: false,
    backup_problem: null,
    copy_name: "Ort_2026-11-25.zukunft",
    report_name: "Ort_Digitalisierungsstrategie_2026-11-25.pdf",
    implementation: null,
  };
}


/** The overview's Umsetzung of a strategy in force a year after the vote, `drucksache` as its
 * decision's number. */
export function implementationFixture(drucksache = "GR 2025/118"): ImplementationSummary {
  return {
    adoption: {
      id: "00000000-0000-0000-0000-0000000000a1",
      date: "2025-11-03",
      body: "Gemeinderat",
      drucksache,
      result: "mit_aenderungen",
      changes: "",
      baseline_id: "00000000-0000-0000-0000-0000000000b1",
    },
    strategy: "Digitalisierungsstrategie Ort 2030",
    round: { id: "00000000-0000-0000-0000-0000000000c1", label: "Statusrunde 2. Halbjahr 2026", date: "2026-11-23", baseline_id: null },
    lights: [
      { light: "im_plan", count: 25 },
      { light: "verzug", count: 2 },
    ],
    unreported: 1,
    deferred: 1,
    progress: 40,
    progress_reported: 26,
    entries: 28,
    kpis: 9,
    kpis_reached: 2,
    kpis_missed: 0,
    deviating_measures: 3,
    in_force: true,
    later_decision: null,
    vorlage_refusal: null,
  };
}
