// State of the open project shared by the project window's views: the overview (header,
// sidebar progress, undo/redo) and the last error. Every change goes through `run`, which
// sends one command and refreshes the overview afterwards.
import { api, errorMessage, request, type ReplyData } from "./api";
import type { Command } from "./bindings/Command";
import type { Overview } from "./bindings/Overview";
import type { Reply } from "./bindings/Reply";

export const project = $state({
  overview: null as Overview | null,
  error: "",
  busy: false,
});

export async function refreshOverview(): Promise<void> {
  try {
    project.overview = await api.overview();
  } catch (e) {
    project.error = errorMessage(e);
  }
}

/** Sends a command; on success refreshes the overview and returns the reply data, else null. */
export async function run<K extends Reply["kind"]>(command: Command, kind: K): Promise<ReplyData<K> | null> {
  project.error = "";
  project.busy = true;
  try {
    const data = await request(command, kind);
    await refreshOverview();
    return data;
  } catch (e) {
    project.error = errorMessage(e);
    return null;
  } finally {
    project.busy = false;
  }
}
