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
});

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
    return null;
  } finally {
    project.busy = false;
  }
}
