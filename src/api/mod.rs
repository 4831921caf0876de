//! THE command surface: every user action is one [`Command`] variant (nested per Baustein),
//! handled by the one exhaustive [`dispatch`]. The Tauri shell, the CLI and the tests call it;
//! there is no other entry. Mutations return the view their Baustein needs to re-render.

// Commands and replies are built once per user action and moved, never stored in bulk: boxing
// their large variants would only make the serde shapes and call sites noisier.
#![allow(clippy::large_enum_variant)]

mod check;
mod copies;
mod demo;
mod exchange;
mod file;
mod find;
mod goals;
mod implementation;
#[cfg(test)]
mod labels;
mod life_areas;
mod measures;
mod patch;
mod project;
mod room;
mod section_facts;
mod sent;
mod strategy;
mod target;

use crate::error::{ApiError, Error, Result};
use crate::model::{Entity, EntityKind};
use crate::store::{ChangeInfo, HistoryState, ProjectFile, Writer};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use ts_rs::TS;

pub use crate::export::ExportFormat;
pub use crate::import::{CellProblem, ImportField, MappedColumn};
pub use crate::report::{Preview, PreviewChapter, PreviewPage};
pub use check::{CheckCommand, CheckView, DimensionView, ItemView};
pub use copies::{CopiesCommand, CopyResult, MergeChoice, MergeReport};
pub use file::{FieldProblem, FileCheck, FileCommand, NewProject};
pub use find::{Hit, MAX_HITS};
pub use goals::{GoalsCommand, GoalsView};
pub use implementation::{
    light_parts, DecisionOf, Deviation, DeviationKind, EntryView, FormProblem,
    ImplementationCommand, ImplementationSummary, ImplementationView, KpiView, LightCount,
    PlanActual, RoundView, StatusChange, StatusForms, StatusImport, StrategyStage,
};
pub use life_areas::{LifeAreaView, LifeAreasCommand, LifeAreasView};
pub use measures::{ImportPreview, MeasureView, MeasuresCommand, MeasuresView};
pub use patch::Patch;
pub use project::{ExportResult, Overview, ProjectCommand, ProjectInfo};
pub use room::{
    PrintedSheets, RoomCommand, RoomDots, RoomDotsResult, RoomItem, RoomMode, RoomPlan, RoomTarget,
    MAX_CARDS, MAX_ROOM_ITEMS,
};
pub use sent::{SentViews, WindowReply};
pub use strategy::{PreviewRequest, ReportResult, StrategyCommand, StrategyView};

// Types of other modules that cross the command surface, named here for callers.
pub use crate::backup::{app_data_dir, BackupInfo, BackupSettings};
pub use crate::charts::Chart;
pub use crate::merge::{
    FieldDifference, MergeAction, MergeConflict, MergeEntry, MergePlan, Prefer, Side,
};
pub use crate::recent::RecentProject;
pub use demo::{write as write_demo, write_stage as write_demo_stage, DemoStage};

/// One user action. Serialized externally tagged in snake_case, e.g.
/// `{"goals":{"save_goal":{"title":"Online-Dienste ausbauen"}}}` or `{"history":"undo"}`.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Command {
    /// Create, open, close, import and export project files.
    File(FileCommand),
    /// Overview, `info` and the municipality profile.
    Project(ProjectCommand),
    /// Baustein 1 – Projektziele und Zeitplanung.
    Goals(GoalsCommand),
    /// Baustein 2 – IST-Analyse.
    Check(CheckCommand),
    /// Baustein 3 – Lebensbereiche.
    LifeAreas(LifeAreasCommand),
    /// Baustein 4 – Projekte und Maßnahmen.
    Measures(MeasuresCommand),
    /// Baustein 5 – Strategieentwurf.
    Strategy(StrategyCommand),
    /// The room's phones (Abstimmung per Handy): what a session shows, the dots it counted.
    Room(RoomCommand),
    /// Umsetzung: adoption and baseline, indicators, status rounds.
    Implementation(ImplementationCommand),
    /// Undo, redo and the save state.
    History(HistoryCommand),
    /// Copies to send, backups, merging another copy.
    Copies(CopiesCommand),
    /// Several commands as one change: all of them or none, undone in one step
    /// (`zukunft apply`). File, history and copy commands cannot be part of it.
    Batch(Vec<BatchStep>),
}

