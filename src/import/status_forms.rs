//! A filled status form read back (calamine): which project, round and department it belongs
//! to, and per row the entry's id, the locked number and title as they stand in the file, and
//! the filled cells — each read as the form asks, every unreadable cell named with its row and
//! column. Pure apart from reading the file; the API compares and writes.

use std::path::Path;

use calamine::{open_workbook_auto, Reader};
use uuid::Uuid;

use super::{cell, parse_amount, says_unknown, Cell, CellProblem};
use crate::error::{Error, Result};
use crate::export::status_forms as form;
use crate::model::{Choice, TrafficLight, YearAmount, MAX_AMOUNT_CENTS};

/// One row of a filled form.
#[derive(Debug, Clone, Default)]
pub struct FilledRow {
    /// The row as the spreadsheet numbers it (the header is row 1).
    pub line: u32,
    pub entry_id: Option<Uuid>,
    pub number: String,
    pub title: String,
    pub progress: Option<u8>,
    pub light: Option<TrafficLight>,
    pub reason: String,
    /// Per year of the form: the amount, `None` for an empty cell.
    pub actual: Vec<(i32, Option<i64>)>,
    pub next_steps: String,
    pub responsible: String,
}

/// A filled form: whose it is, its rows, and the cells that could not be read.
#[derive(Debug, Clone, Default)]
pub struct FilledForm {
    pub project_id: String,
    pub round_id: Option<Uuid>,
    pub department: String,
    pub rows: Vec<FilledRow>,
    pub problems: Vec<CellProblem>,
}

/// Reads a form written by [`crate::export::status_forms`] and filled in Excel or LibreOffice.
pub fn read(path: &Path) -> Result<FilledForm> {
    let name = path.display();
    super::check_list_size(path, "ein Statusformular")?;
    let mut book = open_workbook_auto(path).map_err(|e| {
        Error::invalid(format!(
            "„{name}“ ist keine lesbare Arbeitsmappe (Excel oder LibreOffice): {e}"
        ))
    })?;
    let not_a_form = || {
        Error::invalid(format!(
            "„{name}“ ist kein Statusformular dieses Programms (das Blatt „{}“ fehlt).",
            form::KEY_SHEET
        ))
    };
    let key = book
        .worksheet_range(form::KEY_SHEET)
        .map_err(|_| not_a_form())?;
    let value_of = |field: &str| -> String {
        key.rows()
            .find(|r| r.first().is_some_and(|c| cell(c).shown() == field))
            .and_then(|r| r.get(1))
            .map(|c| cell(c).shown())
            .unwrap_or_default()
    };
    let mut out = FilledForm {
        project_id: value_of("project_id"),
        round_id: value_of("round_id").parse().ok(),
        department: value_of("department"),
        ..FilledForm::default()
    };
    let sheet = book
        .worksheet_range(form::STATUS_SHEET)
        .map_err(|_| not_a_form())?;
    let mut rows = sheet.rows();
    let headers: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(|c| cell(c).shown()).collect())
        .unwrap_or_default();
    let at = |header: &str| headers.iter().position(|h| h == header);
    let mut columns = Vec::new();
    for header in [
        form::NUMBER,
        form::TITLE,
        form::PROGRESS,
        form::LIGHT,
        form::REASON,
        form::NEXT,
        form::RESPONSIBLE,
        form::ID,
    ] {
        columns.push(at(header).ok_or_else(|| {
            Error::invalid(format!(
                "Im Formular „{name}“ fehlt die Spalte „{header}“; bitte das Formular unverändert lassen und nur die Felder ausfüllen."
            ))
        })?);
    }
    let [number, title, progress, light, reason, next, responsible, id] = columns[..] else {
        return Err(not_a_form());
    };
    let years: Vec<(usize, i32)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let year = h.strip_prefix("Ist-Kosten ")?.strip_suffix(" (€)")?;
            Some((i, year.parse().ok()?))
        })
        .collect();
    for (line, r) in (2u32..).zip(rows) {
        let get = |i: usize| r.get(i).map(cell).unwrap_or(Cell::Empty);
        if r.iter().all(|c| cell(c) == Cell::Empty) {
            continue;
        }
        let mut problem = |column: &str, message: String| {
            out.problems.push(CellProblem {
                row: line,
                column: column.to_string(),
                message,
            })
        };
        let mut row = FilledRow {
            line,
            entry_id: get(id).shown().parse().ok(),
            number: get(number).shown(),
            title: get(title).shown(),
            reason: get(reason).shown(),
            next_steps: get(next).shown(),
            responsible: get(responsible).shown(),
            ..FilledRow::default()
        };
        match percent(&get(progress)) {
            Ok(p) => row.progress = p,
            Err(m) => problem(form::PROGRESS, m),
        }
        match traffic_light(&get(light)) {
            Ok(l) => row.light = l,
            Err(m) => problem(form::LIGHT, m),
        }
        for (i, year) in &years {
            match euros(&get(*i)) {
                Ok(a) => row.actual.push((*year, a)),
                Err(m) => problem(&form::actual_header(*year), m),
            }
        }
        out.rows.push(row);
    }
    Ok(out)
}

