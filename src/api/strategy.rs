//! Commands of Baustein 5 – Entwurf der Digitalisierungsstrategie.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{check_deletable, save, Patch, Reply};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::catalog::{fill, PLACEHOLDERS};
use crate::error::{Error, Result};
use crate::model::*;
use crate::report::{self, data::ReportInput};
use crate::store::ProjectFile;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StrategyCommand {
    Get,
    SaveSection(#[ts(as = "Section")] Patch<Section>),
    /// Puts the sections in the given order (all ids of live sections).
    ReorderSections {
        ids: Vec<Uuid>,
    },
    /// Saves the report settings; the logo stays as it is (see `SetLogo`).
    SaveSettings(#[ts(as = "ReportSettings")] Patch<ReportSettings>),
    /// Stores the image at `path` (PNG, JPEG or SVG) as the cover logo; without `path` the logo is
    /// removed.
    SetLogo {
        #[serde(default)]
        #[ts(optional)]
        path: Option<String>,
    },
    RecordDraft(Draft),
    /// Writes the built-in template with this project's data, charts and fonts into `dir`, for a
    /// consultancy developing its own template with the `typst` command line.
    ExportReportSources {
        dir: String,
        /// The date printed when the report settings have none: the caller's today.
        #[serde(default)]
        #[ts(optional)]
        date: Option<NaiveDate>,
    },
    /// Writes the strategy as PDF to `path` and records the draft (label, time, SHA-256).
    GenerateReport {
        path: String,
        /// Overrides the settings' watermark ("ENTWURF").
        #[serde(default)]
        #[ts(optional)]
        watermark: Option<bool>,
        /// Overrides the settings' version label.
        #[serde(default)]
        #[ts(optional)]
        version_label: Option<String>,
        /// A consultancy's template folder with `report.typ` (corporate design).
        #[serde(default)]
        #[ts(optional)]
        template_dir: Option<String>,
        /// The date printed when the report settings have none: the caller's today (the core
        /// never reads the clock for what it prints).
        #[serde(default)]
        #[ts(optional)]
        date: Option<NaiveDate>,
    },
    Delete {
        kind: EntityKind,
        id: Uuid,
    },
    /// The report's pages as the PDF would have them, for the live preview beside the editor;
    /// writes nothing.
    Preview(PreviewRequest),
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StrategyView {
    /// What a command that wrote rows adds to the view (the saved row's id, the change note).
    #[serde(flatten)]
    pub written: super::Written,
    pub sections: Vec<Section>,
    /// Each section's printed chapter number, in the same order (none: printed without number
    /// or not in the report).
    pub numbers: Vec<Option<u32>>,
    /// Each section's text with its `{placeholders}` filled, in the same order.
    pub previews: Vec<String>,
    /// The placeholders a text may use: (name, meaning).
    pub placeholders: Vec<(String, String)>,
    pub settings: ReportSettings,
    /// The cover logo as a `data:` URL for the preview.
    pub logo_preview: Option<String>,
    /// Newest first.
    pub drafts: Vec<Draft>,
}

/// What generating the report produced.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReportResult {
    pub path: String,
    pub pages: usize,
    pub bytes: usize,
    pub sha256: String,
    /// Characters that had to be replaced, and similar notes for the consultant.
    pub warnings: Vec<String>,
}

pub(super) fn handle(file: &mut ProjectFile, command: StrategyCommand) -> Result<Reply> {
    let saved = match command {
        StrategyCommand::GenerateReport {
            path,
            watermark,
            version_label,
            template_dir,
            date,
        } => {
            let job =
                ReportJob::prepare(file, &path, watermark, version_label, template_dir, date)?;
            return job.render()?.record(Some(file)).map(Reply::Report);
        }
        StrategyCommand::ExportReportSources { dir, date } => {
            let mut input = report_input(file, None, None, date)?;
            report::make_printable(&mut input);
            let (data, charts) = report::data::build(input)?;
            report::write_sources(&data, &charts, Path::new(&dir))?;
            None
        }
        StrategyCommand::Preview(asked) => return preview(file, asked).map(Reply::Preview),
        StrategyCommand::Get => None,
        StrategyCommand::SaveSection(s) => Some(save(file, s.resolve(file)?)?.id),
        StrategyCommand::ReorderSections { ids } => {
            let sections = file.list::<Section>()?;
            let mut known: Vec<Uuid> = sections.iter().map(|s| s.id).collect();
            let mut given = ids.clone();
            known.sort();
            given.sort();
            if known != given {
                return Err(Error::invalid(
                    "Die neue Reihenfolge muss jeden Abschnitt genau einmal enthalten.",
                ));
            }
            file.change("Abschnitte umsortiert", |w| {
                for (order, id) in ids.iter().enumerate() {
                    if let Some(s) = sections.iter().find(|s| s.id == *id) {
                        w.put(Section {
                            order: order as i32,
                            ..s.clone()
                        })?;
                    }
                }
                Ok(())
            })?;
            None
        }
        StrategyCommand::SaveSettings(s) => {
            let current = super::singleton::<ReportSettings>(file)?;
            let s = s.resolve_singleton(file)?;
            let saved = save(
                file,
                ReportSettings {
                    logo: current.logo,
                    ..s
                },
            )?;
            Some(saved.id)
        }
        StrategyCommand::SetLogo { path } => {
            set_logo(file, path.as_deref().map(Path::new))?;
            None
        }
        StrategyCommand::RecordDraft(d) => Some(save(file, d)?.id),
        StrategyCommand::Delete { kind, id } => {
            check_deletable(kind, 5)?;
            file.change(&format!("{} gelöscht", kind.label()), |w| {
                w.delete(kind, id)
            })?;
            None
        }
    };
    Ok(Reply::Strategy(StrategyView {
        written: super::Written::saved(saved),
        ..view(file)?
    }))
}

/// What the live preview is asked for (`strategy.preview`): `section` is the chapter being
/// edited and `body` its text as typed (not yet saved); the pages begin at `page`, else where that
/// chapter begins.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PreviewRequest {
    #[serde(default)]
    #[ts(optional)]
    pub section: Option<Uuid>,
    #[serde(default)]
    #[ts(optional)]
    pub body: Option<String>,
    /// First page, 1-based.
    #[serde(default)]
    #[ts(optional)]
    pub page: Option<usize>,
    /// How many pages: 1 to 6, 2 when not given.
    #[serde(default)]
    #[ts(optional)]
    pub pages: Option<usize>,
    /// A consultancy's template folder, as for `generate_report`.
    #[serde(default)]
    #[ts(optional)]
    pub template_dir: Option<String>,
    /// The date printed when the report settings have none: the caller's today.
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<NaiveDate>,
}

/// The pages of the report with the edited chapter's unsaved text, laid out as for the PDF.
fn preview(file: &ProjectFile, asked: PreviewRequest) -> Result<report::Preview> {
    PreviewJob::prepare(file, asked)?.render()
}

/// A preview in two steps like a report ([`ReportJob`]): [`PreviewJob::prepare`] reads the
/// project, [`PreviewJob::render`] lays out and draws the pages without it, so a window's other
/// commands are not held up by a long layout (a 1,500-measure strategy takes half a second).
pub(super) struct PreviewJob {
    data: report::data::ReportData,
    charts: report::data::ReportCharts,
    template_dir: Option<String>,
    start: report::PreviewStart,
    pages: usize,
    warnings: Vec<String>,
}

impl PreviewJob {
    pub(super) fn prepare(file: &ProjectFile, asked: PreviewRequest) -> Result<PreviewJob> {
        let mut input = report_input(file, None, None, asked.date)?;
        if let Some(id) = asked.section {
            let section = input
                .sections
                .iter_mut()
                .find(|s| s.id == id)
                .ok_or_else(|| Error::invalid("Dieses Kapitel gibt es nicht mehr."))?;
            if let Some(body) = asked.body {
                if body.chars().count() > crate::model::MAX_CHAPTER_CHARS {
                    return Err(Error::invalid(format!(
                        "Der Text von „{}“ ist zu lang für die Vorschau: höchstens {} Zeichen.",
                        section.title,
                        crate::analysis::format_thousands(crate::model::MAX_CHAPTER_CHARS as i64)
                    )));
                }
                section.body = body;
            }
        }
        let mut warnings = report::make_printable(&mut input);
        warnings.extend(report::data::cover_date_note(&input));
        let chapter = asked
            .section
            .and_then(|id| input.sections.iter().find(|s| s.id == id && s.included))
            .map(|s| s.title.clone());
        let (data, charts) = report::data::build(input)?;
        let start = match (asked.page, chapter) {
            (Some(page), _) => report::PreviewStart::Page(page),
            (None, Some(title)) => report::PreviewStart::Chapter(title),
            (None, None) => report::PreviewStart::Page(1),
        };
        Ok(PreviewJob {
            data,
            charts,
            template_dir: asked.template_dir,
            start,
            pages: asked.pages.unwrap_or(2).clamp(1, 6),
            warnings,
        })
    }

    /// Lays the report out and draws the pages asked for; needs no project.
    pub(super) fn render(self) -> Result<report::Preview> {
        let mut warnings = self.warnings;
        let mut preview = report::preview(
            &self.data,
            &self.charts,
            self.template_dir.as_deref().map(Path::new),
            self.start,
            self.pages,
        )?;
        for w in std::mem::take(&mut preview.warnings) {
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
        preview.warnings = warnings;
        Ok(preview)
    }
}

/// The report's data for the Word document: its text as typed (Word shows every character, so
/// nothing is replaced), its charts from printable rows (they are drawn with the embedded fonts).
/// `date` stands on the cover when the report settings name none.
pub(super) fn word_report(
    file: &ProjectFile,
    date: NaiveDate,
) -> Result<(report::data::ReportData, report::data::ReportCharts)> {
    let (data, _) = report::data::build(report_input(file, None, None, Some(date))?)?;
    let mut printable = report_input(file, None, None, Some(date))?;
    report::make_printable(&mut printable);
    let (_, charts) = report::data::build(printable)?;
    Ok((data, charts))
}

fn report_input(
    file: &ProjectFile,
    watermark: Option<bool>,
    version_label: Option<String>,
    date: Option<NaiveDate>,
) -> Result<ReportInput> {
    let mut settings = super::singleton::<ReportSettings>(file)?;
    let version_label = match version_label {
        Some(label) => Some(label),
        None => {
            let changed = super::implementation::version_after_changes(file, &settings)?;
            // Changed since the vote, it is not the version of the settings' date (the
            // draft's „Stand“): the day it is printed stands on the cover.
            if changed.is_some() && date.is_some() {
                settings.date = None;
            }
            changed
        }
    };
    Ok(ReportInput {
        profile: super::project::profile(file)?,
        logo: logo_image(file, &settings)?,
        settings,
        goals: {
            let mut g = file.list::<Goal>()?;
            g.sort_by_key(|g| g.order);
            g
        },
        timeline: file.list()?,
        stakeholders: file.list()?,
        events: file.list()?,
        ideas: file.list()?,
        area_votes: file.list()?,
        measure_votes: file.list()?,
        digital_offers: file.list()?,
        dimensions: file.list()?,
        items: file.list()?,
        answers: file.list()?,
        ozg: {
            let mut o = file.list::<OzgService>()?;
            o.sort_by_key(|s| s.order);
            o
        },
        key_figures: {
            let mut k = file.list::<KeyFigure>()?;
            k.sort_by_key(|k| k.order);
            k
        },
        swot: {
            let mut s = file.list::<SwotEntry>()?;
            s.sort_by_key(|s| s.order);
            s
        },
        areas: file.list()?,
        measures: file.list()?,
        sections: file.list()?,
        placeholders: super::section_facts::placeholders(file)?,
        watermark,
        version_label,
        date,
    })
}

/// Reads an image file once, from a regular file only (not a device such as `/dev/zero`), and
/// never more than one byte beyond the size limit.
fn read_image_file(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let shown = path.display().to_string();
    let opened = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::FileMissing(shown.clone()),
        _ => Error::from(e),
    })?;
    if !opened.metadata()?.is_file() {
        return Err(Error::invalid(format!(
            "„{shown}“ ist keine gewöhnliche Datei und kann nicht als Logo dienen."
        )));
    }
    let mut bytes = Vec::new();
    opened
        .take((LOGO_MAX_BYTES as u64).saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn set_logo(file: &mut ProjectFile, path: Option<&Path>) -> Result<()> {
    let Some(path) = path else {
        return file.change("Logo entfernt", |w| {
            let settings = w
                .get::<ReportSettings>(REPORT_SETTINGS_ID)?
                .unwrap_or_default();
            w.put(ReportSettings {
                id: REPORT_SETTINGS_ID,
                logo: None,
                ..settings
            })
            .map(|_| ())
        });
    };
    let bytes = read_image_file(path)?;
    let format = check_image(&bytes, &path.display().to_string())?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    file.change("Logo geändert", |w| {
        let hash = w.put_blob(&bytes)?;
        let settings = w
            .get::<ReportSettings>(REPORT_SETTINGS_ID)?
            .unwrap_or_default();
        w.put(ReportSettings {
            id: REPORT_SETTINGS_ID,
            logo: Some(LogoRef {
                hash,
                format,
                file_name,
            }),
            ..settings
        })
        .map(|_| ())
    })
}

/// The stored logo image, if the settings name one and it is stored.
fn logo_image(
    file: &ProjectFile,
    settings: &ReportSettings,
) -> Result<Option<(ImageFormat, Vec<u8>)>> {
    let Some(logo) = &settings.logo else {
        return Ok(None);
    };
    let Some(data) = file.blob(&logo.hash)? else {
        return Ok(None);
    };
    // A stored image is checked again before it is decoded: the file may come from anywhere.
    let format = check_image(&data, &logo.file_name).map_err(|e| {
        Error::invalid(format!(
            "Das Logo in der Projektdatei ist nicht verwendbar: {e} Bitte wählen Sie ein anderes Logo."
        ))
    })?;
    Ok(Some((format, data)))
}

/// A report in three steps, so the slow middle one needs no project: [`ReportJob::prepare`]
/// reads the project, [`ReportJob::render`] typesets and writes the PDF,
/// [`WrittenReport::record`] notes it under "Entwürfe". The window runs the middle step without
/// holding its session (see [`super::dispatch_shared`]).
pub(super) struct ReportJob {
    target: std::path::PathBuf,
    project_path: std::path::PathBuf,
    data: report::data::ReportData,
    charts: report::data::ReportCharts,
    template_dir: Option<String>,
    warnings: Vec<String>,
}

/// A report written to its target, not yet recorded in the project.
pub(super) struct WrittenReport {
    target: std::path::PathBuf,
    project_path: std::path::PathBuf,
    label: String,
    result: ReportResult,
}

impl ReportJob {
    /// Checks the target and gathers everything the report prints from the open project.
    pub(super) fn prepare(
        file: &ProjectFile,
        path: &str,
        watermark: Option<bool>,
        version_label: Option<String>,
        template_dir: Option<String>,
        date: Option<NaiveDate>,
    ) -> Result<ReportJob> {
        // Refused before the (slow) rendering, so a wrong target is said at once.
        let target = Path::new(path);
        super::target::check_target(file, target, "Der Bericht", super::target::FileKind::Pdf)?;
        let mut input = report_input(file, watermark, version_label, date)?;
        // Text and charts are built from the same printable rows; the warnings name row and field.
        let mut warnings = report::make_printable(&mut input);
        warnings.extend(report::data::cover_date_note(&input));
        let (data, charts) = report::data::build(input)?;
        Ok(ReportJob {
            target: target.to_path_buf(),
            project_path: file.path().to_path_buf(),
            data,
            charts,
            template_dir,
            warnings,
        })
    }

    /// Typesets the report and writes the PDF (atomically); needs no project.
    pub(super) fn render(self) -> Result<WrittenReport> {
        let mut warnings = self.warnings;
        let rendered = report::render(
            &self.data,
            &self.charts,
            self.template_dir.as_deref().map(Path::new),
        )?;
        for w in rendered.warnings {
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
        crate::durable::write_atomically(&self.target, &rendered.pdf)?;
        Ok(WrittenReport {
            result: ReportResult {
                path: self.target.display().to_string(),
                pages: rendered.pages,
                bytes: rendered.pdf.len(),
                sha256: format!("{:x}", Sha256::digest(&rendered.pdf)),
                warnings,
            },
            target: self.target,
            project_path: self.project_path,
            label: self.data.cover.version,
        })
    }
}

impl WrittenReport {
    /// Notes the written report under "Entwürfe" of the project it was made from. When another
    /// project was opened meanwhile, the PDF stays written and the reply says it is not noted.
    pub(super) fn record(self, file: Option<&mut ProjectFile>) -> Result<ReportResult> {
        let mut result = self.result;
        let not_noted = match file {
            Some(f) if f.path() != self.project_path => Err("ist inzwischen nicht mehr geöffnet"),
            None => Err("ist inzwischen nicht mehr geöffnet"),
            Some(f) if f.is_read_only() => Err("ist schreibgeschützt"),
            Some(f) => Ok(f),
        };
        let file = match not_noted {
            Ok(file) => file,
            Err(why) => {
                result.warnings.push(format!(
                    "Der Bericht wurde geschrieben, aber nicht unter „Entwürfe“ vermerkt: „{}“ {why}.",
                    self.project_path.display()
                ));
                return Ok(result);
            }
        };
        let (label, sha256, target) = (self.label, result.sha256.clone(), self.target);
        file.change("Bericht erzeugt", |w| {
            w.put(Draft {
                label: if label.trim().is_empty() {
                    "Bericht".into()
                } else {
                    label
                },
                generated_at: Some(chrono::Utc::now()),
                hash: sha256,
                file_name: target
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                ..Default::default()
            })
        })?;
        Ok(result)
    }
}

pub(super) fn view(file: &ProjectFile) -> Result<StrategyView> {
    let mut sections = file.list::<Section>()?;
    sections.sort_by_key(|s| s.order);
    let mut drafts = file.list::<Draft>()?;
    drafts.reverse();
    let values = super::section_facts::placeholders(file)?;
    let settings = super::singleton::<ReportSettings>(file)?;
    Ok(StrategyView {
        written: super::Written::default(),
        previews: sections.iter().map(|s| fill(&s.body, &values)).collect(),
        numbers: chapter_numbers(&sections),
        placeholders: PLACEHOLDERS
            .iter()
            .map(|(n, m)| (n.to_string(), m.to_string()))
            .collect(),
        sections,
        logo_preview: logo_image(file, &settings)?.map(|(format, data)| {
            use base64::Engine;
            format!(
                "data:{};base64,{}",
                format.mime(),
                base64::engine::general_purpose::STANDARD.encode(data)
            )
        }),
        settings,
        drafts,
    })
}
