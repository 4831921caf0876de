//! The strategy as an editable Word document (docx-rs): the chapters, titles, texts, tables and
//! charts of the PDF report, built from the same [`ReportData`] in the same order as the
//! template `assets/report/report.typ` (a test compares the two documents' text). What makes it
//! a Word document rather than a picture of one: headings in the built-in styles
//! „Überschrift 1–3“ with outline levels and list numbering (navigation pane, updatable table of
//! contents), header rows that repeat on every page, the charts as pictures with alt text,
//! „Seite x von y“ as fields, A4, German as the document's language.
//!
//! docx-rs lacks some of these; [`finish`] adds them to its XML before packing: the repeating
//! header row (`w:tblHeader` beside `w:cantSplit`, which only header rows carry here), the
//! pictures' ids and alt texts (`wp:docPr`), the language (`w:lang`), „Standard“ as the default
//! paragraph style, and Word's request to update the fields on opening. User text is always a
//! text run that docx-rs escapes: nothing typed becomes markup or a field.

use std::io::Cursor;

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, FieldCharType, Footer, Header, IndentLevel,
    InstrText, Level, LevelJc, LevelSuffixType, LevelText, LineSpacing, LineSpacingType, NumPages,
    NumberFormat, Numbering, NumberingId, PageMargin, PageNum, Paragraph, Pic, Run, RunFonts,
    Shading, Start, Style, StyleType, Tab, TabLeaderType, TabValueType, Table, TableCell,
    TableLayoutType, TableRow, WidthType,
};

use crate::error::{Error, Result};
use crate::model::ImageFormat;
use crate::report::data::{MeasureData, MeasureNames, ReportCharts, ReportData};

const ACCENT: &str = "1D4F91";
const MUTED: &str = "5A5A5A";
const HEAD_FILL: &str = "E8EEF6";
/// A4 in twentieths of a point; margins as the PDF's: 2.3 cm at the sides, 2.7 cm top, 2.4 cm bottom.
const PAGE: (u32, u32) = (11_906, 16_838);
const MARGIN: PageMargin = PageMargin {
    top: 1_531,
    left: 1_304,
    bottom: 1_361,
    right: 1_304,
    header: 709,
    footer: 709,
    gutter: 0,
};
/// The width and height text may take, in twentieths of a point.
const TEXT_WIDTH: u32 = 9_298;
const TEXT_HEIGHT: u32 = 13_946;
/// EMU (pictures) per twentieth of a point.
const EMU: u32 = 635;
/// A chart across the text width is rasterised this many pixels wide (about 190 dpi: sharp on
/// paper, and a 1,500-measure strategy stays a file one can send).
const CHART_PIXELS: u32 = 1_240;
/// The numbering of headings (1, 1.1) and of bullet lists.
/// (docx-rs defines numbering 1 itself.)
const HEADING_NUMBERS: usize = 10;
const BULLETS: usize = 11;

/// A line of the table of contents: level, text with its number, the heading's bookmark.
struct TocEntry {
    level: usize,
    text: String,
    bookmark: String,
}

/// One block of the document body.
enum Block {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// The document as it is written: its body, the table of contents' entries and the pictures'
/// alt texts in the order they appear.
struct Writer {
    body: Vec<Block>,
    toc: Vec<TocEntry>,
    alts: Vec<String>,
    figures: usize,
    /// The heading numbers as Word will count them (1, 1.1), for the table of contents.
    numbers: [usize; 2],
    svg: resvg::usvg::Options<'static>,
}

/// Whether a character may stand in XML 1.0 (control characters may not; they are dropped).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// A run of literal text; a line break in the text is a line break in Word.
fn run(text: &str) -> Run {
    let mut r = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        r = r.add_text(line.chars().filter(|c| xml_char(*c)).collect::<String>());
    }
    r
}

fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text))
}

/// Column alignment of a table: `l`, `c` or `r` per column.
fn align(spec: &str, column: usize) -> AlignmentType {
    match spec.as_bytes().get(column) {
        Some(b'r') => AlignmentType::Right,
        Some(b'c') => AlignmentType::Center,
        _ => AlignmentType::Left,
    }
}

/// `value × part ÷ whole` in 64 bits, saturating (sizes of pictures and columns).
fn proportion(value: u32, part: u32, whole: u32) -> u32 {
    let scaled = u64::from(value)
        .saturating_mul(u64::from(part))
        .checked_div(u64::from(whole.max(1)))
        .unwrap_or(0);
    u32::try_from(scaled).unwrap_or(u32::MAX)
}

/// Column widths from weights, over the text width.
fn widths(weights: &[usize]) -> Vec<usize> {
    let sum: usize = weights.iter().sum::<usize>().max(1);
    let sum = u32::try_from(sum).unwrap_or(u32::MAX);
    weights
        .iter()
        .map(|w| proportion(TEXT_WIDTH, u32::try_from(*w).unwrap_or(0), sum) as usize)
        .collect()
}

fn cell(text: &str, width: usize, alignment: AlignmentType, bold: bool) -> TableCell {
    let mut r = run(text).size(18);
    if bold {
        r = r.bold();
    }
    TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(cell_paragraph().align(alignment).add_run(r))
}

/// An opaque picture as an RGB PNG (a quarter smaller than with its alpha channel).
fn png_rgb(pixmap: &resvg::tiny_skia::Pixmap) -> Result<Vec<u8>> {
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    use image::ImageEncoder;
    // On white every pixel is opaque, so the premultiplied colour is the colour.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut png = Vec::new();
    PngEncoder::new_with_quality(&mut png, CompressionType::Default, FilterType::Adaptive)
        .write_image(
            &rgb,
            pixmap.width(),
            pixmap.height(),
            image::ExtendedColorType::Rgb8,
        )
        .map_err(document_error)?;
    Ok(png)
}

