//! A consultant's existing measure list (Excel, LibreOffice or CSV, any column order) read into
//! measures: the columns are mapped to Steckbrief fields (suggested from the headers), every cell
//! is read the way consultants write it („12.500,00 €“, „15 T€“, „Q4/2027“, „hoch“) and a cell
//! that cannot be read is named with its row, column and what is wrong. Pure apart from reading
//! the file; the API writes the good rows as one change.

use std::path::Path;

pub mod status_forms;

use calamine::{open_workbook_auto, Data, Reader};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::{
    parse_period, Choice, Entity, LifeArea, Measure, MeasureStatus, PeriodPoint, Priority,
    MAX_AMOUNT_CENTS,
};

/// The most rows one list may have (a strategy has dozens, a large programme 1,500).
pub const MAX_ROWS: usize = 5_000;

/// One cell as read from the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
}

impl Cell {
    /// The cell as the consultant sees it.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_owned(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
            Cell::Number(n) => n.to_string().replace('.', ","),
        }
    }
}

/// The first sheet of a workbook, or a CSV file: the header row and the rows below it.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The workbook's sheet the table was read from (`None` for a CSV file).
    pub sheet: Option<String>,
    pub headers: Vec<String>,
    /// The rows with content, each with its number as the spreadsheet shows it (header = 1).
    pub rows: Vec<(u32, Vec<Cell>)>,
}

/// How far down a list's header row is looked for (a title and a note above the table).
const HEADER_SEARCH_ROWS: usize = 20;

/// The table in `rows` (each with its row number as the spreadsheet shows it): lists often
/// carry a title („Maßnahmen und Ziele der Stadt …“, one cell) and a blank line above their
/// header. The header is the first row of two or more cells that names a field, else the first
/// of two or more cells, else (a one-column list) the first that names a field, else the first
/// with any; the rows above it are left out.
fn table_of(rows: Vec<(u32, Vec<Cell>)>) -> Table {
    let texts = |r: &[Cell]| -> Vec<String> { r.iter().map(Cell::shown).collect() };
    // Distinct values: a title merged across the table counts once.
    let filled = |r: &[Cell]| {
        let mut seen: Vec<&Cell> = r.iter().filter(|c| **c != Cell::Empty).collect();
        seen.dedup();
        seen.len()
    };
    let names_a_field = |r: &[Cell]| !suggest(&texts(r)).is_empty();
    let top = rows.iter().take(HEADER_SEARCH_ROWS);
    let at = top
        .clone()
        .position(|(_, r)| filled(r) >= 2 && names_a_field(r))
        .or_else(|| top.clone().position(|(_, r)| filled(r) >= 2))
        .or_else(|| top.clone().position(|(_, r)| names_a_field(r)))
        .or_else(|| top.clone().position(|(_, r)| filled(r) > 0));
    let Some(at) = at else {
        return Table::default();
    };
    let mut rows = rows.into_iter().skip(at);
    let headers = rows
        .next()
        .map(|(_, r)| texts(&r).into_iter().map(|h| h.trim().to_owned()).collect())
        .unwrap_or_default();
    Table {
        sheet: None,
        headers,
        rows: rows.collect(),
    }
}

/// Reads `path` by its ending: `.csv`/`.txt` as CSV (separator `;` or `,`, UTF-8 or
/// Windows-1252 as Excel writes it), everything else with calamine (XLSX, XLS, ODS).
pub fn read_table(path: &Path) -> Result<Table> {
    let ending = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    check_list_size(path, "eine Maßnahmenliste")?;
    let mut table = if ending == "csv" || ending == "txt" {
        read_csv(path)?
    } else {
        read_workbook(path)?
    };
    if table.headers.iter().all(|h| h.trim().is_empty()) {
        return Err(Error::invalid(format!(
            "„{}“ hat keine Kopfzeile: eine der ersten Zeilen muss die Spaltennamen enthalten.",
            path.display()
        )));
    }
    table
        .rows
        .retain(|(_, r)| r.iter().any(|c| *c != Cell::Empty));
    if table.rows.len() > MAX_ROWS {
        // Reading stopped a little after the limit: the list has at least this many rows.
        return Err(Error::invalid(format!(
            "Die Liste hat mehr als {} Zeilen; so viele werden nicht eingelesen.",
            crate::analysis::format_thousands(MAX_ROWS as i64)
        )));
    }
    Ok(table)
}

/// The most bytes a list may hold: on disk for CSV and XLS, unpacked for XLSX and ODS (a
/// measure list of 5,000 rows unpacks to about 10 MB; a packed file of a few MB can unpack to
/// gigabytes, which the reader would hold in memory).
pub const MAX_LIST_BYTES: u64 = 100 * 1024 * 1024;

/// Refuses a list too large to read, before it is read: its size on disk, and for the packed
/// formats (XLSX, ODS) what its parts unpack to, as the archive's directory declares.
/// `what` names the file in the message („eine Maßnahmenliste“).
pub(crate) fn check_list_size(path: &Path, what: &str) -> Result<()> {
    let too_large = || {
        Error::invalid(format!(
            "„{}“ ist zu groß für {what} (mehr als {} MB, entpackt gerechnet). Bitte nur das Blatt mit der Liste in einer eigenen Datei speichern.",
            path.display(),
            MAX_LIST_BYTES / 1024 / 1024
        ))
    };
    let on_disk = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::invalid(format!(
                "„{}“ gibt es nicht (mehr): verschoben, umbenannt oder gelöscht?",
                path.display()
            )))
        }
        Err(e) => return Err(e.into()),
    };
    if on_disk > MAX_LIST_BYTES {
        return Err(too_large());
    }
    // Not a zip archive (CSV, XLS), or not readable (the reader says why): the size on disk is
    // what is read.
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let Ok(mut archive) = zip::ZipArchive::new(file) else {
        return Ok(());
    };
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        let size = archive
            .by_index_raw(i)
            .map(|f| f.size())
            .unwrap_or(u64::MAX);
        unpacked = unpacked.saturating_add(size);
    }
    if unpacked > MAX_LIST_BYTES {
        return Err(too_large());
    }
    Ok(())
}

