import { describe, expect, it } from "vitest";
import { keepUnchanged } from "./unchanged";

describe("keepUnchanged", () => {
  it("hands back the old rows that did not change and the new one that did", () => {
    const old = { measures: [{ id: "a", title: "Eins", tags: ["x"] }, { id: "b", title: "Zwei", tags: [] }], chart: { svg: "<svg/>" } };
    const next = { measures: [{ id: "a", title: "Eins", tags: ["x"] }, { id: "b", title: "Zwei neu", tags: [] }], chart: { svg: "<svg/>" } };
    const kept = keepUnchanged(old, next);
    expect(kept).toEqual(next);
    expect(kept).not.toBe(old);
    expect(kept.measures[0]).toBe(old.measures[0]);
    expect(kept.measures[1]).not.toBe(old.measures[1]);
    expect(kept.measures[1].tags).toBe(old.measures[1].tags);
    expect(kept.chart).toBe(old.chart);
  });

  it("returns the old view when nothing differs, and new parts where the shape changed", () => {
    const old = { list: [1, 2], note: null as string | null, extra: 1 };
    expect(keepUnchanged(old, { list: [1, 2], note: null, extra: 1 })).toBe(old);
    const grown = keepUnchanged(old, { list: [1, 2, 3], note: "neu", extra: 1 });
    expect(grown).toEqual({ list: [1, 2, 3], note: "neu", extra: 1 });
    const fewer = keepUnchanged(old as Record<string, unknown>, { list: [1, 2], note: null });
    expect(fewer).toEqual({ list: [1, 2], note: null });
    expect(keepUnchanged([{ a: 1 }], { 0: { a: 1 } } as unknown as { a: number }[])).toEqual({ 0: { a: 1 } });
    expect(keepUnchanged(Number.NaN, Number.NaN)).toBeNaN();
  });
});