/// A paragraph in a table cell: close lines, no space after.
fn cell_paragraph() -> Paragraph {
    Paragraph::new().line_spacing(
        LineSpacing::new()
            .line_rule(LineSpacingType::Auto)
            .before(20)
            .after(20)
            .line(240),
    )
}

fn rows_of<const N: usize>(rows: &[[String; N]]) -> Vec<Vec<String>> {
    rows.iter().map(|r| r.to_vec()).collect()
}

fn document_error(e: impl std::fmt::Display) -> Error {
    Error::Export(format!("Word-Dokument der Strategie: {e}"))
}

impl Writer {
    fn new() -> Writer {
        let mut svg = resvg::usvg::Options {
            font_family: "Liberation Sans".into(),
            ..Default::default()
        };
        for (_, font) in crate::report::fonts::files() {
            svg.fontdb_mut().load_font_data(font);
        }
        Writer {
            body: Vec::new(),
            toc: Vec::new(),
            alts: Vec::new(),
            figures: 0,
            numbers: [0; 2],
            svg,
        }
    }

    fn push(&mut self, p: Paragraph) {
        self.body.push(Block::Paragraph(Box::new(p)));
    }

    fn push_table(&mut self, t: Table) {
        self.body.push(Block::Table(Box::new(t)));
    }

    fn text(&mut self, text: &str) {
        self.push(para(text));
    }

    /// A heading in the style „Überschrift 1–3“; levels 1 and 2 numbered like the PDF (1, 1.1)
    /// unless `numbered` is false, levels 1 and 2 in the table of contents. A level-1 heading
    /// starts a page.
    fn heading(&mut self, level: usize, title: &str, numbered: bool) {
        let mut p = Paragraph::new()
            .style(&format!("Heading{level}"))
            .keep_next(true);
        let mut entry = title.to_string();
        if numbered && level <= 2 {
            p = p.numbering(
                NumberingId::new(HEADING_NUMBERS),
                IndentLevel::new(level.saturating_sub(1)),
            );
            if level == 1 {
                self.numbers = [self.numbers[0].saturating_add(1), 0];
                entry = format!("{} {title}", self.numbers[0]);
            } else {
                self.numbers[1] = self.numbers[1].saturating_add(1);
                entry = format!("{}.{} {title}", self.numbers[0], self.numbers[1]);
            }
        }
        if level == 1 {
            p = p.page_break_before(true);
        }
        if level <= 2 {
            let id = self.toc.len().saturating_add(1);
            let key = format!("_Toc{id:05}");
            p = p
                .add_bookmark_start(id, &key)
                .add_run(run(title))
                .add_bookmark_end(id);
            self.toc.push(TocEntry {
                level,
                text: entry,
                bookmark: key,
            });
        } else {
            p = p.add_run(run(title));
        }
        self.push(p);
    }

    /// Measures still open, as the PDF names them: a few with titles, many by number.
    fn open_measures(&mut self, label: &str, names: &MeasureNames) {
        if names.count == 0 {
            return;
        }
        self.text(&format!("{label} ({}):", names.count));
        if names.numbers.is_empty() {
            self.bullets(&names.listed);
        } else {
            self.text(&names.numbers);
        }
    }

    fn bullets(&mut self, items: &[String]) {
        for item in items {
            self.push(para(item).numbering(NumberingId::new(BULLETS), IndentLevel::new(0)));
        }
    }

