//! The journal: row images before and after every change, grouped into change sets.
//! Undo writes the `before` images of the newest done change set back, redo the `after` images
//! of the oldest undone one; a new change discards what was undone.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::{now_text, storage, ProjectFile, RowImage};
use crate::error::{Error, Result};
use crate::model::EntityKind;

/// What a change, undo or redo wrote, for the window to re-render the touched Bausteine.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ChangeInfo {
    pub label: String,
    pub kinds: Vec<EntityKind>,
    pub bausteine: Vec<u8>,
}

impl ChangeInfo {
    /// The change `label` that wrote rows of `kinds` (any order, repeats allowed).
    pub(super) fn new(label: String, mut kinds: Vec<EntityKind>) -> ChangeInfo {
        kinds.sort();
        kinds.dedup();
        let mut bausteine: Vec<u8> = kinds.iter().map(|k| k.baustein()).collect();
        bausteine.sort();
        bausteine.dedup();
        ChangeInfo {
            label,
            kinds,
            bausteine,
        }
    }
}

/// The header's undo/redo buttons and save state.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct HistoryState {
    pub undo_label: Option<String>,
    pub redo_label: Option<String>,
    /// Time of the last change (UTC, RFC 3339); every change is saved at once.
    pub saved_at: Option<String>,
}

