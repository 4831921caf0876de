//! Project-wide queries and the profile: the overview (start page), `info`, the catalogue copy,
//! the progress facts.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::file::display;
use super::{save, Patch, Reply};
use crate::analysis::{self, BausteinProgress, CheckScores, ProgressFacts};
use crate::catalog::Catalog;
use crate::error::Result;
use crate::model::*;
use crate::store::{HistoryState, ProjectFile};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProjectCommand {
    Overview,
    Info,
    /// The catalogue copy the project was created with (guiding questions, example measures …).
    Catalog,
    SaveProfile(#[ts(as = "Profile")] Patch<Profile>),
    /// Measures, ideas, goals, dates, check items … matching a number or words (Ctrl+K).
    Find(String),
    /// Writes the project in another format for the municipality (`zukunft export`): an Excel
    /// workbook, a calendar, or an Open Data package (a folder).
    Export {
        format: crate::export::ExportFormat,
        path: String,
    },
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ExportResult {
    pub format: crate::export::ExportFormat,
    /// The file, or the folder of an Open Data package.
    pub path: String,
    /// The files written (one, or the package's files).
    pub files: Vec<String>,
}

/// The start page of an open project: profile, progress, scores, next milestones.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Overview {
    pub path: String,
    pub file_name: String,
    pub profile: Profile,
    /// What `profile.district` is called for this kind of municipality („Landkreis“, or
    /// „Regierungsbezirk / Land“ for a kreisfreie Stadt).
    pub district_label: String,
    pub progress: Vec<BausteinProgress>,
    /// „Nächste Schritte“: the first unmet progress criteria (`analysis::next_steps`).
    pub next_steps: Vec<analysis::NextStep>,
    pub scores: CheckScores,
    pub measures: usize,
    pub ideas: usize,
    /// Workshops, council sessions and milestones with a date: the calendar export's events
    /// (`export::calendar::is_calendar_event`); without any the export dialog says so.
    pub calendar_events: usize,
    pub next_milestones: Vec<TimelineEntry>,
    pub history: HistoryState,
    pub catalog_version: String,
    /// Set once after opening when something noteworthy happened (e.g. a schema update).
    pub notice: Option<String>,
    /// Set when the file lies in a cloud-synced or network folder (offer a local copy).
    pub location_warning: Option<String>,
    /// Suggested name of a copy to send, e.g. `Musterstadt_2026-11-25.zukunft`.
    pub copy_name: String,
    /// Suggested name of the report, with the version and the report's date (today when the
    /// settings name none): `Musterstadt_Digitalisierungsstrategie_Entwurf_2_2027-09-15.pdf`.
    pub report_name: String,
    /// The file or its folder is write-protected: the project is shown, edits are refused.
    pub read_only: bool,
    /// Set while automatic backups fail (disk full, folder not writable): what happened and
    /// what to do. The project file itself is saved.
    pub backup_problem: Option<String>,
    /// The Umsetzung at a glance, once the council has adopted the strategy.
    pub implementation: Option<super::implementation::ImplementationSummary>,
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
    /// After the adoption: the Umsetzung at a glance.
    pub implementation: Option<super::implementation::ImplementationSummary>,
}

pub(super) fn handle_project(file: &mut ProjectFile, command: ProjectCommand) -> Result<Reply> {
    Ok(match command {
        ProjectCommand::Overview => Reply::Overview(overview(file)?),
        ProjectCommand::Info => Reply::Info(info(file)?),
        ProjectCommand::Catalog => Reply::Catalog(catalog_of(file)?),
        ProjectCommand::Find(query) => Reply::Found(super::find::find(file, &query)?),
        ProjectCommand::Export { format, path } => Reply::Exported(export(file, format, &path)?),
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

/// The catalogue stored in the project; files from before the copy was kept get the built-in one.
pub(super) fn catalog_of(file: &ProjectFile) -> Result<Catalog> {
    match file.meta("catalog")? {
        Some(text) => serde_json::from_str(&text).or_else(|_| Catalog::builtin()),
        None => Catalog::builtin(),
    }
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
    let calendar_events = timeline
        .iter()
        .filter(|t| crate::export::calendar::is_calendar_event(t))
        .count();
    timeline.retain(|t| t.status != TimelineStatus::Erledigt && t.start.is_some());
    timeline.sort_by_key(|t| t.start);
    let today = chrono::Local::now().date_naive();
    let facts = progress_facts(file)?;
    let implementation = super::implementation::summary(file, today)?;
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
        district_label: profile.kind.district_label().to_string(),
        profile: profile.clone(),
        progress: analysis::progress(&facts),
        next_steps: analysis::next_steps(&facts, implementation.as_ref().map(|(_, u)| u)),
        scores: check_scores(file)?,
        measures: file.count(EntityKind::Measure)?,
        ideas: file.count(EntityKind::Idea)?,
        calendar_events,
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
        report_name: report_name(file, &profile.name, today)?,
        implementation: implementation.map(|(summary, _)| summary),
    })
}

/// Builds the export from the Baustein views and writes it: one file atomically, or the Open
/// Data package's files into the folder `path` (created when missing).
fn export(
    file: &ProjectFile,
    format: crate::export::ExportFormat,
    path: &str,
) -> Result<ExportResult> {
    use crate::export::{calendar, opendata, vorlage, xlsx, ExportData, ExportFormat};
    if path.trim().is_empty() {
        return Err(crate::error::Error::invalid(
            "Bitte angeben, wohin exportiert werden soll.",
        ));
    }
    let target = std::path::Path::new(path);
    // Checked before anything is built: a wrong target is said at once and left as it was.
    {
        use super::target::{check_folder_target, check_target, FileKind};
        let what = format!("„{}“", format.label());
        match format {
            ExportFormat::Docx | ExportFormat::Vorlage => {
                check_target(file, target, &what, FileKind::Word)?
            }
            ExportFormat::Xlsx => check_target(file, target, &what, FileKind::Excel)?,
            ExportFormat::VorlagePdf => check_target(file, target, &what, FileKind::Pdf)?,
            ExportFormat::Ics => check_target(file, target, &what, FileKind::Calendar)?,
            ExportFormat::Opendata => check_folder_target(file, target)?,
        }
    }
    let profile = profile(file)?;
    let project_id = file
        .meta("project_id")?
        .unwrap_or_else(|| profile.name.clone());
    // The project's own date: its last change (same project, same bytes), else its start.
    let date = file
        .history_state()?
        .saved_at
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.date_naive())
        .or(profile.start_date)
        .unwrap_or_default();
    let (goals, check, measures) = (
        super::goals::view(file)?,
        super::check::view(file)?,
        super::measures::view(file)?,
    );
    let strategy = super::strategy::view(file)?;
    let data = ExportData {
        profile: &profile,
        project_id: &project_id,
        date,
        goals: &goals,
        check: &check,
        measures: &measures,
        strategy: &strategy,
        areas_selected: progress_facts(file)?.areas_selected,
        in_force: match format {
            ExportFormat::Vorlage | ExportFormat::VorlagePdf => {
                super::implementation::in_force_for_vorlage(file)?
            }
            _ => None,
        },
    };
    let files = match format {
        ExportFormat::Docx => {
            let (report, charts) = super::strategy::word_report(file, date)?;
            let bytes = crate::export::strategy::docx(&report, &charts, date)?;
            crate::durable::write_atomically(target, &bytes)?;
            vec![path.to_owned()]
        }
        ExportFormat::Xlsx => {
            crate::durable::write_atomically(target, &xlsx::workbook(&data)?)?;
            vec![path.to_owned()]
        }
        ExportFormat::Vorlage => {
            let content = vorlage::content(&data)?;
            crate::durable::write_atomically(target, &vorlage::docx(&content, data.date)?)?;
            vec![path.to_owned()]
        }
        ExportFormat::VorlagePdf => {
            let content = vorlage::content(&data)?;
            let pdf = crate::report::render_vorlage(&content, data.date, &profile.name)?;
            crate::durable::write_atomically(target, &pdf.pdf)?;
            vec![path.to_owned()]
        }
        ExportFormat::Ics => {
            crate::durable::write_atomically(target, calendar::calendar(&data)?.as_bytes())?;
            vec![path.to_owned()]
        }
        ExportFormat::Opendata => {
            // Built before the folder is made: a refused package leaves no empty folder.
            let package = opendata::package(&data)?;
            std::fs::create_dir_all(target)?;
            let mut written = Vec::new();
            for (name, bytes) in package {
                let out = target.join(name);
                crate::durable::write_atomically(&out, &bytes)?;
                written.push(out.display().to_string());
            }
            written
        }
    };
    Ok(ExportResult {
        format,
        path: path.to_owned(),
        files,
    })
}

/// The longest suggested report name in bytes: file systems allow 255, and the Word export
/// swaps ".pdf" for ".docx", a dialog may add " (2)".
const REPORT_NAME_MAX_BYTES: usize = 200;

/// `<Kommune>_Digitalisierungsstrategie[_<Version>]_<Datum>.pdf`, each part file-name-safe; the
/// version is cut so that the whole stays within [`REPORT_NAME_MAX_BYTES`] (a long name and a
/// long version label gave 282 bytes, which no file system takes).
fn report_name(file: &ProjectFile, municipality: &str, today: chrono::NaiveDate) -> Result<String> {
    let settings = file
        .get::<ReportSettings>(REPORT_SETTINGS_ID)?
        .unwrap_or_default();
    let head = format!(
        "{}_Digitalisierungsstrategie",
        crate::backup::file_name_part(municipality)
    );
    let tail = format!("_{}.pdf", settings.date.unwrap_or(today).format("%Y-%m-%d"));
    let version = settings.version_label.trim();
    let room = REPORT_NAME_MAX_BYTES
        .saturating_sub(head.len())
        .saturating_sub(tail.len())
        .saturating_sub(1);
    let version = if version.is_empty() || room == 0 {
        String::new()
    } else {
        format!("_{}", crate::backup::file_name_part_within(version, room))
    };
    Ok(format!("{head}{version}{tail}"))
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
        implementation: super::implementation::summary(file, chrono::Local::now().date_naive())?
            .map(|(summary, _)| summary),
    })
}

pub(super) fn progress_facts(file: &ProjectFile) -> Result<ProgressFacts> {
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
            .filter(|a| measures.iter().any(|m| a.holds(m, &areas)))
            .count(),
        sections_included: sections.iter().filter(|s| s.included).count(),
        sections_approved: sections.iter().filter(|s| s.included && s.approved).count(),
        report_settings_complete: {
            let r = file
                .get::<ReportSettings>(REPORT_SETTINGS_ID)?
                .unwrap_or_default();
            // No date is needed: empty, the report carries the day it is made (the date field
            // says so), and asking for one sent a consultant to fill what is better left empty.
            ![&r.title, &r.version_label, &r.author]
                .iter()
                .any(|t| t.trim().is_empty())
        },
        drafts: file.count(EntityKind::Draft)?,
    })
}
