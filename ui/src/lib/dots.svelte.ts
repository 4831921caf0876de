// Dot counters ("+" / "−" per idea) clicked faster than the core answers, as a consultant
// counting sticky dots does: each click counts on from the number the previous click asked
// for, not from the last reply, so three quick clicks are three dots.

export class DotCounter {
  /** Numbers asked for and not yet answered, by row id. */
  #wanted: Record<string, number> = $state({});

  /** The number to show: what the last click asked for, else the stored one. */
  shown(id: string, stored: number): number {
    return this.#wanted[id] ?? stored;
  }

  /** Adds `delta` (never below 0) and saves the new number with `save`. */
  async change(id: string, stored: number, delta: number, save: (votes: number) => Promise<unknown>): Promise<void> {
    const next = Math.max(0, this.shown(id, stored) + delta);
    this.#wanted[id] = next;
    try {
      await save(next);
    } finally {
      // Only the last click's answer ends the wait; earlier answers are overtaken by it.
      if (this.#wanted[id] === next) delete this.#wanted[id];
    }
  }
}
