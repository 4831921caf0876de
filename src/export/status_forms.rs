//! The status form of one lead department (rust_xlsxwriter): its measures of a status round,
//! the fields to fill (progress, traffic light, reason, actual costs per year, next steps,
//! who reports) beside locked columns (number, title, period, planned amount, the row's id),
//! German headers and data validation. A very hidden sheet „Kennung“ names the project, the
//! round and the department, so a form of another project or round is refused on import.
//! Pure: the rows come from the caller.

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, Format, FormatAlign, Workbook,
};
use uuid::Uuid;

use crate::error::Result;
use crate::model::{Choice, StatusEntry, TrafficLight};

/// The headers the import reads (row 1 of the sheet „Status“).
pub const NUMBER: &str = "Nr.";
pub const TITLE: &str = "Maßnahme";
pub const PERIOD: &str = "Zeitraum (Plan)";
pub const PLANNED: &str = "Geplant gesamt (€)";
pub const PROGRESS: &str = "Fortschritt (%)";
pub const LIGHT: &str = "Ampel";
pub const REASON: &str = "Grund (bei Verzug, gefährdet, gestoppt)";
pub const NEXT: &str = "Nächste Schritte";
pub const RESPONSIBLE: &str = "Verantwortlich";
pub const ID: &str = "ID";
/// The sheets.
pub const STATUS_SHEET: &str = "Status";
pub const KEY_SHEET: &str = "Kennung";

/// The header of the actual costs of `year`.
pub fn actual_header(year: i32) -> String {
    format!("Ist-Kosten {year} (€)")
}

/// One measure's row of a form.
pub struct FormRow<'a> {
    pub entry: &'a StatusEntry,
    pub number: String,
    pub title: String,
    pub period: String,
    /// The planned amount of the baseline (all years); `None` without estimate.
    pub planned_cents: Option<i64>,
}

/// A department's form.
pub struct StatusForm<'a> {
    pub municipality: &'a str,
    pub project_id: &'a str,
    pub round_id: Uuid,
    pub round_label: &'a str,
    pub department: &'a str,
    pub years: &'a [i32],
    pub rows: Vec<FormRow<'a>>,
    /// „Statusrunde „1. Halbjahr 2027““ when the rows are filled with that round's values.
    pub carried_from: Option<&'a str>,
}

const EURO: &str = "#,##0.00\\ \"€\"";

