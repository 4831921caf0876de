import { afterEach, describe, expect, it } from "vitest";
import { setTransport } from "./api";
import type { Command } from "./bindings/Command";
import type { MeasuresView } from "./bindings/MeasuresView";
import type { Reply } from "./bindings/Reply";
import { overviewFixture } from "./fixtures";
import { added, project, revisionOf, run } from "./project.svelte";

afterEach(() => setTransport(async () => ({ kind: "closed" })));

/** A measures view as a save replies with it, with a change note touching `kinds`. */
function savedReply(kinds: ("measure" | "profile")[]): Reply {
  const view = {
    saved: "m1",
    change: {
      change: { label: "Maßnahme geändert", kinds, bausteine: kinds.map((k) => (k === "profile" ? 1 : 4)) },
      history: { undo_label: "Maßnahme geändert", redo_label: null, saved_at: "2026-11-30T10:00:00Z" },
      progress: [1, 2, 3, 4, 5].map((b) => ({ baustein: b, title: `Baustein ${b}`, percent: 50 })),
      backup_problem: "Die automatische Sicherung ist fehlgeschlagen.",
    },
  } as unknown as MeasuresView;
  return { kind: "measures", data: view };
}

describe("run", () => {
  it("takes header and sidebar from a save's change note without asking for the overview", async () => {
    project.overview = overviewFixture();
    const sent: Command[] = [];
    setTransport(async (c) => {
      sent.push(c);
      return savedReply(["measure"]);
    });
    const before = revisionOf(4);
    const v = await run({ measures: "get" }, "measures");
    expect(v?.saved).toBe("m1");
    expect(sent).toEqual([{ measures: "get" }]);
    expect(project.overview?.history.undo_label).toBe("Maßnahme geändert");
    expect(project.overview?.progress.map((p) => p.percent)).toEqual([50, 50, 50, 50, 50]);
    expect(project.overview?.backup_problem).toContain("Sicherung");
    expect(revisionOf(4)).toBe(before + 1);
    expect(revisionOf(3)).toBe(0);
  });

  it("reads the overview again when the profile changed (the header shows its name)", async () => {
    project.overview = overviewFixture();
    const sent: Command[] = [];
    setTransport(async (c) => {
      sent.push(c);
      return "project" in c ? { kind: "overview", data: overviewFixture("Neustadt") } : savedReply(["profile"]);
    });
    await run({ measures: "get" }, "measures");
    expect(sent).toEqual([{ measures: "get" }, { project: "overview" }]);
    expect(project.overview?.profile.name).toBe("Neustadt");
  });

  it("sends nothing more for a reply without a change", async () => {
    const sent: Command[] = [];
    setTransport(async (c) => {
      sent.push(c);
      return { kind: "measures", data: {} as MeasuresView };
    });
    await run({ measures: "get" }, "measures");
    expect(sent).toEqual([{ measures: "get" }]);
  });

  it("an add line keeps a refused title and clears an accepted one", async () => {
    let typed = "Glasfaser für alle Ortsteile";
    setTransport(async () => {
      throw { code: "invalid", message: "Der Titel ist zu lang." };
    });
    const message = await added(() => run({ goals: "get" }, "goals"), () => (typed = ""));
    expect(typed).toBe("Glasfaser für alle Ortsteile");
    // The message moves from the window's top to the line.
    expect(message).toBe("Der Titel ist zu lang.");
    expect(project.error).toBe("");
    setTransport(async () => savedReply(["measure"]));
    await added(() => run({ measures: "get" }, "measures"), () => (typed = ""));
    expect(typed).toBe("");
  });
});