fn read_csv(path: &Path) -> Result<Table> {
    let bytes = std::fs::read(path)?;
    let utf16 = |big_endian: bool| -> String {
        let units = bytes.get(2..).unwrap_or_default().chunks_exact(2).map(|p| {
            let pair = [p[0], p[1]];
            if big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    let text = match bytes.get(..2) {
        // Excel's „Unicode-Text“ (.txt): UTF-16 with tabs.
        Some([0xFF, 0xFE]) => utf16(false),
        Some([0xFE, 0xFF]) => utf16(true),
        _ => match String::from_utf8(bytes) {
            Ok(t) => t,
            // Excel's "CSV (Trennzeichen-getrennt)" writes Windows-1252: map it byte for byte.
            Err(e) => e.into_bytes().iter().map(|&b| windows_1252(b)).collect(),
        },
    };
    let text = text.trim_start_matches('\u{feff}');
    // Counted over the first lines: a title line above the header may have no separator.
    let top: Vec<&str> = text.lines().take(HEADER_SEARCH_ROWS).collect();
    let count = |c: char| top.iter().map(|l| l.matches(c).count()).sum::<usize>();
    // The most frequent of `;` (German Excel), tab (Unicode text) and `,`; `;` on a tie.
    let separator = [(';', b';'), ('\t', b'\t'), (',', b',')]
        .into_iter()
        .rev()
        .max_by_key(|(c, _)| count(*c))
        .map_or(b';', |(_, b)| b);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (line, record) in (1u32..).zip(reader.records()) {
        let record =
            record.map_err(|e| Error::invalid(format!("Die CSV-Datei ist nicht lesbar: {e}")))?;
        let cells = record
            .iter()
            .map(|c| {
                if c.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(c.to_owned())
                }
            })
            .collect();
        rows.push((line, cells));
        if rows.len() > MAX_ROWS.saturating_add(HEADER_SEARCH_ROWS) {
            break;
        }
    }
    if rows.is_empty() {
        return Err(Error::invalid("Die CSV-Datei ist leer."));
    }
    Ok(table_of(rows))
}

/// The characters 0x80–0x9F of Windows-1252 (the rest is Latin-1).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b.saturating_sub(0x80))],
        _ => char::from(b),
    }
}

/// The first sheet that has a column for the title (a workbook may open with a summary or a
/// cover sheet), else the first sheet.
fn read_workbook(path: &Path) -> Result<Table> {
    let mut book = open_workbook_auto(path).map_err(|e| {
        Error::invalid(format!(
            "„{}“ ist keine lesbare Tabelle (Excel, LibreOffice oder CSV): {e}",
            path.display()
        ))
    })?;
    let names = book.sheet_names();
    if names.is_empty() {
        return Err(Error::invalid("Die Arbeitsmappe hat kein Tabellenblatt."));
    }
    let mut first = None;
    for name in &names {
        let table = read_sheet(&mut book, name)?;
        if suggest(&table.headers)
            .iter()
            .any(|m| m.field == ImportField::Title)
        {
            return Ok(table);
        }
        first.get_or_insert(table);
    }
    first.ok_or_else(|| Error::invalid("Die Arbeitsmappe hat kein Tabellenblatt."))
}

fn read_sheet(
    book: &mut calamine::Sheets<std::io::BufReader<std::fs::File>>,
    sheet: &str,
) -> Result<Table> {
    let range = book
        .worksheet_range(sheet)
        .map_err(|e| Error::invalid(format!("Das Blatt „{sheet}“ ist nicht lesbar: {e}")))?;
    // Number formats (XLSX): a cell shown as „60 %“ holds 0.6, and „100 %“ holds 1.
    let styles = book.worksheet_style(sheet).ok();
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (offset, r) in (0u32..).zip(range.rows()) {
        let at = first_row.saturating_add(offset);
        let cells = (0u32..)
            .zip(r)
            .map(|(column, d)| {
                let percent = styles
                    .as_ref()
                    .and_then(|s| s.get((at, first_column.saturating_add(column))))
                    .and_then(|style| style.number_format.as_ref())
                    .is_some_and(|f| f.format_code.contains('%'));
                match d {
                    Data::Float(n) if percent => Cell::Text(percent_text(*n)),
                    Data::Int(n) if percent => Cell::Text(percent_text(*n as f64)),
                    _ => cell(d),
                }
            })
            .collect();
        rows.push((at.saturating_add(1), cells));
        if rows.len() > MAX_ROWS.saturating_add(HEADER_SEARCH_ROWS) {
            break;
        }
    }
    let merged = match book {
        calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        calamine::Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        _ => Vec::new(),
    };
    fill_merged(&mut rows, &merged, (first_row, first_column));
    Ok(Table {
        sheet: Some(sheet.to_owned()),
        ..table_of(rows)
    })
}

/// A merged cell („Mobilität“ once beside its five measures) shows its value in every cell it
/// covers, so each row reads it; the file holds it only in the first. `first` is the sheet
/// position of `rows[0][0]`.
fn fill_merged(rows: &mut [(u32, Vec<Cell>)], merged: &[calamine::Dimensions], first: (u32, u32)) {
    let index = |at: u32, from: u32| at.checked_sub(from).map(|i| i as usize);
    for region in merged {
        let (Some(row), Some(column)) = (
            index(region.start.0, first.0),
            index(region.start.1, first.1),
        ) else {
            continue;
        };
        let Some(value) = rows.get(row).and_then(|(_, r)| r.get(column)).cloned() else {
            continue;
        };
        if value == Cell::Empty {
            continue;
        }
        let last_row = index(region.end.0, first.0).unwrap_or(row);
        let last_column = index(region.end.1, first.1).unwrap_or(column);
        for (_, cells) in rows.iter_mut().take(last_row.saturating_add(1)).skip(row) {
            for cell in cells
                .iter_mut()
                .take(last_column.saturating_add(1))
                .skip(column)
            {
                *cell = value.clone();
            }
        }
    }
}

/// A fraction shown as percent („0,655“ → „65,5 %“), without the float's noise (0.07 × 100).
fn percent_text(fraction: f64) -> String {
    let percent = (fraction * 100.0 * 1e6).round() / 1e6;
    if percent.fract() == 0.0 && percent.abs() < 1e15 {
        format!("{percent:.0} %")
    } else {
        format!("{} %", percent.to_string().replace('.', ","))
    }
}

pub(crate) fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Text(if *b { "ja" } else { "nein" }.into()),
        // A date cell as the sheet shows it („15.03.2027“), not as Excel's day count.
        Data::DateTime(d) if d.is_datetime() => {
            let (year, month, day, ..) = d.to_ymd_hms_milli();
            Cell::Text(format!("{day:02}.{month:02}.{year}"))
        }
        Data::DateTimeIso(iso) => match iso.get(..10).map(|d| d.split('-').collect::<Vec<_>>()) {
            Some(parts) if parts.len() == 3 => {
                Cell::Text(format!("{}.{}.{}", parts[2], parts[1], parts[0]))
            }
            _ => Cell::Text(iso.clone()),
        },
        other => Cell::Text(other.to_string()),
    }
}

/// What lists write for „not known yet“: such a cell leaves an amount, a rate, a period or a
/// level unknown (never 0) instead of refusing the row.
pub(crate) fn says_unknown(text: &str) -> bool {
    let folded: String = text
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    [
        "ka",
        "keineangabe",
        "keineangaben",
        "offen",
        "unbekannt",
        "unklar",
        "nb",
        "nn",
        "tbd",
        "na",
        "n/a",
        "?",
        "??",
        "-",
        "–",
        "—",
        "nochoffen",
        "zuklären",
        "inklärung",
        "inprüfung",
    ]
    .contains(&folded.as_str())
}

