// State of the open project shared by the project window's views: the overview (header,
// sidebar progress, undo/redo) and the last error. Every change goes through `run`, which
// sends one command and takes the header and sidebar from the reply's change note: no
// overview round trip after a save. The overview is read again only when the profile
// changed (the header shows its name) or when the Übersicht is opened.
import { api, errorMessage, request, type ReplyData } from "./api";
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
});

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

/** Sends an "add" line's save and clears the typed text only when the core took it (a refused
 * title stays for correction; the message is shown at the top of the window). */
export async function added(save: () => unknown, clear: () => void): Promise<void> {
  if (!(await refused(save))) clear();
}

/** Whether the core refused the command(s) `save` sent (the window sends one after the other). */
async function refused(save: () => unknown): Promise<boolean> {
  const before = project.refusals;
  await save();
  return project.refusals !== before;
}

/** A field's refusal message, counted in `project.invalid` while it is shown. */
export class FieldCheck {
  message = $state("");
  #counted = false;

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
