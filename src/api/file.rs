//! Project files (create, open, close, JSON export/import) and project-wide queries
//! (overview, `info`, the municipality profile).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{save, Patch, Reply, Session};
use crate::analysis::{self, BausteinProgress, CheckScores, ProgressFacts};
use crate::catalog::{self, Catalog};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{HistoryState, ProjectFile, StoredRow, SCHEMA_VERSION};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FileCommand {
    /// Creates a new project file from the built-in catalogue and opens it.
    Create {
        path: String,
        project: NewProject,
        /// A consultancy's own catalogue folder (default: the built-in catalogue).
        #[serde(default)]
        #[ts(optional)]
        catalog_dir: Option<String>,
    },
    /// Writes the demo municipality "Musterstadt" to `path` and opens it.
    CreateDemo {
        path: String,
    },
    Open {
        path: String,
    },
    /// Opens the demo municipality at `path`, writing it first when the file does not exist.
    OpenDemo {
        path: String,
    },
    Close,
    /// The whole open project as documented JSON (see ARCHITECTURE.md).
    ExportJson,
    /// Creates `path` from an exported JSON text and opens it.
    ImportJson {
        json: String,
        path: String,
    },
    /// Writes the built-in catalogue as a folder of JSON files (to adapt it).
    ExportCatalog {
        dir: String,
    },
    /// Reads a catalogue folder and lists every problem; returns the catalogue when valid.
    CheckCatalog {
        dir: String,
    },
    /// Runs every opening check on a file without opening it as the project (`zukunft check`);
    /// an interrupted change is taken back first, as opening does.
    Check {
        path: String,
    },
    /// The recently opened projects, newest first.
    Recent,
    /// Removes a project from the recent list (the file itself stays).
    ForgetRecent {
        path: String,
    },
}

/// The result of [`FileCommand::Check`]: the file passed every opening check.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FileCheck {
    pub path: String,
    #[ts(type = "number")]
    pub schema_version: i64,
    /// An interrupted change was taken back before checking.
    pub recovered: bool,
}

/// What the "Neues Projekt" wizard and `zukunft new` ask for.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct NewProject {
    pub name: String,
    pub kind: MunicipalityKind,
    pub ags: String,
    pub district: String,
    pub population: Option<u32>,
    pub start_date: Option<NaiveDate>,
    pub consultants: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProjectCommand {
    Overview,
    Info,
    /// The catalogue copy the project was created with (guiding questions, example measures …).
    Catalog,
    SaveProfile(#[ts(as = "Profile")] Patch<Profile>),
}

/// The start page of an open project: profile, progress, scores, next milestones.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Overview {
    pub path: String,
    pub file_name: String,
    pub profile: Profile,
    pub progress: Vec<BausteinProgress>,
    pub scores: CheckScores,
    pub measures: usize,
    pub ideas: usize,
    pub next_milestones: Vec<TimelineEntry>,
    pub history: HistoryState,
    pub catalog_version: String,
    /// Set once after opening when something noteworthy happened (e.g. a schema update).
    pub notice: Option<String>,
    /// Set when the file lies in a cloud-synced or network folder (offer a local copy).
    pub location_warning: Option<String>,
    /// Suggested name of a copy to send, e.g. `Musterstadt_2026-11-25.zukunft`.
    pub copy_name: String,
    /// The file or its folder is write-protected: the project is shown, edits are refused.
    pub read_only: bool,
    /// Set while automatic backups fail (disk full, folder not writable): what happened and
    /// what to do. The project file itself is saved.
    pub backup_problem: Option<String>,
}

/// `zukunft info --json`: counts per Baustein and progress.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProjectInfo {
    pub municipality: String,
    #[ts(type = "number")]
    pub schema_version: i64,
    pub catalog_version: String,
    pub goals: usize,
    pub timeline_entries: usize,
    pub stakeholders: usize,
    pub events: usize,
    pub check_dimensions: usize,
    pub check_items: usize,
    pub check_answered: usize,
    pub ozg_services: usize,
    pub key_figures: usize,
    pub swot_entries: usize,
    pub life_areas: usize,
    pub life_areas_selected: usize,
    pub ideas: usize,
    pub measures: usize,
    pub measures_complete: usize,
    pub sections: usize,
    pub drafts: usize,
    pub overall_ist: Option<f64>,
    pub overall_soll: Option<f64>,
    pub progress: Vec<BausteinProgress>,
}

