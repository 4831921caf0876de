import { afterEach, describe, expect, it } from "vitest";
import { api, call, errorMessage, request, setTransport } from "./api";
import type { Command } from "./bindings/Command";

afterEach(() => setTransport(async () => ({ kind: "closed" })));

describe("the api wrapper", () => {
  it("sends exactly the command and returns the reply data", async () => {
    const sent: Command[] = [];
    setTransport(async (c) => {
      sent.push(c);
      return { kind: "history", data: { undo_label: "Ziel angelegt", redo_label: null, saved_at: null } };
    });
    const h = await api.history();
    expect(sent).toEqual([{ history: "state" }]);
    expect(h.undo_label).toBe("Ziel angelegt");
  });

  it("passes core errors through as {code, message}", async () => {
    setTransport(async () => {
      throw { code: "already_open", message: "Die Datei ist bereits geöffnet." };
    });
    await expect(api.open("/x.zukunft")).rejects.toEqual({
      code: "already_open",
      message: "Die Datei ist bereits geöffnet.",
    });
  });

  it("turns transport failures and unexpected replies into German messages", async () => {
    setTransport(async () => {
      throw new Error("boom");
    });
    await expect(call({ project: "overview" })).rejects.toMatchObject({ code: "internal" });
    setTransport(async () => ({ kind: "closed" }));
    await expect(request({ project: "overview" }, "overview")).rejects.toMatchObject({
      message: expect.stringContaining("Unerwartete Antwort"),
    });
    expect(errorMessage(undefined)).toContain("Unerwarteter Fehler");
  });

  it("fills a new project from the wizard's fields", async () => {
    const sent: Command[] = [];
    setTransport(async (c) => {
      sent.push(c);
      throw { code: "invalid", message: "x" };
    });
    await api.create("/p/Ort.zukunft", { name: "Ort", population: 900 }).catch(() => undefined);
    expect(sent[0]).toEqual({
      file: {
        create: {
          path: "/p/Ort.zukunft",
          project: { name: "Ort", kind: "Gemeinde", ags: "", district: "", population: 900, start_date: null, consultants: "" },
        },
      },
    });
  });

  it("sends commands one after another, in order, and lets a report run beside later ones", async () => {
    const log: string[] = [];
    const pending = new Map<string, () => void>();
    setTransport(
      (c) =>
        new Promise((resolve) => {
          const name = JSON.stringify(c);
          log.push(`start ${name}`);
          pending.set(name, () => {
            log.push(`end ${name}`);
            resolve({ kind: "closed" });
          });
        }),
    );
    const tick = () => new Promise((r) => setTimeout(r, 0));
    const save = call({ project: "overview" });
    const report = call({ strategy: { generate_report: { path: "/b.pdf" } } });
    const undo = call({ history: "undo" });
    await tick();
    expect(log).toEqual(['start {"project":"overview"}']);
    pending.get('{"project":"overview"}')!();
    await save;
    await tick();
    // The report starts after the save; the undo does not wait for the report to finish.
    expect(log.slice(2)).toEqual([
      'start {"strategy":{"generate_report":{"path":"/b.pdf"}}}',
      'start {"history":"undo"}',
    ]);
    pending.get('{"history":"undo"}')!();
    await undo;
    pending.get('{"strategy":{"generate_report":{"path":"/b.pdf"}}}')!();
    await report;
  });
});