    /// A table with a header row that repeats on every page; `total` is a bold last row.
    fn table(
        &mut self,
        heads: &[&str],
        weights: &[usize],
        alignment: &str,
        rows: Vec<Vec<String>>,
        total: Option<Vec<String>>,
    ) {
        let widths = widths(weights);
        let head = TableRow::new(
            heads
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (h, w))| {
                    cell(h, *w, align(alignment, i), true).shading(Shading::new().fill(HEAD_FILL))
                })
                .collect(),
        )
        // Marks the header row; `finish` adds `w:tblHeader` beside it.
        .cant_split();
        let mut table_rows = vec![head];
        let body = rows.into_iter().map(|r| (r, false));
        for (row, bold) in body.chain(total.map(|t| (t, true))) {
            table_rows.push(TableRow::new(
                row.iter()
                    .zip(&widths)
                    .enumerate()
                    .map(|(i, (t, w))| cell(t, *w, align(alignment, i), bold))
                    .collect(),
            ));
        }
        self.push_table(
            Table::new(table_rows)
                .set_grid(widths)
                .width(TEXT_WIDTH as usize, WidthType::Dxa)
                .layout(TableLayoutType::Fixed),
        );
        self.push(Paragraph::new());
    }

    /// Label and value pairs without lines, the label muted (profile, cover facts).
    fn facts(&mut self, rows: &[[String; 2]]) {
        let widths = widths(&[3, 7]);
        let rows = rows
            .iter()
            .map(|[label, value]| {
                TableRow::new(vec![
                    TableCell::new()
                        .width(widths[0], WidthType::Dxa)
                        .add_paragraph(cell_paragraph().add_run(run(label).color(MUTED))),
                    TableCell::new()
                        .width(widths[1], WidthType::Dxa)
                        .add_paragraph(cell_paragraph().add_run(run(value))),
                ])
            })
            .collect();
        self.push_table(
            Table::without_borders(rows)
                .set_grid(widths)
                .width(TEXT_WIDTH as usize, WidthType::Dxa)
                .layout(TableLayoutType::Fixed),
        );
        self.push(Paragraph::new());
    }

    fn measure_table(&mut self, measures: &[MeasureData]) {
        self.table(
            &["Nr.", "Maßnahme", "Priorität", "Zeitraum", "Einmalig"],
            &[11, 39, 13, 22, 15],
            "llclr",
            measures
                .iter()
                .map(|m| {
                    vec![
                        m.number.clone(),
                        m.title.clone(),
                        m.priority.clone(),
                        m.period.clone(),
                        m.cost_once.clone(),
                    ]
                })
                .collect(),
            None,
        );
    }

    /// One Steckbrief: a two-column table kept on one page, its title across both columns.
    fn steckbrief(&mut self, m: &MeasureData) {
        let widths = widths(&[23, 77]);
        let mut title = run(&format!("{} – {}", m.number, m.title))
            .bold()
            .color(ACCENT);
        if m.quick_win {
            title = title.add_text("  · Quick Win");
        }
        let or_dash = |s: &str| {
            if s.is_empty() {
                "–".to_string()
            } else {
                s.to_string()
            }
        };
        let fields = [
            ("Lebensbereich", m.area.clone()),
            ("Beschreibung", m.description.clone()),
            ("Ziel und Wirkung", m.goal.clone()),
            ("Federführung", m.lead.clone()),
            ("Beteiligte", m.parties.clone()),
            (
                "Priorität",
                format!(
                    "{} · Aufwand {} · Nutzen {} · Score: {}",
                    m.priority, m.effort, m.benefit, m.score
                ),
            ),
            ("Zeitraum", m.period.clone()),
            ("Kosten", m.costs.clone()),
            ("Finanzierung", m.funding.clone()),
            ("Abhängigkeiten", or_dash(&m.dependencies)),
            ("Kennzahlen", or_dash(&m.kpis.join("; "))),
            ("Status", m.status.clone()),
        ];
        let last = fields.len();
        let keep = |p: Paragraph, i: usize| if i < last { p.keep_next(true) } else { p };
        let mut rows = vec![TableRow::new(vec![TableCell::new()
            .width(TEXT_WIDTH as usize, WidthType::Dxa)
            .grid_span(2)
            .shading(Shading::new().fill(HEAD_FILL))
            .add_paragraph(cell_paragraph().keep_next(true).add_run(title))])];
        for (i, (label, value)) in (1..).zip(fields) {
            rows.push(TableRow::new(vec![
                TableCell::new()
                    .width(widths[0], WidthType::Dxa)
                    .add_paragraph(keep(
                        cell_paragraph().add_run(run(label).size(18).color(MUTED)),
                        i,
                    )),
                TableCell::new()
                    .width(widths[1], WidthType::Dxa)
                    .add_paragraph(keep(cell_paragraph().add_run(run(&value).size(18)), i)),
            ]));
        }
        self.push_table(
            Table::new(rows)
                .set_grid(widths)
                .width(TEXT_WIDTH as usize, WidthType::Dxa)
                .layout(TableLayoutType::Fixed),
        );
        self.push(Paragraph::new());
    }

    /// A chart as a picture (the report's SVG, rasterised) at `percent` of the text width, with
    /// its alt text and a numbered caption like the PDF's.
    fn chart(&mut self, svg: &str, alt: &str, caption: &str, percent: u32) -> Result<()> {
        let (png, w, h) = self.rasterise(svg, proportion(CHART_PIXELS, percent, 100))?;
        let mut width = proportion(TEXT_WIDTH, percent, 100);
        let mut height = proportion(width, h, w);
        // A tall chart (a long roadmap part) keeps room for its caption on the page.
        let most = TEXT_HEIGHT * 85 / 100;
        if height > most {
            width = proportion(width, most, height);
            height = most;
        }
        self.figures = self.figures.saturating_add(1);
        let picture = self.picture(png, (w, h), (width, height), alt);
        self.push(
            Paragraph::new()
                .align(AlignmentType::Center)
                .keep_next(true)
                .add_run(Run::new().add_image(picture)),
        );
        self.push(
            Paragraph::new()
                .style("Caption")
                .align(AlignmentType::Center)
                .add_run(run(&format!("Abbildung {}: {caption}", self.figures))),
        );
        Ok(())
    }

    /// A picture with a deterministic id; its alt text is written by [`finish`].
    fn picture(&mut self, png: Vec<u8>, pixels: (u32, u32), twips: (u32, u32), alt: &str) -> Pic {
        self.alts.push(alt.to_string());
        Pic::new_with_dimensions(png, pixels.0, pixels.1)
            .size(twips.0.saturating_mul(EMU), twips.1.saturating_mul(EMU))
            .id(format!("rIdImage{}", self.alts.len()))
    }

    /// An SVG as PNG `width` pixels wide, drawn with the report's fonts on white.
    fn rasterise(&self, svg: &str, width: u32) -> Result<(Vec<u8>, u32, u32)> {
        use resvg::tiny_skia::{Color, Pixmap, Transform};
        let tree = resvg::usvg::Tree::from_str(svg, &self.svg).map_err(document_error)?;
        let size = tree.size();
        let scale = width as f32 / size.width().max(1.0);
        let height = ((size.height() * scale).ceil() as u32).clamp(1, 12_000);
        let mut pixmap = Pixmap::new(width.max(1), height)
            .ok_or_else(|| document_error("Diagramm ohne Fläche"))?;
        pixmap.fill(Color::WHITE);
        resvg::render(
            &tree,
            Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        Ok((png_rgb(&pixmap)?, pixmap.width(), pixmap.height()))
    }

    /// The cover: logo, municipality, title, subtitle, date, version, author (like the PDF's).
    fn cover(&mut self, data: &ReportData, logo: Option<&(ImageFormat, Vec<u8>)>) -> Result<()> {
        let m = &data.municipality;
        if let Some((format, bytes)) = logo {
            let (png, w, h) = match format {
                ImageFormat::Svg => {
                    let svg = String::from_utf8_lossy(bytes);
                    self.rasterise(&svg, 600)?
                }
                ImageFormat::Png | ImageFormat::Jpg => {
                    let image = image::load_from_memory(bytes).map_err(document_error)?;
                    let mut png = Cursor::new(Vec::new());
                    image
                        .write_to(&mut png, image::ImageFormat::Png)
                        .map_err(document_error)?;
                    (png.into_inner(), image.width(), image.height())
                }
            };
            // 2.6 cm high, at most the text width wide.
            let height = 1_474u32;
            let width = proportion(height, w, h);
            let (width, height) = if width > TEXT_WIDTH {
                (TEXT_WIDTH, proportion(height, TEXT_WIDTH, width))
            } else {
                (width, height)
            };
            let picture = self.picture(
                png,
                (w, h),
                (width, height),
                &format!("Logo von {}", m.name),
            );
            self.push(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .add_run(Run::new().add_image(picture)),
            );
        } else {
            self.push(Paragraph::new());
        }
        self.push(Paragraph::new().add_run(run(&m.cover_line).size(24).color(MUTED)));
        self.push(
            Paragraph::new()
                .style("Title")
                .add_run(run(&data.cover.title)),
        );
        self.push(Paragraph::new().add_run(run(&m.name).size(36)));
        if !data.cover.subtitle.is_empty() {
            self.push(Paragraph::new().add_run(run(&data.cover.subtitle).size(26).color(MUTED)));
        }
        for _ in 0..6 {
            self.push(Paragraph::new());
        }
        let mut facts = vec![
            ["Stand:".to_string(), data.cover.date.clone()],
            ["Version:".to_string(), data.cover.version.clone()],
        ];
        if !data.cover.author.is_empty() {
            facts.push(["Erstellt von:".to_string(), data.cover.author.clone()]);
        }
        self.facts(&facts);
        Ok(())
    }

    /// The chapters in the project's order, with what the template prints in each.
    fn chapters(&mut self, data: &ReportData, charts: &ReportCharts) -> Result<()> {
        for s in &data.sections {
            self.heading(1, &s.title, s.number.is_some());
            for p in &s.paragraphs {
                self.text(p);
            }
            match s.key.as_str() {
                "einleitung" => self.introduction(data, charts)?,
                "ausgangslage" => self.situation(data, charts)?,
                "leitbild" => {
                    for g in &data.goals {
                        self.heading(2, &g.title, true);
                        if !g.description.is_empty() {
                            self.text(&g.description);
                        }
                        self.text(&format!(
                            "Indikator: {} · Zielwert: {}",
                            g.indicator, g.target
                        ));
                    }
                }
                "lebensbereiche" => self.areas(data),
                "querschnitt" => {
                    if data.life_areas.cross_cutting.is_empty() {
                        self.text("Keine Querschnittsmaßnahmen.");
                    } else {
                        self.measure_table(&data.life_areas.cross_cutting);
                    }
                }
                "umsetzung" => self.plan(data, charts)?,
                "organisation" => {
                    let o = &data.organisation;
                    if !o.steering.is_empty() {
                        self.heading(2, "Lenkungsgruppe", true);
                        // The „Name“ column only when some name is printed, as in the PDF.
                        if o.steering.iter().any(|[.., name]| !name.is_empty()) {
                            self.table(
                                &["Rolle", "Organisation", "Name"],
                                &[4, 4, 3],
                                "lll",
                                rows_of(&o.steering),
                                None,
                            );
                        } else {
                            let mut rows = rows_of(&o.steering);
                            rows.iter_mut().for_each(|r| r.truncate(2));
                            self.table(&["Rolle", "Organisation"], &[1, 1], "ll", rows, None);
                        }
                    }
                    if !o.partners.is_empty() {
                        self.heading(2, "Beteiligte und Partner", true);
                        self.table(
                            &["Rolle", "Organisation"],
                            &[1, 1],
                            "ll",
                            rows_of(&o.partners),
                            None,
                        );
                    }
                }
                "monitoring" if !data.organisation.kpis.is_empty() => {
                    self.heading(2, "Kennzahlen der Maßnahmen", true);
                    self.table(
                        &["Nr.", "Maßnahme", "Kennzahl"],
                        &[12, 44, 44],
                        "lll",
                        rows_of(&data.organisation.kpis),
                        None,
                    );
                }
                "anhang" => self.annex(data),
                _ => {}
            }
        }
        Ok(())
    }

    fn introduction(&mut self, data: &ReportData, charts: &ReportCharts) -> Result<()> {
        self.heading(2, "Ziele des Projekts", true);
        if data.goals.is_empty() {
            self.text("Es wurden keine Ziele erfasst.");
        } else {
            self.table(
                &["Ziel", "Indikator", "Zielwert"],
                &[4, 4, 2],
                "lll",
                data.goals
                    .iter()
                    .map(|g| vec![g.title.clone(), g.indicator.clone(), g.target.clone()])
                    .collect(),
                None,
            );
        }
        self.heading(2, "Zeitplan", true);
        let t = &data.participation;
        if t.timeline_drawn {
            self.chart(
                &charts.timeline.svg,
                &t.timeline_alt,
                "Zeitplan des Strategieprozesses",
                t.timeline_share,
            )?;
        } else if t.timeline_undated.is_empty() {
            self.text("Der Zeitplan ist noch nicht erfasst.");
        }
        if !t.timeline_undated.is_empty() {
            self.text(&format!("Noch ohne Datum ({}):", t.timeline_undated.len()));
            self.bullets(&t.timeline_undated);
        }
        Ok(())
    }

    fn situation(&mut self, data: &ReportData, charts: &ReportCharts) -> Result<()> {
        let s = &data.situation;
        self.heading(2, "Profil der Kommune", true);
        self.facts(&data.municipality.facts);
        if !s.key_figures.is_empty() {
            self.facts(&s.key_figures);
        }
        self.heading(2, "Ergebnisse des Digitalisierungs-Checks", true);
        let c = &s.check;
        self.push(c.summary.iter().fold(Paragraph::new(), |p, r| {
            let text = run(&r.text);
            p.add_run(if r.bold { text.bold() } else { text })
        }));
        if c.answered > 0 {
            self.chart(
                &charts.radar.svg,
                &c.radar_alt,
                "IST und SOLL je Dimension des Digitalisierungs-Checks",
                92,
            )?;
        }
        self.table(
            &["", "Dimension", "IST", "SOLL", "beantwortet"],
            &[6, 52, 12, 12, 18],
            "llccc",
            rows_of(&c.dimensions),
            None,
        );
        if !c.gaps.is_empty() {
            self.heading(3, "Größter Handlungsbedarf", false);
            self.table(
                &["", "Frage", "IST → SOLL", "Priorität"],
                &[9, 59, 16, 16],
                "llll",
                rows_of(&c.gaps),
                None,
            );
        }
        self.heading(2, "Stärken, Schwächen, Chancen und Risiken", true);
        for (title, items) in [
            ("Stärken", &s.swot.strengths),
            ("Schwächen", &s.swot.weaknesses),
            ("Chancen", &s.swot.opportunities),
            ("Risiken", &s.swot.threats),
        ] {
            self.push(
                Paragraph::new()
                    .keep_next(true)
                    .add_run(run(title).bold().color(ACCENT)),
            );
            if items.is_empty() {
                self.text("–");
            } else {
                self.bullets(items);
            }
        }
        if !s.digital_offers.is_empty() {
            self.heading(2, "Bestehende digitale Angebote", true);
            self.table(
                &["Angebot", "Beschreibung", "Seit"],
                &[3, 6, 1],
                "lll",
                rows_of(&s.digital_offers),
                None,
            );
        }
        self.heading(2, "Beteiligung", true);
        let p = &data.participation;
        if p.participation.is_empty() {
            self.text("Es wurden keine Veranstaltungen erfasst.");
        } else {
            self.text(&p.participation_summary);
            self.table(
                &["Veranstaltung", "Datum", "Teilnehmende"],
                &[6, 2, 2],
                "llr",
                p.participation
                    .iter()
                    .map(|e| vec![e.title.clone(), e.date.clone(), e.participants.clone()])
                    .collect(),
                None,
            );
            if !p.dot_votes.is_empty() {
                self.text(
                    "Punktabfragen in den Veranstaltungen (von Hand gezählt oder per Handy):",
                );
                self.table(
                    &["Veranstaltung", "Art", "Eintrag", "Punkte"],
                    // „Lebensbereich“ and „Punkte“ fit on one line (2 : 1 broke them).
                    &[4, 3, 6, 2],
                    "lllr",
                    rows_of(&p.dot_votes),
                    None,
                );
            }
        }
        Ok(())
    }

    fn areas(&mut self, data: &ReportData) {
        for a in &data.life_areas.areas {
            self.heading(2, &a.title, true);
            self.text(&a.description);
            self.heading(3, "Ausgangslage", false);
            if a.situation.is_empty() {
                self.text("Keine zugeordneten Check-Dimensionen.");
            } else {
                self.bullets(&a.situation);
            }
            self.heading(3, "Zielbild", false);
            self.text(&a.vision);
            if a.rationale != "–" {
                self.push(
                    Paragraph::new()
                        .add_run(run("Begründung:").italic())
                        .add_run(run(&format!(" {}", a.rationale))),
                );
            }
            self.heading(3, "Maßnahmen", false);
            if a.measures.is_empty() {
                self.text("Noch keine Maßnahmen.");
            } else {
                self.measure_table(&a.measures);
                self.text(&a.costs);
            }
        }
    }

    fn plan(&mut self, data: &ReportData, charts: &ReportCharts) -> Result<()> {
        let p = &data.plan;
        self.heading(2, "Roadmap", true);
        let parts = p.roadmap_parts.len();
        for (i, (part, chart)) in p
            .roadmap_parts
            .iter()
            .zip(&charts.roadmap_parts)
            .enumerate()
        {
            let mut caption =
                "Roadmap der Maßnahmen (Farbe: Priorität; blass: Beginn oder Ende offen)"
                    .to_string();
            if parts > 1 {
                caption.push_str(&format!(", Teil {} von {parts}", i.saturating_add(1)));
            }
            self.chart(&chart.svg, &part.alt, &caption, part.share)?;
        }
        if parts == 0 && p.without_period.count == 0 {
            self.text("Es sind noch keine Maßnahmen erfasst.");
        }
        self.open_measures(
            "Noch ohne Zeitraum und daher nicht in der Roadmap",
            &p.without_period,
        );
        self.heading(2, "Prioritäten", true);
        // Without any measure, or without any priority given, three empty groups say nothing,
        // as in the PDF.
        let none_given = p.priorities.iter().all(|g| g.measures.is_empty());
        let groups = if data.annex.measures.is_empty() {
            self.text("Es sind noch keine Maßnahmen erfasst.");
            &[][..]
        } else if none_given {
            &[][..]
        } else {
            &p.priorities[..]
        };
        for group in groups {
            self.heading(
                3,
                &format!(
                    "Priorität {} – {} ({})",
                    group.label,
                    group.meaning,
                    group.measures.len()
                ),
                false,
            );
            if group.measures.is_empty() {
                self.text("–");
            } else {
                self.table(
                    &["Nr.", "Maßnahme", "Zeitraum"],
                    &[12, 66, 22],
                    "lll",
                    rows_of(&group.measures),
                    None,
                );
            }
        }
        self.open_measures(&p.without_priority_label, &p.without_priority);
        if p.portfolio_drawn {
            self.chart(
                &charts.portfolio.svg,
                &p.portfolio_alt,
                "Nutzen und Aufwand der Maßnahmen",
                85,
            )?;
            if !p.portfolio_legend.is_empty() {
                self.text("Die Nummern im Portfolio:");
                self.table(
                    &["Nr.", "Maßnahme"],
                    &[8, 92],
                    "ll",
                    rows_of(&p.portfolio_legend),
                    None,
                );
            }
            if !p.portfolio_counted.is_empty() {
                self.text(&p.portfolio_counted);
            }
        }
        self.open_measures(
            "Noch nicht nach Aufwand und Nutzen bewertet",
            &p.not_assessed,
        );
        self.heading(2, "Kosten und Förderung", true);
        self.text(
            "Alle Beträge sind Schätzungen; Förderprogramme sind vor einer Antragstellung zu prüfen.",
        );
        if !p.budget.is_empty() {
            self.chart(&charts.budget.svg, &p.budget_alt, "Kosten je Jahr", 90)?;
        }
        let cells = |b: &crate::report::data::BudgetRow| {
            let mut row = vec![b.year.clone(), b.once.clone(), b.yearly.clone()];
            if p.budget_has_planned {
                row.push(b.planned.clone());
            }
            row.extend([b.total.clone(), b.funding.clone(), b.own.clone()]);
            row
        };
        if p.budget.is_empty() {
            self.text("Es liegen noch keine Kostenschätzungen mit Zeitraum vor.");
        } else if p.budget_has_planned {
            self.table(
                &[
                    "Jahr",
                    "einmalig",
                    "laufend",
                    "je Jahr geplant",
                    "gesamt",
                    "Förderung",
                    "Eigenanteil",
                ],
                &[10, 15, 15, 15, 15, 15, 15],
                "lrrrrrr",
                p.budget.iter().map(cells).collect(),
                Some(cells(&p.budget_total)),
            );
        } else {
            self.table(
                &[
                    "Jahr",
                    "einmalig",
                    "laufend",
                    "gesamt",
                    "Förderung",
                    "Eigenanteil",
                ],
                &[10, 18, 18, 18, 18, 18],
                "lrrrrr",
                p.budget.iter().map(cells).collect(),
                Some(cells(&p.budget_total)),
            );
        }
        for note in &p.budget_notes {
            self.text(note);
        }
        if !p.programme_funding.is_empty() {
            self.heading(3, "Förderung des Strategieprozesses", false);
            self.facts(&p.programme_funding);
        }
        Ok(())
    }

    fn annex(&mut self, data: &ReportData) {
        self.heading(2, "Maßnahmen-Steckbriefe", false);
        if data.annex.measures.is_empty() {
            self.text("Es sind noch keine Maßnahmen erfasst.");
        }
        for m in &data.annex.measures {
            self.steckbrief(m);
        }
        if !data.participation.ideas.is_empty() {
            self.heading(2, "Ideen aus der Beteiligung", false);
            // The votes only when some idea has any, as in the PDF.
            if data.participation.ideas_voted {
                self.text("Jede Idee aus Workshops und Beteiligung, mit ihren Stimmen und dem, was aus ihr wurde.");
                self.table(
                    &["Idee", "Veranstaltung", "Stimmen", "Ergebnis"],
                    &[40, 22, 10, 28],
                    "llrl",
                    rows_of(&data.participation.ideas),
                    None,
                );
            } else {
                self.text("Jede Idee aus Workshops und Beteiligung und was aus ihr wurde.");
                let rows = data
                    .participation
                    .ideas
                    .iter()
                    .map(|[idea, event, _, outcome]| {
                        vec![idea.clone(), event.clone(), outcome.clone()]
                    })
                    .collect();
                self.table(
                    &["Idee", "Veranstaltung", "Ergebnis"],
                    &[45, 25, 30],
                    "lll",
                    rows,
                    None,
                );
            }
        }
        self.heading(
            2,
            "Fragebogen und Ergebnisse des Digitalisierungs-Checks",
            false,
        );
        // The „Notiz“ column only when some answer has a note, as in the PDF.
        let notes = data.annex.questionnaire_notes;
        for d in &data.annex.questionnaire {
            self.heading(3, &d.title, false);
            let mut rows = rows_of(&d.items);
            if notes {
                self.table(
                    &["", "Frage", "IST", "SOLL", "Notiz"],
                    &[9, 49, 7, 8, 27],
                    "llccl",
                    rows,
                    None,
                );
            } else {
                rows.iter_mut().for_each(|r| r.truncate(4));
                self.table(
                    &["", "Frage", "IST", "SOLL"],
                    &[9, 75, 7, 9],
                    "llcc",
                    rows,
                    None,
                );
            }
        }
        self.heading(2, "OZG-Leistungen", false);
        self.table(
            &["Leistung", "Bereich", "Reifegrad 0–4"],
            &[6, 2, 2],
            "llc",
            rows_of(&data.situation.ozg),
            None,
        );
        self.heading(2, "Glossar", false);
        self.table(
            &["Begriff", "Bedeutung"],
            &[3, 7],
            "ll",
            rows_of(&data.annex.glossary),
            None,
        );
    }
}

