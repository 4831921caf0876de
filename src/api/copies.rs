//! Files that travel: "Kopie senden…", working on a local copy, backups, and merging another
//! copy of the same project ("Zusammenführen…").

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::exchange::{check_references, check_row_times};
use super::file::open_reply;
use super::life_areas::next_custom_code;
use super::measures::next_measure_number;
use super::{Reply, Session};
use crate::backup::{self, BackupInfo, BackupSettings};
use crate::error::{Error, Result};
use crate::merge::{self, MergeAction, MergeEntry, MergePlan, Prefer, Side};
use crate::model::{check_image, referenced_image, EntityKind, LifeArea, Measure};
use crate::store::{self, ProjectFile, Writer};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CopiesCommand {
    /// "Kopie senden…": a compact, checked copy of the open project at `path`, optionally without
    /// personal data (stakeholder names and contacts).
    SendCopy {
        path: String,
        #[serde(default)]
        without_personal_data: bool,
    },
    /// Copies the open project to `path` (a local folder) and continues working there.
    WorkOnLocalCopy {
        path: String,
    },
    /// The backups of the open project, or with `path` of that project file, newest first.
    Backups {
        #[serde(default)]
        #[ts(optional)]
        path: Option<String>,
    },
    /// Writes a backup of the open project now.
    BackUpNow,
    /// Copies a backup to `path` (a new file) and opens it. The project's own file stays as it is.
    RestoreBackup {
        backup: String,
        path: String,
    },
    SaveBackupSettings(BackupSettings),
    /// What merging the copy at `path` into the open project would do; writes nothing.
    MergePreview {
        path: String,
        #[serde(default)]
        prefer: Prefer,
    },
    /// Merges the copy at `path` into the open project as one undoable change. `choices`
    /// decide conflicts; conflicts without a choice follow `prefer`.
    Merge {
        path: String,
        #[serde(default)]
        prefer: Prefer,
        #[serde(default)]
        choices: Vec<MergeChoice>,
    },
}

/// The consultant's decision for one conflict.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MergeChoice {
    pub kind: EntityKind,
    pub id: Uuid,
    pub take: Side,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CopyResult {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub without_personal_data: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupList {
    pub folder: String,
    pub backups: Vec<BackupInfo>,
    pub settings: BackupSettings,
}

/// One conflict as it was decided.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ConflictOutcome {
    pub kind: EntityKind,
    pub id: Uuid,
    pub title: String,
    pub taken: Side,
}

/// What a merge did ("Zusammenführungsbericht").
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MergeReport {
    /// The other copy's file name.
    pub other: String,
    pub from_theirs: Vec<MergeEntry>,
    pub conflicts: Vec<ConflictOutcome>,
    pub kept_mine: usize,
    pub identical: usize,
    /// Areas and measures from the other copy that got a new code or number because this copy
    /// had used it too, e.g. "M-03-04 → M-03-06 Digitale Bauakte".
    pub renumbered: Vec<String>,
    /// The label of the change set (undo undoes the whole merge).
    pub change_label: String,
}

pub(super) fn handle(session: &mut Session, command: CopiesCommand) -> Result<Reply> {
    match command {
        CopiesCommand::SendCopy {
            path,
            without_personal_data,
        } => {
            let file = session.file()?;
            super::target::check_target(
                file,
                Path::new(&path),
                "Die Kopie",
                super::target::FileKind::Project,
            )?;
            let bytes = file.write_copy(Path::new(&path), without_personal_data)?;
            Ok(Reply::Copied(CopyResult {
                path,
                bytes,
                without_personal_data,
            }))
        }
        CopiesCommand::WorkOnLocalCopy { path } => {
            let target = Path::new(&path);
            if target.exists() {
                return Err(Error::FileExists(path));
            }
            session.file()?.write_copy(target, false)?;
            session.project = None;
            let (file, _) = ProjectFile::open(target)?;
            open_reply(session, file, None)
        }
        CopiesCommand::Backups { path } => backups(session, path.as_deref()),
        CopiesCommand::BackUpNow => {
            session.back_up_now()?;
            backups(session, None)
        }
        CopiesCommand::RestoreBackup { backup, path } => {
            let target = Path::new(&path);
            if target.exists() {
                return Err(Error::FileExists(path));
            }
            // The same checks as opening; then a plain copy, so the backup itself is never
            // opened for writing.
            store::check_file(Path::new(&backup))?;
            std::fs::copy(&backup, target)?;
            session.project = None;
            let (file, _) = ProjectFile::open(target)?;
            let notice = format!(
                "Die Sicherung „{}“ wurde als neue Datei wiederhergestellt.",
                Path::new(&backup)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or(backup.clone())
            );
            open_reply(session, file, Some(notice))
        }
        CopiesCommand::SaveBackupSettings(settings) => {
            if settings.keep == 0 || settings.interval_minutes == 0 {
                return Err(Error::invalid(
                    "Bitte mindestens eine Sicherung und mindestens eine Minute Abstand angeben.",
                ));
            }
            backup::write_settings(&session.app_data()?, &settings)?;
            backups(session, None)
        }
        CopiesCommand::MergePreview { path, prefer } => {
            let file = session.file()?;
            Ok(Reply::MergePlan(plan(file, Path::new(&path), prefer)?.0))
        }
        CopiesCommand::Merge {
            path,
            prefer,
            choices,
        } => {
            let file = session.file()?;
            Ok(Reply::Merged(merge_into(
                file,
                Path::new(&path),
                prefer,
                &choices,
            )?))
        }
    }
}