/// The Steckbrief fields a column can be read into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportField {
    Title,
    LifeArea,
    Description,
    Goal,
    Lead,
    Parties,
    Priority,
    Effort,
    Benefit,
    Start,
    End,
    Period,
    CostOnce,
    CostYearly,
    FundingProgramme,
    FundingRate,
    Kpis,
    Status,
    QuickWin,
}

crate::model::choices!(ImportField {
    Title => "Titel",
    LifeArea => "Lebensbereich",
    Description => "Beschreibung",
    Goal => "Ziel und Wirkung",
    Lead => "Federführung",
    Parties => "Beteiligte",
    Priority => "Priorität",
    Effort => "Aufwand (1–5)",
    Benefit => "Nutzen (1–5)",
    Start => "Beginn",
    End => "Ende",
    Period => "Zeitraum (von – bis)",
    CostOnce => "Kosten einmalig",
    CostYearly => "Kosten laufend pro Jahr",
    FundingProgramme => "Förderprogramm",
    FundingRate => "Förderquote (%)",
    Kpis => "Indikatoren",
    Status => "Status",
    QuickWin => "Quick Win",
});

impl ImportField {
    /// A text taken as it is written (no number, date, choice or area to read).
    pub fn is_text(self) -> bool {
        matches!(
            self,
            ImportField::Title
                | ImportField::Description
                | ImportField::Goal
                | ImportField::Lead
                | ImportField::Parties
                | ImportField::FundingProgramme
                | ImportField::Kpis
        )
    }
}

/// Column `column` (0-based) of the list is read into `field`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MappedColumn {
    pub column: u32,
    pub field: ImportField,
}

/// Words in a header that name a field, the more specific first.
const HEADER_WORDS: [(&str, ImportField); 29] = [
    ("zeitraum", ImportField::Period),
    ("laufzeit", ImportField::Period),
    ("zeitplan", ImportField::Period),
    ("laufend", ImportField::CostYearly),
    ("jährlich", ImportField::CostYearly),
    ("pro jahr", ImportField::CostYearly),
    ("förderquote", ImportField::FundingRate),
    ("förderprogramm", ImportField::FundingProgramme),
    ("finanzierung", ImportField::FundingProgramme),
    ("quick", ImportField::QuickWin),
    ("kosten", ImportField::CostOnce),
    ("investition", ImportField::CostOnce),
    ("budget", ImportField::CostOnce),
    ("lebensbereich", ImportField::LifeArea),
    ("handlungsfeld", ImportField::LifeArea),
    ("beschreibung", ImportField::Description),
    ("ziel", ImportField::Goal),
    ("wirkung", ImportField::Goal),
    ("federführung", ImportField::Lead),
    ("verantwortlich", ImportField::Lead),
    ("zuständig", ImportField::Lead),
    ("beteiligt", ImportField::Parties),
    ("partner", ImportField::Parties),
    ("priorität", ImportField::Priority),
    ("aufwand", ImportField::Effort),
    ("nutzen", ImportField::Benefit),
    ("beginn", ImportField::Start),
    ("ende", ImportField::End),
    ("indikator", ImportField::Kpis),
];

/// The mapping the headers suggest: each field at most once, „Titel“/„Maßnahme“/„Projekt“ for
/// the title; the consultant corrects it in the mapping dialog or the mapping file.
pub fn suggest(headers: &[String]) -> Vec<MappedColumn> {
    let mut out: Vec<MappedColumn> = Vec::new();
    for (column, header) in (0u32..).zip(headers) {
        let h = header.trim().to_lowercase();
        let field = if [
            "titel",
            "maßnahme",
            "massnahme",
            "projekt",
            "bezeichnung",
            "name",
        ]
        .contains(&h.as_str())
        {
            Some(ImportField::Title)
        } else if h == "status" || h.starts_with("stand") {
            Some(ImportField::Status)
        } else if h == "start" {
            Some(ImportField::Start)
        } else if h.contains("kennzahl") {
            Some(ImportField::Kpis)
        } else {
            HEADER_WORDS
                .iter()
                .find(|(w, _)| h.contains(w))
                .map(|(_, f)| *f)
        };
        if let Some(field) = field.filter(|f| !out.iter().any(|m| m.field == *f)) {
            out.push(MappedColumn { column, field });
        }
    }
    out
}

/// A cell that cannot be read: where it is and what is wrong, in German.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CellProblem {
    /// The row as the spreadsheet numbers it (the header is row 1).
    pub row: u32,
    /// The column's header.
    pub column: String,
    pub message: String,
}

/// The rows that can be imported and the cells that cannot be read.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    /// (spreadsheet row, the measure) for every row without a problem.
    pub measures: Vec<(u32, Measure)>,
    pub problems: Vec<CellProblem>,
    /// Rows with at least one problem (not imported).
    pub refused_rows: usize,
    /// Rows that head a part of the list and name its area (see [`section_heading`]): (row,
    /// the heading as written, the area's id). The measures below them without an area of
    /// their own get this one.
    pub headings: Vec<(u32, String, uuid::Uuid)>,
    /// Area names of the list (area cells and headings) that no area of the project has, each
    /// once, in the list's order: the consultant may add them as areas of the project.
    pub unknown_areas: Vec<String>,
}

/// Words a list's part headings begin with („Handlungsfeld 2: Bildung“).
const HEADING_WORDS: [&str; 6] = [
    "handlungsfeld",
    "lebensbereich",
    "themenfeld",
    "themenbereich",
    "bereich",
    "hf",
];

/// A row that heads a part of the list instead of being a measure: its only text (one cell, or
/// one merged across the row) names an area of the project – „Handlungsfeld 1: Verwaltung“,
/// „LB04 Mobilität & Verkehr“, „Bildung“. `Some(Err((text, name)))` for a row that begins with
/// a heading word but names no area of the project (`name`: what follows the word).
fn section_heading<'a>(
    cells: &[Cell],
    areas: &'a [LifeArea],
) -> Option<std::result::Result<&'a LifeArea, (String, String)>> {
    let mut texts: Vec<String> = cells
        .iter()
        .map(Cell::shown)
        .filter(|t| !t.is_empty())
        .collect();
    texts.dedup();
    let [text] = texts.as_slice() else {
        return None;
    };
    let after_word = HEADING_WORDS.iter().find_map(|w| {
        // The heading words are ASCII: the text's first bytes are the word, in any case.
        let head = text.get(..w.len())?;
        if !head.eq_ignore_ascii_case(w) {
            return None;
        }
        let rest = text.get(w.len()..)?;
        // The word, then perhaps its number and a separator: „Handlungsfeld 2:“, „HF 2 –“.
        rest.starts_with(|c: char| !c.is_alphanumeric()).then(|| {
            rest.trim_start_matches(|c: char| {
                c.is_whitespace() || c.is_ascii_digit() || ".:)-–—".contains(c)
            })
            .to_owned()
        })
    });
    let by_name = |t: &str| {
        area_of(t, areas)
            .ok()
            .flatten()
            .and_then(|id| areas.iter().find(|a| a.id == id))
    };
    match after_word {
        Some(rest) => Some(
            by_name(&rest)
                .or_else(|| by_name(text))
                .ok_or_else(|| (text.clone(), rest.trim().to_owned())),
        ),
        None => by_name(text).map(Ok),
    }
}