fn styles(doc: Docx) -> Docx {
    let heading = |level: usize, size: usize| {
        let space = match level {
            1 => (0, 240),
            2 => (280, 100),
            _ => (200, 60),
        };
        Style::new(format!("Heading{level}"), StyleType::Paragraph)
            .line_spacing(LineSpacing::new().before(space.0).after(space.1))
            .name(format!("heading {level}"))
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .size(size)
            .bold()
            .color(ACCENT)
            .outline_lvl(level.saturating_sub(1))
    };
    let toc = |level: usize| {
        Style::new(format!("ToC{level}"), StyleType::Paragraph)
            .name(format!("toc {level}"))
            .based_on("Normal")
            .indent(Some(if level > 1 { 240 } else { 0 }), None, None, None)
    };
    doc.add_style(heading(1, 36))
        .add_style(heading(2, 26))
        .add_style(heading(3, 22))
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .size(60)
                .bold()
                .color(ACCENT),
        )
        .add_style(
            Style::new("TOCHeading", StyleType::Paragraph)
                .name("TOC Heading")
                .based_on("Normal")
                .size(36)
                .bold()
                .color(ACCENT),
        )
        .add_style(toc(1))
        .add_style(toc(2))
        .add_style(
            Style::new("Caption", StyleType::Paragraph)
                .name("caption")
                .based_on("Normal")
                .size(18)
                .italic()
                .color(MUTED),
        )
}

