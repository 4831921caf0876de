import { describe, expect, it } from "vitest";
import { withChanges } from "./changes";
import { windowTransport } from "./api";
import type { WindowReply } from "./bindings/WindowReply";

const same = (at: number | null = null) => ({ $same: at });

describe("a reply sent as changes", () => {
  const held = {
    saved: "a",
    measures: [
      { id: "m1", lead: "Amt 1" },
      { id: "m2", lead: "Amt 2" },
      { id: "m3", lead: "Amt 3" },
    ],
    chart: { svg: "<svg/>", points: [1, 2] },
  };

  it("keeps the held parts as the same objects and takes the changed ones", () => {
    const whole = withChanges(held, {
      saved: "b",
      measures: [same(), { id: same(), lead: "Hauptamt" }, same()],
      chart: same(),
    }) as typeof held;
    expect(whole).toEqual({
      saved: "b",
      measures: [{ id: "m1", lead: "Amt 1" }, { id: "m2", lead: "Hauptamt" }, { id: "m3", lead: "Amt 3" }],
      chart: { svg: "<svg/>", points: [1, 2] },
    });
    expect(whole.measures[0]).toBe(held.measures[0]);
    expect(whole.measures[2]).toBe(held.measures[2]);
    expect(whole.chart).toBe(held.chart);
    expect(held.measures[1].lead).toBe("Amt 2");
  });

  it("takes moved rows from their old places, new rows whole, and drops vanished keys", () => {
    const whole = withChanges(held, {
      measures: [{ id: "m0", lead: "Neu" }, same(0), same(2)],
      chart: { svg: same(), points: [same(), 3] },
    }) as typeof held;
    expect(whole.measures.map((m) => m.id)).toEqual(["m0", "m1", "m3"]);
    expect(whole.measures[1]).toBe(held.measures[0]);
    expect(whole.measures[2]).toBe(held.measures[2]);
    expect(whole.chart).toEqual({ svg: "<svg/>", points: [1, 3] });
    expect("saved" in whole).toBe(false);
  });

  it("refuses a list reference that points nowhere", () => {
    expect(() => withChanges(held, { measures: [same(7)] })).toThrow();
  });
});

describe("the window's transport", () => {
  it("names the replies it holds and rebuilds the next one of a kind", async () => {
    const asked: number[][] = [];
    const replies: WindowReply[] = [
      { token: 1, basis: null, reply: { kind: "goals", data: { goals: [{ id: "g1" }], saved: null } } },
      { token: 2, basis: null, reply: { kind: "history", data: { undo_label: null } } },
      { token: 3, basis: 1, reply: { kind: "goals", data: { goals: [same(), { id: "g2" }], saved: "g2" } } },
      { token: 4, basis: null, reply: { kind: "closed" } },
    ];
    const send = windowTransport(async (_command, held) => {
      asked.push(held);
      const next = replies.shift();
      if (!next) throw new Error("no reply");
      return next;
    });
    const first = await send({ goals: "get" });
    await send({ history: "state" });
    const third = await send({ goals: "get" });
    expect(third).toEqual({ kind: "goals", data: { goals: [{ id: "g1" }, { id: "g2" }], saved: "g2" } });
    expect((third as { data: { goals: unknown[] } }).data.goals[0]).toBe((first as { data: { goals: unknown[] } }).data.goals[0]);
    expect(await send({ file: "close" })).toEqual({ kind: "closed" });
    expect(asked).toEqual([[], [1], [1, 2], [3, 2]]);
  });

  it("answers a reply written against something it does not hold with an error, then starts afresh", async () => {
    const asked: number[][] = [];
    const replies: WindowReply[] = [
      { token: 1, basis: null, reply: { kind: "goals", data: { goals: [] } } },
      { token: 2, basis: 9, reply: { kind: "goals", data: same() } },
      { token: 3, basis: null, reply: { kind: "goals", data: { goals: [] } } },
    ];
    const send = windowTransport(async (_command, held) => {
      asked.push(held);
      return replies.shift() as WindowReply;
    });
    await send({ goals: "get" });
    await expect(send({ goals: "get" })).rejects.toMatchObject({ code: "internal" });
    await send({ goals: "get" });
    expect(asked).toEqual([[], [1], []]);
  });
});