/// How a column writes a Förderquote as a number: as a fraction (a sheet showing „60 %“ holds
/// 0.6), as percent (60), or unclear – a column of only 0 and 1 may mean 1 % or 100 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateScale {
    Fractions,
    Percent,
    Unclear,
}

/// The scale of the numbers in `column`: fractions when some lies strictly between 0 and 1 and
/// none above 1, percent when some lies above 1, else unclear.
pub fn rate_scale(table: &Table, column: u32) -> RateScale {
    let numbers = table
        .rows
        .iter()
        .filter_map(|(_, r)| match r.get(column as usize) {
            Some(Cell::Number(n)) => Some(*n),
            _ => None,
        });
    let (mut fraction, mut above_one) = (false, false);
    for n in numbers {
        fraction |= n > 0.0 && n < 1.0;
        above_one |= n > 1.0;
    }
    match (fraction, above_one) {
        (_, true) => RateScale::Percent,
        (true, false) => RateScale::Fractions,
        (false, false) => RateScale::Unclear,
    }
}

/// The scale of each column in `mapping` (unclear for every column but the Förderquote's,
/// where it does not matter).
pub fn rate_scales(table: &Table, mapping: &[MappedColumn]) -> Vec<RateScale> {
    mapping
        .iter()
        .map(|m| match m.field {
            ImportField::FundingRate => rate_scale(table, m.column),
            _ => RateScale::Unclear,
        })
        .collect()
}

/// Reads every row of `table` through `mapping` into a measure; `areas` resolve the life area
/// column by code („LB04“), title or catalogue key.
pub fn plan(table: &Table, mapping: &[MappedColumn], areas: &[LifeArea]) -> Result<ImportPlan> {
    if !mapping.iter().any(|m| m.field == ImportField::Title) {
        return Err(Error::invalid(
            "Bitte eine Spalte als „Titel“ zuordnen: ohne Titel lässt sich keine Maßnahme anlegen.",
        ));
    }
    for m in mapping {
        if m.column as usize >= table.headers.len() {
            return Err(Error::invalid(format!(
                "Die Zuordnung nennt Spalte {}, die Liste hat nur {} Spalten.",
                m.column.saturating_add(1),
                table.headers.len()
            )));
        }
    }
    let mut out = ImportPlan::default();
    let scales = rate_scales(table, mapping);
    // Headings are looked for only where a row of one text cannot be a measure's full row.
    let headed = mapping.len() >= 2;
    let mut part_area = None;
    for (row, cells) in &table.rows {
        let row = *row;
        match section_heading(cells, areas).filter(|_| headed) {
            Some(Ok(area)) => {
                part_area = Some(area.id);
                let text = cells.iter().map(Cell::shown).find(|t| !t.is_empty());
                out.headings.push((row, text.unwrap_or_default(), area.id));
                continue;
            }
            Some(Err((text, name))) => {
                part_area = None;
                if !name.is_empty() && !out.unknown_areas.contains(&name) {
                    out.unknown_areas.push(name);
                }
                out.refused_rows = out.refused_rows.saturating_add(1);
                out.problems.push(CellProblem {
                    row,
                    column: String::new(),
                    message: format!(
                        "„{text}“ steht wie eine Zwischenüberschrift allein in der Zeile, nennt aber keinen Lebensbereich dieses Projekts: die Maßnahmen darunter bekommen keinen Lebensbereich von ihr."
                    ),
                });
                continue;
            }
            None => {}
        }
        let mut measure = Measure {
            status: MeasureStatus::Geplant,
            ..Default::default()
        };
        let mut problems = Vec::new();
        for (m, scale) in mapping.iter().zip(&scales) {
            let value = cells.get(m.column as usize).cloned().unwrap_or(Cell::Empty);
            if let Err(message) = read_into(&mut measure, m.field, &value, areas, *scale) {
                let name = value.shown();
                if m.field == ImportField::LifeArea && !out.unknown_areas.contains(&name) {
                    out.unknown_areas.push(name);
                }
                problems.push(CellProblem {
                    row,
                    column: table.headers[m.column as usize].clone(),
                    message,
                });
            }
        }
        if measure.title.trim().is_empty() && problems.is_empty() {
            let title = mapping.iter().find(|m| m.field == ImportField::Title);
            problems.push(CellProblem {
                row,
                column: title.map_or(String::new(), |m| table.headers[m.column as usize].clone()),
                message: "Der Titel fehlt.".into(),
            });
        }
        if measure.life_area_id.is_none() {
            measure.life_area_id = part_area;
        }
        if problems.is_empty() {
            measure.normalize_periods();
            if let Err(e) = measure.validate() {
                problems.push(CellProblem {
                    row,
                    column: String::new(),
                    message: e.to_string(),
                });
            }
        }
        if problems.is_empty() {
            out.measures.push((row, measure));
        } else {
            out.refused_rows = out.refused_rows.saturating_add(1);
            out.problems.extend(problems);
        }
    }
    Ok(out)
}