/// Heading numbers 1 and 1.1 (Word counts them, so inserted chapters renumber), and bullets.
fn numberings(doc: Docx) -> Docx {
    let level = |i: usize, text: &str| {
        Level::new(
            i,
            Start::new(1),
            NumberFormat::new("decimal"),
            LevelText::new(text),
            LevelJc::new("left"),
        )
    };
    doc.add_abstract_numbering(
        AbstractNumbering::new(HEADING_NUMBERS)
            .add_level(level(0, "%1").suffix(LevelSuffixType::Space))
            .add_level(level(1, "%1.%2").suffix(LevelSuffixType::Space)),
    )
    .add_numbering(Numbering::new(HEADING_NUMBERS, HEADING_NUMBERS))
    .add_abstract_numbering(
        AbstractNumbering::new(BULLETS).add_level(
            Level::new(
                0,
                Start::new(1),
                NumberFormat::new("bullet"),
                LevelText::new("•"),
                LevelJc::new("left"),
            )
            .indent(
                Some(360),
                Some(docx_rs::SpecialIndentType::Hanging(240)),
                None,
                None,
            ),
        ),
    )
    .add_numbering(Numbering::new(BULLETS, BULLETS))
}

/// The header (municipality, „ENTWURF“ while the draft is marked, title and version) and the
/// footer „Seite x von y“ as fields; the cover page has neither.
fn page_frame(doc: Docx, data: &ReportData) -> Docx {
    let small = |t: &str| run(t).size(17).color(MUTED);
    let draft = if data.cover.watermark {
        run("ENTWURF · ").size(17).bold().color("BE1E1E")
    } else {
        Run::new()
    };
    let header = Paragraph::new()
        .add_tab(Tab::new().val(TabValueType::Right).pos(TEXT_WIDTH as usize))
        .add_run(draft)
        .add_run(small(&data.municipality.name))
        .add_run(Run::new().add_tab())
        .add_run(small(&format!(
            "{} – {}",
            data.cover.title, data.cover.version
        )));
    let footer = Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(small("Seite "))
        .add_page_num(PageNum::new())
        .add_run(small(" von "))
        .add_num_pages(NumPages::new());
    doc.header(Header::new().add_paragraph(header))
        .first_header(Header::new().add_paragraph(Paragraph::new()))
        .footer(Footer::new().add_paragraph(footer))
        .first_footer(Footer::new().add_paragraph(Paragraph::new()))
}