/// One command of a [`Command::Batch`] with the line it came from (named when it fails).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BatchStep {
    pub line: u32,
    pub command: Command,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum HistoryCommand {
    State,
    Undo,
    Redo,
}

/// What a command returns. `{"kind": "...", "data": ...}`.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
#[ts(export)]
pub enum Reply {
    Overview(Overview),
    Info(ProjectInfo),
    Goals(GoalsView),
    Check(CheckView),
    LifeAreas(LifeAreasView),
    Measures(MeasuresView),
    Strategy(StrategyView),
    Implementation(implementation::ImplementationView),
    History(HistoryState),
    Changed(ChangeInfo),
    Catalog(crate::catalog::Catalog),
    Recent(Vec<crate::recent::RecentProject>),
    FileCheck(file::FileCheck),
    /// The fields a form's check refused (`file.check_new_project`); empty when all are fine.
    FieldProblems(Vec<file::FieldProblem>),
    Report(strategy::ReportResult),
    /// Pages of the report for the live preview (`strategy.preview`).
    Preview(crate::report::Preview),
    /// The hits of `project.find`, best first.
    Found(Vec<Hit>),
    /// What `project.export` wrote.
    Exported(project::ExportResult),
    /// What importing a measure list would do (`measures.import_preview`).
    MeasureImport(measures::ImportPreview),
    Json(String),
    Closed,
    Copied(copies::CopyResult),
    Backups(copies::BackupList),
    MergePlan(crate::merge::MergePlan),
    Merged(copies::MergeReport),
    /// What a room session shows (`room.prepare`).
    RoomPlan(room::RoomPlan),
    /// What `room.add_dots` did.
    RoomDots(room::RoomDotsResult),
    /// What `room.print_sheets` wrote.
    RoomSheets(room::PrintedSheets),
    /// The status forms written (`implementation.status_forms`).
    StatusForms(implementation::StatusForms),
    /// What importing filled status forms changes or changed (`implementation.status_import`).
    StatusImport(implementation::StatusImport),
    /// The replies of a batch's commands, in order.
    Batch(Vec<Reply>),
}

/// The open project of one window (or one CLI run). Commands other than `file` need one.
#[derive(Default)]
pub struct Session {
    project: Option<ProjectFile>,
    /// The app data folder (recent list, settings, backups); none in the CLI and most tests.
    app_data: Option<PathBuf>,
    /// When the open project was last backed up (monotonic, and UTC to compare with the time of
    /// the last change); backups need `app_data`.
    last_backup: Option<(Instant, chrono::DateTime<chrono::Utc>)>,
    /// The last automatic backup failed (when, and the German message for the window); cleared
    /// by the next backup that succeeds.
    backup_failure: Option<(Instant, String)>,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// A session of the desktop app: remembers opened projects and backs them up in `app_data`.
    pub fn with_app_data(app_data: PathBuf) -> Session {
        Session {
            app_data: Some(app_data),
            ..Session::default()
        }
    }

    fn file(&mut self) -> Result<&mut ProjectFile> {
        self.project.as_mut().ok_or(Error::NoProject)
    }

    pub fn is_open(&self) -> bool {
        self.project.is_some()
    }

    fn recent_list(&self) -> Option<PathBuf> {
        self.app_data
            .as_ref()
            .map(|d| d.join("zuletzt-geoeffnet.json"))
    }

