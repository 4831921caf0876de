//! The strategy report: report data (`data.rs`, pure) → Typst compile in process → PDF bytes.
//! The only module that imports typst. User text reaches the template only as values of
//! `data.json`, never as markup. Output: PDF/A-2a + PDF/UA-1, deterministic for the same input.

pub mod data;
mod printable;
mod world;

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::text::Font;
use typst::WorldExt;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::error::{Error, Result};
use data::{ReportCharts, ReportData};
use world::{file_id, ReportWorld};

const TEMPLATE: &str = include_str!("../../assets/report/report.typ");
/// The Beschlussvorlage's template (reads `/vorlage.json`).
const VORLAGE_TEMPLATE: &str = include_str!("../../assets/report/vorlage.typ");
/// The embedded fonts (Liberation Sans, DejaVu Sans for what it lacks); also the Word export's charts.
pub(crate) const FONTS: [&[u8]; 5] = [
    include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../../assets/fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../../assets/fonts/LiberationSans-BoldItalic.ttf"),
    include_bytes!("../../assets/fonts/DejaVuSans.ttf"),
];

/// A generated report.
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Characters the fonts cannot show, replaced visibly; for the consultant to see.
    pub warnings: Vec<String>,
}

fn fonts() -> Vec<Font> {
    FONTS
        .iter()
        .flat_map(|b| Font::iter(Bytes::new(*b)))
        .collect()
}

/// The fonts chart text is drawn with: an SVG's text takes its first font family (Liberation
/// Sans) without falling back per character.
fn chart_fonts() -> Vec<Font> {
    FONTS[..4]
        .iter()
        .flat_map(|b| Font::iter(Bytes::new(*b)))
        .collect()
}

/// Makes every row of the report input printable with the embedded fonts (see
/// [`printable`]); returns a German warning per field that had characters replaced.
pub fn make_printable(input: &mut data::ReportInput) -> Vec<String> {
    printable::printable_input(input, &fonts())
}