pub(super) fn read_image(tx: &Connection, kind: EntityKind, id: Uuid) -> Result<Option<RowImage>> {
    let sql = format!("SELECT body, deleted FROM {} WHERE id = ?1", kind.table());
    let row: Option<(String, bool)> = tx
        .query_row(&sql, [id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .map_err(storage)?;
    row.map(|(body, deleted)| {
        Ok(RowImage {
            body: serde_json::from_str(&body)?,
            deleted,
        })
    })
    .transpose()
}

/// Puts a row into the state `after`; `None` means "did not exist" and becomes a tombstone.
pub(super) fn store_image(
    tx: &Connection,
    kind: EntityKind,
    id: Uuid,
    before: Option<&RowImage>,
    after: Option<&RowImage>,
    now: &str,
) -> Result<()> {
    let table = kind.table();
    match (before, after) {
        (Some(_), Some(a)) => tx.execute(
            &format!("UPDATE {table} SET body = ?2, deleted = ?3, updated_at = ?4 WHERE id = ?1"),
            params![id.to_string(), serde_json::to_string(&a.body)?, a.deleted, now],
        ),
        (None, Some(a)) => tx.execute(
            &format!(
                "INSERT INTO {table} (id, body, created_at, updated_at, deleted) VALUES (?1, ?2, ?3, ?3, ?4)"
            ),
            params![id.to_string(), serde_json::to_string(&a.body)?, now, a.deleted],
        ),
        (Some(_), None) => tx.execute(
            &format!("UPDATE {table} SET deleted = 1, updated_at = ?2 WHERE id = ?1"),
            params![id.to_string(), now],
        ),
        (None, None) => Ok(0),
    }
    .map_err(storage)?;
    Ok(())
}

pub(super) fn record(
    tx: &Connection,
    change_id: i64,
    kind: EntityKind,
    id: Uuid,
    before: Option<&RowImage>,
    after: Option<&RowImage>,
) -> Result<()> {
    let enc = |img: Option<&RowImage>| img.map(serde_json::to_string).transpose();
    tx.execute(
        "INSERT INTO journal (change_id, kind, entity_id, before, after) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![change_id, kind.table(), id.to_string(), enc(before)?, enc(after)?],
    )
    .map_err(storage)?;
    Ok(())
}

type JournalRow = (String, String, Option<String>, Option<String>);

fn journal_rows(tx: &Connection, change_id: i64) -> Result<Vec<JournalRow>> {
    let mut stmt = tx
        .prepare(
            "SELECT kind, entity_id, before, after FROM journal WHERE change_id = ?1 ORDER BY id",
        )
        .map_err(storage)?;
    let rows = stmt
        .query_map([change_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .and_then(|rows| rows.collect())
        .map_err(storage)?;
    Ok(rows)
}

impl ProjectFile {
    /// Reverts the newest change set.
    pub fn undo(&mut self) -> Result<ChangeInfo> {
        self.replay(
            "SELECT id, label FROM change_set WHERE state = 'done' ORDER BY id DESC LIMIT 1",
            true,
        )?
        .ok_or(Error::NothingToUndo)
    }

    /// Applies the most recently undone change set again.
    pub fn redo(&mut self) -> Result<ChangeInfo> {
        self.replay(
            "SELECT id, label FROM change_set WHERE state = 'undone' ORDER BY id ASC LIMIT 1",
            false,
        )?
        .ok_or(Error::NothingToRedo)
    }

    fn replay(&mut self, pick: &str, undo: bool) -> Result<Option<ChangeInfo>> {
        let tx = self.conn.transaction().map_err(storage)?;
        let Some((change_id, label)) = tx
            .query_row(pick, [], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })
            .optional()
            .map_err(storage)?
        else {
            return Ok(None);
        };
        let mut rows = journal_rows(&tx, change_id)?;
        if undo {
            rows.reverse();
        }
        let now = now_text();
        let mut kinds = Vec::new();
        for (table, id, before, after) in rows {
            let kind = EntityKind::from_table(&table).ok_or_else(|| {
                Error::Storage(format!("unbekannte Tabelle „{table}“ im Journal"))
            })?;
            let id = super::parse_id(&id)?;
            let target = if undo { before } else { after };
            let target: Option<RowImage> = target.map(|t| serde_json::from_str(&t)).transpose()?;
            // What undo writes back is checked like a save: a crafted or damaged journal can
            // never put an invalid row (or a deleted profile) into the project.
            if let Some(image) = &target {
                kind.check_singleton_row(id, image.deleted)
                    .and_then(|()| kind.validate_body(id, &image.body))
                    .map_err(|e| {
                        Error::invalid(format!(
                            "„{label}“ lässt sich nicht {}: ein gespeicherter Stand ist ungültig ({e}). Die Datei bleibt unverändert.",
                            if undo { "rückgängig machen" } else { "wiederholen" }
                        ))
                    })?;
            }
            let current = read_image(&tx, kind, id)?;
            store_image(&tx, kind, id, current.as_ref(), target.as_ref(), &now)?;
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        tx.execute(
            "UPDATE change_set SET state = ?2 WHERE id = ?1",
            params![change_id, if undo { "undone" } else { "done" }],
        )
        .map_err(storage)?;
        tx.commit().map_err(storage)?;
        let info = ChangeInfo::new(label, kinds);
        self.last_change = Some(info.clone());
        Ok(Some(info))
    }

    pub fn history_state(&self) -> Result<HistoryState> {
        let label = |sql: &str| -> Result<Option<String>> {
            self.conn
                .query_row(sql, [], |r| r.get(0))
                .optional()
                .map_err(storage)
        };
        Ok(HistoryState {
            undo_label: label(
                "SELECT label FROM change_set WHERE state = 'done' ORDER BY id DESC LIMIT 1",
            )?,
            redo_label: label(
                "SELECT label FROM change_set WHERE state = 'undone' ORDER BY id ASC LIMIT 1",
            )?,
            saved_at: self.last_change_at()?.map(|t| t.to_rfc3339()),
        })
    }
}

impl ProjectFile {
    /// Turns every change so far into the project's base state (after creating and seeding a
    /// project): it stays in the journal but cannot be undone.
    pub fn seal_history(&mut self) -> Result<()> {
        self.conn
            .execute(
                "UPDATE change_set SET state = 'base' WHERE state <> 'base'",
                [],
            )
            .map_err(storage)?;
        Ok(())
    }
}