    /// The app data folder; the CLI has none, and so no backups.
    fn app_data(&self) -> Result<PathBuf> {
        self.app_data.clone().ok_or_else(|| {
            Error::invalid("Sicherungen gibt es nur in der Desktop-App (kein Datenordner).")
        })
    }

    /// Backs the open project up when `due` (on open) or when it was edited since the last
    /// backup and the interval of the settings has passed. A failed automatic backup never fails
    /// the user's command; the overview says so ([`Overview::backup_problem`]) and it is retried
    /// a minute later.
    fn back_up(&mut self, due: bool) {
        let (Some(dir), Some(file)) = (&self.app_data, &self.project) else {
            return;
        };
        if let (false, Some((failed, _))) = (due, &self.backup_failure) {
            if failed.elapsed() < BACKUP_RETRY {
                return;
            }
        }
        let settings = crate::backup::read_settings(dir);
        let interval = Duration::from_secs(u64::from(settings.interval_minutes) * 60);
        if let (false, Some((at, made))) = (due, self.last_backup) {
            let edited = file
                .last_change_at()
                .ok()
                .flatten()
                .is_some_and(|c| c > made);
            if at.elapsed() < interval || !edited {
                return;
            }
        }
        if let Err(e) = self.back_up_now() {
            eprintln!("Sicherung fehlgeschlagen: {e}");
            self.backup_failure = Some((
                Instant::now(),
                format!(
                    "Die automatische Sicherung ist fehlgeschlagen: {e} Ihre Änderungen sind in \
                     der Projektdatei gespeichert; es fehlt nur die Sicherungskopie. Bitte prüfen \
                     Sie den freien Speicherplatz; ein neuer Versuch folgt in einer Minute oder \
                     mit „Sicherungen“ → „Jetzt sichern“."
                ),
            ));
        }
    }

    /// Adds what only the session knows (a failed backup) to an overview reply.
    fn with_session_state(&self, reply: Reply) -> Reply {
        match reply {
            Reply::Overview(overview) => Reply::Overview(Overview {
                backup_problem: self.backup_failure.as_ref().map(|(_, m)| m.clone()),
                ..overview
            }),
            reply => reply,
        }
    }

    /// Writes a backup of the open project now ("Jetzt sichern").
    fn back_up_now(&mut self) -> Result<()> {
        let dir = self.app_data()?;
        let file = self.project.as_ref().ok_or(Error::NoProject)?;
        let keep = crate::backup::read_settings(&dir).keep;
        let name = project::profile(file).map(|p| p.name).unwrap_or_default();
        let made = chrono::Utc::now();
        crate::backup::make(file, &dir, &name, keep)?;
        self.last_backup = Some((Instant::now(), made));
        self.backup_failure = None;
        Ok(())
    }
}

/// How long after a failed automatic backup the next one is tried (each try copies the file).
const BACKUP_RETRY: Duration = Duration::from_secs(60);

/// The one entry point: runs a command against the session.
pub fn dispatch(session: &mut Session, command: Command) -> Result<Reply, ApiError> {
    let mut reply = match command {
        Command::Batch(steps) => run_batch(session, steps),
        command => run(session, command),
    };
    if reply.is_ok() && session.is_open() {
        session.back_up(false);
    }
    if let Ok(Some(Written {
        change: Some(note), ..
    })) = reply.as_mut().map(Reply::written)
    {
        note.backup_problem = session.backup_failure.as_ref().map(|(_, m)| m.clone());
    }
    reply.map_err(ApiError::from)
}

