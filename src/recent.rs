//! The start screen's list of recently opened projects: a small JSON file in the app data
//! folder (never inside a project). Losing or breaking it loses nothing but convenience, so a
//! broken list is treated as empty.

use std::path::{Path, PathBuf};

use chrono::{SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How many projects the list keeps.
const KEEP: usize = 12;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecentProject {
    pub path: String,
    pub name: String,
    /// When it was last opened (UTC, RFC 3339).
    pub opened_at: String,
    /// Whether the file is still there (filled in when the list is read).
    #[serde(default)]
    pub exists: bool,
}

/// Reads the list, newest first; a missing or unreadable file gives an empty list.
pub fn read(list: &Path) -> Vec<RecentProject> {
    let mut items: Vec<RecentProject> = std::fs::read_to_string(list)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    for item in &mut items {
        item.exists = Path::new(&item.path).is_file();
    }
    items
}

/// Puts a project at the top of the list. Failures to write are ignored (see module doc).
pub fn remember(list: &Path, project: &Path, name: &str) {
    let path = std::path::absolute(project)
        .unwrap_or_else(|_| PathBuf::from(project))
        .display()
        .to_string();
    let mut items = read(list);
    items.retain(|i| i.path != path);
    items.insert(
        0,
        RecentProject {
            path,
            name: name.to_string(),
            opened_at: Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
            exists: true,
        },
    );
    items.truncate(KEEP);
    if let Some(dir) = list.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(text) = serde_json::to_string_pretty(&items) {
        // The list is a convenience: a failed write keeps the old list, never half a new one.
        let _ = crate::durable::write_atomically(list, text.as_bytes());
    }
}

/// Removes one entry (the start screen's "aus Liste entfernen").
pub fn forget(list: &Path, project: &str) {
    let mut items = read(list);
    items.retain(|i| i.path != project);
    if let Ok(text) = serde_json::to_string_pretty(&items) {
        let _ = crate::durable::write_atomically(list, text.as_bytes());
    }
}