/// The strategy as DOCX bytes. `logo` is the cover logo as stored; `date` is the document's
/// creation date (reproducible: the same project gives the same bytes).
pub fn docx(data: &ReportData, charts: &ReportCharts, date: chrono::NaiveDate) -> Result<Vec<u8>> {
    let mut w = Writer::new();
    w.cover(data, charts.logo.as_ref())?;
    let cover = std::mem::take(&mut w.body);
    w.chapters(data, charts)?;
    let stamp = format!("{}T00:00:00Z", date.format("%Y-%m-%d"));
    let mut doc = Docx::new()
        .page_size(PAGE.0, PAGE.1)
        .page_margin(MARGIN)
        // Arial, which Word has everywhere; LibreOffice shows it as the metric-equal Liberation Sans.
        .default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial"))
        .default_size(21)
        .default_line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Auto)
                .after(120)
                .line(264),
        )
        .created_at(&stamp)
        .updated_at(&stamp);
    doc = page_frame(numberings(styles(doc)), data);
    for block in cover {
        doc = add(doc, block);
    }
    doc = doc.add_paragraph(
        Paragraph::new()
            .style("TOCHeading")
            .page_break_before(true)
            .add_run(run("Inhaltsverzeichnis")),
    );
    for p in table_of_contents(&w.toc) {
        doc = doc.add_paragraph(p);
    }
    for block in w.body.drain(..) {
        doc = add(doc, block);
    }
    finish(doc, &w.alts, true)
}