/// A German message for template errors: file, line and what went wrong.
fn describe(world: &ReportWorld, diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let place = d
                .span
                .id()
                .and_then(|id| {
                    let source = world.source_of(id)?;
                    let range = world.range(d.span)?;
                    let line = source.lines().byte_to_line(range.start)?.saturating_add(1);
                    Some(format!(
                        "{}, Zeile {line}",
                        id.vpath().get_with_slash().trim_start_matches('/')
                    ))
                })
                .unwrap_or_else(|| "Vorlage".into());
            let hints: Vec<String> = d.hints.iter().map(|h| h.v.to_string()).collect();
            if hints.is_empty() {
                format!("{place}: {}", d.message)
            } else {
                format!("{place}: {} ({})", d.message, hints.join("; "))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The files of a template: `report.typ`, other Typst sources and other files (images …),
/// each with its virtual path.
struct TemplateFiles {
    main: String,
    sources: Vec<(String, String)>,
    files: Vec<(String, Vec<u8>)>,
}

/// Reads a consultancy template folder: `report.typ` plus any other `.typ` files and images.
/// Bounds of a consultancy template folder: files per folder, bytes per file and in all.
const TEMPLATE_MAX_FILES: usize = 200;
const TEMPLATE_MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
const TEMPLATE_MAX_TOTAL_BYTES: u64 = 60 * 1024 * 1024;

/// Reads one file of a template folder: a regular file (no link, no device) within the caps.
fn template_file(path: &Path, total: &mut u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let name = path.display();
    let meta = std::fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        return Err(Error::invalid(format!(
            "Die Vorlage enthält die Verknüpfung „{name}“. Verknüpfungen werden nicht gelesen: eine Vorlage darf nur Dateien aus ihrem eigenen Ordner verwenden."
        )));
    }
    if !meta.is_file() {
        return Err(Error::invalid(format!(
            "„{name}“ in der Vorlage ist keine gewöhnliche Datei."
        )));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(TEMPLATE_MAX_FILE_BYTES.saturating_add(1))
        .read_to_end(&mut bytes)?;
    *total = total.saturating_add(bytes.len() as u64);
    if bytes.len() as u64 > TEMPLATE_MAX_FILE_BYTES || *total > TEMPLATE_MAX_TOTAL_BYTES {
        return Err(Error::invalid(format!(
            "Die Vorlage ist zu groß („{name}“): höchstens 20 MB je Datei und 60 MB insgesamt."
        )));
    }
    Ok(bytes)
}

fn template_text(path: &Path, total: &mut u64) -> Result<String> {
    String::from_utf8(template_file(path, total)?).map_err(|_| {
        Error::invalid(format!(
            "„{}“ in der Vorlage ist keine Textdatei (UTF-8).",
            path.display()
        ))
    })
}

/// Reads a consultancy template folder: `report.typ`, further `.typ` sources and assets
/// (fonts are the embedded ones). Only regular files directly in the folder, no links, within
/// the caps above.
fn template_files(dir: &Path) -> Result<TemplateFiles> {
    let mut total = 0;
    let main_path = dir.join("report.typ");
    if !main_path.exists() && std::fs::symlink_metadata(&main_path).is_err() {
        return Err(Error::invalid(format!(
            "Die Vorlage „{}“ enthält keine lesbare report.typ.",
            dir.display()
        )));
    }
    let main = template_text(&main_path, &mut total)?;
    let mut sources = Vec::new();
    let mut files = Vec::new();
    for (count, entry) in std::fs::read_dir(dir)?.enumerate() {
        if count >= TEMPLATE_MAX_FILES {
            return Err(Error::invalid(format!(
                "Der Vorlagenordner „{}“ enthält mehr als {TEMPLATE_MAX_FILES} Einträge.",
                dir.display()
            )));
        }
        let entry = entry?;
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(String::from) else {
            continue;
        };
        // Sub-folders are not part of a template; the files the app provides are not read.
        if entry.file_type()?.is_dir()
            || name == "report.typ"
            || name == "data.json"
            || name.ends_with(".svg") && name.starts_with("chart-")
        {
            continue;
        }
        if name.ends_with(".typ") {
            sources.push((format!("/{name}"), template_text(&path, &mut total)?));
        } else {
            files.push((format!("/{name}"), template_file(&path, &mut total)?));
        }
    }
    Ok(TemplateFiles {
        main,
        sources,
        files,
    })
}

/// A virtual file: path and content.
type VirtualFile = (String, Vec<u8>);

/// The virtual files every template sees: `/data.json` (checked against the fonts), the
/// charts `/chart-*.svg` and the logo (`/logo.png|jpg|svg`, named in `data.logo`); plus the
/// warnings about replaced characters.
fn inputs(
    data: &ReportData,
    charts: &ReportCharts,
    fonts: &[Font],
) -> Result<(Vec<VirtualFile>, Vec<String>)> {
    let mut warnings = Vec::new();
    let mut value = serde_json::to_value(data)?;
    let mut replaced = Vec::new();
    printable::printable_value(&mut value, &printable::Coverage::new(fonts), &mut replaced);
    if !replaced.is_empty() {
        warnings.push(printable::note("Berichtstext", &replaced));
    }
    let mut files = vec![("/data.json".to_string(), serde_json::to_vec(&value)?)];
    let mut svgs = vec![
        (
            "/chart-radar.svg".to_string(),
            "Diagramm IST und SOLL",
            &charts.radar,
        ),
        (
            "/chart-timeline.svg".to_string(),
            "Zeitplan-Diagramm",
            &charts.timeline,
        ),
        ("/chart-roadmap.svg".to_string(), "Roadmap", &charts.roadmap),
        (
            "/chart-portfolio.svg".to_string(),
            "Portfolio-Diagramm",
            &charts.portfolio,
        ),
        (
            "/chart-budget.svg".to_string(),
            "Kostendiagramm",
            &charts.budget,
        ),
    ];
    for (part, chart) in data.plan.roadmap_parts.iter().zip(&charts.roadmap_parts) {
        svgs.push((format!("/{}", part.file), "Roadmap", chart));
    }
    let chart_fonts = chart_fonts();
    let chart_coverage = printable::Coverage::new(&chart_fonts);
    for (name, place, chart) in svgs {
        let mut replaced = Vec::new();
        let svg = chart_coverage
            .printable(&chart.svg, &mut replaced)
            .unwrap_or_else(|| chart.svg.clone());
        if !replaced.is_empty() {
            let note = printable::note(place, &replaced);
            if !warnings.contains(&note) {
                warnings.push(note);
            }
        }
        files.push((name, svg.into_bytes()));
    }
    if let (Some(name), Some((_, bytes))) = (&data.cover.logo, &charts.logo) {
        files.push((format!("/{name}"), bytes.clone()));
    }
    Ok((files, warnings))
}

/// Writes the built-in template with this project's data, charts and fonts into `dir`, so the
/// report can be compiled by the `typst` command line too (template development, benchmark).
pub fn write_sources(data: &ReportData, charts: &ReportCharts, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir.join("fonts"))?;
    let (files, _) = inputs(data, charts, &fonts())?;
    for (name, bytes) in files {
        std::fs::write(dir.join(name.trim_start_matches('/')), bytes)?;
    }
    std::fs::write(dir.join("report.typ"), TEMPLATE)?;
    for (i, font) in FONTS.iter().enumerate() {
        std::fs::write(dir.join("fonts").join(format!("font{i}.ttf")), font)?;
    }
    Ok(())
}

/// Compiles the report. `template_dir` replaces the built-in template (corporate design).
pub fn render(
    data: &ReportData,
    charts: &ReportCharts,
    template_dir: Option<&Path>,
) -> Result<Rendered> {
    let fonts = fonts();
    let (inputs, warnings) = inputs(data, charts, &fonts)?;
    let TemplateFiles {
        main,
        sources,
        files: extra,
    } = match template_dir {
        Some(dir) => template_files(dir)?,
        None => TemplateFiles {
            main: TEMPLATE.to_string(),
            sources: Vec::new(),
            files: Vec::new(),
        },
    };
    let id = |p: &str| file_id(p).ok_or_else(|| Error::Storage(format!("ungültiger Pfad {p}")));
    let mut files = Vec::new();
    for (name, bytes) in inputs {
        files.push((id(&name)?, bytes));
    }
    for (name, bytes) in extra {
        files.push((id(&name)?, bytes));
    }
    let sources = sources
        .into_iter()
        .map(|(name, text)| Ok((id(&name)?, text)))
        .collect::<Result<Vec<_>>>()?;
    let [y, m, d] = data.cover.date_parts;
    let today = NaiveDate::from_ymd_opt(y, m as u32, d as u32)
        .and_then(|date| Datetime::from_ymd(date.year(), date.month() as u8, date.day() as u8));
    let world = ReportWorld::new(fonts, (id("/report.typ")?, main), sources, files, today);
    let ident = format!("zukunftskommune-{}", data.municipality.name);
    // Compiled on its own thread with a deadline: a template that loops or lays out without end
    // gets a German message instead of freezing the program; a panic inside typst, too.
    let (done, result) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("bericht".into())
        .spawn(move || {
            let _ = done.send(compile(&world, ident, today));
        })?;
    let deadline = compile_deadline();
    let (pdf, pages) = match result.recv_timeout(deadline) {
        Ok(compiled) => compiled?,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            return Err(Error::invalid(format!(
                "Die Berichtsvorlage braucht zu lange (über {} Sekunden) und wurde abgebrochen. Bitte prüfen Sie Schleifen in der Vorlage.",
                deadline.as_secs()
            )))
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            return Err(Error::Storage(
                "Der Bericht konnte nicht erzeugt werden (Fehler im Satzprogramm).".into(),
            ))
        }
    };
    Ok(Rendered {
        pages,
        pdf,
        warnings,
    })
}

