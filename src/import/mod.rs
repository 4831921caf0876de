//! A consultant's existing measure list (Excel, LibreOffice or CSV, any column order) read into
//! measures: the columns are mapped to Steckbrief fields (suggested from the headers), every cell
//! is read the way consultants and municipalities write it („ca. 12.500 €“, „15 T€“, „Q4/2027“,
//! „03/2026 – 11/2027“, „k. A.“, „in Planung“, a heading „Handlungsfeld 2: Mobilität“) and a
//! cell that cannot be read is named with its row, column and what is wrong. The file is read
//! in `table`; the rest is pure; the API writes the good rows as one change.

pub mod status_forms;
mod table;

pub(crate) use table::{cell, check_list_size};
pub use table::{read_table, Cell, Table, MAX_LIST_BYTES, MAX_ROWS};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::{
    parse_period, Choice, Entity, LifeArea, Measure, MeasureStatus, PeriodPoint, Priority,
    YearAmount, MAX_AMOUNT_CENTS,
};

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
    /// An amount planned for the year the column's header names („2027“, „Kosten 2027 (T€)“);
    /// several columns may be read so, one per year.
    AmountInYear,
    /// Amounts per year in one cell, as the app's own workbook writes them: „2027: 40.000 €;
    /// 2028: 5.000 €“.
    AmountsPerYear,
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
    AmountInYear => "Betrag im Jahr der Überschrift",
    AmountsPerYear => "Beträge je Jahr (2027: 40.000 €; …)",
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
const HEADER_WORDS: [(&str, ImportField); 30] = [
    ("beträge je jahr", ImportField::AmountsPerYear),
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
        } else if h.contains("kosten")
            && ["lfd", "p.a", "p. a", "folgekosten", "betriebskosten"]
                .iter()
                .any(|w| h.contains(w))
        {
            // „Kosten lfd. p.a.“, „Folgekosten“: running costs, not the one-off „kosten“
            // (never „lfd.“ alone: „Lfd. Nr.“ numbers the rows).
            Some(ImportField::CostYearly)
        } else if header_year(&h).is_some()
            && (h.trim().len() == 4
                || [
                    "kosten", "betrag", "haushalt", "ansatz", "mittel", "€", "eur",
                ]
                .iter()
                .any(|w| h.contains(w)))
        {
            Some(ImportField::AmountInYear)
        } else {
            HEADER_WORDS
                .iter()
                .find(|(w, _)| h.contains(w))
                .map(|(_, f)| *f)
        };
        // Each field at most once; amounts in years once per year column.
        let taken =
            |f: &ImportField| *f != ImportField::AmountInYear && out.iter().any(|m| m.field == *f);
        if let Some(field) = field.filter(|f| !taken(f)) {
            out.push(MappedColumn { column, field });
        }
    }
    out
}

/// The year a header names („2027“, „Kosten 2027 (T€)“, „HH-Jahr 2027“): one four-digit number
/// from 1990 to 2200.
fn header_year(header: &str) -> Option<i32> {
    let years: Vec<i32> = header
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| t.len() == 4)
        .filter_map(|t| t.parse().ok())
        .filter(|y| (1990..=2200).contains(y))
        .collect();
    match years.as_slice() {
        [year] => Some(*year),
        _ => None,
    }
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

/// A list's total row by its title: „Summe“, „Gesamt“, „Summe Handlungsfeld 2“, „Insgesamt:“.
fn is_total(title: &str) -> bool {
    let t = title.trim().trim_end_matches(':').trim().to_lowercase();
    [
        "summe",
        "gesamt",
        "gesamtsumme",
        "insgesamt",
        "total",
        "zwischensumme",
        "gesamtkosten",
        "summe gesamt",
    ]
    .contains(&t.as_str())
        || ["summe ", "zwischensumme ", "gesamtsumme ", "summe:"]
            .iter()
            .any(|p| t.starts_with(p))
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

/// What a mapped column's numbers count in, beyond the cell itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColumnUnit {
    /// A Förderquote column: how its numbers are written.
    pub rate: RateScale,
    /// An amount column: euros per number written without a unit of its own – 1, or 1,000 under
    /// a header „Kosten (T€)“, 1,000,000 under „Mio. €“.
    pub euros_per_number: f64,
    /// An amount-in-a-year column: the year its header names.
    pub year: Option<i32>,
}

