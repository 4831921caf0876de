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

/** Keys on a focused dot card (workshop mode): ↑/↓ move to the neighbouring card, + and −
 * place or take back a dot through `change`. */
export function cardKeys(e: KeyboardEvent, change: (delta: 1 | -1) => void): void {
  const card = e.currentTarget as HTMLElement;
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    e.preventDefault();
    const next = (e.key === "ArrowDown" ? card.nextElementSibling : card.previousElementSibling) as HTMLElement | null;
    next?.focus();
  } else if (e.key === "+" || e.key === "=" || e.code === "NumpadAdd") {
    e.preventDefault();
    change(1);
  } else if (e.key === "-" || e.code === "NumpadSubtract") {
    e.preventDefault();
    change(-1);
  }
}
