//! The Excel workbook (rust_xlsxwriter): one sheet each for Maßnahmen (every Steckbrief field),
//! Budget je Jahr, Digitalisierungs-Check, Ideen and Zeitplan. Amounts are numbers in a € format,
//! dates are dates, unknown values are empty cells (never 0); the header row is frozen and
//! filtered, the columns have widths.

use std::collections::HashMap;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};
use uuid::Uuid;

use super::{euros, ExportData};
use crate::error::{Error, Result};
use crate::model::{Choice, Measure};

/// `#.##0,00 €` in a German Excel (Excel stores the format with `,` and `.` and shows it in the
/// reader's locale).
const EURO: &str = "#,##0.00\\ \"€\"";
const DATE: &str = "dd.mm.yyyy";

impl From<XlsxError> for Error {
    fn from(e: XlsxError) -> Self {
        Error::Export(format!("Excel: {e}"))
    }
}

/// The cells' formats, made once.
struct Formats {
    head: Format,
    text: Format,
    euro: Format,
    date: Format,
    sum: Format,
    sum_euro: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            head: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color("#E7EEF8"),
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            euro: Format::new()
                .set_num_format(EURO)
                .set_align(FormatAlign::Top),
            date: Format::new()
                .set_num_format(DATE)
                .set_align(FormatAlign::Top),
            sum: Format::new().set_bold(),
            sum_euro: Format::new().set_bold().set_num_format(EURO),
        }
    }
}

/// One column: header and width (in characters).
type Column = (&'static str, f64);

/// Writes the header row, freezes it, sets the widths and the filter over `rows` data rows.
fn table(sheet: &mut Worksheet, f: &Formats, columns: &[Column], rows: usize) -> Result<()> {
    for (c, (title, width)) in (0u16..).zip(columns) {
        sheet.write_string_with_format(0, c, *title, &f.head)?;
        sheet.set_column_width(c, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_col = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    let last_row = u32::try_from(rows).unwrap_or(u32::MAX);
    sheet.autofilter(0, 0, last_row.max(1), last_col)?;
    Ok(())
}

/// A row being written: each call fills the next column; `None` leaves the cell empty.
struct Row<'s> {
    sheet: &'s mut Worksheet,
    row: u32,
    col: u16,
}

impl<'s> Row<'s> {
    fn new(sheet: &'s mut Worksheet, row: u32) -> Row<'s> {
        Row { sheet, row, col: 0 }
    }
    fn next(&mut self) -> u16 {
        let c = self.col;
        self.col = self.col.saturating_add(1);
        c
    }
    fn text(&mut self, f: &Formats, value: &str) -> Result<()> {
        let c = self.next();
        if !value.is_empty() {
            self.sheet
                .write_string_with_format(self.row, c, value, &f.text)?;
        }
        Ok(())
    }
    fn number(&mut self, value: Option<f64>) -> Result<()> {
        let c = self.next();
        if let Some(v) = value {
            self.sheet.write_number(self.row, c, v)?;
        }
        Ok(())
    }
    fn euro(&mut self, format: &Format, cents: Option<i64>) -> Result<()> {
        let c = self.next();
        if let Some(v) = cents {
            self.sheet
                .write_number_with_format(self.row, c, euros(v), format)?;
        }
        Ok(())
    }
    fn date(&mut self, f: &Formats, date: Option<chrono::NaiveDate>) -> Result<()> {
        use chrono::Datelike;
        let c = self.next();
        if let Some(d) = date {
            let (Ok(y), Ok(m), Ok(day)) = (
                u16::try_from(d.year()),
                u8::try_from(d.month()),
                u8::try_from(d.day()),
            ) else {
                return Ok(());
            };
            self.sheet.write_date_with_format(
                self.row,
                c,
                &ExcelDateTime::from_ymd(y, m, day)?,
                &f.date,
            )?;
        }
        Ok(())
    }
}

fn yes(b: bool) -> &'static str {
    if b {
        "ja"
    } else {
        "nein"
    }
}

/// The workbook as bytes.
pub fn workbook(data: &ExportData) -> Result<Vec<u8>> {
    use chrono::Datelike;
    let f = Formats::new();
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(data.date.year()).unwrap_or(2000),
        u8::try_from(data.date.month()).unwrap_or(1),
        u8::try_from(data.date.day()).unwrap_or(1),
    )?;
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("Digitalisierungsstrategie {}", data.profile.name))
            .set_subject("Maßnahmen, Budget, Digitalisierungs-Check, Ideen und Zeitplan")
            .set_author("Zukunftskommune")
            .set_creation_datetime(&created),
    );
    measures_sheet(book.add_worksheet(), &f, data)?;
    budget_sheet(book.add_worksheet(), &f, data)?;
    check_sheet(book.add_worksheet(), &f, data)?;
    ideas_sheet(book.add_worksheet(), &f, data)?;
    timeline_sheet(book.add_worksheet(), &f, data)?;
    Ok(book.save_to_buffer()?)
}

