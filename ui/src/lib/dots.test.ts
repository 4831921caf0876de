import { describe, expect, it } from "vitest";
import { DotCounter } from "./dots.svelte";

describe("dot counters", () => {
  it("counts quick clicks from the number asked for, not from the last reply", async () => {
    const dots = new DotCounter();
    let stored = 0;
    const sent: number[] = [];
    const replies: (() => void)[] = [];
    const save = (votes: number) =>
      new Promise<void>((resolve) => {
        sent.push(votes);
        replies.push(() => {
          stored = votes;
          resolve();
        });
      });
    const clicks = [dots.change("a", stored, 1, save), dots.change("a", stored, 1, save), dots.change("a", stored, 1, save)];
    expect(dots.shown("a", stored)).toBe(3);
    replies[0]();
    await Promise.resolve();
    // An earlier answer does not make the counter jump back.
    expect(dots.shown("a", stored)).toBe(3);
    dots.change("a", stored, -1, save);
    expect(sent).toEqual([1, 2, 3, 2]);
    replies.slice(1).forEach((r) => r());
    await Promise.all(clicks);
    expect(dots.shown("a", stored)).toBe(2);
  });

  it("never goes below zero and shows the stored number after a failed save", async () => {
    const dots = new DotCounter();
    await dots.change("b", 0, -1, async (v) => expect(v).toBe(0));
    await dots.change("b", 4, 1, async () => Promise.reject(new Error("x"))).catch(() => undefined);
    expect(dots.shown("b", 4)).toBe(4);
  });
});
