//! Copies of a project file: the checked copy ("Kopie senden", backups), reading another copy
//! for a merge, and the versions a merge decided against.

use crate::durable::{same_file, temp_beside};
use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{params, Connection, OpenFlags};
use uuid::Uuid;

use super::{
    display, inspect, parse_id, refusal, storage, ProjectFile, RowImage, StoredRow, Writer,
};
use crate::error::{Error, Result};
use crate::model::EntityKind;

/// The meta key a copy without personal data carries (value: the date it was made).
pub const WITHOUT_PERSONAL_DATA: &str = "personal_data_removed";

/// Everything a merge needs from one copy: its rows, every version of a row its journal has
/// seen, and the versions earlier merges decided against.
#[derive(Debug, Default)]
pub struct CopyContents {
    /// The project's identity (see [`ProjectFile::project_id`]), also for files of older schemas.
    pub project_id: String,
    pub meta: BTreeMap<String, String>,
    pub rows: Vec<(EntityKind, StoredRow)>,
    /// Row images from the journal in the order they were written (before, then after, of
    /// every entry): (kind, id, body, deleted).
    pub history: Vec<(EntityKind, Uuid, serde_json::Value, bool)>,
    /// Image hashes recorded by merges that are still in effect (not undone).
    pub seen: Vec<(EntityKind, Uuid, String)>,
    /// Stored binary files (logo): (hash, data).
    pub blobs: Vec<(String, Vec<u8>)>,
}

fn read_contents_from(conn: &Connection) -> Result<CopyContents> {
    let mut out = CopyContents {
        project_id: project_id_from(conn)?,
        meta: super::two_columns::<String, String>(conn, "SELECT key, value FROM meta")?
            .into_iter()
            .collect(),
        ..CopyContents::default()
    };
    for kind in EntityKind::ALL {
        // A copy of an older schema lacks the tables of kinds added since: it has no such rows.
        if !super::has_table(conn, kind.table())? {
            continue;
        }
        for row in super::read_rows(conn, kind)? {
            out.rows.push((kind, row));
        }
    }
    let mut stmt = conn
        .prepare("SELECT kind, entity_id, before, after FROM journal ORDER BY id")
        .map_err(storage)?;
    let entries: Vec<(String, String, Option<String>, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .and_then(|rows| rows.collect())
        .map_err(storage)?;
    for (table, id, before, after) in entries {
        let Some(kind) = EntityKind::from_table(&table) else {
            continue;
        };
        let id = parse_id(&id)?;
        for image in [before, after].into_iter().flatten() {
            let image: RowImage = serde_json::from_str(&image)?;
            out.history.push((kind, id, image.body, image.deleted));
        }
    }
    out.blobs = super::read_blobs(conn)?;
    if super::has_table(conn, "merge_seen")? {
        let mut stmt = conn
            .prepare(
                "SELECT s.kind, s.entity_id, s.image_hash FROM merge_seen s \
                 JOIN change_set c ON c.id = s.change_id WHERE c.state IN ('done', 'base')",
            )
            .map_err(storage)?;
        let seen: Vec<(String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .and_then(|rows| rows.collect())
            .map_err(storage)?;
        for (table, id, hash) in seen {
            if let Some(kind) = EntityKind::from_table(&table) {
                out.seen.push((kind, parse_id(&id)?, hash));
            }
        }
    }
    Ok(out)
}

/// Opens a file that is not this session's project read-only, after the same checks as
/// [`ProjectFile::open`]. Nothing is written (nor migrated).
fn open_read_only(path: &Path) -> Result<Connection> {
    inspect(path)?;
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| refusal(path, e))
}

/// A read that failed because another window holds the file's exclusive lock.
fn locked_elsewhere(path: &Path, e: Error) -> Error {
    match e {
        Error::Storage(detail) if detail.contains("locked") || detail.contains("busy") => {
            Error::AlreadyOpen(display(path))
        }
        e => e,
    }
}

/// Reads another copy for a merge (read-only, see [`open_read_only`]).
pub fn read_contents(path: &Path) -> Result<CopyContents> {
    read_contents_from(&open_read_only(path)?).map_err(|e| locked_elsewhere(path, e))
}

/// The `project_id` of a project file, read without modifying it (listing its backups).
pub fn project_id_of(path: &Path) -> Result<String> {
    project_id_from(&open_read_only(path)?).map_err(|e| locked_elsewhere(path, e))
}

fn project_id_from(conn: &Connection) -> Result<String> {
    let from_meta: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'project_id'", [], |r| {
            r.get(0)
        })
        .ok();
    if let Some(id) = from_meta {
        return Ok(id);
    }
    // Schema 1–2 files (not migrated yet): the same rule as migration 0003.
    conn.query_row(
        "SELECT 'profil-' || created_at FROM profile WHERE id = ?1",
        [crate::model::PROFILE_ID.to_string()],
        |r| r.get(0),
    )
    .map_err(storage)
}