fn measures_sheet(sheet: &mut Worksheet, f: &Formats, data: &ExportData) -> Result<()> {
    sheet.set_name("Maßnahmen")?;
    let columns: [Column; 24] = [
        ("Nr.", 9.0),
        ("Titel", 36.0),
        ("Lebensbereich", 24.0),
        ("Beschreibung", 50.0),
        ("Ziel und Wirkung", 40.0),
        ("Federführung", 18.0),
        ("Beteiligte", 22.0),
        ("Priorität", 10.0),
        ("Aufwand (1–5)", 9.0),
        ("Nutzen (1–5)", 9.0),
        ("Priorisierungswert", 11.0),
        ("Beginn", 10.0),
        ("Ende", 10.0),
        ("Zeitraum", 18.0),
        ("Kosten einmalig", 15.0),
        ("Kosten laufend pro Jahr", 15.0),
        ("Beträge je Jahr", 26.0),
        ("Förderprogramm", 24.0),
        ("Förderquote (%)", 9.0),
        ("Abhängig von", 16.0),
        ("Messbare Indikatoren", 36.0),
        ("Status", 13.0),
        ("Quick Win", 8.0),
        ("Steckbrief vollständig", 11.0),
    ];
    let rows = &data.measures.measures;
    table(sheet, f, &columns, rows.len())?;
    let numbers: HashMap<Uuid, &str> = rows
        .iter()
        .map(|m| (m.measure.id, m.measure.number.as_str()))
        .collect();
    for (r, view) in (1u32..).zip(rows) {
        let m: &Measure = &view.measure;
        let mut row = Row::new(sheet, r);
        row.text(f, &m.number)?;
        row.text(f, &m.title)?;
        row.text(f, &view.life_area_title)?;
        row.text(f, &m.description)?;
        row.text(f, &m.goal)?;
        row.text(f, &m.lead)?;
        row.text(f, &m.parties)?;
        row.text(f, m.priority.map_or("", Choice::label))?;
        row.number(m.effort.map(f64::from))?;
        row.number(m.benefit.map(f64::from))?;
        row.number(view.priority_score.map(f64::from))?;
        row.text(f, &period_point(m.start_quarter.as_deref()))?;
        row.text(f, &period_point(m.end_quarter.as_deref()))?;
        row.text(f, &view.period)?;
        row.euro(&f.euro, m.cost_once_cents)?;
        row.euro(&f.euro, m.cost_yearly_cents)?;
        let per_year: Vec<String> = m
            .cost_by_year
            .iter()
            .map(|a| format!("{}: {}", a.year, crate::analysis::format_euro(a.cents)))
            .collect();
        row.text(f, &per_year.join("; "))?;
        row.text(f, &m.funding_programme)?;
        row.number(m.funding_rate.map(f64::from))?;
        let deps: Vec<&str> = m
            .dependencies
            .iter()
            .filter_map(|d| numbers.get(d).copied())
            .collect();
        row.text(f, &deps.join(", "))?;
        row.text(f, &m.kpis)?;
        row.text(f, m.status.label())?;
        row.text(f, yes(m.quick_win))?;
        row.text(f, yes(view.complete))?;
    }
    Ok(())
}

