// File paths in the UI: only for suggesting names in save dialogs (the core checks every path).

/** The folder of a file path ("/a/b/c.zukunft" → "/a/b"), with the path's own separator. */
export function folderOf(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i > 0 ? path.slice(0, i) : "";
}

/** `name` in the folder of `path`. */
export function besides(path: string, name: string): string {
  const folder = folderOf(path);
  if (!folder) return name;
  const sep = path.includes("\\") && !path.includes("/") ? "\\" : "/";
  return `${folder}${sep}${name}`;
}

/** The stem the exports' suggested names share: the copy's name without „.zukunft“
 * („Musterstadt_2026-11-30.zukunft“ → „Musterstadt_2026-11-30“). */
export function exportStem(copyName: string): string {
  return copyName.replace(/\.zukunft$/i, "");
}

/** The file name of a path ("/a/b/c.zukunft" → "c.zukunft"), for messages. */
export function fileName(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return path.slice(i + 1);
}

/** `path` with `extension` added when its file name has none („Kopie“ → „Kopie.zukunft“):
 * GTK's save dialog does not add the filter's extension, and the core writes a report, an
 * export or a copy only under its format's extension. A name with a dot is left as typed. */
export function withExtension(path: string, extension: string | undefined): string {
  if (!extension || fileName(path).includes(".")) return path;
  return `${path}.${extension}`;
}
