import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setPlatform, setTransport, type Command, type Reply } from "../lib/api";
import type { ImportPreview } from "../lib/bindings/ImportPreview";
import type { MappedColumn } from "../lib/bindings/MappedColumn";
import ImportMeasuresDialog from "./ImportMeasuresDialog.svelte";

/** A core that knows a two-column list; the preview follows the mapping it is sent. */
function fakeCore(existing: string[] = [], firstIsHeading = false) {
  const sent: Command[] = [];
  const previewFor = (mapping: MappedColumn[]): ImportPreview => {
    const costs = mapping.some((m) => m.column === 1 && m.field === "cost_once");
    return {
      sheet: "Maßnahmen",
      headers: ["Vorhaben", "Betrag"],
      sample: [["Radwegekarte", "ca. 2.500 €"], ["Defekt", "viel"]],
      reading: costs ? [[null, "2.500 €"], [null, null]] : [[null, null], [null, null]],
      mapping,
      rows: 2,
      importable: costs ? 1 : 2,
      existing,
      unknown_areas: [],
      headings: firstIsHeading ? ["Zeile 2: „Radwegekarte“ → LB04 Mobilität & Verkehr"] : [],
      sample_headings: [firstIsHeading, false],
      problems: costs ? [{ row: 3, column: "Betrag", message: "„viel“ ist kein Betrag." }] : [],
    };
  };
  setTransport(async (c): Promise<Reply> => {
    sent.push(c);
    if (typeof c === "object" && "measures" in c && typeof c.measures === "object" && "import_preview" in c.measures) {
      return { kind: "measure_import", data: previewFor(c.measures.import_preview.mapping ?? [{ column: 0, field: "title" }]) };
    }
    if (typeof c === "object" && "measures" in c && typeof c.measures === "object" && "import" in c.measures) {
      return { kind: "measures", data: { measures: [] } as never };
    }
    throw { code: "internal", message: "unerwartet" };
  });
  return sent;
}

describe("import dialog", () => {
  afterEach(() => cleanup());
  it("maps a column, names the bad cell and imports only on confirmation", async () => {
    const sent = fakeCore();
    setPlatform({ chooseFile: async () => "/daten/liste.csv" });
    const imported = vi.fn();
    render(ImportMeasuresDialog, { onclose: () => undefined, onimported: imported });
    await fireEvent.click(screen.getByTestId("import-choose"));
    await waitFor(() => expect(screen.getByTestId("import-preview").textContent).toContain("Radwegekarte"));
    expect(screen.getByTestId("import-summary").textContent).toContain("2 von 2 Zeilen");
    expect(screen.getByTestId("import-source").textContent).toBe("/daten/liste.csv · Blatt „Maßnahmen“");
    await fireEvent.change(screen.getByTestId("map-1"), { target: { value: "cost_once" } });
    await waitFor(() => expect(screen.getByTestId("import-problems").textContent).toContain("Zeile 3, Spalte „Betrag“: „viel“ ist kein Betrag."));
    // How the core reads the cell stands under it.
    expect(screen.getByTestId("import-reading").textContent).toBe("→ 2.500 €");
    expect(sent).toContainEqual({ measures: { import_preview: { path: "/daten/liste.csv", mapping: [{ column: 0, field: "title" }, { column: 1, field: "cost_once" }] } } });
    expect(sent.some((c) => typeof c === "object" && "measures" in c && typeof c.measures === "object" && "import" in c.measures)).toBe(false);
    // The answer is in: the button is free again (jsdom would click a disabled one).
    await waitFor(() => expect((screen.getByTestId("import-confirm") as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId("import-confirm"));
    await waitFor(() => expect(imported).toHaveBeenCalled());
    expect(sent).toContainEqual({ measures: { import: { path: "/daten/liste.csv", mapping: [{ column: 0, field: "title" }, { column: 1, field: "cost_once" }], skip_existing: false } } });
  });

  it("leaves out the titles the project has unless asked not to", async () => {
    const sent = fakeCore(["Radwegekarte"]);
    setPlatform({ chooseFile: async () => "/daten/liste.csv" });
    render(ImportMeasuresDialog, { onclose: () => undefined, onimported: () => undefined });
    await fireEvent.click(screen.getByTestId("import-choose"));
    await waitFor(() => expect(screen.getByTestId("import-existing").textContent).toContain("„Radwegekarte“"));
    expect(screen.getByTestId("import-summary").textContent).toContain("1 von 2 Zeilen");
    expect(screen.getByTestId("import-confirm").textContent?.trim()).toBe("1 Maßnahme übernehmen");
    await fireEvent.click(screen.getByTestId("import-skip-existing"));
    expect(screen.getByTestId("import-summary").textContent).toContain("2 von 2 Zeilen");
    await fireEvent.click(screen.getByTestId("import-skip-existing"));
    await fireEvent.click(screen.getByTestId("import-confirm"));
    await waitFor(() => expect(sent.some((c) => JSON.stringify(c).includes('"skip_existing":true'))).toBe(true));
  });

  it("shows a heading of the list's parts across the table and says which area it gives", async () => {
    fakeCore([], true);
    setPlatform({ chooseFile: async () => "/daten/liste.csv" });
    render(ImportMeasuresDialog, { onclose: () => undefined, onimported: () => undefined });
    await fireEvent.click(screen.getByTestId("import-choose"));
    const heading = await waitFor(() => screen.getByTestId("import-heading-row"));
    expect(heading.getAttribute("colspan")).toBe("2");
    expect(heading.textContent).toBe("Radwegekarte");
    expect(screen.getByTestId("import-headings").textContent).toContain("→ LB04 Mobilität & Verkehr");
  });

  it("keeps several columns as amounts in their years", async () => {
    const sent = fakeCore();
    setPlatform({ chooseFile: async () => "/daten/liste.csv" });
    render(ImportMeasuresDialog, { onclose: () => undefined, onimported: () => undefined });
    await fireEvent.click(screen.getByTestId("import-choose"));
    await waitFor(() => expect(screen.getByTestId("import-preview").textContent).toContain("Radwegekarte"));
    // The second choice comes before the first one's preview: it builds on the first.
    await fireEvent.change(screen.getByTestId("map-1"), { target: { value: "amount_in_year" } });
    await fireEvent.change(screen.getByTestId("map-0"), { target: { value: "amount_in_year" } });
    await waitFor(() => expect((screen.getByTestId("map-0") as HTMLSelectElement).value).toBe("amount_in_year"));
    const last = sent.filter((c) => JSON.stringify(c).includes("import_preview")).at(-1);
    expect(last).toEqual({ measures: { import_preview: { path: "/daten/liste.csv", mapping: [{ column: 1, field: "amount_in_year" }, { column: 0, field: "amount_in_year" }] } } });
  });
});