fn budget_sheet(sheet: &mut Worksheet, f: &Formats, data: &ExportData) -> Result<()> {
    sheet.set_name("Budget je Jahr")?;
    let budget = &data.measures.budget;
    // Funding of costs whose measures name no rate is open: a column of its own says how much
    // of the year's costs that is; the Eigenanteil beside it is then an upper bound.
    let columns: [Column; 8] = [
        ("Jahr", 8.0),
        ("einmalig", 15.0),
        ("laufend", 15.0),
        ("je Jahr geplant", 15.0),
        ("gesamt", 15.0),
        ("Förderung (angegeben)", 15.0),
        ("Kosten ohne Förderquote", 15.0),
        if budget.total.funding_open_cents > 0 {
            ("Eigenanteil (höchstens)", 15.0)
        } else {
            ("Eigenanteil", 15.0)
        },
    ];
    table(sheet, f, &columns, budget.years.len())?;
    let mut r = 1u32;
    for y in &budget.years {
        let mut row = Row::new(sheet, r);
        row.number(Some(f64::from(y.year)))?;
        for cents in [
            y.once_cents,
            y.yearly_cents,
            y.planned_cents,
            y.total_cents,
            y.funding_cents,
            y.funding_open_cents,
            y.own_share_cents,
        ] {
            row.euro(&f.euro, Some(cents))?;
        }
        r = r.saturating_add(1);
    }
    // The sum stands below the filtered rows, as the core computed it (not a formula that a
    // filter would change).
    // Without a year there is nothing to add up: a line says so instead of a „Summe“ of zeros,
    // as in the report and the window.
    let t = &budget.total;
    let mut notes = Vec::new();
    if budget.years.is_empty() {
        notes.push("Noch keine Kosten mit Zeitraum.".to_string());
    } else {
        sheet.write_string_with_format(r, 0, "Summe", &f.sum)?;
        for (c, cents) in (1u16..).zip([
            t.once_cents,
            t.yearly_cents,
            t.planned_cents,
            t.total_cents,
            t.funding_cents,
            t.funding_open_cents,
            t.own_share_cents,
        ]) {
            sheet.write_number_with_format(r, c, euros(cents), &f.sum_euro)?;
        }
    }
    notes.extend(budget.notes.iter().cloned());
    for (note, row) in notes.iter().zip(r.saturating_add(2)..) {
        sheet.write_string(row, 0, note)?;
    }
    Ok(())
}

fn check_sheet(sheet: &mut Worksheet, f: &Formats, data: &ExportData) -> Result<()> {
    sheet.set_name("Digitalisierungs-Check")?;
    let columns: [Column; 9] = [
        ("Dimension", 26.0),
        ("Nr.", 6.0),
        ("Frage", 50.0),
        ("IST (0–5)", 8.0),
        ("SOLL (0–5)", 8.0),
        ("keine Angabe", 8.0),
        ("Priorität", 10.0),
        ("Nachweis", 16.0),
        ("Notiz", 40.0),
    ];
    let items: usize = data.check.dimensions.iter().map(|d| d.items.len()).sum();
    table(sheet, f, &columns, items)?;
    let mut r = 1u32;
    for d in &data.check.dimensions {
        let dimension = format!("{} {}", d.dimension.key, d.dimension.title);
        for item in &d.items {
            let a = item.answer.as_ref();
            let mut row = Row::new(sheet, r);
            row.text(f, &dimension)?;
            row.text(f, &item.item.key)?;
            row.text(f, &item.item.question)?;
            row.number(a.and_then(|a| a.ist).map(f64::from))?;
            row.number(a.and_then(|a| a.soll).map(f64::from))?;
            row.text(
                f,
                if a.is_some_and(|a| a.ist_unknown) {
                    "k. A."
                } else {
                    ""
                },
            )?;
            row.text(f, a.and_then(|a| a.priority).map_or("", Choice::label))?;
            row.text(f, a.and_then(|a| a.evidence).map_or("", Choice::label))?;
            row.text(f, a.map_or("", |a| a.note.as_str()))?;
            r = r.saturating_add(1);
        }
    }
    // The scores per dimension beside the answers (0–100; empty when nothing is answered).
    let c0 = 10u16;
    for (c, (title, width)) in (c0..).zip([
        ("Dimension", 26.0),
        ("IST-Index", 9.0),
        ("SOLL-Index", 9.0),
        ("beantwortet", 10.0),
    ]) {
        sheet.write_string_with_format(0, c, title, &f.head)?;
        sheet.set_column_width(c, width)?;
    }
    for (r, s) in (1u32..).zip(&data.check.scores.dimensions) {
        sheet.write_string(r, c0, format!("{} {}", s.key, s.title))?;
        if let Some(v) = s.ist {
            sheet.write_number(r, c0 + 1, v)?;
        }
        if let Some(v) = s.soll {
            sheet.write_number(r, c0 + 2, v)?;
        }
        sheet.write_string(r, c0 + 3, format!("{}/{}", s.answered, s.items))?;
    }
    Ok(())
}

