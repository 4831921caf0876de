// What the desktop shell tells the UI at start (window.__ZUKUNFT_START__, see src-tauri).

export interface StartInfo {
  /** A project file given on the command line. */
  open: string | null;
  /** Location of the demo municipality in the app data folder. */
  demo: string;
  /** `--demo`: open the demo at once. */
  open_demo: boolean;
}

declare global {
  interface Window {
    __ZUKUNFT_START__?: StartInfo;
  }
}

export function startInfo(): StartInfo {
  return window.__ZUKUNFT_START__ ?? { open: null, demo: "", open_demo: false };
}