/// The workbook's bytes.
pub fn workbook(form: &StatusForm) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    // A fixed date: the same form gives the same bytes.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2020, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "Statusmeldung {} – {}",
                form.round_label, form.department
            ))
            .set_company(form.municipality)
            .set_creation_datetime(&created),
    );
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color("#E7EEF8");
    let locked = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color("#F2F2F2");
    let locked_euro = locked.clone().set_num_format(EURO);
    let input = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let input_euro = input.clone().set_num_format(EURO);

    let mut headers: Vec<(String, f64)> = vec![
        (NUMBER.into(), 10.0),
        (TITLE.into(), 40.0),
        (PERIOD.into(), 18.0),
        (PLANNED.into(), 16.0),
        (PROGRESS.into(), 12.0),
        (LIGHT.into(), 14.0),
        (REASON.into(), 30.0),
    ];
    let first_year_col = u16::try_from(headers.len()).unwrap_or(u16::MAX);
    headers.extend(form.years.iter().map(|y| (actual_header(*y), 16.0)));
    headers.push((NEXT.into(), 36.0));
    headers.push((RESPONSIBLE.into(), 20.0));
    headers.push((ID.into(), 38.0));
    let col = |i: usize| u16::try_from(i).unwrap_or(u16::MAX);
    let last_row = u32::try_from(form.rows.len()).unwrap_or(u32::MAX);

    let sheet = book.add_worksheet().set_name(STATUS_SHEET)?;
    for (i, (h, width)) in headers.iter().enumerate() {
        sheet.write_with_format(0, col(i), h, &head)?;
        sheet.set_column_width(col(i), *width)?;
    }
    sheet.set_freeze_panes(1, 2)?;
    for (r, row) in form.rows.iter().enumerate() {
        let r = u32::try_from(r).unwrap_or(u32::MAX).saturating_add(1);
        let e = row.entry;
        sheet.write_with_format(r, 0, &row.number, &locked)?;
        sheet.write_with_format(r, 1, &row.title, &locked)?;
        sheet.write_with_format(r, 2, &row.period, &locked)?;
        match row.planned_cents {
            Some(c) => sheet.write_with_format(r, 3, c as f64 / 100.0, &locked_euro)?,
            None => sheet.write_with_format(r, 3, "", &locked)?,
        };
        match e.progress {
            Some(p) => sheet.write_with_format(r, 4, f64::from(p), &input)?,
            None => sheet.write_blank(r, 4, &input)?,
        };
        match e.light {
            Some(l) => sheet.write_with_format(r, 5, l.label(), &input)?,
            None => sheet.write_blank(r, 5, &input)?,
        };
        sheet.write_with_format(r, 6, &e.reason, &input)?;
        for (k, year) in form.years.iter().enumerate() {
            let c = first_year_col.saturating_add(col(k));
            match e.actual_costs.iter().find(|a| a.year == *year) {
                Some(a) => sheet.write_with_format(r, c, a.cents as f64 / 100.0, &input_euro)?,
                None => sheet.write_blank(r, c, &input_euro)?,
            };
        }
        let after = first_year_col.saturating_add(col(form.years.len()));
        sheet.write_with_format(r, after, &e.next_steps, &input)?;
        sheet.write_with_format(r, after.saturating_add(1), &e.responsible, &input)?;
        sheet.write_with_format(r, after.saturating_add(2), e.id.to_string(), &locked)?;
    }
    if last_row > 0 {
        let progress = DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(0, 100))
            .set_error_message("Bitte eine ganze Zahl von 0 bis 100 eingeben.")?;
        sheet.add_data_validation(1, 4, last_row, 4, &progress)?;
        let labels: Vec<&str> = TrafficLight::ALL.iter().map(|l| l.label()).collect();
        let light = DataValidation::new()
            .allow_list_strings(&labels)?
            .set_error_message("Bitte eine Ampel aus der Liste wählen.")?;
        sheet.add_data_validation(1, 5, last_row, 5, &light)?;
        if !form.years.is_empty() {
            let money = DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(0.0, 10_000_000_000.0))
                .set_error_message("Bitte einen Betrag in Euro ab 0 eingeben.")?;
            let last_year_col =
                first_year_col.saturating_add(col(form.years.len()).saturating_sub(1));
            sheet.add_data_validation(1, first_year_col, last_row, last_year_col, &money)?;
        }
    }
    // The row's id is for the import only.
    sheet.set_column_hidden(col(headers.len().saturating_sub(1)))?;
    sheet.protect();

    let notes = book.add_worksheet().set_name("Hinweise")?;
    notes.set_column_width(0, 100)?;
    let mut lines = vec![
        format!("Statusmeldung {} – {}", form.municipality, form.round_label),
        format!("Federführung: {}", form.department),
        String::new(),
        "Bitte im Blatt „Status“ die weißen Felder ausfüllen: Fortschritt in Prozent, Ampel aus der Liste, bei Verzug, gefährdet oder gestoppt einen Grund, die Ist-Kosten je Jahr in Euro, die nächsten Schritte und wer meldet.".to_string(),
        "Die grauen Spalten (Nummer, Maßnahme, Zeitraum, geplanter Betrag) bitte nicht ändern: die Datei wird zurück in die Projektdatei eingelesen und dabei geprüft.".to_string(),
        "Leere Felder bleiben unbekannt (nicht 0).".to_string(),
    ];
    if let Some(round) = form.carried_from {
        lines.push(format!(
            "Vorausgefüllt sind die Angaben aus der {round}: bitte jede Zeile prüfen und ändern, was sich seitdem geändert hat; was gleich bleibt, nennt der Umsetzungsbericht „unverändert“."
        ));
    }
    for (i, line) in lines.iter().enumerate() {
        notes.write(u32::try_from(i).unwrap_or(0), 0, line)?;
    }
    notes.protect();

    let key = book.add_worksheet().set_name(KEY_SHEET)?;
    key.write(0, 0, "project_id")?;
    key.write(0, 1, form.project_id)?;
    key.write(1, 0, "round_id")?;
    key.write(1, 1, form.round_id.to_string())?;
    key.write(2, 0, "department")?;
    key.write(2, 1, form.department)?;
    key.set_very_hidden(true);
    key.protect();
    book.worksheet_from_index(0)?.set_active(true);
    Ok(book.save_to_buffer()?)
}
