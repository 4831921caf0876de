// The only seam between the UI and the platform: every user action is one `Command` sent to
// the core through the Tauri command `api`; the few other platform calls (native file
// dialogs, the PDF viewer, full screen, files handed over by a second launch, the room's
// phones through the Tauri command `room`) are `desktop`.
// Component tests replace both (`setTransport`, `setPlatform`) instead of mocking modules.
// Types come from the Rust core (ts-rs, ./bindings).
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { open as openDialog, save as saveDialog } from "@tauri-apps/plugin-dialog";
import { openPath, revealItemInDir } from "@tauri-apps/plugin-opener";
import type { ApiError } from "./bindings/ApiError";
import { todayIso } from "./format";
import { withExtension } from "./paths";
import type { BackupSettings } from "./bindings/BackupSettings";
import type { MergeChoice } from "./bindings/MergeChoice";
import type { Command } from "./bindings/Command";
import type { NewProject } from "./bindings/NewProject";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { Reply } from "./bindings/Reply";
import type { RoomControl } from "./bindings/RoomControl";
import type { RoomReply } from "./bindings/RoomReply";
import type { WindowReply } from "./bindings/WindowReply";
import { withChanges } from "./changes";

export type { ApiError, Command, Reply };

export type Transport = (command: Command) => Promise<Reply>;

/**
 * The desktop window's transport. It keeps the last reply of each kind and names them to the
 * core (`held`), which then sends a reply of such a kind as changes (`src/api/sent.rs`);
 * `withChanges` rebuilds it with the unchanged parts as the held objects.
 */
export function windowTransport(invokeApi: (command: Command, held: number[]) => Promise<WindowReply>): Transport {
  const held = new Map<string, { token: number; data: unknown }>();
  return async (command) => {
    const sent = await invokeApi(command, [...held.values()].map((h) => h.token));
    const reply = sent.reply as { kind: string; data?: unknown };
    if (!("data" in reply)) return reply as Reply;
    let data = reply.data;
    if (sent.basis !== null) {
      const basis = held.get(reply.kind);
      if (basis?.token !== sent.basis) {
        // Cannot happen while commands go one after another; the next reply comes whole.
        held.clear();
        throw { code: "internal", message: "Interner Fehler: die Antwort passt nicht zur Ansicht. Bitte erneut versuchen." } satisfies ApiError;
      }
      data = withChanges(basis.data, data);
    }
    held.set(reply.kind, { token: sent.token, data });
    return { kind: reply.kind, data } as Reply;
  };
}

let transport: Transport = windowTransport((command, held) => invoke<WindowReply>("api", { command, held }));

/** Replaces the transport (component tests use an in-memory fake). */
export function setTransport(t: Transport): void {
  transport = t;
}

/** Data of a reply of the given kind. */
export type ReplyData<K extends Reply["kind"]> = Extract<Reply, { kind: K }> extends { data: infer D } ? D : never;

export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** The German message of any error that reaches the UI. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) return e.message;
  if (typeof e === "string" && e.length > 0) return e;
  return "Unerwarteter Fehler. Bitte versuchen Sie es erneut.";
}

/** The commands sent so far, settled: the next one waits for them. */
let line: Promise<unknown> = Promise.resolve();

/**
 * Sends a command; rejects with an `ApiError` ({code, message}). Commands reach the core one
 * after another in the order the window sent them: the shell runs them off the window's
 * thread, where a later call (an undo) could otherwise overtake an earlier one (the save of a
 * field). A report waits for the commands before it and then leaves the line: its slow
 * typesetting runs while the consultant keeps working.
 */
export function call(command: Command): Promise<Reply> {
  const reply = line.then(() => send(command));
  if (!isReport(command)) line = reply.catch(() => undefined);
  return reply;
}

function isReport(command: Command): boolean {
  return typeof command === "object" && "strategy" in command && typeof command.strategy === "object" && "generate_report" in command.strategy;
}

async function send(command: Command): Promise<Reply> {
  try {
    return await transport(command);
  } catch (e) {
    if (isApiError(e)) throw e;
    throw { code: "internal", message: errorMessage(e) } satisfies ApiError;
  }
}

/** Sends a command and returns the data of the expected reply kind. */
export async function request<K extends Reply["kind"]>(command: Command, kind: K): Promise<ReplyData<K>> {
  const reply = await call(command);
  if (reply.kind !== kind) {
    throw { code: "internal", message: `Unerwartete Antwort „${reply.kind}“ statt „${kind}“.` } satisfies ApiError;
  }
  return (reply as unknown as { data: ReplyData<K> }).data;
}