/// Compiles the Beschlussvorlage from its content (the same text the Word version carries) as a
/// PDF/A-2a + PDF/UA-1 like the strategy; `date` stands in the document's metadata.
pub fn render_vorlage(
    content: &impl serde::Serialize,
    date: NaiveDate,
    municipality: &str,
) -> Result<Rendered> {
    let fonts = fonts();
    let mut value = serde_json::to_value(content)?;
    let mut replaced = Vec::new();
    printable::printable_value(&mut value, &printable::Coverage::new(&fonts), &mut replaced);
    let warnings = if replaced.is_empty() {
        Vec::new()
    } else {
        vec![printable::note("Beschlussvorlage", &replaced)]
    };
    let id = |p: &str| file_id(p).ok_or_else(|| Error::Storage(format!("ungültiger Pfad {p}")));
    let files = vec![(id("/vorlage.json")?, serde_json::to_vec(&value)?)];
    let today = Datetime::from_ymd(date.year(), date.month() as u8, date.day() as u8);
    let world = ReportWorld::new(
        fonts,
        (id("/vorlage.typ")?, VORLAGE_TEMPLATE.to_string()),
        Vec::new(),
        files,
        today,
    );
    let (pdf, pages) = compile(
        &world,
        format!("zukunftskommune-vorlage-{municipality}"),
        today,
    )?;
    Ok(Rendered {
        pages,
        pdf,
        warnings,
    })
}

/// The most pages a report may have; more means a template runs away.
const MAX_PAGES: usize = 2000;

/// How long a report may take: 180 s, or `ZUKUNFT_REPORT_DEADLINE_SECS` (tests, slow machines).
fn compile_deadline() -> std::time::Duration {
    let secs = std::env::var("ZUKUNFT_REPORT_DEADLINE_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(180);
    std::time::Duration::from_secs(secs)
}

/// Typst compile and PDF export; the PDF and its page count.
fn compile(
    world: &ReportWorld,
    ident: String,
    today: Option<Datetime>,
) -> Result<(Vec<u8>, usize)> {
    let compiled = typst::compile::<PagedDocument>(world);
    let document = compiled.output.map_err(|errors| {
        Error::invalid(format!(
            "Die Berichtsvorlage lässt sich nicht übersetzen:\n{}",
            describe(world, &errors)
        ))
    })?;
    let pages = document.pages().len();
    if pages > MAX_PAGES {
        return Err(Error::invalid(format!(
            "Der Bericht hätte {pages} Seiten (höchstens {MAX_PAGES}); bitte die Vorlage prüfen."
        )));
    }
    let standards = PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1])
        .map_err(|e| Error::Storage(format!("PDF-Standards: {e:?}")))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident),
        creator: Smart::Custom(Some("Zukunftskommune".into())),
        // The report date, for templates that leave `set document(date: auto)` (PDF/A needs one).
        timestamp: today.map(Timestamp::new_utc),
        standards,
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| {
        Error::invalid(format!(
            "Der Bericht verletzt PDF/A oder PDF/UA:\n{}",
            describe(world, &errors)
        ))
    })?;
    typst::comemo::evict(10);
    Ok((pdf, pages))
}