/// [`dispatch`] for a session shared by the threads of a window. A report (and a live preview)
/// is rendered without holding the session: the project is read under the lock, the slow typesetting (a
/// consultancy template may run up to its deadline) runs outside it, and the report is noted
/// under the lock again, so the window keeps working meanwhile. Every other command runs
/// under the lock exactly as [`dispatch`] runs it.
pub fn dispatch_shared(session: &Mutex<Session>, command: Command) -> Result<Reply, ApiError> {
    let lock = || {
        session.lock().map_err(|_| ApiError {
            code: crate::error::ErrorCode::Internal,
            message: "Interner Fehler: die Sitzung ist blockiert. Bitte das Programm neu starten."
                .into(),
        })
    };
    let command = match command {
        Command::Strategy(StrategyCommand::Preview(asked)) => {
            let job = {
                let mut session = lock()?;
                session
                    .file()
                    .and_then(|f| strategy::PreviewJob::prepare(f, asked))?
            };
            return Ok(Reply::Preview(job.render()?));
        }
        other => other,
    };
    let Command::Strategy(StrategyCommand::GenerateReport {
        path,
        watermark,
        version_label,
        template_dir,
        date,
    }) = command
    else {
        return dispatch(&mut *lock()?, command);
    };
    let job = {
        let mut session = lock()?;
        session.file().and_then(|f| {
            strategy::ReportJob::prepare(f, &path, watermark, version_label, template_dir, date)
        })?
    };
    let written = job.render()?;
    let mut session = lock()?;
    let result = written.record(session.project.as_mut())?;
    session.back_up(false);
    Ok(Reply::Report(result))
}

/// Runs one command that is not a batch.
fn run(session: &mut Session, command: Command) -> Result<Reply> {
    match command {
        Command::File(c) => file::handle_file(session, c),
        Command::Project(c) => {
            let reply = session.file().and_then(|f| project::handle_project(f, c))?;
            Ok(session.with_session_state(reply))
        }
        Command::Goals(c) => in_baustein(session.file()?, |f| goals::handle(f, c)),
        Command::Check(c) => in_baustein(session.file()?, |f| check::handle(f, c)),
        Command::LifeAreas(c) => in_baustein(session.file()?, |f| life_areas::handle(f, c)),
        Command::Measures(c) => in_baustein(session.file()?, |f| measures::handle(f, c)),
        Command::Strategy(c) => in_baustein(session.file()?, |f| strategy::handle(f, c)),
        Command::Room(c) => session.file().and_then(|f| room::handle(f, c)),
        Command::Implementation(c) => {
            in_baustein(session.file()?, |f| implementation::handle(f, c))
        }
        Command::History(c) => session.file().and_then(|f| history(f, c)),
        Command::Copies(c) => copies::handle(session, c),
        Command::Batch(_) => Err(Error::invalid(
            "Befehlsdateien lassen sich nicht verschachteln.",
        )),
    }
}

/// What a Baustein command changed, sent with the Baustein's view: the window sets the header
/// (undo/redo, save time) and the sidebar progress from it and reloads another open view only
/// when its Baustein is among `change.bausteine` — no overview round trip after a save.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ChangeNote {
    pub change: ChangeInfo,
    pub history: HistoryState,
    pub progress: Vec<crate::analysis::BausteinProgress>,
    /// As [`Overview::backup_problem`]: the automatic backup after this change failed.
    pub backup_problem: Option<String>,
}

/// Runs a Baustein command and adds to its view what it changed ([`ChangeNote`]). Inside a
/// batch nothing is committed per command, so batch replies carry no note.
fn in_baustein(
    file: &mut ProjectFile,
    handle: impl FnOnce(&mut ProjectFile) -> Result<Reply>,
) -> Result<Reply> {
    file.take_last_change();
    let mut reply = handle(file)?;
    let Some(change) = file.take_last_change() else {
        return Ok(reply);
    };
    if let Some(written) = reply.written() {
        written.change = Some(ChangeNote {
            change,
            history: file.history_state()?,
            progress: crate::analysis::progress(&project::progress_facts(file)?),
            backup_problem: None,
        });
    }
    Ok(reply)
}