/// Runs of a field: its instruction and its last computed result (Word and LibreOffice compute
/// it again: the table of contents and page references when the document is opened).
fn field(instruction: &str, result: &str) -> [Run; 4] {
    [
        Run::new().add_field_char(FieldCharType::Begin, true),
        Run::new().add_instr_text(InstrText::Unsupported(format!(" {instruction} "))),
        Run::new().add_field_char(FieldCharType::Separate, false),
        Run::new()
            .add_text(result)
            .add_field_char(FieldCharType::End, false),
    ]
}

/// The table of contents as Word writes it: one TOC field over levels 1–2 whose result is an
/// entry per heading with a PAGEREF field to the heading's bookmark, so the page numbers are
/// right as soon as the document is laid out and the whole table updates with F9.
fn table_of_contents(entries: &[TocEntry]) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let mut p = Paragraph::new()
            .style(&format!("ToC{}", entry.level))
            .add_tab(
                Tab::new()
                    .val(TabValueType::Right)
                    .leader(TabLeaderType::Dot)
                    .pos(TEXT_WIDTH as usize),
            );
        if i == 0 {
            let [begin, instruction, separate, _] = field("TOC \\o \"1-2\" \\z \\u", "");
            p = p.add_run(begin).add_run(instruction).add_run(separate);
        }
        p = p.add_run(run(&entry.text)).add_run(Run::new().add_tab());
        for r in field(&format!("PAGEREF {} \\h", entry.bookmark), "") {
            p = p.add_run(r);
        }
        paragraphs.push(p);
    }
    paragraphs.push(Paragraph::new().add_run(Run::new().add_field_char(FieldCharType::End, false)));
    paragraphs
}

