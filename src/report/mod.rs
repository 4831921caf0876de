//! The strategy report: report data (`data.rs`, pure) → Typst compile in process (`layout`) →
//! PDF bytes, or the live preview's SVG pages from the very same layout. The only module that
//! imports typst. User text reaches the template only as values of `data.json`, never as markup.
//! Output: PDF/A-2a + PDF/UA-1, deterministic for the same input.

pub mod data;
pub(crate) mod fonts;
mod printable;
mod world;

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::WorldExt;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use data::{ReportCharts, ReportData};
use world::{file_id, ReportWorld};

const TEMPLATE: &str = include_str!("../../assets/report/report.typ");
/// The Beschlussvorlage's template (reads `/vorlage.json`).
const VORLAGE_TEMPLATE: &str = include_str!("../../assets/report/vorlage.typ");
/// The Umsetzungsbericht's template (reads `/implementation.json`).
const IMPLEMENTATION_TEMPLATE: &str = include_str!("../../assets/report/implementation.typ");
/// The printable workshop sheets' template (reads `/sheets.json`).
const SHEETS_TEMPLATE: &str = include_str!("../../assets/report/sheets.typ");
/// A generated report.
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Characters the fonts cannot show, replaced visibly; for the consultant to see.
    pub warnings: Vec<String>,
}

/// The faces chart text is checked against: an SVG's text takes its first font family
/// (Liberation Sans) without falling back per character.
fn chart_faces() -> Vec<&'static typst::text::FontInfo> {
    fonts::infos()
        .iter()
        .filter(|info| info.family == "Liberation Sans")
        .collect()
}

/// Makes every row of the report input printable with the embedded fonts (see
/// [`printable`]); returns a German warning per field that had characters replaced.
pub fn make_printable(input: &mut data::ReportInput) -> Vec<String> {
    printable::printable_input(input)
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
fn inputs(data: &ReportData, charts: &ReportCharts) -> Result<(Vec<VirtualFile>, Vec<String>)> {
    let mut warnings = Vec::new();
    let mut value = serde_json::to_value(data)?;
    let mut replaced = Vec::new();
    printable::printable_value(&mut value, &printable::Coverage::all(), &mut replaced);
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
    let chart_coverage = printable::Coverage::new(chart_faces());
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
    let (files, _) = inputs(data, charts)?;
    for (name, bytes) in files {
        std::fs::write(dir.join(name.trim_start_matches('/')), bytes)?;
    }
    std::fs::write(dir.join("report.typ"), TEMPLATE)?;
    for (name, font) in fonts::files() {
        std::fs::write(dir.join("fonts").join(name), font)?;
    }
    Ok(())
}

/// The world a report is compiled in: the template (built-in, or `template_dir` for a
/// consultancy's corporate design), the data, charts, logo and fonts; with the warnings about
/// replaced characters and the report's date.
fn report_world(
    data: &ReportData,
    charts: &ReportCharts,
    template_dir: Option<&Path>,
) -> Result<(ReportWorld, Vec<String>, Option<Datetime>)> {
    let (inputs, warnings) = inputs(data, charts)?;
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
    let world = ReportWorld::new((id("/report.typ")?, main), sources, files, today);
    Ok((world, warnings, today))
}

/// What a compile leaves behind once its result is made: the laid-out pages and the world.
/// Freeing them is many small frees (the 1,500-measure report holds about 800 MB), so the
/// compile's thread does it after the result is sent, together with ageing Typst's memoised
/// layout; nobody waits for either.
type Leftovers = (PagedDocument, ReportWorld);

/// Runs a compile on its own thread with a deadline: a template that loops or lays out without
/// end gets a German message instead of freezing the program; a panic inside typst, too.
fn with_deadline<T: Send + 'static>(
    work: impl FnOnce() -> Result<(T, Leftovers)> + Send + 'static,
) -> Result<T> {
    let (done, result) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("bericht".into())
        .spawn(move || match work() {
            Ok((value, leftovers)) => {
                let _ = done.send(Ok(value));
                // Keeps Typst's memoised layout for a few compiles: the next one after an
                // edit is fast.
                typst::comemo::evict(10);
                drop(leftovers);
            }
            Err(error) => {
                let _ = done.send(Err(error));
            }
        })?;
    let deadline = compile_deadline();
    match result.recv_timeout(deadline) {
        Ok(compiled) => compiled,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(Error::invalid(format!(
            "Die Berichtsvorlage braucht zu lange (über {} Sekunden) und wurde abgebrochen. Bitte prüfen Sie Schleifen in der Vorlage.",
            deadline.as_secs()
        ))),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(Error::Storage(
            "Der Bericht konnte nicht erzeugt werden (Fehler im Satzprogramm).".into(),
        )),
    }
}

