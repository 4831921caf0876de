//! Automatic backups of every opened project: checked copies (see `store::ProjectFile::write_copy`)
//! in the app data folder, one sub-folder per project, named `YYYY-MM-DD_HH-MM-SS_<Name>.zukunft`
//! so that names sort by time. The newest `keep` are kept. A backup is never opened in place:
//! restoring copies it to a new file the consultant names.

use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::store::ProjectFile;

/// How many backups per project are kept unless the settings say otherwise.
pub const DEFAULT_KEEP: usize = 10;

/// The desktop app's data folder: `ZUKUNFT_DATA_DIR` if set, else the platform's data folder
/// with the app identifier (the same folder Tauri's `app_data_dir` gives the window).
pub fn app_data_dir() -> Option<PathBuf> {
    match std::env::var_os("ZUKUNFT_DATA_DIR") {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::data_dir().map(|d| d.join("de.zukunftskommune.desktop")),
    }
}

/// The name of the backups folder inside the app data folder.
const FOLDER: &str = "Sicherungen";

/// The app-wide settings file in the app data folder (`einstellungen.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct BackupSettings {
    /// Backups kept per project (at least 1).
    pub keep: usize,
    /// Minutes of editing between two backups.
    pub interval_minutes: u32,
}

impl Default for BackupSettings {
    fn default() -> Self {
        BackupSettings {
            keep: DEFAULT_KEEP,
            interval_minutes: 30,
        }
    }
}

const SETTINGS_FILE: &str = "einstellungen.json";

/// Reads the settings; a missing or broken file gives the defaults.
pub fn read_settings(app_data: &Path) -> BackupSettings {
    std::fs::read_to_string(app_data.join(SETTINGS_FILE))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

pub fn write_settings(app_data: &Path, settings: &BackupSettings) -> Result<()> {
    std::fs::create_dir_all(app_data)?;
    crate::durable::write_atomically(
        &app_data.join(SETTINGS_FILE),
        serde_json::to_string_pretty(settings)?.as_bytes(),
    )
}

/// One backup file.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    pub path: String,
    pub file_name: String,
    /// Local time the backup was made, `YYYY-MM-DDTHH:MM:SS`.
    pub made_at: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// The folder holding the backups of one project.
pub fn folder(app_data: &Path, project_id: &str) -> PathBuf {
    let safe: String = project_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    app_data.join(FOLDER).join(safe)
}

/// Longest name part of a backup or copy file name, in bytes: with date, time, counter and
/// ".zukunft" it stays far below the 255 bytes file systems allow.
const NAME_PART_MAX_BYTES: usize = 120;

/// A file-name-safe form of a municipality's name ("Bad Musterstadt" → "Bad_Musterstadt"):
/// separators, spaces and control characters become "_", cut to [`NAME_PART_MAX_BYTES`]
/// (see `name_part`).
pub fn file_name_part(name: &str) -> String {
    file_name_part_within(name, NAME_PART_MAX_BYTES)
}

/// [`file_name_part`] cut to `max_bytes`: for a part that shares a file name with others.
pub fn file_name_part_within(name: &str, max_bytes: usize) -> String {
    name_part(name, false, '_', max_bytes, "Projekt")
}

/// A name as a readable part of a file name, spaces kept („Statusmeldung 1. Halbjahr 2028 –
/// Digital Hub e. V.xlsx“): separators and control characters become "-", cut to
/// `max_bytes` (see `name_part`).
pub fn readable_name_part(name: &str, max_bytes: usize) -> String {
    name_part(name, true, '-', max_bytes, "ohne Namen")
}

/// The one cleaning of names for file names: bidirectional controls are dropped (they can
/// disguise a name), separators and control characters (and spaces unless `keep_spaces`) become
/// `replacement`, leading dots (hidden files) and trailing dots and spaces (Windows drops them:
/// „e. V..xlsx“) go, and the result is cut on a character boundary to `max_bytes`; `fallback`
/// when nothing is left.
fn name_part(
    name: &str,
    keep_spaces: bool,
    replacement: char,
    max_bytes: usize,
    fallback: &str,
) -> String {
    let bidi = |c: char| matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    let cleaned: String = name
        .trim()
        .chars()
        .filter(|c| !bidi(*c))
        .map(|c| {
            let space = c.is_whitespace() && !(keep_spaces && c == ' ');
            if space || "/\\:*?\"<>|".contains(c) || c.is_control() {
                replacement
            } else {
                c
            }
        })
        .collect();
    let mut cut = String::new();
    for c in cleaned.trim_start_matches(['.', ' ']).chars() {
        if cut.len().saturating_add(c.len_utf8()) > max_bytes {
            break;
        }
        cut.push(c);
    }
    let cut = cut.trim_end_matches(['.', ' ']);
    if cut.is_empty() {
        fallback.into()
    } else {
        cut.into()
    }
}

/// Writes a backup of the open project and removes the oldest beyond `keep`.
pub fn make(file: &ProjectFile, app_data: &Path, name: &str, keep: usize) -> Result<PathBuf> {
    let dir = folder(app_data, &file.project_id()?);
    std::fs::create_dir_all(&dir)?;
    let stamp = Local::now().format("%Y-%m-%d_%H-%M-%S");
    let mut path = dir.join(format!("{stamp}_{}.zukunft", file_name_part(name)));
    for n in 2u32.. {
        if !path.exists() {
            break;
        }
        path = dir.join(format!("{stamp}_{}_{n}.zukunft", file_name_part(name)));
    }
    file.write_copy(&path, false)?;
    for old in list_in(&dir).into_iter().skip(keep.max(1)) {
        let _ = std::fs::remove_file(&old.path);
    }
    Ok(path)
}

/// The backups of a project, newest first.
pub fn list(app_data: &Path, project_id: &str) -> Vec<BackupInfo> {
    list_in(&folder(app_data, project_id))
}

fn list_in(dir: &Path) -> Vec<BackupInfo> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<BackupInfo> = entries
        .flatten()
        .filter_map(|e| {
            let file_name = e.file_name().to_string_lossy().into_owned();
            if !file_name.ends_with(".zukunft") || file_name.starts_with('.') {
                return None;
            }
            let made_at = file_name
                .get(..19)
                .and_then(|s| NaiveDateTime::parse_from_str(s, "%Y-%m-%d_%H-%M-%S").ok())?;
            Some(BackupInfo {
                path: e.path().display().to_string(),
                made_at: made_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                bytes: e.metadata().map(|m| m.len()).unwrap_or(0),
                file_name,
            })
        })
        .collect();
    out.sort_by(|a, b| b.file_name.cmp(&a.file_name));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_and_tricky_names_make_short_safe_file_names() {
        let long = "Verbandsgemeinde Überlänge ".repeat(30);
        let part = file_name_part(&long);
        assert!(part.len() <= NAME_PART_MAX_BYTES);
        assert!(part.starts_with("Verbandsgemeinde_Überlänge"));
        assert_eq!(file_name_part("..\u{202e}gpj.exe/Stadt"), "gpj.exe_Stadt");
        assert_eq!(file_name_part("..."), "Projekt");
        assert_eq!(
            readable_name_part(" Digital Hub e. V. \u{202e}/x ", 80),
            "Digital Hub e. V. -x"
        );
        assert_eq!(readable_name_part("Verein e. V.", 80), "Verein e. V");
        assert_eq!(readable_name_part("...", 80), "ohne Namen");
        assert_eq!(file_name_part("ÄÖÜ".repeat(100).as_str()).len() % 2, 0);
    }
}