impl Reply {
    /// What a Baustein's view carries of the command that wrote it.
    fn written(&mut self) -> Option<&mut Written> {
        match self {
            Reply::Goals(v) => Some(&mut v.written),
            Reply::Check(v) => Some(&mut v.written),
            Reply::LifeAreas(v) => Some(&mut v.written),
            Reply::Measures(v) => Some(&mut v.written),
            Reply::Strategy(v) => Some(&mut v.written),
            Reply::Implementation(v) => Some(&mut v.written),
            _ => None,
        }
    }
}

/// What a command that wrote rows adds to its Baustein's view.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[ts(export)]
pub struct Written {
    /// The id of the row a save command wrote (a new row's id, so a script or the window can
    /// refer to it); absent in replies to other commands.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saved: Option<uuid::Uuid>,
    /// What the command changed (absent when it changed nothing): the window updates the
    /// header and the sidebar from it and refreshes other views only when they are touched.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<ChangeNote>,
}

impl Written {
    /// The reply part of a command that saved the row `saved` (or none).
    fn saved(saved: Option<uuid::Uuid>) -> Written {
        Written {
            saved,
            change: None,
        }
    }
}

/// Runs the steps of a batch in one change set; the first failing step rolls all back.
fn run_batch(session: &mut Session, steps: Vec<BatchStep>) -> Result<Reply> {
    let label = match steps.len() {
        1 => "Befehlsdatei (1 Befehl)".to_string(),
        n => format!("Befehlsdatei ({n} Befehle)"),
    };
    session.file()?.begin_batch(&label)?;
    let mut replies = Vec::with_capacity(steps.len());
    for BatchStep { line, command } in steps {
        let result = match command {
            Command::File(_) | Command::History(_) | Command::Copies(_) | Command::Batch(_) => {
                Err(Error::invalid(
                    "Öffnen, Schließen, Rückgängig, Kopien und Zusammenführen sind in einer \
                     Befehlsdatei nicht möglich (mit „zukunft apply --each“ wird jede Zeile \
                     einzeln ausgeführt).",
                ))
            }
            command => run(session, command),
        };
        match result {
            Ok(reply) => replies.push(reply),
            Err(source) => {
                session.file()?.end_batch(false)?;
                return Err(Error::InLine {
                    line,
                    source: Box::new(source),
                });
            }
        }
    }
    session.file()?.end_batch(true)?;
    Ok(Reply::Batch(replies))
}

/// Parses a command from JSON text (CLI `apply`, tests) with a German message on failure.
pub fn parse_command(text: &str) -> Result<Command> {
    serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(text))
        .map_err(command_error)
}

/// Reads a command from a JSON value (the window's `api` call) with a German message on
/// failure: the shell never lets its framework turn a malformed command into an English error.
pub fn command_from_json(value: serde_json::Value) -> Result<Command> {
    serde_path_to_error::deserialize(value).map_err(command_error)
}

/// A malformed command in German, naming where in the command the fault is
/// („measures.set_votes.votes“); serde's English wording only for what has no translation.
fn command_error(e: serde_path_to_error::Error<serde_json::Error>) -> Error {
    let path = e.path().to_string();
    let inner = e.into_inner();
    let detail = inner.to_string();
    // serde_json appends the position; the field's path says more.
    let detail = detail.split(" at line ").next().unwrap_or(&detail);
    let place = if path.is_empty() || path == "." {
        String::new()
    } else {
        format!(" ({path})")
    };
    let message = if detail.starts_with("invalid type") || detail.starts_with("invalid value") {
        patch::german_type_error(&format!("Fehlerhafter Befehl{place}"), detail)
    } else if let Some(rest) = detail.strip_prefix("unknown variant ") {
        let (name, choices) = name_and_choices(rest);
        format!("Unbekannter Befehl{place}: {name} – möglich: {choices}.")
    } else if let Some(rest) = detail.strip_prefix("unknown field ") {
        let (name, choices) = name_and_choices(rest);
        format!("Fehlerhafter Befehl{place}: unbekanntes Feld {name} – möglich: {choices}.")
    } else if let Some(name) = detail.strip_prefix("missing field ") {
        format!(
            "Fehlerhafter Befehl{place}: das Feld {} fehlt.",
            quoted_name(name)
        )
    } else if inner.is_syntax() || inner.is_eof() {
        format!(
            "Unbekannter oder fehlerhafter Befehl: kein gültiges JSON (Zeile {}, Spalte {}).",
            inner.line(),
            inner.column()
        )
    } else {
        format!("Unbekannter oder fehlerhafter Befehl{place}: {detail}")
    };
    Error::invalid(message)
}