fn backups(session: &mut Session, path: Option<&str>) -> Result<Reply> {
    let dir = session.app_data()?;
    let project_id = match (path, &session.project) {
        (Some(p), _) => store::project_id_of(Path::new(p))?,
        (None, Some(file)) => file.project_id()?,
        // Settings saved on the start screen: no project, no list.
        (None, None) => {
            return Ok(Reply::Backups(BackupList {
                folder: dir.join("Sicherungen").display().to_string(),
                backups: Vec::new(),
                settings: backup::read_settings(&dir),
            }))
        }
    };
    Ok(Reply::Backups(BackupList {
        folder: backup::folder(&dir, &project_id).display().to_string(),
        backups: backup::list(&dir, &project_id),
        settings: backup::read_settings(&dir),
    }))
}

/// Reads the other copy after checking it is a different file of the same project; returns the
/// plan and the other copy's binary files (a logo taken with its settings needs its image).
fn plan(file: &ProjectFile, other: &Path, prefer: Prefer) -> Result<(MergePlan, Vec<Vec<u8>>)> {
    if std::fs::canonicalize(other).ok() == std::fs::canonicalize(file.path()).ok()
        && other.exists()
    {
        return Err(Error::invalid(
            "Das ist die geöffnete Datei selbst. Bitte wählen Sie die Kopie, die Sie erhalten haben.",
        ));
    }
    let theirs = store::read_contents(other)?;
    let own_id = file.project_id()?;
    let their_id = theirs.project_id.clone();
    let their_name = theirs
        .rows
        .iter()
        .find(|(k, r)| *k == EntityKind::Profile && !r.deleted)
        .and_then(|(_, r)| r.body.get("name").and_then(|n| n.as_str()))
        .unwrap_or("?")
        .to_string();
    if their_id != own_id {
        return Err(Error::invalid(format!(
            "„{}“ ist kein Stand dieses Projekts, sondern ein anderes Projekt ({their_name}). \
             Zusammenführen geht nur mit Kopien desselben Projekts.",
            other.display()
        )));
    }
    for (kind, row) in &theirs.rows {
        check_row_times(*kind, row).map_err(refused)?;
    }
    let mine = file.contents()?;
    let plan = merge::plan(&mine, &theirs, prefer);
    let known: std::collections::HashSet<(EntityKind, uuid::Uuid)> = mine
        .rows
        .iter()
        .chain(&theirs.rows)
        .map(|(k, r)| (*k, r.id))
        .collect();
    for entry in plan.from_theirs.iter().filter(|e| !e.deleted) {
        check_references(entry.kind, entry.id, &entry.body, &known).map_err(refused)?;
    }
    for c in plan.conflicts.iter().filter(|c| !c.theirs_deleted) {
        check_references(c.kind, c.id, &c.theirs_body, &known).map_err(refused)?;
    }
    for entry in &plan.from_theirs {
        entry
            .kind
            .check_singleton_row(entry.id, entry.deleted)
            .map_err(refused)?;
        validate_taken(entry.kind, entry.id, &entry.body)?;
    }
    for c in &plan.conflicts {
        c.kind
            .check_singleton_row(c.id, c.theirs_deleted)
            .map_err(refused)?;
        if !c.theirs_deleted {
            validate_taken(c.kind, c.id, &c.theirs_body)?;
        }
        if let Some(body) = &c.mine_body {
            validate_taken(c.kind, c.id, body)?;
        }
    }
    // Only images a taken row refers to come along, each checked like a new logo: a copy can
    // carry no unreferenced or oversized data that undo would not remove.
    let referenced: Vec<&str> = plan
        .from_theirs
        .iter()
        .filter(|e| e.kind == EntityKind::ReportSettings && !e.deleted)
        .map(|e| &e.body)
        .chain(
            plan.conflicts
                .iter()
                .filter(|c| c.kind == EntityKind::ReportSettings && !c.theirs_deleted)
                .map(|c| &c.theirs_body),
        )
        .filter_map(referenced_image)
        .collect();
    let mut blobs = Vec::new();
    for (hash, data) in theirs.blobs {
        if referenced.contains(&hash.as_str()) {
            check_image(&data, "Logo der anderen Kopie").map_err(refused)?;
            blobs.push(data);
        }
    }
    Ok((plan, blobs))
}