/// Reads one cell into its field; `Err` is the German message for the cell.
fn read_into(
    m: &mut Measure,
    field: ImportField,
    cell: &Cell,
    areas: &[LifeArea],
    scale: RateScale,
) -> std::result::Result<(), String> {
    let text = cell.shown();
    if text.is_empty() {
        return Ok(());
    }
    // „offen“ is a lead's or a status's word, not an unknown.
    let worded = field.is_text() || matches!(field, ImportField::LifeArea | ImportField::Status);
    if !worded && says_unknown(&text) {
        return Ok(());
    }
    let limited = |t: &str| -> std::result::Result<String, String> {
        if t.chars().count() > 20_000 {
            Err("Der Text ist länger als 20.000 Zeichen.".into())
        } else {
            Ok(t.to_owned())
        }
    };
    // A cell's line breaks (Alt+Enter in Excel) in a field of one line: a list of parties
    // joins with commas, everything else was wrapped text and joins with a space.
    let one_line = |separator: &str| -> String {
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let mut out = String::new();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                let listed = out.ends_with([',', ';']);
                out.push_str(if listed { " " } else { separator });
            }
            out.push_str(line);
        }
        out
    };
    match field {
        ImportField::Title => m.title = limited(&one_line(" "))?,
        ImportField::Description => m.description = limited(&text)?,
        ImportField::Goal => m.goal = limited(&text)?,
        ImportField::Lead => m.lead = limited(&one_line(" "))?,
        ImportField::Parties => m.parties = limited(&one_line(", "))?,
        ImportField::FundingProgramme => m.funding_programme = limited(&one_line(" "))?,
        ImportField::Kpis => m.kpis = limited(&text)?,
        ImportField::LifeArea => m.life_area_id = area_of(&text, areas)?,
        ImportField::Priority => {
            let other_words = || match text.to_lowercase().trim() {
                "sehr hoch" | "höchste" => Some(Priority::Hoch),
                "normal" => Some(Priority::Mittel),
                "gering" | "sehr gering" | "sehr niedrig" => Some(Priority::Niedrig),
                _ => None,
            };
            m.priority = Some(
                choice::<Priority>(&text)
                    .or_else(other_words)
                    .ok_or_else(|| {
                        format!("„{text}“ ist keine Priorität (hoch, mittel oder niedrig).")
                    })?,
            )
        }
        ImportField::Status => {
            let labels: Vec<&str> = MeasureStatus::ALL.iter().map(|s| s.label()).collect();
            m.status = choice::<MeasureStatus>(&text)
                .or_else(|| status_in_other_words(&text))
                .ok_or_else(|| format!("„{text}“ ist kein Status ({}).", labels.join(", ")))?
        }
        ImportField::Effort | ImportField::Benefit => {
            // Lists rate on a five-step verbal scale as often as with numbers.
            let verbal = || match text.to_lowercase().trim() {
                "sehr gering" | "sehr niedrig" => Some(1),
                "gering" | "niedrig" => Some(2),
                "mittel" => Some(3),
                "hoch" => Some(4),
                "sehr hoch" => Some(5),
                _ => None,
            };
            let level = match cell {
                Cell::Number(n) if n.fract() == 0.0 && (1.0..=5.0).contains(n) => *n as u8,
                _ => text
                    .parse::<u8>()
                    .ok()
                    .filter(|n| (1..=5).contains(n))
                    .or_else(verbal)
                    .ok_or_else(|| {
                        format!("„{text}“ ist keine Stufe von 1 bis 5 (oder sehr gering bis sehr hoch).")
                    })?,
            };
            if field == ImportField::Effort {
                m.effort = Some(level);
            } else {
                m.benefit = Some(level);
            }
        }
        ImportField::Start | ImportField::End => {
            let point = parse_period(&text).ok_or_else(|| {
                format!("„{text}“ ist kein Zeitraum (z. B. 2027, 1. Hj. 2027, Q2/2027).")
            })?;
            let code = Some(point.code());
            if field == ImportField::Start {
                m.start_quarter = code;
            } else {
                m.end_quarter = code;
            }
        }
        ImportField::Period => {
            let (start, end) = parse_span(&text).ok_or_else(|| {
                format!(
                    "„{text}“ ist kein Zeitraum (z. B. 2026–2027, Q1/2026 – Q2/2027, ab 2026, bis Ende 2027)."
                )
            })?;
            m.start_quarter = start.map(|p| p.code());
            m.end_quarter = end.map(|p| p.code());
        }
        ImportField::CostOnce | ImportField::CostYearly => {
            let cents = match cell {
                Cell::Number(n) => {
                    euro_cents(*n).ok_or_else(|| format!("„{text}“ ist kein Betrag."))?
                }
                _ if field == ImportField::CostYearly => parse_amount(strip_per_year(&text))?,
                _ => parse_amount(&text)?,
            };
            if field == ImportField::CostOnce {
                m.cost_once_cents = Some(cents);
            } else {
                m.cost_yearly_cents = Some(cents);
            }
        }
        ImportField::FundingRate => {
            // × 100 without the float's noise (0.07 × 100); 65,5 % stays refused below.
            let percent = |n: f64| (n * 100.0 * 1e6).round() / 1e6;
            let rate = match cell {
                Cell::Number(n) if scale == RateScale::Fractions && (0.0..=1.0).contains(n) => {
                    percent(*n)
                }
                Cell::Number(n) if *n > 0.0 && *n < 1.0 => percent(*n),
                Cell::Number(n) if *n == 1.0 && scale == RateScale::Unclear => {
                    return Err(format!(
                        "„{text}“: 1 % oder 100 %? In dieser Spalte steht keine andere Quote, an der es sich ablesen ließe; bitte „1 %“ oder „100 %“ eintragen."
                    ))
                }
                Cell::Number(n) => *n,
                _ => text
                    .trim_end_matches('%')
                    .trim()
                    .replace(',', ".")
                    .parse::<f64>()
                    .map_err(|_| format!("„{text}“ ist keine Förderquote in Prozent."))?,
            };
            if !(0.0..=100.0).contains(&rate) || rate.fract() != 0.0 {
                return Err(format!(
                    "„{text}“: die Förderquote muss eine ganze Zahl von 0 bis 100 sein."
                ));
            }
            m.funding_rate = Some(rate as u8);
        }
        ImportField::QuickWin => {
            m.quick_win = match text.to_lowercase().as_str() {
                "ja" | "x" | "1" | "true" | "wahr" | "✓" | "✔" | "☑" => true,
                "nein" | "0" | "false" | "falsch" | "-" | "✗" | "☐" => false,
                _ => return Err(format!("„{text}“: bitte „ja“ oder „nein“.")),
            }
        }
    }
    Ok(())
}

/// How the Steckbrief will hold a mapped cell, when that differs from the cell's text: „ca.
/// 48.000 €“ → „48.000 €“, „k. A.“ → „unbekannt“, „03/2026 – 11/2027“ → „Q1 2026 – Q4 2027“.
/// `None` for a text taken as it is and for a cell that cannot be read (the problems name it).
pub fn reading(
    field: ImportField,
    cell: &Cell,
    areas: &[LifeArea],
    scale: RateScale,
) -> Option<String> {
    let shown = cell.shown();
    if shown.is_empty() {
        return None;
    }
    let mut m = Measure::default();
    read_into(&mut m, field, cell, areas, scale).ok()?;
    let money = |cents: Option<i64>| cents.map_or("unbekannt".into(), crate::analysis::format_euro);
    let point = |code: &Option<String>| {
        code.as_deref()
            .and_then(parse_period)
            .map_or("unbekannt".into(), |p| p.label())
    };
    // Exhaustive, so a new field is read here too; the text fields (`is_text`) read as written.
    let read = match field {
        ImportField::Title
        | ImportField::Description
        | ImportField::Goal
        | ImportField::Lead
        | ImportField::Parties
        | ImportField::FundingProgramme
        | ImportField::Kpis => return None,
        ImportField::LifeArea => match areas.iter().find(|a| Some(a.id) == m.life_area_id) {
            Some(a) if !a.is_cross_cutting() => a.coded_title(),
            _ => "Querschnitt".into(),
        },
        ImportField::Priority => m.priority.map_or("unbekannt", |p| p.label()).into(),
        ImportField::Effort => m.effort.map_or("unbekannt".into(), |e| e.to_string()),
        ImportField::Benefit => m.benefit.map_or("unbekannt".into(), |b| b.to_string()),
        ImportField::Start => point(&m.start_quarter),
        ImportField::End => point(&m.end_quarter),
        ImportField::Period => {
            crate::model::period_label(m.start_quarter.as_deref(), m.end_quarter.as_deref())
        }
        ImportField::CostOnce => money(m.cost_once_cents),
        ImportField::CostYearly => money(m.cost_yearly_cents),
        ImportField::FundingRate => m
            .funding_rate
            .map_or("unbekannt".into(), |r| format!("{r} %")),
        ImportField::Status => m.status.label().into(),
        ImportField::QuickWin => if m.quick_win { "ja" } else { "nein" }.into(),
    };
    // Spaces and the kind of dash are no difference worth a line („2026–2028“, „2026 – 2028“).
    let plain = |t: &str| -> String {
        t.to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if matches!(c, '–' | '—') { '-' } else { c })
            .collect()
    };
    let same = |a: &str, b: &str| plain(a) == plain(b);
    (!same(&read, &shown)).then_some(read)
}