/// The actual costs of a row as the entry stores them (empty years left out).
pub fn actual_costs(row: &FilledRow) -> Vec<YearAmount> {
    row.actual
        .iter()
        .filter_map(|(year, cents)| cents.map(|cents| YearAmount { year: *year, cents }))
        .collect()
}

fn percent(c: &Cell) -> std::result::Result<Option<u8>, String> {
    let n = match c {
        Cell::Empty => return Ok(None),
        Cell::Text(t) if says_unknown(t) => return Ok(None),
        Cell::Number(n) => *n,
        Cell::Text(t) => t
            .trim()
            .trim_end_matches('%')
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .map_err(|_| format!("„{}“ ist keine Zahl von 0 bis 100.", t.trim()))?,
    };
    if n.fract() != 0.0 || !(0.0..=100.0).contains(&n) {
        return Err(format!(
            "„{}“ ist keine ganze Zahl von 0 bis 100.",
            c.shown()
        ));
    }
    Ok(u8::try_from(n as i64).ok())
}

fn traffic_light(c: &Cell) -> std::result::Result<Option<TrafficLight>, String> {
    let text = c.shown();
    if text.is_empty() {
        return Ok(None);
    }
    TrafficLight::ALL
        .iter()
        .find(|l| {
            l.label().eq_ignore_ascii_case(&text) || l.label().to_lowercase() == text.to_lowercase()
        })
        .copied()
        .map(Some)
        .ok_or_else(|| {
            let allowed: Vec<&str> = TrafficLight::ALL.iter().map(|l| l.label()).collect();
            format!(
                "„{text}“ ist keine Ampel (erlaubt: {}).",
                allowed.join(", ")
            )
        })
}

fn euros(c: &Cell) -> std::result::Result<Option<i64>, String> {
    let cents = match c {
        Cell::Empty => return Ok(None),
        Cell::Text(t) if says_unknown(t) => return Ok(None),
        Cell::Number(n) => {
            let cents = (n * 100.0).round();
            if !cents.is_finite() || cents < 0.0 || cents > MAX_AMOUNT_CENTS as f64 {
                return Err(format!(
                    "„{}“ ist kein Betrag zwischen 0 und 10 Mrd. €.",
                    c.shown()
                ));
            }
            cents as i64
        }
        Cell::Text(t) => parse_amount(t)?,
    };
    if !(0..=MAX_AMOUNT_CENTS).contains(&cents) {
        return Err(format!(
            "„{}“ ist kein Betrag zwischen 0 und 10 Mrd. €.",
            c.shown()
        ));
    }
    Ok(Some(cents))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A department that does not know its costs yet writes „k. A.“ or „offen“: not reported,
    /// neither 0 € nor a refused row.
    #[test]
    fn a_form_s_unknown_cells_are_not_reported() {
        let text = |t: &str| Cell::Text(t.into());
        assert_eq!(euros(&text("k. A.")), Ok(None));
        assert_eq!(euros(&text("offen")), Ok(None));
        assert_eq!(euros(&text("ca. 1.200 €")), Ok(Some(120_000)));
        assert_eq!(percent(&text("?")), Ok(None));
        assert_eq!(percent(&text("40 %")), Ok(Some(40)));
        assert!(euros(&text("viel")).is_err());
    }
}
