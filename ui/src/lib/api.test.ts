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
});