impl ProjectFile {
    /// This project's identity; copies share it, other projects differ.
    pub fn project_id(&self) -> Result<String> {
        project_id_from(&self.conn)
    }

    /// Everything a merge needs from this (open) copy.
    pub fn contents(&self) -> Result<CopyContents> {
        read_contents_from(&self.conn)
    }

    /// Writes a compact, checked copy to `out`: `VACUUM INTO` a temporary file beside it,
    /// optionally removing personal data (stakeholder names and contacts, journal authors),
    /// fsync, the same checks as opening (application id, schema version, `integrity_check`), then an
    /// atomic rename over `out`. Returns the copy's size in bytes. The open project is not
    /// changed; a failed copy leaves no file behind.
    pub fn write_copy(&self, out: &Path, without_personal_data: bool) -> Result<u64> {
        if same_file(out, &self.path) {
            return Err(Error::invalid(
                "Die Kopie kann nicht über die geöffnete Projektdatei geschrieben werden. Bitte wählen Sie einen anderen Namen.",
            ));
        }
        if out.is_dir() {
            return Err(Error::invalid(format!(
                "„{}“ ist ein Ordner; bitte geben Sie einen Dateinamen an.",
                display(out)
            )));
        }
        let temp = temp_beside(out);
        let _ = std::fs::remove_file(&temp);
        let result = (|| {
            self.conn
                .execute("VACUUM INTO ?1", [temp.to_string_lossy()])
                .map_err(|e| {
                    Error::invalid(format!("Die Kopie konnte nicht geschrieben werden: {e}"))
                })?;
            if without_personal_data {
                remove_personal_data(&temp)?;
            }
            std::fs::File::open(&temp)?.sync_all()?;
            inspect(&temp)?;
            std::fs::rename(&temp, out)?;
            if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
                // Makes the rename itself durable; not possible on every platform.
                let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
            }
            Ok(std::fs::metadata(out)?.len())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        result
    }
}

/// Blanks the personal fields of every kind (stakeholder names and contacts, who reports a
/// status) in rows and journal, empties journal authors, marks the copy, and rebuilds the file
/// so no old page still holds the removed text.
fn remove_personal_data(path: &Path) -> Result<()> {
    let conn = Connection::open(path).map_err(storage)?;
    let today = chrono::Local::now().date_naive().to_string();
    let mut sql = String::from("BEGIN;\n");
    for kind in EntityKind::ALL {
        let fields = kind.personal_fields();
        if fields.is_empty() {
            continue;
        }
        // json_set arguments blanking every personal field under `prefix`, e.g. '$.name', ''.
        let blank = |prefix: &str| {
            fields
                .iter()
                .map(|field| format!("'{prefix}.{field}', ''"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (table, rows, images) = (kind.table(), blank("$"), blank("$.body"));
        sql.push_str(&format!(
            "UPDATE {table} SET body = json_set(body, {rows});
             UPDATE journal SET before = json_set(before, {images})
               WHERE kind = '{table}' AND before IS NOT NULL;
             UPDATE journal SET after = json_set(after, {images})
               WHERE kind = '{table}' AND after IS NOT NULL;\n"
        ));
    }
    sql.push_str("UPDATE change_set SET author = '';\nCOMMIT;");
    conn.execute_batch(&sql).map_err(storage)?;
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        params![WITHOUT_PERSONAL_DATA, today],
    )
    .map_err(storage)?;
    conn.execute_batch("VACUUM").map_err(storage)?;
    conn.close().map_err(|(_, e)| storage(e))
}

impl Writer<'_> {
    /// Writes a row image taken from another copy (merge). The caller has validated `body` as an
    /// entity of `kind` with this id; journaled like every other write.
    pub fn put_image(
        &mut self,
        kind: EntityKind,
        id: Uuid,
        body: serde_json::Value,
        deleted: bool,
    ) -> Result<()> {
        self.write_image(kind, id, Some(&RowImage { body, deleted }))
    }

    /// Records that another copy's version of a row was looked at and not taken (merge).
    pub fn mark_seen(&mut self, kind: EntityKind, id: Uuid, image_hash: &str) -> Result<()> {
        self.tx
            .execute(
                "INSERT OR IGNORE INTO merge_seen (change_id, kind, entity_id, image_hash) VALUES (?1, ?2, ?3, ?4)",
                params![self.change_id, kind.table(), id.to_string(), image_hash],
            )
            .map_err(storage)?;
        self.marked = self.marked.saturating_add(1);
        Ok(())
    }
}