pub(super) fn handle_file(session: &mut Session, command: FileCommand) -> Result<Reply> {
    match command {
        FileCommand::Create {
            path,
            project,
            catalog_dir,
        } => {
            session.project = None;
            let catalog = match catalog_dir {
                Some(dir) => Catalog::from_dir(Path::new(&dir))?,
                None => Catalog::builtin()?,
            };
            let file = create(Path::new(&path), project, &catalog)?;
            open_reply(session, file, None)
        }
        FileCommand::CreateDemo { path } => {
            session.project = None;
            super::demo::write(Path::new(&path))?;
            let (file, _) = ProjectFile::open(Path::new(&path))?;
            open_reply(session, file, None)
        }
        FileCommand::Open { path } => {
            // The project already open is not opened twice (its lock would refuse it); another
            // file replaces it only once it has opened, so a refused file leaves the work as it was.
            if let Some(open) = &session.project {
                if crate::durable::same_file(open.path(), Path::new(&path)) {
                    let reply = Reply::Overview(overview(open)?);
                    return Ok(session.with_session_state(reply));
                }
            }
            let (file, report) = ProjectFile::open(Path::new(&path))?;
            let migrated = report.migrated_from.map(|v| {
                format!(
                    "Die Datei wurde vom Format {v} auf Format {SCHEMA_VERSION} aktualisiert. Eine Sicherung liegt unter „{}“.",
                    report.backup_path.as_deref().map(display).unwrap_or_default()
                )
            });
            let scrubbed = file.meta(crate::store::WITHOUT_PERSONAL_DATA)?.map(|_| {
                "Diese Kopie wurde ohne personenbezogene Daten verschickt: Namen und Kontakte der \
                 Beteiligten sind leer. Wird sie mit dem Original zusammengeführt, bleiben sie dort \
                 erhalten."
                    .to_string()
            });
            let recovered = report.recovered.then(|| {
                "Beim letzten Speichern wurde das Programm unterbrochen (z. B. Absturz oder \
                 Stromausfall). Die unvollständige letzte Änderung wurde zurückgenommen; alles \
                 davor ist erhalten."
                    .to_string()
            });
            let missing = missing_singletons(&file)?;
            let read_only = file.is_read_only().then(|| {
                "Die Datei ist schreibgeschützt (oder liegt in einem schreibgeschützten Ordner): \
                 Sie können das Projekt ansehen und Berichte erzeugen, Änderungen werden aber \
                 nicht gespeichert. Mit „Beschreibbare Kopie anlegen …“ arbeiten Sie an einer \
                 Kopie weiter."
                    .to_string()
            });
            let notice: Vec<String> = read_only
                .into_iter()
                .chain(recovered)
                .chain(missing)
                .chain(migrated)
                .chain(scrubbed)
                .collect();
            open_reply(
                session,
                file,
                (!notice.is_empty()).then(|| notice.join(" ")),
            )
        }
        FileCommand::OpenDemo { path } => {
            session.project = None;
            if !Path::new(&path).exists() {
                if let Some(dir) = Path::new(&path).parent() {
                    std::fs::create_dir_all(dir)?;
                }
                super::demo::write(Path::new(&path))?;
            }
            let (file, _) = ProjectFile::open(Path::new(&path))?;
            open_reply(session, file, None)
        }
        FileCommand::Close => {
            session.project = None;
            Ok(Reply::Closed)
        }
        FileCommand::ExportJson => Ok(Reply::Json(export_json(session.file()?)?)),
        FileCommand::ExportCatalog { dir } => {
            Catalog::export_builtin(Path::new(&dir))?;
            Ok(Reply::Catalog(Catalog::builtin()?))
        }
        FileCommand::CheckCatalog { dir } => {
            Ok(Reply::Catalog(Catalog::from_dir(Path::new(&dir))?))
        }
        FileCommand::Check { path } => {
            let (schema_version, recovered) = crate::store::check_file(Path::new(&path))?;
            Ok(Reply::FileCheck(FileCheck {
                path,
                schema_version,
                recovered,
            }))
        }
        FileCommand::Recent => Ok(Reply::Recent(
            session
                .recent_list()
                .map(|l| crate::recent::read(&l))
                .unwrap_or_default(),
        )),
        FileCommand::ForgetRecent { path } => {
            if let Some(list) = session.recent_list() {
                crate::recent::forget(&list, &path);
                return Ok(Reply::Recent(crate::recent::read(&list)));
            }
            Ok(Reply::Recent(Vec::new()))
        }
        FileCommand::ImportJson { json, path } => {
            session.project = None;
            let file = import_json(&json, Path::new(&path))?;
            open_reply(session, file, None)
        }
    }
}