/// A measure's status in the words lists use for it („in Planung“, „laufend“, „erledigt“).
fn status_in_other_words(text: &str) -> Option<MeasureStatus> {
    let t = text.trim().to_lowercase();
    let t = t.trim_end_matches('.');
    match t {
        "offen"
        | "in planung"
        | "planung"
        | "geplant"
        | "noch nicht begonnen"
        | "nicht begonnen"
        | "vorgesehen"
        | "idee" => Some(MeasureStatus::Geplant),
        "laufend" | "läuft" | "begonnen" | "in arbeit" | "in bearbeitung" | "in umsetzung"
        | "umsetzung" | "gestartet" | "in durchführung" => Some(MeasureStatus::InUmsetzung),
        "abgeschlossen" | "erledigt" | "fertig" | "umgesetzt" | "realisiert" | "fertiggestellt" => {
            Some(MeasureStatus::Umgesetzt)
        }
        "zurückgestellt" | "pausiert" | "ruht" | "verschoben" | "gestoppt" => {
            Some(MeasureStatus::Zurueckgestellt)
        }
        _ => None,
    }
}

/// A period in one cell: „2026–2027“, „2026 - 2028“, „Q1/2026 bis Q2/2027“, „01.03.2026 –
/// 31.12.2027“, „ab 2026“, „seit 2024“, „bis Ende 2027“, or one point („2027“: within 2027).
/// Both ends `None` never come back: that is no period.
fn parse_span(text: &str) -> Option<(Option<PeriodPoint>, Option<PeriodPoint>)> {
    let t = text.trim();
    let lower = t.to_lowercase();
    for prefix in ["ab ", "seit ", "von "] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            if let Some(point) = parse_period(rest) {
                return Some((Some(point), None));
            }
        }
    }
    if let Some(rest) = lower.strip_prefix("bis ") {
        return parse_period(rest).map(|p| (None, Some(p)));
    }
    if let Some(point) = parse_period(t) {
        return Some((Some(point), Some(point)));
    }
    let lower = lower.strip_prefix("von ").unwrap_or(&lower);
    for separator in [" bis ", "–", "—", " - ", "-", "/"] {
        for (at, _) in lower.match_indices(separator) {
            let (head, tail) = lower.split_at(at);
            let tail = tail.get(separator.len()..)?;
            if let (Some(start), Some(end)) = (parse_period(head), parse_period(tail)) {
                if start.start_index() <= end.end_index() {
                    return Some((Some(start), Some(end)));
                }
            }
        }
    }
    None
}

/// „1.200 € p. a.“, „1.200 €/Jahr“, „1.200 € jährlich“: the yearly column's amount.
fn strip_per_year(text: &str) -> &str {
    let t = text.trim_end();
    for suffix in [
        "p. a.",
        "p.a.",
        "p. a",
        "p.a",
        "pro jahr",
        "/jahr",
        "/ jahr",
        "im jahr",
        "jährlich",
        "/a",
    ] {
        let lower = t.to_lowercase();
        if lower.ends_with(suffix) {
            let cut = t.len().saturating_sub(suffix.len());
            if t.is_char_boundary(cut) {
                return t[..cut].trim_end();
            }
        }
    }
    t
}

/// A choice by its label, ignoring case („Hoch“, „in umsetzung“).
fn choice<T: Choice>(text: &str) -> Option<T> {
    let t = text.trim().to_lowercase();
    T::ALL
        .iter()
        .copied()
        .find(|v| v.label().to_lowercase() == t)
}

fn area_of(text: &str, areas: &[LifeArea]) -> std::result::Result<Option<uuid::Uuid>, String> {
    let t = text.trim().to_lowercase();
    if t == "querschnitt" || t == "q" {
        return Ok(areas.iter().find(|a| a.is_cross_cutting()).map(|a| a.id));
    }
    let exact = areas.iter().find(|a| {
        a.code.to_lowercase() == t
            || a.title.to_lowercase() == t
            || a.catalog_key
                .as_deref()
                .is_some_and(|k| k.to_lowercase() == t)
            || a.coded_title().to_lowercase() == t
    });
    // A list's own name („Mobilität“ for „Mobilität & Verkehr“, „Umwelt und Energie“ for
    // „Energie, Umwelt & Klima“): taken when exactly one area's title has all its words, in any
    // order and without the little ones; the preview shows which area it became.
    let words = |text: &str| -> Vec<String> {
        text.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && !["und", "sowie", "oder", "für"].contains(w))
            .map(str::to_owned)
            .collect()
    };
    let wanted = words(&t);
    let named: Vec<&LifeArea> = if wanted.is_empty() {
        Vec::new()
    } else {
        areas
            .iter()
            .filter(|a| !a.is_cross_cutting())
            .filter(|a| {
                let title = words(&a.title);
                wanted.iter().all(|w| title.contains(w))
            })
            .collect()
    };
    exact
        .or(match named.as_slice() {
            [one] => Some(*one),
            _ => None,
        })
        .map(|a| Some(a.id))
        .ok_or_else(|| {
            format!(
                "„{text}“ ist kein Lebensbereich dieses Projekts (Kürzel wie LB04 oder der Titel)."
            )
        })
}

/// Cents from euros, within the bounds of an amount.
fn euro_cents(euros: f64) -> Option<i64> {
    let cents = (euros * 100.0).round();
    (cents.is_finite() && cents >= 0.0 && cents <= MAX_AMOUNT_CENTS as f64).then_some(cents as i64)
}