/// serde's `` `name` `` as „name“.
fn quoted_name(name: &str) -> String {
    format!("„{}“", name.trim_matches('`'))
}

/// serde's „`x`, expected one of `a`, `b`“ as („x“, „a, b“).
fn name_and_choices(detail: &str) -> (String, String) {
    let (name, expected) = detail.split_once(", expected ").unwrap_or((detail, ""));
    (
        quoted_name(name),
        expected.trim_start_matches("one of ").replace('`', ""),
    )
}

fn history(file: &mut ProjectFile, command: HistoryCommand) -> Result<Reply> {
    Ok(match command {
        HistoryCommand::State => Reply::History(file.history_state()?),
        HistoryCommand::Undo => Reply::Changed(file.undo()?),
        HistoryCommand::Redo => Reply::Changed(file.redo()?),
    })
}

/// Saves an entity as one change: a nil id creates it, an existing id updates it, an unknown
/// id is an error (the UI never invents ids).
fn save<T: Entity>(file: &mut ProjectFile, entity: T) -> Result<T> {
    let label = change_label(T::KIND, entity.id().is_nil());
    file.change(&label, |w| save_in(w, entity))
}

/// [`save`] inside a running change.
fn save_in<T: Entity>(w: &mut Writer, entity: T) -> Result<T> {
    if !entity.id().is_nil() && w.get::<T>(entity.id())?.is_none() {
        return Err(Error::NotFound {
            what: T::KIND.label(),
            id: entity.id().to_string(),
        });
    }
    w.put(entity)
}

/// The row of a kind that exists once per project (profile, report settings). A file that lacks
/// it (a damaged copy merged by an older version) gets a message that says how to repair it
/// instead of "not found".
fn singleton<T: Entity>(file: &ProjectFile) -> Result<T> {
    let id = T::KIND.singleton_id().unwrap_or_default();
    match file.get::<T>(id)? {
        Some(row) => Ok(row),
        None => Err(Error::invalid(format!(
            "„{}“ fehlt in dieser Projektdatei. {}",
            T::KIND.label(),
            singleton_advice(file)
        ))),
    }
}

/// How to get a missing profile or report settings back: undo the change that removed it, or
/// open a backup when there is nothing to undo.
fn singleton_advice(file: &ProjectFile) -> String {
    match file.history_state().ok().and_then(|h| h.undo_label) {
        Some(label) => format!(
            "Mit „Rückgängig“ lässt sich die letzte Änderung („{label}“) zurücknehmen; \
             öffnen Sie sonst eine Sicherung."
        ),
        None => "Bitte öffnen Sie eine Sicherung der Datei.".to_string(),
    }
}

fn change_label(kind: EntityKind, new: bool) -> String {
    format!(
        "{} {}",
        kind.label(),
        if new { "angelegt" } else { "geändert" }
    )
}

/// Refuses a delete of a kind that is not part of the Baustein the command came through, or a
/// singleton.
fn check_deletable(kind: EntityKind, baustein: u8) -> Result<()> {
    if matches!(kind, EntityKind::Profile | EntityKind::ReportSettings) {
        return Err(Error::invalid(format!(
            "„{}“ kann nicht gelöscht werden.",
            kind.label()
        )));
    }
    if kind.baustein() != baustein {
        return Err(Error::invalid(format!(
            "„{}“ gehört nicht zu Baustein {baustein}.",
            kind.label()
        )));
    }
    Ok(())
}