/// The PDF (PDF/A-2a + PDF/UA-1) of `world`'s document and its page count, with a deadline.
fn compile_pdf(
    world: ReportWorld,
    ident: String,
    today: Option<Datetime>,
) -> Result<(Vec<u8>, usize)> {
    with_deadline(move || {
        let document = layout(&world)?;
        let pdf = export_pdf(&world, &document, ident, today)?;
        let pages = document.pages().len();
        Ok(((pdf, pages), (document, world)))
    })
}

/// Compiles the report. `template_dir` replaces the built-in template (corporate design).
pub fn render(
    data: &ReportData,
    charts: &ReportCharts,
    template_dir: Option<&Path>,
) -> Result<Rendered> {
    let (world, warnings, today) = report_world(data, charts, template_dir)?;
    let ident = format!("zukunftskommune-{}", data.municipality.name);
    let (pdf, pages) = compile_pdf(world, ident, today)?;
    Ok(Rendered {
        pages,
        pdf,
        warnings,
    })
}

/// One page of the live preview: its drawing (SVG, the text as glyph outlines) and its text,
/// for screen readers and for finding what was typed.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PreviewPage {
    /// 1-based.
    pub number: usize,
    pub svg: String,
    pub text: String,
}

/// Where a chapter (a level-1 heading) begins in the laid-out report.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PreviewChapter {
    /// The heading as printed, with the number the template writes before the title
    /// („2 Ausgangslage“; „Vorwort“ without one).
    pub heading: String,
    pub page: usize,
}

impl PreviewChapter {
    /// Whether this is the chapter the project calls `title`: the heading is the title, or a
    /// chapter number („2“, „2.3“) and a space before it. A title that itself begins with a
    /// number („2030 im Blick“) is found either way.
    pub fn is_titled(&self, title: &str) -> bool {
        self.heading == title
            || self
                .heading
                .strip_suffix(title)
                .and_then(|before| before.strip_suffix(' '))
                .is_some_and(|number| {
                    !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == '.')
                })
    }
}

/// Pages of the report as the PDF would have them, from the same compile (`layout`).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Preview {
    pub page_count: usize,
    /// The pages asked for, in order.
    pub pages: Vec<PreviewPage>,
    pub chapters: Vec<PreviewChapter>,
    /// Characters the fonts cannot show, replaced visibly; for the consultant to see.
    pub warnings: Vec<String>,
}

/// Lays the report out as for the PDF and draws the pages `first ..= first + count - 1` (1-based,
/// clamped to the document) as SVG; `first` may be given as a chapter title instead.
pub fn preview(
    data: &ReportData,
    charts: &ReportCharts,
    template_dir: Option<&Path>,
    first: PreviewStart,
    count: usize,
) -> Result<Preview> {
    let (world, warnings, _) = report_world(data, charts, template_dir)?;
    with_deadline(move || {
        let document = layout(&world)?;
        let chapters = chapters(&document);
        let page_count = document.pages().len();
        let first = match first {
            PreviewStart::Page(page) => page,
            PreviewStart::Chapter(title) => chapters
                .iter()
                .find(|c| c.is_titled(&title))
                .map(|c| c.page)
                .unwrap_or(1),
        }
        .clamp(1, page_count.max(1));
        let options = typst_svg::SvgOptions::default();
        let pages = document
            .pages()
            .iter()
            .enumerate()
            .skip(first.saturating_sub(1))
            .take(count)
            .map(|(i, page)| {
                let mut text = String::new();
                frame_text(&page.frame, &mut text);
                PreviewPage {
                    number: i.saturating_add(1),
                    svg: typst_svg::svg(page, &options),
                    text: text.trim_end().to_string(),
                }
            })
            .collect();
        let preview = Preview {
            page_count,
            pages,
            chapters,
            warnings,
        };
        Ok((preview, (document, world)))
    })
}

/// Where the preview begins: a page number, or the page a chapter title begins on.
pub enum PreviewStart {
    Page(usize),
    Chapter(String),
}

