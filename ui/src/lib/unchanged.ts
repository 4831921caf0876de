// Keeping what did not change: a view's new data (a save's reply, a reload after undo or a merge)
// is a new object, and a new object for every row makes the window redraw every row.
// `keepUnchanged` hands back the parts of the new view that equal the old ones as the old
// objects, so the window redraws only what changed. Parts the core sent as unchanged
// (`changes.ts`) mostly are the old objects already and are passed over at once.

/**
 * `next`, where every part (object, array, value) that equals the part at the same place in
 * `old` is `old`'s own part; `old` itself when nothing differs. Arrays are compared by position.
 */
export function keepUnchanged<T>(old: T, next: T): T {
  if (Object.is(old, next)) return old;
  if (typeof old !== "object" || typeof next !== "object" || old === null || next === null) return next;
  if (Array.isArray(old) !== Array.isArray(next)) return next;
  if (Array.isArray(next)) {
    const before = old as unknown[];
    const kept = next.map((item, i) => (i < before.length ? keepUnchanged(before[i], item) : item));
    const same = kept.length === before.length && kept.every((item, i) => item === before[i]);
    return (same ? old : kept) as T;
  }
  const before = old as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  let same = Object.keys(before).length === Object.keys(next).length;
  for (const [key, value] of Object.entries(next as Record<string, unknown>)) {
    kept[key] = key in before ? keepUnchanged(before[key], value) : value;
    if (kept[key] !== before[key]) same = false;
  }
  return (same ? old : kept) as T;
}
