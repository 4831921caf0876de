//! The documented JSON export and its import, and the checks every row from outside passes
//! (import, another copy): plausible times, references to rows that exist.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{ProjectFile, StoredRow, SCHEMA_VERSION};

/// The documented export format: `format`, `schema_version`, `meta` (sorted) and per table the
/// rows (sorted by id) with `id`, `created_at`, `updated_at`, `deleted` and the entity `body`.
/// The journal is not exported: an imported project starts with an empty history.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectExport {
    format: String,
    schema_version: i64,
    meta: BTreeMap<String, String>,
    tables: BTreeMap<String, Vec<StoredRow>>,
    /// Binary files (the logo) by SHA-256, base64-encoded; absent when there are none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    blobs: BTreeMap<String, String>,
}

const EXPORT_FORMAT: &str = "zukunftskommune-projekt";

pub(super) fn export_json(file: &ProjectFile) -> Result<String> {
    let mut tables = BTreeMap::new();
    for kind in EntityKind::ALL {
        tables.insert(kind.table().to_string(), file.rows(kind)?);
    }
    use base64::Engine;
    let export = ProjectExport {
        format: EXPORT_FORMAT.into(),
        schema_version: file.schema_version()?,
        meta: file.meta_entries()?.into_iter().collect(),
        tables,
        blobs: file
            .blobs()?
            .into_iter()
            .map(|(hash, data)| (hash, base64::engine::general_purpose::STANDARD.encode(data)))
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&export)?;
    text.push('\n');
    Ok(text)
}

/// Refuses a row from an import or another copy whose times cannot be true (e.g. year 9999,
/// which would win every "the newer one wins" decision of a later merge): each must be an
/// RFC 3339 time between 2000 and two days from now (clocks of laptops differ).
pub(super) fn check_row_times(kind: EntityKind, row: &StoredRow) -> Result<()> {
    let now = chrono::Utc::now();
    let latest = now
        .checked_add_signed(chrono::Duration::days(2))
        .unwrap_or(now);
    for (what, at) in [("angelegt", &row.created_at), ("geändert", &row.updated_at)] {
        let plausible = chrono::DateTime::parse_from_rfc3339(at)
            .map(|t| t.with_timezone(&chrono::Utc))
            .is_ok_and(|t| t.year() >= 2000 && t <= latest);
        if !plausible {
            return Err(Error::invalid(format!(
                "{} {}: der Zeitpunkt „{}“ ({what}) kann nicht stimmen; die Datei wird nicht übernommen.",
                kind.label(),
                row.id,
                at.chars().take(40).collect::<String>()
            )));
        }
    }
    Ok(())
}

/// Refuses a row from an import or another copy that points at a row the project does not have
/// at all, as the API refuses such a save. `known` holds every row id of the result, live or
/// deleted: a deleted target is what ordinary editing leaves (an event deleted after its votes
/// were counted), a missing one is not.
pub(super) fn check_references(
    kind: EntityKind,
    id: uuid::Uuid,
    body: &serde_json::Value,
    known: &std::collections::HashSet<(EntityKind, uuid::Uuid)>,
) -> Result<()> {
    match kind
        .references_in(body)
        .into_iter()
        .find(|target| !known.contains(target))
    {
        Some((target_kind, target)) => Err(Error::invalid(format!(
            "{} {id} verweist auf „{}“ {target}, das es in der Datei nicht gibt; die Datei wird nicht übernommen.",
            kind.label(),
            target_kind.label()
        ))),
        None => Ok(()),
    }
}

pub(super) fn import_json(json: &str, path: &Path) -> Result<ProjectFile> {
    let export: ProjectExport = serde_json::from_str(json)
        .map_err(|e| Error::invalid(format!("Die JSON-Datei ist kein Projektexport: {e}")))?;
    if export.format != EXPORT_FORMAT {
        return Err(Error::invalid(format!(
            "Unbekanntes Exportformat „{}“ (erwartet „{EXPORT_FORMAT}“).",
            export.format
        )));
    }
    if export.schema_version > SCHEMA_VERSION {
        return Err(Error::invalid(format!(
            "Der Export stammt aus einer neueren Programmversion (Format {}).",
            export.schema_version
        )));
    }
    let mut rows = Vec::new();
    for (table, table_rows) in export.tables {
        let kind = EntityKind::from_table(&table)
            .ok_or_else(|| Error::invalid(format!("Unbekannte Tabelle „{table}“ im Export.")))?;
        for mut row in table_rows {
            kind.check_singleton_row(row.id, row.deleted)?;
            check_row_times(kind, &row)?;
            // A new project is written from the export: its one-line texts join their lines
            // as a save would join them.
            crate::model::join_one_line_fields(kind, &mut row.body);
            kind.validate_body(row.id, &row.body)?;
            rows.push((kind, row));
        }
    }
    let known: std::collections::HashSet<(EntityKind, uuid::Uuid)> =
        rows.iter().map(|(k, r)| (*k, r.id)).collect();
    for (kind, row) in rows.iter().filter(|(_, r)| !r.deleted) {
        check_references(*kind, row.id, &row.body, &known)?;
    }
    if !rows
        .iter()
        .any(|(k, r)| *k == EntityKind::Profile && !r.deleted)
    {
        return Err(Error::invalid(
            "Der Export enthält kein Profil der Kommune.",
        ));
    }
    use base64::Engine;
    // Only images the rows refer to are taken, each checked like a new logo.
    let referenced: Vec<&str> = rows
        .iter()
        .filter(|(k, r)| *k == EntityKind::ReportSettings && !r.deleted)
        .filter_map(|(_, r)| referenced_image(&r.body))
        .collect();
    let mut blobs = Vec::new();
    for (hash, text) in &export.blobs {
        if !referenced.contains(&hash.as_str()) {
            continue;
        }
        let data = base64::engine::general_purpose::STANDARD
            .decode(text)
            .ok()
            .filter(|d| crate::store::blob_hash(d) == *hash)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "Die eingebettete Datei {hash} im Export ist beschädigt."
                ))
            })?;
        check_image(&data, "Logo im Export")?;
        blobs.push(data);
    }
    let meta: Vec<(String, String)> = export.meta.into_iter().collect();
    ProjectFile::create_filled(path, |file| file.load_rows(&meta, &rows, &blobs))
}
