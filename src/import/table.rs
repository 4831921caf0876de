//! Reading a list's file into a [`Table`]: CSV (UTF-8, Windows-1252, Excel's „Unicode-Text“)
//! or a workbook (XLSX, XLS, ODS via calamine), its header found below a title, merged cells
//! read in every cell they cover, dates and percentages as the sheet shows them, and a file too
//! large to read refused before it is read.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};

use super::{suggest, ImportField};
use crate::error::{Error, Result};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
