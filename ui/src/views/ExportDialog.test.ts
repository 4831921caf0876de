import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";
import { setPlatform, setTransport, type Command, type Reply } from "../lib/api";
import { implementationFixture, overviewFixture } from "../lib/fixtures";
import ExportDialog from "./ExportDialog.svelte";

afterEach(cleanup);

function fakeCore() {
  const sent: Command[] = [];
  setTransport(async (c): Promise<Reply> => {
    sent.push(c);
    if (typeof c === "object" && "project" in c && typeof c.project === "object" && "export" in c.project) {
      const { format, path } = c.project.export;
      const files = format === "opendata" ? ["massnahmen.csv", "spalten.csv", "metadaten.ttl", "LIESMICH.txt"].map((f) => `${path}/${f}`) : [path];
      return { kind: "exported", data: { format, path, files } };
    }
    throw { code: "internal", message: "unerwartet" };
  });
  return sent;
}

describe("export dialog", () => {
  it("writes the calendar where the consultant saves it", async () => {
    const sent = fakeCore();
    let suggested = "";
    setPlatform({ chooseTarget: async (choice) => ((suggested = choice.defaultPath ?? ""), "/daten/Termine.ics") });
    render(ExportDialog, { overview: { ...overviewFixture(), path: "/daten/Ort.zukunft" }, onclose: () => undefined });
    await fireEvent.click(screen.getByTestId("export-ics"));
    await fireEvent.click(screen.getByTestId("export-save"));
    await waitFor(() => expect(screen.getByTestId("export-result").textContent).toContain("Termine.ics"));
    expect(suggested).toBe("/daten/Ort_2026-11-25_Termine.ics");
    expect(sent).toContainEqual({ project: { export: { format: "ics", path: "/daten/Termine.ics" } } });
  });

  it("offers the strategy in Word first, named like the report", async () => {
    const sent = fakeCore();
    let suggested = "";
    setPlatform({ chooseTarget: async (choice) => ((suggested = choice.defaultPath ?? ""), "/daten/Strategie.docx") });
    render(ExportDialog, { overview: { ...overviewFixture(), path: "/daten/Ort.zukunft", report_name: "Ort_Digitalisierungsstrategie_2026-11-25.pdf" }, onclose: () => undefined });
    expect((screen.getByTestId("export-docx") as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByTestId("export-save"));
    await waitFor(() => expect(screen.getByTestId("export-result").textContent).toContain("Strategie.docx"));
    expect(suggested).toBe("/daten/Ort_Digitalisierungsstrategie_2026-11-25.docx");
    expect(sent).toContainEqual({ project: { export: { format: "docx", path: "/daten/Strategie.docx" } } });
  });

  it("puts the Open Data package into its own folder inside the chosen one", async () => {
    const sent = fakeCore();
    setPlatform({ chooseFolder: async () => "/daten/portal" });
    render(ExportDialog, { overview: { ...overviewFixture(), path: "/daten/Ort.zukunft" }, onclose: () => undefined });
    await fireEvent.click(screen.getByTestId("export-opendata"));
    await fireEvent.click(screen.getByTestId("export-save"));
    await waitFor(() => expect(screen.getByTestId("export-result").textContent).toContain("metadaten.ttl"));
    expect(sent).toContainEqual({ project: { export: { format: "opendata", path: "/daten/portal/Ort_2026-11-25_Open-Data" } } });
  });

  it("says before the save dialog when the calendar or the Open Data package would be empty", async () => {
    const sent = fakeCore();
    let asked = false;
    setPlatform({ chooseTarget: async () => ((asked = true), "/daten/Termine.ics"), chooseFolder: async () => ((asked = true), "/daten") });
    render(ExportDialog, { overview: { ...overviewFixture(), measures: 0, calendar_events: 0 }, onclose: () => undefined });
    expect(screen.getByTestId("export-empty-ics").textContent).toContain("Kalender wäre leer");
    expect(screen.getByTestId("export-empty-opendata").textContent).toContain("Paket wäre leer");
    expect(screen.queryByTestId("export-empty-docx")).toBeNull();
    for (const f of ["ics", "opendata"]) {
      await fireEvent.click(screen.getByTestId(`export-${f}`));
      expect((screen.getByTestId("export-save") as HTMLButtonElement).disabled).toBe(true);
      await fireEvent.click(screen.getByTestId("export-save"));
    }
    await fireEvent.click(screen.getByTestId("export-xlsx"));
    expect((screen.getByTestId("export-save") as HTMLButtonElement).disabled).toBe(false);
    expect(asked).toBe(false);
    expect(sent.filter((c) => typeof c === "object" && "project" in c && typeof c.project === "object" && "export" in c.project)).toEqual([]);
  });

  it("offers no Beschlussvorlage while the strategy is in force, and says why", async () => {
    const sent = fakeCore();
    let asked = false;
    setPlatform({ chooseTarget: async () => ((asked = true), "/daten/Vorlage.docx") });
    const refusal = "Die Strategie ist seit dem 03.11.2025 in Kraft: Eine Beschlussvorlage gibt es für ihre Fortschreibung.";
    render(ExportDialog, { overview: { ...overviewFixture(), implementation: { ...implementationFixture(), vorlage_refusal: refusal } }, onclose: () => undefined });
    for (const f of ["vorlage", "vorlage_pdf"]) {
      expect(screen.getByTestId(`export-empty-${f}`).textContent).toBe(refusal);
      await fireEvent.click(screen.getByTestId(`export-${f}`));
      expect((screen.getByTestId("export-save") as HTMLButtonElement).disabled).toBe(true);
      await fireEvent.click(screen.getByTestId("export-save"));
    }
    expect(screen.queryByTestId("export-empty-docx")).toBeNull();
    expect(asked).toBe(false);
    expect(sent).toEqual([{ project: "overview" }]);
  });

  it("reads the counts afresh: a workshop dated since the overview was loaded opens the calendar", async () => {
    setTransport(async (c): Promise<Reply> => {
      if (typeof c === "object" && "project" in c && c.project === "overview") return { kind: "overview", data: { ...overviewFixture(), calendar_events: 1 } };
      throw { code: "internal", message: "unerwartet" };
    });
    render(ExportDialog, { overview: { ...overviewFixture(), calendar_events: 0 }, onclose: () => undefined });
    await fireEvent.click(screen.getByTestId("export-ics"));
    await waitFor(() => expect((screen.getByTestId("export-save") as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId("export-empty-ics")).toBeNull();
  });
});