/// Makes `file` the session's project: recent list, a backup on open, the overview.
pub(super) fn open_reply(
    session: &mut Session,
    file: ProjectFile,
    notice: Option<String>,
) -> Result<Reply> {
    let mut overview = overview(&file)?;
    overview.notice = notice;
    if let Some(list) = session.recent_list() {
        crate::recent::remember(&list, file.path(), &overview.profile.name);
    }
    session.project = Some(file);
    session.back_up(true);
    Ok(session.with_session_state(Reply::Overview(overview)))
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

/// Creates and seeds a new project file; a half-written file is removed again.
fn create(path: &Path, project: NewProject, catalog: &Catalog) -> Result<ProjectFile> {
    let profile = Profile {
        name: project.name,
        kind: project.kind,
        ags: project.ags,
        district: project.district,
        population: project.population,
        start_date: project.start_date,
        consultants: project.consultants,
        project_title: "Digitalisierungsstrategie".into(),
        ..Default::default()
    };
    if path.exists() {
        return Err(Error::FileExists(display(path)));
    }
    profile.validate()?;
    let mut file = ProjectFile::create(path)?;
    let seeded = (|| {
        file.set_meta(&[
            ("catalog_version", catalog.version.clone()),
            ("catalog", serde_json::to_string(catalog)?),
            ("created_with", env!("CARGO_PKG_VERSION").to_string()),
            ("project_id", uuid::Uuid::now_v7().to_string()),
        ])?;
        file.change("Projekt angelegt", |w| catalog::seed(w, catalog, profile))?;
        file.seal_history()
    })();
    if let Err(e) = seeded {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(e);
    }
    Ok(file)
}

pub(super) fn handle_project(file: &mut ProjectFile, command: ProjectCommand) -> Result<Reply> {
    Ok(match command {
        ProjectCommand::Overview => Reply::Overview(overview(file)?),
        ProjectCommand::Info => Reply::Info(info(file)?),
        ProjectCommand::Catalog => Reply::Catalog(catalog_of(file)?),
        ProjectCommand::SaveProfile(profile) => {
            let profile = profile.resolve_singleton(file)?;
            save(file, profile)?;
            Reply::Overview(overview(file)?)
        }
    })
}

pub(super) fn profile(file: &ProjectFile) -> Result<Profile> {
    super::singleton::<Profile>(file)
}

/// Says which once-per-project rows (profile, report settings) a file lacks and how to get
/// them back; `None` for a sound file. Such a file still opens so the change that removed them
/// can be undone.
fn missing_singletons(file: &ProjectFile) -> Result<Option<String>> {
    let mut missing = Vec::new();
    if file.get::<Profile>(PROFILE_ID)?.is_none() {
        missing.push(format!("„{}“", EntityKind::Profile.label()));
    }
    if file.get::<ReportSettings>(REPORT_SETTINGS_ID)?.is_none() {
        missing.push(format!("„{}“", EntityKind::ReportSettings.label()));
    }
    if missing.is_empty() {
        return Ok(None);
    }
    Ok(Some(format!(
        "In dieser Datei fehlen {}. {}",
        missing.join(" und "),
        super::singleton_advice(file)
    )))
}

/// The catalogue stored in the project; files from before the copy was kept get the built-in one.
pub(super) fn catalog_of(file: &ProjectFile) -> Result<Catalog> {
    match file.meta("catalog")? {
        Some(text) => serde_json::from_str(&text).or_else(|_| Catalog::builtin()),
        None => Catalog::builtin(),
    }
}

/// Values for the `{placeholders}` of section texts.
pub(super) fn placeholders(file: &ProjectFile) -> Result<crate::catalog::Placeholders> {
    let p = profile(file)?;
    let scores = check_scores(file)?;
    let facts = progress_facts(file)?;
    let measures = file.list::<Measure>()?;
    let events = file.list::<Event>()?;
    let index = |v: Option<f64>| {
        v.map(|v| analysis::format_decimal(v, 0))
            .unwrap_or_else(|| "–".into())
    };
    let kind = p.kind.label().to_string();
    let sentences = true_sentences(file, &p, &scores, &measures, &events)?;
    Ok([
        ("name", p.name.clone()),
        ("kind", kind),
        (
            "population",
            p.population
                .map(analysis::format_thousands)
                .unwrap_or_else(|| "–".into()),
        ),
        ("district", p.district.clone()),
        (
            "start",
            p.start_date
                .map(|d| d.format("%d.%m.%Y").to_string())
                .unwrap_or_else(|| "–".into()),
        ),
        ("ist_index", index(scores.overall_ist)),
        ("soll_index", index(scores.overall_soll)),
        ("answered", scores.answered.to_string()),
        ("items", scores.items.to_string()),
        ("areas_selected", facts.areas_selected.to_string()),
        ("measures", measures.len().to_string()),
        ("ideas", file.count(EntityKind::Idea)?.to_string()),
        ("events", events.len().to_string()),
        (
            "participants",
            analysis::format_thousands(
                events
                    .iter()
                    .filter_map(|e| e.participants)
                    .map(i64::from)
                    .sum::<i64>(),
            ),
        ),
        (
            "cost_once",
            analysis::format_euro(analysis::sum_cents(
                measures.iter().map(|m| m.cost_once_cents),
            )?),
        ),
        (
            "cost_yearly",
            analysis::format_euro(analysis::sum_cents(
                measures.iter().map(|m| m.cost_yearly_cents),
            )?),
        ),
    ]
    .into_iter()
    .chain(sentences)
    .collect())
}

/// Whole sentences for section texts that state facts, each worded after what the data say:
/// a claim the data do not support is never printed ("für jede Maßnahme ist eine
/// Federführung benannt" only when it is so; partial counts are said as partial).
fn true_sentences(
    file: &ProjectFile,
    profile: &Profile,
    scores: &CheckScores,
    measures: &[Measure],
    events: &[Event],
) -> Result<Vec<(&'static str, String)>> {
    // "Der Prozess begann am 10.11.2022. Er umfasste …" – or without a start date "Der Prozess umfasste …".
    let (process_start, subject) = match profile.start_date {
        Some(d) => (
            format!("Der Prozess begann am {}. ", d.format("%d.%m.%Y")),
            "Er",
        ),
        None => (String::new(), "Der Prozess"),
    };
    let index = |v: f64| analysis::format_decimal(v, 0);
    let check_result = match (scores.overall_ist, scores.overall_soll) {
        (Some(ist), Some(soll)) => format!(
            "Der Digitalisierungs-Check ergab einen Reifegrad von {} von 100 Punkten; in zwei bis drei Jahren will die Kommune {} Punkte erreichen.",
            index(ist),
            index(soll)
        ),
        (Some(ist), None) => format!(
            "Der Digitalisierungs-Check ergab einen Reifegrad von {} von 100 Punkten.",
            index(ist)
        ),
        _ => "Der Digitalisierungs-Check ist noch nicht ausgewertet.".to_string(),
    };
    let areas = file.list::<LifeArea>()?;
    let selected: Vec<&LifeArea> = areas
        .iter()
        .filter(|a| a.selected && !a.is_cross_cutting())
        .collect();
    let own = selected.iter().filter(|a| a.catalog_key.is_none()).count();
    let in_area = |m: &Measure| {
        m.life_area_id
            .is_some_and(|id| selected.iter().any(|a| a.id == id))
    };
    let areas_with_measures = selected
        .iter()
        .filter(|a| measures.iter().any(|m| m.life_area_id == Some(a.id)))
        .count();
    let ideas = file.count(EntityKind::Idea)?;
    let measures_summary = if measures.is_empty() {
        "Maßnahmen sind noch nicht erfasst.".to_string()
    } else {
        let cross = measures.iter().filter(|m| !in_area(m)).count();
        let from = if ideas > 0 {
            format!(
                "Aus {} der Beteiligung wurden ",
                analysis::count_of(ideas, "Idee", "Ideen")
            )
        } else {
            "Es wurden ".to_string()
        };
        let mut text = format!(
            "{from}{} entwickelt",
            analysis::count_of(measures.len(), "Maßnahme", "Maßnahmen")
        );
        if areas_with_measures > 0 {
            text.push_str(&format!(
                ", davon {} in {}",
                measures.len().saturating_sub(cross),
                analysis::count_of(areas_with_measures, "Lebensbereich", "Lebensbereichen")
            ));
            if cross > 0 {
                text.push_str(&format!(
                    " und {}",
                    analysis::count_of(cross, "Querschnittsmaßnahme", "Querschnittsmaßnahmen")
                ));
            }
        }
        text.push('.');
        text
    };
    let estimated: Vec<&Measure> = measures.iter().filter(|m| m.has_cost_estimate()).collect();
    let open = measures.len().saturating_sub(estimated.len());
    let cost_summary = if measures.is_empty() {
        String::new()
    } else if estimated.is_empty() {
        "Kostenschätzungen für die Maßnahmen liegen noch nicht vor.".to_string()
    } else {
        let plan = analysis::budget(measures)?;
        let mut text = format!(
            "Die geschätzten Kosten der Maßnahmen betragen insgesamt {}",
            analysis::format_euro(plan.estimated_total()?)
        );
        if !plan.years.is_empty() {
            let first = plan.years.first().map(|y| y.year).unwrap_or_default();
            let last = plan.years.last().map(|y| y.year).unwrap_or_default();
            if first == last {
                text.push_str(&format!(" im Jahr {first}"));
            } else {
                text.push_str(&format!(" in den Jahren {first} bis {last}"));
            }
        }
        if open > 0 {
            text.push_str(&format!(
                "; für {} liegt noch keine Kostenschätzung vor",
                analysis::count_of(open, "Maßnahme", "Maßnahmen")
            ));
        }
        text.push('.');
        text
    };
    let participation = analysis::participation_sentence(subject, events);
    let voted_events = {
        let mut ids: Vec<uuid::Uuid> = file
            .list::<LifeAreaVote>()?
            .iter()
            .filter(|v| v.votes > 0)
            .map(|v| v.event_id)
            .collect();
        ids.sort();
        ids.dedup();
        ids.len()
    };
    let basis: Vec<String> = [
        (scores.answered > 0).then(|| "die Ergebnisse des Digitalisierungs-Checks".to_string()),
        (voted_events > 0).then(|| {
            format!(
                "die Punktabfragen in {}",
                analysis::count_of(voted_events, "Veranstaltung", "Veranstaltungen")
            )
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    let areas_chosen = match (selected.len(), own) {
        (0, _) => "Lebensbereiche sind noch nicht ausgewählt.".to_string(),
        (n, 0) => format!(
            "Aus dem Katalog der Lebensbereiche wurden {} ausgewählt.",
            analysis::count_of(n, "Bereich", "Bereiche")
        ),
        (n, o) if o == n => format!(
            "Die Strategie ordnet die Maßnahmen {} zu, die die Kommune selbst festgelegt hat.",
            analysis::count_of(n, "Lebensbereich", "Lebensbereichen")
        ),
        (n, o) => format!(
            "Ausgewählt wurden {}, davon {} aus dem Katalog und {} eigene.",
            analysis::count_of(n, "Lebensbereich", "Lebensbereiche"),
            n.saturating_sub(o),
            o
        ),
    };
    let areas_basis = if basis.is_empty() {
        String::new()
    } else {
        format!("Grundlage waren {}.", basis.join(" und "))
    };
    let with_lead = measures
        .iter()
        .filter(|m| !m.lead.trim().is_empty())
        .count();
    let lead_status = match (with_lead, measures.len()) {
        (_, 0) => String::new(),
        (l, n) if l == n => "Für jede Maßnahme ist eine Federführung in der Verwaltung benannt.".to_string(),
        (0, _) => "Die Federführung der Maßnahmen wird mit dem Beginn der Umsetzung festgelegt.".to_string(),
        (l, n) => format!(
            "Für {l} von {n} Maßnahmen ist eine Federführung in der Verwaltung benannt; für die übrigen wird sie mit dem Beginn der Umsetzung festgelegt."
        ),
    };
    let quick = measures.iter().filter(|m| m.quick_win).count();
    let quick_wins = match quick {
        0 => String::new(),
        1 => "Ein Quick Win, der sofort beginnen kann, ist besonders gekennzeichnet.".to_string(),
        n => format!("{n} Quick Wins, die sofort beginnen können, sind besonders gekennzeichnet."),
    };
    let dimensions = file
        .list::<CheckDimension>()?
        .iter()
        .filter(|d| d.scored)
        .count();
    Ok(vec![
        ("check_result", check_result),
        ("measures_summary", measures_summary),
        ("cost_summary", cost_summary),
        ("participation", format!("{process_start}{participation}")),
        ("areas_chosen", areas_chosen),
        ("areas_basis", areas_basis),
        ("lead_status", lead_status),
        ("quick_wins", quick_wins),
        (
            "dimensions",
            analysis::count_of(dimensions, "Dimension", "Dimensionen"),
        ),
    ])
}

pub(super) fn check_scores(file: &ProjectFile) -> Result<CheckScores> {
    Ok(analysis::check_scores(
        &file.list::<CheckDimension>()?,
        &file.list::<CheckItem>()?,
        &file.list::<CheckAnswer>()?,
    ))
}

pub(super) fn overview(file: &ProjectFile) -> Result<Overview> {
    let mut timeline = file.list::<TimelineEntry>()?;
    timeline.retain(|t| t.status != TimelineStatus::Erledigt && t.start.is_some());
    timeline.sort_by_key(|t| t.start);
    let today = chrono::Local::now().date_naive();
    // A file without its profile still shows its overview (named after the file) so the
    // change that removed the profile can be undone; the open notice says what is wrong.
    let profile = match file.get::<Profile>(PROFILE_ID)? {
        Some(p) => p,
        None => Profile {
            name: file
                .path()
                .file_stem()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            ..Profile::default()
        },
    };
    let next: Vec<TimelineEntry> = timeline
        .into_iter()
        .filter(|t| t.end.or(t.start).is_some_and(|d| d >= today))
        .take(4)
        .collect();
    Ok(Overview {
        path: display(file.path()),
        file_name: file
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        profile: profile.clone(),
        progress: analysis::progress(&progress_facts(file)?),
        scores: check_scores(file)?,
        measures: file.count(EntityKind::Measure)?,
        ideas: file.count(EntityKind::Idea)?,
        next_milestones: next,
        history: file.history_state()?,
        catalog_version: file.meta("catalog_version")?.unwrap_or_default(),
        notice: None,
        location_warning: crate::location::warning(file.path()),
        read_only: file.is_read_only(),
        backup_problem: None,
        copy_name: format!(
            "{}_{}.zukunft",
            crate::backup::file_name_part(&profile.name),
            today.format("%Y-%m-%d")
        ),
    })
}

fn info(file: &ProjectFile) -> Result<ProjectInfo> {
    let facts = progress_facts(file)?;
    let scores = check_scores(file)?;
    let count = |k| file.count(k);
    Ok(ProjectInfo {
        municipality: profile(file)?.name,
        schema_version: file.schema_version()?,
        catalog_version: file.meta("catalog_version")?.unwrap_or_default(),
        goals: count(EntityKind::Goal)?,
        timeline_entries: count(EntityKind::TimelineEntry)?,
        stakeholders: count(EntityKind::Stakeholder)?,
        events: count(EntityKind::Event)?,
        check_dimensions: count(EntityKind::CheckDimension)?,
        check_items: count(EntityKind::CheckItem)?,
        check_answered: facts.check_answered,
        ozg_services: count(EntityKind::OzgService)?,
        key_figures: count(EntityKind::KeyFigure)?,
        swot_entries: count(EntityKind::SwotEntry)?,
        life_areas: count(EntityKind::LifeArea)?,
        life_areas_selected: facts.areas_selected,
        ideas: count(EntityKind::Idea)?,
        measures: facts.measures,
        measures_complete: facts.measures_complete,
        sections: count(EntityKind::Section)?,
        drafts: facts.drafts,
        overall_ist: scores.overall_ist,
        overall_soll: scores.overall_soll,
        progress: analysis::progress(&facts),
    })
}

fn progress_facts(file: &ProjectFile) -> Result<ProgressFacts> {
    // A missing profile (see `missing_singletons`) counts as not filled in.
    let profile = file.get::<Profile>(PROFILE_ID)?.unwrap_or_default();
    let items = file.list::<CheckItem>()?;
    let item_ids: std::collections::HashSet<_> = items.iter().map(|i| i.id).collect();
    let answers = file.list::<CheckAnswer>()?;
    let ozg = file.list::<OzgService>()?;
    let swot = file.list::<SwotEntry>()?;
    let figures = file.list::<KeyFigure>()?;
    let areas = file.list::<LifeArea>()?;
    let selected: Vec<&LifeArea> = areas.iter().filter(|a| a.selected).collect();
    let votes = file.list::<LifeAreaVote>()?;
    let measures = file.list::<Measure>()?;
    let sections = file.list::<Section>()?;
    let mut quadrants: Vec<SwotQuadrant> = swot.iter().map(|s| s.quadrant).collect();
    quadrants.sort_by_key(|q| *q as u8);
    quadrants.dedup();
    let mut vote_events: Vec<_> = votes
        .iter()
        .filter(|v| v.votes > 0)
        .map(|v| v.event_id)
        .collect();
    vote_events.sort();
    vote_events.dedup();
    Ok(ProgressFacts {
        profile_complete: !profile.name.trim().is_empty()
            && profile.population.is_some()
            && profile.start_date.is_some(),
        goals: file.count(EntityKind::Goal)?,
        timeline_entries: file.count(EntityKind::TimelineEntry)?,
        steering_members: file
            .list::<Stakeholder>()?
            .iter()
            .filter(|s| s.steering_group)
            .count(),
        events: file.count(EntityKind::Event)?,
        check_items: items.len(),
        check_answered: answers
            .iter()
            .filter(|a| a.is_answered() && item_ids.contains(&a.item_id))
            .count(),
        ozg_services: ozg.len(),
        ozg_rated: ozg.iter().filter(|s| s.maturity.is_some()).count(),
        swot_quadrants: quadrants.len(),
        key_figures: figures.len(),
        key_figures_filled: figures
            .iter()
            .filter(|f| !f.value.trim().is_empty())
            .count(),
        areas_selected: selected.len(),
        areas_selected_with_vision: selected
            .iter()
            .filter(|a| !a.vision.trim().is_empty())
            .count(),
        events_with_votes: vote_events.len(),
        measures: measures.len(),
        measures_complete: measures.iter().filter(|m| m.is_complete()).count(),
        areas_selected_with_measures: selected
            .iter()
            .filter(|a| {
                measures.iter().any(|m| {
                    m.life_area_id == Some(a.id)
                        || (a.is_cross_cutting() && m.life_area_id.is_none())
                })
            })
            .count(),
        sections_included: sections.iter().filter(|s| s.included).count(),
        sections_approved: sections.iter().filter(|s| s.included && s.approved).count(),
        report_settings_complete: {
            let r = file
                .get::<ReportSettings>(REPORT_SETTINGS_ID)?
                .unwrap_or_default();
            ![&r.title, &r.version_label, &r.author]
                .iter()
                .any(|t| t.trim().is_empty())
                && r.date.is_some()
        },
        drafts: file.count(EntityKind::Draft)?,
    })
}

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

fn export_json(file: &ProjectFile) -> Result<String> {
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

fn import_json(json: &str, path: &Path) -> Result<ProjectFile> {
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
        for row in table_rows {
            kind.check_singleton_row(row.id, row.deleted)?;
            check_row_times(kind, &row)?;
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
    let mut file = ProjectFile::create(path)?;
    if let Err(e) = file.load_rows(&meta, &rows, &blobs) {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(e);
    }
    Ok(file)
}