impl Default for ColumnUnit {
    fn default() -> Self {
        ColumnUnit {
            rate: RateScale::Unclear,
            euros_per_number: 1.0,
            year: None,
        }
    }
}

/// Euros per number a header's unit names: „Kosten (T€)“, „in Tsd. €“, „TEUR“, „Tausend Euro“
/// count in thousands, „Mio. €“ in millions.
fn euros_per_number(header: &str) -> f64 {
    let lower = header.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '€')
        .filter(|w| !w.is_empty())
        .collect();
    let named = |units: &[&str]| words.iter().any(|w| units.contains(w));
    if named(&["t€", "teur", "tsd", "tausend", "k€", "keur"]) {
        1e3
    } else if named(&["mio", "millionen", "mio€"]) {
        1e6
    } else {
        1.0
    }
}

/// The unit of each column in `mapping`, in its order.
pub fn column_units(table: &Table, mapping: &[MappedColumn]) -> Vec<ColumnUnit> {
    mapping
        .iter()
        .map(|m| match m.field {
            ImportField::FundingRate => ColumnUnit {
                rate: rate_scale(table, m.column),
                ..ColumnUnit::default()
            },
            ImportField::CostOnce
            | ImportField::CostYearly
            | ImportField::AmountInYear
            | ImportField::AmountsPerYear => {
                let header = table.headers.get(m.column as usize);
                ColumnUnit {
                    euros_per_number: header.map_or(1.0, |h| euros_per_number(h)),
                    year: header.and_then(|h| header_year(h)),
                    ..ColumnUnit::default()
                }
            }
            _ => ColumnUnit::default(),
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
    let units = column_units(table, mapping);
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
        for (m, unit) in mapping.iter().zip(&units) {
            let value = cells.get(m.column as usize).cloned().unwrap_or(Cell::Empty);
            if let Err(message) = read_into(&mut measure, m.field, &value, areas, *unit) {
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
        if is_total(&measure.title) {
            // „Summe“ at the foot of a list: as a measure it would count every amount twice.
            out.refused_rows = out.refused_rows.saturating_add(1);
            out.problems.push(CellProblem {
                row,
                column: String::new(),
                message: format!(
                    "„{}“ ist eine Summenzeile und wird nicht als Maßnahme übernommen (ihre Beträge zählten sonst doppelt).",
                    measure.title.trim()
                ),
            });
            continue;
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
    unit: ColumnUnit,
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
    // „laufend“ as a begin, an end or a period: no date to read, the field stays open.
    let dated = matches!(
        field,
        ImportField::Start | ImportField::End | ImportField::Period
    );
    if dated && is_ongoing(&text) {
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
    let one_line = |separator: &str| crate::model::join_lines(&text, separator);
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
        ImportField::AmountsPerYear => {
            for part in text
                .split([';', '\n'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                let (year, amount) = part
                    .split_once([':', '='])
                    .and_then(|(y, a)| Some((y.trim().parse::<i32>().ok()?, a)))
                    .ok_or_else(|| {
                        format!("„{part}“: bitte als „Jahr: Betrag“, z. B. „2027: 40.000 €“.")
                    })?;
                let cents = parse_amount_in(amount, unit.euros_per_number)?;
                m.cost_by_year.push(YearAmount { year, cents });
            }
        }
        ImportField::CostOnce | ImportField::CostYearly | ImportField::AmountInYear => {
            let per = unit.euros_per_number;
            let cents = match cell {
                Cell::Number(n) => euro_cents(*n * per)
                    .ok_or_else(|| format!("„{text}“ ist kein Betrag (0 bis 10 Mrd. €)."))?,
                _ if field == ImportField::CostYearly => {
                    parse_amount_in(strip_per_year(&text), per)?
                }
                _ => parse_amount_in(&text, per)?,
            };
            match field {
                ImportField::CostOnce => m.cost_once_cents = Some(cents),
                ImportField::CostYearly => m.cost_yearly_cents = Some(cents),
                _ => {
                    let year = unit.year.ok_or(
                        "Die Überschrift dieser Spalte nennt kein Jahr (1990 bis 2200); ein Betrag je Jahr braucht eines.",
                    )?;
                    m.cost_by_year.push(YearAmount { year, cents });
                }
            }
        }
        ImportField::FundingRate => {
            // × 100 without the float's noise (0.07 × 100); 65,5 % stays refused below.
            let percent = |n: f64| (n * 100.0 * 1e6).round() / 1e6;
            let rate = match cell {
                Cell::Number(n) if unit.rate == RateScale::Fractions && (0.0..=1.0).contains(n) => {
                    percent(*n)
                }
                Cell::Number(n) if *n > 0.0 && *n < 1.0 => percent(*n),
                Cell::Number(n) if *n == 1.0 && unit.rate == RateScale::Unclear => {
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
    unit: ColumnUnit,
) -> Option<String> {
    let shown = cell.shown();
    if shown.is_empty() {
        return None;
    }
    let mut m = Measure::default();
    read_into(&mut m, field, cell, areas, unit).ok()?;
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
        ImportField::AmountInYear | ImportField::AmountsPerYear => {
            let years: Vec<String> = m
                .cost_by_year
                .iter()
                .map(|a| format!("{} ({})", crate::analysis::format_euro(a.cents), a.year))
                .collect();
            years.join("; ")
        }
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
            match (parse_period(head), parse_period(tail)) {
                (Some(start), Some(end)) if start.start_index() <= end.end_index() => {
                    return Some((Some(start), Some(end)));
                }
                // „2024 – laufend“: begun, no end.
                (Some(start), None) if is_ongoing(tail) => return Some((Some(start), None)),
                _ => {}
            }
        }
    }
    None
}

/// A period without an end as lists write it: „laufend“, „dauerhaft“, „Daueraufgabe“.
fn is_ongoing(text: &str) -> bool {
    let t = text.trim().trim_matches(['(', ')']).trim().to_lowercase();
    [
        "laufend",
        "fortlaufend",
        "dauerhaft",
        "daueraufgabe",
        "unbefristet",
        "fortlaufende aufgabe",
        "offen",
    ]
    .contains(&t.as_str())
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
    parse_amount_in(text, 1.0)
}

/// [`parse_amount`] in a column whose header names a unit: a number written without a unit of
/// its own counts `euros_per_number` euros („50“ under „Kosten (T€)“ is 50.000 €).
fn parse_amount_in(text: &str, euros_per_number: f64) -> std::result::Result<i64, String> {
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
    let own_unit = ["€", "eur", "euro"].iter().any(|u| t.contains(u));
    for unit in ["€", "eur", "euro"] {
        t = t.replace(unit, " ");
    }
    let mut factor = if own_unit { 1.0 } else { euros_per_number };
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
        assert_eq!(codes("2024 – laufend"), Some((Some("2024".into()), None)));
        assert_eq!(
            codes("Q3/2025 bis (fortlaufend)"),
            Some((Some("2025-Q3".into()), None))
        );
        assert!(is_ongoing("Daueraufgabe"));
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
            let cells = numbers.iter().map(|n| Cell::Number(*n)).collect();
            let plan = plan_titled("Förderquote", ImportField::FundingRate, cells);
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

    /// „50“ under „Kosten (T€)“ is 50.000 €, not 50 €: a header's unit counts for the numbers
    /// written without one; a cell with its own unit keeps it.
    #[test]
    fn an_amount_column_counts_in_the_unit_its_header_names() {
        let cost = |header: &str, cell: Cell| {
            plan_titled(header, ImportField::CostOnce, vec![cell]).measures[0]
                .1
                .cost_once_cents
        };
        let text = |t: &str| Cell::Text(t.into());
        assert_eq!(cost("Kosten (T€)", Cell::Number(50.0)), Some(5_000_000));
        assert_eq!(cost("Kosten in Tsd. €", text("50")), Some(5_000_000));
        assert_eq!(cost("Investition [TEUR]", text("12,5")), Some(1_250_000));
        assert_eq!(
            cost("Kosten in Tausend Euro", Cell::Number(7.0)),
            Some(700_000)
        );
        assert_eq!(cost("Kosten (Mio. €)", text("1,2")), Some(120_000_000));
        assert_eq!(
            cost("Kosten (T€)", text("50.000 €")),
            Some(5_000_000),
            "its own unit"
        );
        assert_eq!(cost("Kosten (T€)", text("2 Mio. €")), Some(200_000_000));
        assert_eq!(cost("Kosten", Cell::Number(50.0)), Some(5_000));
        assert_eq!(cost("Gesamtkosten", text("50")), Some(5_000));
    }

    #[test]
    fn total_rows_are_no_measures() {
        for title in [
            "Summe",
            "Gesamt:",
            "Summe Handlungsfeld 2",
            "Zwischensumme LB04",
            "INSGESAMT",
        ] {
            assert!(is_total(title), "{title}");
        }
        for title in [
            "Summenbildung im Haushalt",
            "Gesamtkonzept Digitalisierung",
            "Total digital",
        ] {
            assert!(!is_total(title), "{title}");
        }
    }

    /// A list of a title column and one column `header` read into `field`: one row per cell,
    /// titled „M2“, „M3“, … (no areas).
    fn plan_titled(header: &str, field: ImportField, cells: Vec<Cell>) -> ImportPlan {
        let table = Table {
            sheet: None,
            headers: vec!["Titel".into(), header.into()],
            rows: (2u32..)
                .zip(cells)
                .map(|(row, cell)| (row, vec![Cell::Text(format!("M{row}")), cell]))
                .collect(),
        };
        let mapping = [
            MappedColumn {
                column: 0,
                field: ImportField::Title,
            },
            MappedColumn { column: 1, field },
        ];
        plan(&table, &mapping, &[]).unwrap()
    }

    /// One text cell read into a fresh measure, as a column without unit or areas reads it.
    fn read_text(field: ImportField, text: &str) -> std::result::Result<Measure, String> {
        let mut m = Measure::default();
        read_into(
            &mut m,
            field,
            &Cell::Text(text.into()),
            &[],
            ColumnUnit::default(),
        )
        .map(|()| m)
    }

    #[test]
    fn line_breaks_in_fields_of_one_line() {
        let read = |field: ImportField, text: &str| read_text(field, text).unwrap();
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
        let read = read_text;
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
        let end = |text: &str| read(ImportField::End, text).map(|m| m.end_quarter);
        assert_eq!(end("laufend"), Ok(None), "ongoing: no end, no refusal");
        assert_eq!(end("Ende 2027"), Ok(Some("2027-Q4".into())));
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
            "Kosten lfd. p.a.",
            "Lfd. Nr.",
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
        // Running costs already taken by „Laufende Kosten“; a list with only the short form:
        assert_eq!(field_of(6), None);
        assert_eq!(field_of(7), None, "„Lfd. Nr.“ numbers the rows");
        for header in ["Kosten lfd. p.a.", "Folgekosten", "Betriebskosten p. a."] {
            let m = suggest(&["Kosten einmalig".to_string(), header.to_string()]);
            assert_eq!(
                m.iter().map(|x| x.field).collect::<Vec<_>>(),
                [ImportField::CostOnce, ImportField::CostYearly],
                "{header}"
            );
        }
    }
}