export const api = {
  open: (path: string) => request({ file: { open: { path } } }, "overview"),
  openDemo: (path: string) => request({ file: { open_demo: { path } } }, "overview"),
  /** The new-project form's fields the core refuses, each with its German message. */
  checkNewProject: (project: Partial<NewProject>) => request({ file: { check_new_project: newProject(project) } }, "field_problems"),
  create: (path: string, project: Partial<NewProject>) =>
    request({ file: { create: { path, project: newProject(project) } } }, "overview"),
  close: () => call({ file: "close" }),
  recent: () => request({ file: "recent" }, "recent"),
  forgetRecent: (path: string) => request({ file: { forget_recent: { path } } }, "recent"),
  overview: () => request({ project: "overview" }, "overview"),
  history: () => request({ history: "state" }, "history"),
  undo: () => request({ history: "undo" }, "changed"),
  report: (path: string) => request({ strategy: { generate_report: { path, date: todayIso() } } }, "report"),
  redo: () => request({ history: "redo" }, "changed"),
  sendCopy: (path: string, without_personal_data: boolean) =>
    request({ copies: { send_copy: { path, without_personal_data } } }, "copied"),
  workOnLocalCopy: (path: string) => request({ copies: { work_on_local_copy: { path } } }, "overview"),
  backups: () => request({ copies: { backups: {} } }, "backups"),
  backUpNow: () => request({ copies: "back_up_now" }, "backups"),
  restoreBackup: (backup: string, path: string) => request({ copies: { restore_backup: { backup, path } } }, "overview"),
  saveBackupSettings: (settings: BackupSettings) => request({ copies: { save_backup_settings: settings } }, "backups"),
  export: (format: ExportFormat, path: string) => request({ project: { export: { format, path } } }, "exported"),
  mergePreview: (path: string) => request({ copies: { merge_preview: { path, prefer: "newer" } } }, "merge_plan"),
  merge: (path: string, choices: MergeChoice[]) => request({ copies: { merge: { path, prefer: "newer", choices } } }, "merged"),
};

/** What a native file dialog offers: title, suggested path, the kinds of files. */
export interface FileChoice {
  title?: string;
  defaultPath?: string;
  filters?: { name: string; extensions: string[] }[];
}

/** The platform calls of the window besides commands. */
export interface Platform {
  /** The native "Öffnen" dialog for one file; null when cancelled. */
  chooseFile(choice: FileChoice): Promise<string | null>;
  /** The native "Öffnen" dialog for one or more files; empty when cancelled. */
  chooseFiles(choice: FileChoice): Promise<string[]>;
  /** The native "Speichern unter" dialog; null when cancelled. */
  chooseTarget(choice: FileChoice): Promise<string | null>;
  /** The native dialog to choose (or make) a folder; null when cancelled. */
  chooseFolder(choice: { title?: string; defaultPath?: string }): Promise<string | null>;
  /** Shows a written file (the PDF) in the system's viewer. */
  showFile(path: string): Promise<void>;
  /** Shows the folder of a written file in the file manager, the file selected. */
  showFolder(path: string): Promise<void>;
  /** The window's title (task bar, window list). */
  title(text: string): Promise<void>;
  /** Full screen on or off (workshop mode on the projector). */
  fullscreen(on: boolean): Promise<void>;
  /** Calls `handler` with each file a second launch hands over; returns how to stop. */
  onHandedOver(handler: (path: string) => void): () => void;
  /** The room's phones (Abstimmung per Handy): start, status, reveal, moderate, stop.
   * Rejects with an `ApiError`. */
  room(control: RoomControl): Promise<RoomReply>;
}

const tauriPlatform: Platform = {
  chooseFile: async (choice) => {
    const path = await openDialog({ ...choice, multiple: false, directory: false });
    return typeof path === "string" ? path : null;
  },
  chooseFiles: async (choice) => {
    const paths = await openDialog({ ...choice, multiple: true, directory: false });
    return paths === null ? [] : Array.isArray(paths) ? paths : [paths];
  },
  chooseTarget: (choice) => saveDialog(choice),
  chooseFolder: async (choice) => {
    const path = await openDialog({ ...choice, directory: true, multiple: false });
    return typeof path === "string" ? path : null;
  },
  showFile: (path) => openPath(path),
  showFolder: (path) => revealItemInDir(path),
  title: async (text) => {
    document.title = text;
    try {
      await getCurrentWindow().setTitle(text);
    } catch {
      // Outside the desktop window the document title is all there is.
    }
  },
  fullscreen: async (on) => {
    try {
      await getCurrentWindow().setFullscreen(on);
    } catch {
      // Outside the desktop window there is no window to enlarge.
    }
  },
  onHandedOver: (handler) => {
    const stop = listen<string>("open-file", (e) => handler(e.payload));
    return () => {
      stop.then((f) => f()).catch(() => undefined);
    };
  },
  room: async (command) => {
    try {
      return await invoke<RoomReply>("room", { command });
    } catch (e) {
      if (isApiError(e)) throw e;
      throw { code: "internal", message: errorMessage(e) } satisfies ApiError;
    }
  },
};

let platform: Platform = tauriPlatform;

/** Replaces platform calls (component tests). */
export function setPlatform(p: Partial<Platform>): void {
  platform = { ...tauriPlatform, ...p };
}

/** The platform calls, through the replaceable `platform`. */
export const desktop: Platform = {
  chooseFile: (choice) => platform.chooseFile(choice),
  chooseFiles: (choice) => platform.chooseFiles(choice),
  // A name typed without its extension gets the filter's (GTK's dialog does not add it).
  chooseTarget: async (choice) => {
    const path = await platform.chooseTarget(choice);
    return path === null ? null : withExtension(path, choice.filters?.[0]?.extensions[0]);
  },
  chooseFolder: (choice) => platform.chooseFolder(choice),
  showFile: (path) => platform.showFile(path),
  showFolder: (path) => platform.showFolder(path),
  title: (text) => platform.title(text),
  fullscreen: (on) => platform.fullscreen(on),
  onHandedOver: (handler) => platform.onHandedOver(handler),
  room: (control) => platform.room(control),
};

/** A complete `NewProject` from the wizard's fields (missing ones empty). */
export function newProject(p: Partial<NewProject>): NewProject {
  return {
    name: p.name ?? "",
    kind: p.kind ?? "Gemeinde",
    ags: p.ags ?? "",
    district: p.district ?? "",
    population: p.population ?? null,
    start_date: p.start_date ?? null,
    consultants: p.consultants ?? "",
  };
}