/// An amount as consultants write it: „12.500,00 €“, „12500“, „12.500“, „1.234,5“, „15 T€“,
/// „15 Tsd. €“, „1,5 Mio. €“, „EUR 900“. Returns cents.
pub fn parse_amount(text: &str) -> std::result::Result<i64, String> {
    let original = text.trim();
    let mut t = original.to_lowercase().replace(['\u{a0}', '\u{202f}'], " ");
    if ["keine", "kostenneutral", "ohne kosten", "ohne", "entfällt"].contains(&t.trim()) {
        return Ok(0);
    }
    // An estimate is what every planned amount is: „ca. 12.500 €“ is 12.500 €.
    for estimate in [
        "ca.",
        "ca ",
        "circa",
        "rd.",
        "rund",
        "etwa",
        "~",
        "geschätzt",
    ] {
        if let Some(rest) = t.trim_start().strip_prefix(estimate) {
            t = rest.to_owned();
            break;
        }
    }
    let spans = t.contains(['–', '—'])
        || t.contains(" bis ")
        || t.trim_start()
            .get(1..)
            .is_some_and(|rest| rest.contains('-'));
    if spans {
        return Err(format!(
            "„{original}“ ist eine Spanne: bitte einen Betrag eintragen (für eine vorsichtige Planung den oberen)."
        ));
    }
    for unit in ["€", "eur", "euro"] {
        t = t.replace(unit, " ");
    }
    let mut factor = 1.0;
    for (word, f) in [
        ("mio.", 1e6),
        ("mio", 1e6),
        ("tsd.", 1e3),
        ("tsd", 1e3),
        ("t", 1e3),
        ("k", 1e3),
    ] {
        if let Some(rest) = t.trim().strip_suffix(word) {
            t = rest.to_owned();
            factor = f;
            break;
        }
    }
    let digits: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let wrong = || format!("„{original}“ ist kein Betrag (z. B. 12.500,00 € oder 15 T€).");
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(wrong());
    }
    let normal = if digits.contains(',') {
        // German: dots group thousands, the comma is the decimal sign.
        if digits.matches(',').count() > 1 {
            return Err(wrong());
        }
        digits.replace('.', "").replace(',', ".")
    } else if digits.matches('.').count() > 1 || grouped_thousands(&digits) {
        digits.replace('.', "")
    } else {
        digits
    };
    let euros: f64 = normal.parse().map_err(|_| wrong())?;
    euro_cents(euros * factor).ok_or_else(|| {
        format!("„{original}“ liegt außerhalb des möglichen Bereichs (0 bis 10 Mrd. €).")
    })
}

