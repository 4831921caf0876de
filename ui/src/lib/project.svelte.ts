// State of the open project shared by the project window's views: the overview (header,
// sidebar progress, undo/redo) and the last error. Every change goes through `run`, which
// sends one command and takes the header and sidebar from the reply's change note: no
// overview round trip after a save. The overview is read again only when the profile
// changed (the header shows its name) or when the Übersicht is opened.
import { tick, untrack } from "svelte";
import { api, errorMessage, request, type ReplyData } from "./api";
import type { EntityKind } from "./bindings/EntityKind";
import type { ChangeNote } from "./bindings/ChangeNote";
import type { Command } from "./bindings/Command";
import type { Overview } from "./bindings/Overview";
import type { Reply } from "./bindings/Reply";

export const project = $state({
  overview: null as Overview | null,
  error: "",
  busy: false,
  /** Counts the changes per Baustein (1–5), so a view hidden behind an overlay knows whether to reload. */
  revision: {} as Record<number, number>,
  /** Counts refused commands; a field compares it before and after its save (`refusalOf`). */
  refusals: 0,
  /** Fields showing a refused value: the header does not say „Gespeichert“ while any does. */
  invalid: 0,
  /** Bumped by `reloadViews` (undo, redo, merge, report, the room's changes): the open view
   * reads its data again in place, so its tab, open panel, scroll position and focus stay. */
  reloads: 0,
  /** True while a reload's data arrives: fields whose value changes then are highlighted. */
  external: false,
  /** A row the window was asked to open (a search hit); its Baustein's view takes it. */
  target: null as Target | null,
});

/** What to open: the view of `baustein`, there the row `id` (a search hit) or the element
 * `focus` (a CSS selector, e.g. the line to add an event); it scrolls there and focuses it. */
export type Target = { baustein: number; kind?: EntityKind; id?: string; focus?: string; tab?: string };

/** Opens a Baustein (the project window switches to it) and there the target. */
export function goTo(target: Target): void {
  project.target = target;
}

/** Reads the open view's data again without rebuilding it (see `project.reloads`). */
export function reloadViews(): void {
  project.reloads += 1;
}

/**
 * Loads a view's data when the view opens and again after each `reloadViews`. Values that the
 * reload changed are highlighted by their fields (`project.external`).
 */
export function loadAndReload(load: () => Promise<unknown>): void {
  let first = true;
  $effect(() => {
    void project.reloads;
    const initial = first;
    first = false;
    untrack(async () => {
      if (initial) return load();
      project.external = true;
      try {
        await load();
        await tick();
      } finally {
        project.external = false;
      }
    });
  });
}

/** The row of `target` when it is meant for Baustein `baustein`; the request is used up. */
export function takeTarget(baustein: number): Target | null {
  const t = project.target;
  if (!t || t.baustein !== baustein) return null;
  project.target = null;
  return t;
}

/**
 * Shows the target's row (marked `data-row={id}`) or element (`focus`): scrolls it to the
 * middle, puts the focus in its first field `within` (or on it) and highlights it briefly.
 * Waits for the view to draw it.
 */
export async function reveal(target: Target, within: string = "input, textarea, select, button"): Promise<boolean> {
  const selector = target.focus ?? `[data-row="${target.id ?? ""}"]`;
  for (let i = 0; i < 20; i += 1) {
    await tick();
    const row = document.querySelector<HTMLElement>(selector);
    if (row) {
      row.scrollIntoView?.({ block: "center" });
      const field = row.matches(within) ? row : row.querySelector<HTMLElement>(within);
      (field ?? row).focus({ preventScroll: true });
      flash(row);
      return true;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

/** Highlights an element for a moment (what changed, what was opened). */
export function flash(element: HTMLElement): void {
  element.classList.remove("flash");
  void element.offsetWidth;
  element.classList.add("flash");
  setTimeout(() => element.classList.remove("flash"), 1600);
}

/**
 * Runs a field's save and returns the core's German message when the save was refused ("" when
 * it was taken). The message moves from the window's top to the field, where the eye is.
 */
export async function refusalOf(save: () => unknown): Promise<string> {
  if (!(await refused(save))) return "";
  const message = project.error;
  project.error = "";
  return message;
}

/** Sends an "add" line's save and clears the typed text only when the core took it. Returns
 * the core's message for a refused text ("" when taken): the line shows it where it was typed. */
export async function added(save: () => unknown, clear: () => void): Promise<string> {
  const message = await refusalOf(save);
  if (!message) clear();
  return message;
}

/** Whether the core refused the command(s) `save` sent (the window sends one after the other). */
async function refused(save: () => unknown): Promise<boolean> {
  const before = project.refusals;
  await save();
  return project.refusals !== before;
}

/** A field's refusal message, counted in `project.invalid` while it is shown, and whether its
 * value was just changed from outside (undo, redo, merge, the room). */
export class FieldCheck {
  message = $state("");
  /** The stored value changed by a reload, not by this field: highlighted for a moment. */
  changed = $state(false);
  #counted = false;
  #seen: { value: unknown } | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Called with the field's stored value whenever it changes. */
  seen(value: unknown): void {
    const before = this.#seen;
    this.#seen = { value };
    if (before === null || before.value === value || !untrack(() => project.external)) return;
    this.changed = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => (this.changed = false), 1600);
  }

  set(message: string): void {
    this.message = message;
    const bad = message !== "";
    if (bad !== this.#counted) {
      project.invalid = Math.max(0, project.invalid + (bad ? 1 : -1));
      this.#counted = bad;
    }
  }

  /** Saves through `save`; true when the core took the value. */
  async save(save: () => unknown): Promise<boolean> {
    const message = await refusalOf(save);
    this.set(message);
    return message === "";
  }
}

/** How often Baustein `b` was changed in this window so far. */
export const revisionOf = (b: number): number => project.revision[b] ?? 0;

export async function refreshOverview(): Promise<void> {
  try {
    project.overview = await api.overview();
  } catch (e) {
    project.error = errorMessage(e);
  }
}

/** Takes what a change touched into the header and the sidebar. */
async function apply(note: ChangeNote): Promise<void> {
  for (const b of note.change.bausteine) project.revision[b] = revisionOf(b) + 1;
  const o = project.overview;
  if (!o || note.change.kinds.includes("profile")) {
    await refreshOverview();
    return;
  }
  o.history = note.history;
  o.progress = note.progress;
  o.backup_problem = note.backup_problem;
}

/** The change note of a Baustein view reply, if the command changed something. */
function noteOf(data: unknown): ChangeNote | undefined {
  return typeof data === "object" && data !== null && "change" in data ? (data as { change?: ChangeNote }).change : undefined;
}

/** Sends a command; on success applies its change note and returns the reply data, else null. */
export async function run<K extends Reply["kind"]>(command: Command, kind: K): Promise<ReplyData<K> | null> {
  project.error = "";
  project.busy = true;
  try {
    const data = await request(command, kind);
    const note = noteOf(data);
    if (note) await apply(note);
    return data;
  } catch (e) {
    project.error = errorMessage(e);
    project.refusals += 1;
    return null;
  } finally {
    project.busy = false;
  }
}