fn add(doc: Docx, block: Block) -> Docx {
    match block {
        Block::Paragraph(p) => doc.add_paragraph(*p),
        Block::Table(t) => doc.add_table(*t),
    }
}

/// What docx-rs cannot say, added to its XML (see the module comment), then packed: header rows
/// that repeat, the pictures' alt texts (in the order the pictures were added), German as the
/// language, and – with `update_fields` – Word's request to update fields when opened.
pub(super) fn finish(doc: Docx, alts: &[String], update_fields: bool) -> Result<Vec<u8>> {
    let mut xml = doc.build();
    let text = |bytes: &[u8]| String::from_utf8(bytes.to_vec()).map_err(document_error);
    let mut document =
        text(&xml.document)?.replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />");
    for (i, alt) in (1..).zip(alts) {
        let plain: String = alt.chars().filter(|c| xml_char(*c) && *c != '\t').collect();
        document = document.replacen(
            r#"<wp:docPr id="1" name="Figure" />"#,
            &format!(
                r#"<wp:docPr id="{i}" name="Abbildung {i}" descr="{}" />"#,
                escape_attribute(&plain)
            ),
            1,
        );
    }
    xml.document = document.into_bytes();
    // „Standard“ is the style of every paragraph that names none.
    let styles = text(&xml.styles)?.replacen(
        r#"<w:style w:type="paragraph" w:styleId="Normal">"#,
        r#"<w:style w:type="paragraph" w:styleId="Normal" w:default="1">"#,
        1,
    );
    let lang = r#"<w:lang w:val="de-DE" w:eastAsia="de-DE" w:bidi="ar-SA" />"#;
    xml.styles = if styles.contains("<w:rPrDefault><w:rPr />") {
        styles.replacen(
            "<w:rPrDefault><w:rPr />",
            &format!("<w:rPrDefault><w:rPr>{lang}</w:rPr>"),
            1,
        )
    } else {
        styles.replacen(
            "</w:rPr></w:rPrDefault>",
            &format!("{lang}</w:rPr></w:rPrDefault>"),
            1,
        )
    }
    .into_bytes();
    if update_fields {
        // Word fills the table of contents and its page numbers when the document is opened.
        xml.settings = text(&xml.settings)?
            .replacen(
                "<w:compat>",
                r#"<w:updateFields w:val="true" /><w:compat>"#,
                1,
            )
            .into_bytes();
    }
    let mut stored = Cursor::new(Vec::new());
    xml.pack(&mut stored).map_err(document_error)?;
    compressed(stored.into_inner())
}

/// The package again with its XML deflated (docx-rs stores every part uncompressed: a 45-page
/// strategy would be three times the size to send). Pictures stay stored, they are PNG already.
/// Entries keep their order ([Content_Types].xml first) and the fixed 1980 time stamp.
fn compressed(stored: Vec<u8>) -> Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    use zip::CompressionMethod;
    let mut archive = zip::ZipArchive::new(Cursor::new(stored)).map_err(document_error)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(document_error)?;
        let name = entry.name().to_string();
        if entry.is_dir() {
            out.add_directory(name, options).map_err(document_error)?;
            continue;
        }
        let method = if name.ends_with(".png") {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        out.start_file(name, options.compression_method(method))
            .map_err(document_error)?;
        std::io::copy(&mut entry, &mut out)?;
    }
    Ok(out.finish().map_err(document_error)?.into_inner())
}

fn escape_attribute(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\n', "&#10;")
}