/// The level-1 headings and the pages they stand on.
fn chapters(document: &PagedDocument) -> Vec<PreviewChapter> {
    use typst::foundations::{NativeElement, Selector, StyleChain};
    use typst::introspection::Introspector;
    use typst::model::HeadingElem;
    let introspector = document.introspector();
    introspector
        .query(&Selector::Elem(HeadingElem::ELEM, None))
        .iter()
        .filter_map(|h| {
            let heading = h.to_packed::<HeadingElem>()?;
            if heading.resolve_level(StyleChain::default()).get() != 1 {
                return None;
            }
            let page = introspector.page(h.location()?)?;
            Some(PreviewChapter {
                heading: heading.body.plain_text().to_string(),
                page: page.get(),
            })
        })
        .collect()
}

/// The text of a laid-out page in layout order, a line per text run.
fn frame_text(frame: &typst::layout::Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            typst::layout::FrameItem::Group(group) => frame_text(&group.frame, out),
            typst::layout::FrameItem::Text(text) => {
                out.push_str(text.text.as_str());
                out.push('\n');
            }
            _ => {}
        }
    }
}

/// Compiles the Beschlussvorlage from its content (the same text the Word version carries) as a
/// PDF/A-2a + PDF/UA-1 like the strategy; `date` stands in the document's metadata.
pub fn render_vorlage(
    content: &impl serde::Serialize,
    date: NaiveDate,
    municipality: &str,
) -> Result<Rendered> {
    render_document(
        ("/vorlage.typ", VORLAGE_TEMPLATE),
        "/vorlage.json",
        content,
        date,
        format!("zukunftskommune-vorlage-{municipality}"),
        "Beschlussvorlage",
    )
}

/// The printable workshop sheets (paper fallback of the room's phones) from `sheets.json`.
pub fn render_sheets(
    content: &impl serde::Serialize,
    date: NaiveDate,
    municipality: &str,
) -> Result<Rendered> {
    render_document(
        ("/sheets.typ", SHEETS_TEMPLATE),
        "/sheets.json",
        content,
        date,
        format!("zukunftskommune-boegen-{municipality}"),
        "Workshop-Bögen",
    )
}

/// The Umsetzungsbericht (state of the adopted strategy at a status round) from
/// `implementation.json`; charts travel inside it as SVG text.
pub fn render_implementation(
    content: &impl serde::Serialize,
    date: NaiveDate,
    municipality: &str,
) -> Result<Rendered> {
    render_document(
        ("/implementation.typ", IMPLEMENTATION_TEMPLATE),
        "/implementation.json",
        content,
        date,
        format!("zukunftskommune-umsetzung-{municipality}"),
        "Umsetzungsbericht",
    )
}

/// A built-in template (`path`, source) over one JSON file of `content`, made printable first
/// (a warning names `what` when characters were replaced); PDF/A-2a + PDF/UA-1 like the report.
fn render_document(
    (path, source): (&str, &str),
    json_path: &str,
    content: &impl serde::Serialize,
    date: NaiveDate,
    ident: String,
    what: &str,
) -> Result<Rendered> {
    let mut value = serde_json::to_value(content)?;
    let mut replaced = Vec::new();
    printable::printable_value(&mut value, &printable::Coverage::all(), &mut replaced);
    let warnings = if replaced.is_empty() {
        Vec::new()
    } else {
        vec![printable::note(what, &replaced)]
    };
    let id = |p: &str| file_id(p).ok_or_else(|| Error::Storage(format!("ungültiger Pfad {p}")));
    let files = vec![(id(json_path)?, serde_json::to_vec(&value)?)];
    let today = Datetime::from_ymd(date.year(), date.month() as u8, date.day() as u8);
    let world = ReportWorld::new((id(path)?, source.to_string()), Vec::new(), files, today);
    let (pdf, pages) = compile_pdf(world, ident, today)?;
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

/// The Typst compile: the laid-out pages the PDF and the preview are both made from.
fn layout(world: &ReportWorld) -> Result<PagedDocument> {
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
    Ok(document)
}

/// The PDF of a laid-out report: PDF/A-2a + PDF/UA-1.
fn export_pdf(
    world: &ReportWorld,
    document: &PagedDocument,
    ident: String,
    today: Option<Datetime>,
) -> Result<Vec<u8>> {
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
    typst_pdf::pdf(document, &options).map_err(|errors| {
        Error::invalid(format!(
            "Der Bericht verletzt PDF/A oder PDF/UA:\n{}",
            describe(world, &errors)
        ))
    })
}