/// Turns a problem found in the other copy into the refusal of the whole merge.
fn refused(e: Error) -> Error {
    Error::invalid(format!("Die andere Kopie wird nicht zusammengeführt: {e}"))
}

/// A row from the other copy must be a valid entity before it is written here.
fn validate_taken(kind: EntityKind, id: Uuid, body: &serde_json::Value) -> Result<()> {
    kind.validate_body(id, body).map_err(|e| {
        Error::invalid(format!(
            "Die andere Kopie enthält einen ungültigen Eintrag: {e}"
        ))
    })
}

fn merge_into(
    file: &mut ProjectFile,
    other: &Path,
    prefer: Prefer,
    choices: &[MergeChoice],
) -> Result<MergeReport> {
    let (plan, blobs) = plan(file, other, prefer)?;
    let chosen: HashMap<(EntityKind, Uuid), Side> =
        choices.iter().map(|c| ((c.kind, c.id), c.take)).collect();
    let other_name = other
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| other.display().to_string());
    let label = format!("Zusammengeführt mit „{other_name}“");
    let mut conflicts = Vec::new();
    let renumbered = file.change(&label, |w| {
        for data in &blobs {
            w.put_blob(data)?;
        }
        for seen in &plan.combined {
            w.mark_seen(seen.kind, seen.id, &seen.hash)?;
        }
        let mut added = Vec::new();
        for entry in &plan.from_theirs {
            w.put_image(entry.kind, entry.id, entry.body.clone(), entry.deleted)?;
            if entry.action == MergeAction::Added {
                added.push((entry.kind, entry.id));
            }
        }
        for c in &plan.conflicts {
            let taken = chosen.get(&(c.kind, c.id)).copied().unwrap_or(c.suggested);
            match taken {
                Side::Theirs => {
                    w.put_image(c.kind, c.id, c.theirs_body.clone(), c.theirs_deleted)?;
                    w.mark_seen(c.kind, c.id, &c.theirs_hash)?;
                }
                Side::Mine => {
                    if let Some(body) = &c.mine_body {
                        w.put_image(c.kind, c.id, body.clone(), false)?;
                    }
                    w.mark_seen(c.kind, c.id, &c.theirs_hash)?;
                }
            }
            conflicts.push(ConflictOutcome {
                kind: c.kind,
                id: c.id,
                title: c.title.clone(),
                taken,
            });
        }
        renumber_duplicates(w, &added)
    })?;
    Ok(MergeReport {
        other: other_name,
        from_theirs: plan.from_theirs,
        conflicts,
        kept_mine: plan.kept_mine,
        identical: plan.identical,
        renumbered,
        change_label: label,
    })
}

/// Both copies may have added a custom area "LB13" or numbered a new measure "M-03-04". What was
/// added from the other copy gives way: an area gets the next free code (and its measures numbers
/// with the new digits), a measure the next free number of its area. Returns what changed.
fn renumber_duplicates(w: &mut Writer, added: &[(EntityKind, Uuid)]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut moved = Vec::new();
    for (_, id) in added.iter().filter(|(k, _)| *k == EntityKind::LifeArea) {
        let Some(mut area) = w.get::<LifeArea>(*id)? else {
            continue;
        };
        let others = w.list_where::<LifeArea>(|a| a.id != *id)?;
        if !others.iter().any(|a| a.code == area.code) {
            continue;
        }
        let code = area.code.clone();
        area.code = next_custom_code(&others);
        out.push(format!("{code} → {}", area.coded_title()));
        w.put(area)?;
        moved.extend(
            w.list_where::<Measure>(|m| m.life_area_id == Some(*id))?
                .into_iter()
                .map(|m| m.id),
        );
    }
    let measures = added
        .iter()
        .filter(|(k, _)| *k == EntityKind::Measure)
        .map(|(_, id)| *id);
    for id in moved.iter().copied().chain(measures) {
        let Some(mut measure) = w.get::<Measure>(id)? else {
            continue;
        };
        let number = measure.number.clone();
        let in_area = |m: &Measure| m.id != id && m.number == number;
        if !moved.contains(&id) && w.list_where::<Measure>(in_area)?.is_empty() {
            continue;
        }
        measure.number = next_measure_number(w, measure.life_area_id, id)?;
        if measure.number != number {
            out.push(format!("{number} → {} {}", measure.number, measure.title));
            w.put(measure)?;
        }
    }
    Ok(out)
}
