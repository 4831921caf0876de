// A reply sent as changes (`src/api/sent.rs`): the core marks every part equal to the one the
// window holds as `{"$same": null}` (the same place) or, in a list, `{"$same": i}` (the held
// list's element i). `withChanges` rebuilds the whole reply and hands back the held parts as
// the same objects, so a view redraws only what changed.

type Json = unknown;

function marker(value: Json): null | number | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== "$same") return undefined;
  const at = (value as { $same: unknown }).$same;
  return at === null || typeof at === "number" ? at : undefined;
}

/** The whole value `sent` describes against the held value `held`. */
export function withChanges(held: Json, sent: Json): Json {
  const at = marker(sent);
  if (at === null) return held;
  if (at !== undefined) throw new Error("Ein Listenverweis steht außerhalb einer Liste.");
  if (Array.isArray(sent)) {
    const before = Array.isArray(held) ? held : [];
    return sent.map((item, i) => {
      const to = marker(item);
      if (typeof to === "number") {
        if (to < 0 || to >= before.length) throw new Error("Ein Listenverweis zeigt ins Leere.");
        return before[to];
      }
      return withChanges(before[i], item);
    });
  }
  if (typeof sent === "object" && sent !== null) {
    const before = typeof held === "object" && held !== null && !Array.isArray(held) ? (held as Record<string, Json>) : {};
    const whole: Record<string, Json> = {};
    for (const [key, value] of Object.entries(sent)) whole[key] = withChanges(before[key], value);
    return whole;
  }
  return sent;
}