fn ideas_sheet(sheet: &mut Worksheet, f: &Formats, data: &ExportData) -> Result<()> {
    sheet.set_name("Ideen")?;
    let columns: [Column; 6] = [
        ("Idee", 60.0),
        ("Lebensbereich", 26.0),
        ("Veranstaltung", 26.0),
        ("Punkte", 8.0),
        ("Status", 13.0),
        ("Maßnahme", 10.0),
    ];
    let ideas = &data.measures.ideas;
    table(sheet, f, &columns, ideas.len())?;
    let areas: HashMap<Uuid, String> = data
        .measures
        .life_areas
        .iter()
        .map(|a| (a.id, a.coded_title()))
        .collect();
    let events: HashMap<Uuid, &str> = data
        .goals
        .events
        .iter()
        .map(|e| (e.id, e.title.as_str()))
        .collect();
    let measures: HashMap<Uuid, &str> = data
        .measures
        .measures
        .iter()
        .map(|m| (m.measure.id, m.measure.number.as_str()))
        .collect();
    for (r, i) in (1u32..).zip(ideas) {
        let mut row = Row::new(sheet, r);
        row.text(f, &i.text)?;
        row.text(
            f,
            i.life_area_id
                .and_then(|a| areas.get(&a))
                .map_or("", String::as_str),
        )?;
        row.text(
            f,
            i.event_id
                .and_then(|e| events.get(&e).copied())
                .unwrap_or(""),
        )?;
        row.number(Some(f64::from(i.votes)))?;
        row.text(f, i.status.label())?;
        row.text(
            f,
            i.measure_id
                .and_then(|m| measures.get(&m).copied())
                .unwrap_or(""),
        )?;
    }
    Ok(())
}

fn timeline_sheet(sheet: &mut Worksheet, f: &Formats, data: &ExportData) -> Result<()> {
    sheet.set_name("Zeitplan")?;
    let columns: [Column; 7] = [
        ("Art", 14.0),
        ("Titel", 50.0),
        ("Beginn", 11.0),
        ("Ende", 11.0),
        ("Ort", 24.0),
        ("Status", 11.0),
        ("Baustein", 9.0),
    ];
    let entries = &data.goals.timeline;
    table(sheet, f, &columns, entries.len())?;
    for (r, t) in (1u32..).zip(entries) {
        let mut row = Row::new(sheet, r);
        row.text(f, t.kind.label())?;
        row.text(f, &t.title)?;
        row.date(f, t.start)?;
        row.date(f, t.end)?;
        row.text(f, &t.place)?;
        row.text(f, t.status.label())?;
        row.number(t.baustein.map(f64::from))?;
    }
    Ok(())
}

/// A period point as people write it („Q2 2024“, „2. Hj. 2023“), not its stored code
/// („2024-Q2“, „2023-H2“); the measure import reads both.
fn period_point(code: Option<&str>) -> String {
    match code {
        None => String::new(),
        Some(c) => crate::model::parse_period(c)
            .map(|p| p.label())
            .unwrap_or_else(|| c.to_string()),
    }
}