/// „12.500“: a dot followed by exactly three digits reads as thousands, not as a decimal point.
fn grouped_thousands(digits: &str) -> bool {
    digits
        .split_once('.')
        .is_some_and(|(head, tail)| !head.is_empty() && head.len() <= 3 && tail.len() == 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_consultants_write_them() {
        for (text, cents) in [
            ("12.500,00 €", 1_250_000),
            ("12500", 1_250_000),
            ("12.500", 1_250_000),
            ("1.234,5", 123_450),
            ("15 T€", 1_500_000),
            ("15 Tsd. €", 1_500_000),
            ("1,5 Mio. €", 150_000_000),
            ("EUR 900", 90_000),
            ("0", 0),
            ("12,5", 1_250),
            ("1.234.567", 123_456_700),
        ] {
            assert_eq!(parse_amount(text), Ok(cents), "{text}");
        }
        for text in ["zwölf", "12,5,0", "-5", "€", "", "99 Mrd. €"] {
            assert!(parse_amount(text).is_err(), "{text}");
        }
        for (text, cents) in [
            ("ca. 50.000 €", 5_000_000),
            ("rd. 1,2 Mio. €", 120_000_000),
            ("~ 800 €", 80_000),
            ("50 k€", 5_000_000),
            ("50 TEUR", 5_000_000),
            ("keine", 0),
            ("kostenneutral", 0),
        ] {
            assert_eq!(parse_amount(text), Ok(cents), "{text}");
        }
        for text in ["30.000 – 50.000 €", "30.000-50.000", "30 bis 50 T€"] {
            let e = parse_amount(text).unwrap_err();
            assert!(e.contains("ist eine Spanne"), "{text}: {e}");
        }
        assert_eq!(parse_amount(strip_per_year("1.200 €/Jahr")), Ok(120_000));
        assert_eq!(
            parse_amount(strip_per_year("1.200 € jährlich")),
            Ok(120_000)
        );
    }

    #[test]
    fn the_header_is_found_below_a_title_and_rows_keep_the_sheet_s_numbers() {
        let text = |t: &str| Cell::Text(t.into());
        let table = table_of(vec![
            (1, vec![text("Maßnahmen und Ziele der Stadt"), Cell::Empty]),
            (2, vec![Cell::Empty, Cell::Empty]),
            (3, vec![text("Nr."), text("Maßnahme"), text("Kosten")]),
            (4, vec![text("1"), text("WLAN"), text("5.000")]),
        ]);
        assert_eq!(table.headers, ["Nr.", "Maßnahme", "Kosten"]);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].0, 4);
        // A one-column list: its header names the field.
        let table = table_of(vec![
            (1, vec![text("Liste")]),
            (2, vec![text("Maßnahme")]),
            (3, vec![text("WLAN")]),
        ]);
        assert_eq!(table.headers, ["Maßnahme"]);
        assert_eq!(percent_text(0.07), "7 %");
        assert_eq!(percent_text(1.0), "100 %");
        assert_eq!(percent_text(0.655), "65,5 %");
    }

    #[test]
    fn a_period_in_one_cell_gives_start_and_end() {
        let codes =
            |text: &str| parse_span(text).map(|(s, e)| (s.map(|p| p.code()), e.map(|p| p.code())));
        let both = |s: &str, e: &str| Some((Some(s.to_owned()), Some(e.to_owned())));
        assert_eq!(codes("2026–2027"), both("2026", "2027"));
        assert_eq!(codes("2026-2027"), both("2026", "2027"));
        assert_eq!(codes("2026/2027"), both("2026", "2027"));
        assert_eq!(codes("Q1/2026 bis Q2/2027"), both("2026-Q1", "2027-Q2"));
        assert_eq!(codes("2026-Q3 - 2027-H1"), both("2026-Q3", "2027-H1"));
        assert_eq!(codes("01.03.2026 – 31.12.2027"), both("2026-Q1", "2027-Q4"));
        assert_eq!(codes("2027"), both("2027", "2027"));
        assert_eq!(
            codes("ab 2. Hj. 2026"),
            Some((Some("2026-H2".into()), None))
        );
        assert_eq!(codes("seit 2024"), Some((Some("2024".into()), None)));
        assert_eq!(codes("bis Ende 2027"), Some((None, Some("2027-Q4".into()))));
        assert_eq!(codes("2028–2026"), None, "an end before the start");
        assert_eq!(codes("kurzfristig"), None);
    }

    #[test]
    fn unknown_and_other_words_for_a_status() {
        for text in [
            "k. A.",
            "k.A.",
            "offen",
            "N. N.",
            "tbd",
            "?",
            "–",
            "keine Angabe",
        ] {
            assert!(says_unknown(text), "{text}");
        }
        for text in ["0", "keine", "2027", "nein"] {
            assert!(!says_unknown(text), "{text}");
        }
        assert_eq!(
            status_in_other_words("In Bearbeitung"),
            Some(MeasureStatus::InUmsetzung)
        );
        assert_eq!(
            status_in_other_words("erledigt"),
            Some(MeasureStatus::Umgesetzt)
        );
        assert_eq!(status_in_other_words("offen"), Some(MeasureStatus::Geplant));
        assert_eq!(status_in_other_words("vielleicht"), None);
    }

    /// A Förderquote column read as its numbers show: fractions (ODS and XLS keep no percent
    /// format the reader sees), percent, or a 1 that may be either.
    #[test]
    fn a_rate_column_is_read_on_its_own_scale() {
        let rates = |numbers: &[f64]| {
            let table = Table {
                sheet: None,
                headers: vec!["Titel".into(), "Förderquote".into()],
                rows: (2u32..)
                    .zip(numbers)
                    .map(|(row, n)| (row, vec![Cell::Text(format!("M{row}")), Cell::Number(*n)]))
                    .collect(),
            };
            let mapping = [
                MappedColumn {
                    column: 0,
                    field: ImportField::Title,
                },
                MappedColumn {
                    column: 1,
                    field: ImportField::FundingRate,
                },
            ];
            let plan = plan(&table, &mapping, &[]).unwrap();
            let read: Vec<Option<u8>> = plan.measures.iter().map(|(_, m)| m.funding_rate).collect();
            let refused: Vec<String> = plan.problems.iter().map(|p| p.message.clone()).collect();
            (read, refused)
        };
        assert_eq!(
            rates(&[0.6, 1.0, 0.0]),
            (vec![Some(60), Some(100), Some(0)], vec![])
        );
        assert_eq!(rates(&[50.0, 1.0]), (vec![Some(50), Some(1)], vec![]));
        let (read, refused) = rates(&[1.0, 0.0]);
        assert_eq!(read, [Some(0)]);
        assert!(refused[0].contains("1 % oder 100 %?"), "{refused:?}");
        let (_, refused) = rates(&[0.655]);
        assert!(
            refused[0].contains("ganze Zahl"),
            "65,5 % is not rounded: {refused:?}"
        );
    }

    #[test]
    fn line_breaks_in_fields_of_one_line() {
        let read = |field: ImportField, text: &str| {
            let mut m = Measure::default();
            read_into(
                &mut m,
                field,
                &Cell::Text(text.into()),
                &[],
                RateScale::Unclear,
            )
            .map(|()| m)
            .unwrap()
        };
        assert_eq!(
            read(ImportField::Title, "Digitale Bauakte\n(Pilot im Bauamt)").title,
            "Digitale Bauakte (Pilot im Bauamt)"
        );
        assert_eq!(
            read(
                ImportField::Parties,
                "Bauamt\r\nIT-Dienstleister\n\nKämmerei"
            )
            .parties,
            "Bauamt, IT-Dienstleister, Kämmerei"
        );
        assert_eq!(
            read(ImportField::Parties, "Bauamt,\nIT").parties,
            "Bauamt, IT"
        );
        assert_eq!(
            read(ImportField::Description, "Erste Zeile\nZweite Zeile").description,
            "Erste Zeile\nZweite Zeile"
        );
    }

    #[test]
    fn levels_and_priorities_in_words() {
        let read = |field: ImportField, text: &str| {
            let mut m = Measure::default();
            read_into(
                &mut m,
                field,
                &Cell::Text(text.into()),
                &[],
                RateScale::Unclear,
            )
            .map(|()| m)
        };
        let effort = |text: &str| read(ImportField::Effort, text).map(|m| m.effort);
        assert_eq!(effort("sehr gering"), Ok(Some(1)));
        assert_eq!(effort("gering"), Ok(Some(2)));
        assert_eq!(effort("Mittel"), Ok(Some(3)));
        assert_eq!(effort("hoch"), Ok(Some(4)));
        assert_eq!(effort("sehr hoch"), Ok(Some(5)));
        assert_eq!(effort("k. A."), Ok(None));
        assert!(effort("enorm").is_err());
        let benefit = read(ImportField::Benefit, "4").map(|m| m.benefit);
        assert_eq!(benefit, Ok(Some(4)));
        let priority = |text: &str| read(ImportField::Priority, text).map(|m| m.priority);
        assert_eq!(priority("sehr hoch"), Ok(Some(Priority::Hoch)));
        assert_eq!(priority("normal"), Ok(Some(Priority::Mittel)));
        assert_eq!(priority("gering"), Ok(Some(Priority::Niedrig)));
        assert!(
            priority("1").is_err(),
            "a number is no priority: lists count either way"
        );
        let quick = |text: &str| read(ImportField::QuickWin, text).map(|m| m.quick_win);
        assert_eq!(quick("✓"), Ok(true));
        assert_eq!(quick("nein"), Ok(false));
    }

    #[test]
    fn an_area_by_its_code_title_or_a_unique_shorter_name() {
        let area = |code: &str, title: &str| LifeArea {
            id: uuid::Uuid::now_v7(),
            code: code.into(),
            title: title.into(),
            ..Default::default()
        };
        let areas = [
            area("LB04", "Mobilität & Verkehr"),
            area("LB08", "Energie, Umwelt & Klima"),
            area("LB13", "Umwelt und Natur"),
        ];
        let id = |text: &str| area_of(text, &areas);
        assert_eq!(id("lb04"), Ok(Some(areas[0].id)));
        assert_eq!(id("Mobilität"), Ok(Some(areas[0].id)));
        assert_eq!(id("Klima"), Ok(Some(areas[1].id)));
        assert!(id("Umwelt").is_err(), "two areas name it: no guess");
        assert_eq!(
            id("Klima und Energie"),
            Ok(Some(areas[1].id)),
            "any order, „und“ for „&“"
        );
        assert_eq!(id("Natur"), Ok(Some(areas[2].id)));
        assert!(id("Mobil").is_err(), "a whole word, not a part of one");
        assert!(id("Schule").is_err());
    }

    #[test]
    fn headers_suggest_their_fields() {
        let headers: Vec<String> = [
            "Kosten (einmalig)",
            "Maßnahme",
            "Laufende Kosten",
            "Handlungsfeld",
            "Zuständig",
            "Bemerkung",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let m = suggest(&headers);
        let field_of = |c: u32| m.iter().find(|x| x.column == c).map(|x| x.field);
        assert_eq!(field_of(0), Some(ImportField::CostOnce));
        assert_eq!(field_of(1), Some(ImportField::Title));
        assert_eq!(field_of(2), Some(ImportField::CostYearly));
        assert_eq!(field_of(3), Some(ImportField::LifeArea));
        assert_eq!(field_of(4), Some(ImportField::Lead));
        assert_eq!(field_of(5), None);
    }
}
