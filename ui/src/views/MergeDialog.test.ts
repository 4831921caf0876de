import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setPlatform, setTransport } from "../lib/api";
import type { Command } from "../lib/bindings/Command";
import type { MergePlan } from "../lib/bindings/MergePlan";
import type { Reply } from "../lib/bindings/Reply";
import MergeDialog from "./MergeDialog.svelte";

setPlatform({ chooseFile: async () => "/tmp/Musterstadt_Kopie.zukunft" });

const plan: MergePlan = {
  from_theirs: [
    { kind: "goal", id: "g1", title: "Ziel: Online-Dienste ausbauen", action: "added", fields: [] },
    {
      kind: "measure",
      id: "m2",
      title: "Maßnahme: M-04-03 E-Carsharing am Rathaus",
      action: "changed",
      fields: [{ field: "cost_once_cents", label: "Kosten einmalig", mine: 1200000, theirs: 1500000 }],
    },
  ],
  kept_mine: 2,
  identical: 300,
  conflicts: [
    {
      kind: "measure",
      id: "m1",
      title: "Maßnahme: M-03-01 Digitale Schule",
      mine_deleted: false,
      theirs_deleted: false,
      mine_updated_at: "2026-11-25T09:00:00Z",
      theirs_updated_at: "2026-11-25T10:00:00Z",
      fields: [
        { field: "title", label: "Titel", mine: "Digitale Schule", theirs: "Digitale Schule <b>2030</b>" },
        { field: "cost_once_cents", label: "Kosten einmalig", mine: 1250000, theirs: 1500000 },
      ],
      suggested: "theirs",
    },
  ],
  theirs_without_personal_data: false,
};

afterEach(() => setTransport(async () => ({ kind: "closed" })));

describe("merge dialog", () => {
  it("shows a conflict side by side and sends the consultant's choice", async () => {
    const sent: Command[] = [];
    setTransport(async (c): Promise<Reply> => {
      sent.push(c);
      if ("copies" in c && typeof c.copies === "object" && "merge_preview" in c.copies) return { kind: "merge_plan", data: plan };
      if ("copies" in c && typeof c.copies === "object" && "merge" in c.copies) {
        return {
          kind: "merged",
          data: { other: "Musterstadt_Kopie.zukunft", from_theirs: plan.from_theirs, conflicts: [], kept_mine: 2, identical: 300, renumbered: [], change_label: "Zusammengeführt" },
        };
      }
      throw { code: "internal", message: "unerwartet" };
    });
    const merged = vi.fn();
    const { container } = render(MergeDialog, { onclose: () => undefined, onmerged: merged });
    await fireEvent.click(screen.getByTestId("merge-choose"));
    await waitFor(() => expect(screen.getByTestId("merge-conflict")).toBeTruthy());
    // Both versions side by side, user text as text.
    expect(screen.getByText("Digitale Schule")).toBeTruthy();
    expect(screen.getByText("Digitale Schule <b>2030</b>")).toBeTruthy();
    expect(container.querySelector("b")).toBeNull();
    // Amounts in euros, field names in German.
    expect(within(screen.getByTestId("merge-conflict")).getByText("Kosten einmalig")).toBeTruthy();
    expect(screen.getByText("12.500 €")).toBeTruthy(); // the matcher sees the no-break space as a space
    const theirs = screen.getByLabelText("Andere Kopie übernehmen") as HTMLInputElement;
    expect(theirs.checked).toBe(true);
    await fireEvent.click(screen.getByLabelText("Diese Datei behalten"));
    await fireEvent.click(screen.getByTestId("merge-apply"));
    await waitFor(() => expect(screen.getByTestId("merge-result")).toBeTruthy());
    // What was done, without „0 Konflikte entschieden“.
    expect(screen.getByTestId("merge-result").textContent?.replace(/\s+/g, " ")).toContain(
      "wurde zusammengeführt: 2 Änderungen übernommen und 2 eigene Änderungen behalten.",
    );
    expect(sent).toContainEqual({
      copies: { merge: { path: "/tmp/Musterstadt_Kopie.zukunft", prefer: "newer", choices: [{ kind: "measure", id: "m1", take: "mine" }] } },
    });
    expect(merged).toHaveBeenCalled();
  });

  it("shows a colleague's cost change old → new before it is taken", async () => {
    setTransport(async (c): Promise<Reply> => {
      if ("copies" in c && typeof c.copies === "object" && "merge_preview" in c.copies) return { kind: "merge_plan", data: plan };
      throw { code: "internal", message: "unerwartet" };
    });
    render(MergeDialog, { onclose: () => undefined, onmerged: () => undefined });
    await fireEvent.click(screen.getByTestId("merge-choose"));
    const taken = await screen.findByTestId("merge-taken");
    const row = [...taken.querySelectorAll(".changes tr")].map((tr) => [...tr.children].map((c) => c.textContent?.replace(/\s+/g, " ").trim()).join(" "));
    expect(row).toEqual(["Kosten einmalig 12.000 € → 15.000 €"]);
    expect(taken.textContent).toContain("Ziel: Online-Dienste ausbauen");
  });
});
