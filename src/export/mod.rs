//! Files the municipality keeps working with after the consultant leaves: the measures, budget,
//! check, ideas and timeline as an Excel workbook (`xlsx`), the dates as a calendar (`ics`),
//! the measures as an Open Data package (`opendata`), the council's Beschlussvorlage (`vorlage`,
//! Word), the strategy itself as a Word document (`docx`, from the report's data). Pure: the API gathers the Baustein views
//! (the numbers are computed once, there) and writes the bytes built here to disk.
//!
//! Every export is deterministic: the same project gives the same bytes (no clock is read; the
//! one date a format wants is the project's own). No personal data is exported: stakeholders'
//! names and contacts are in none of these files.

pub mod calendar;
pub mod opendata;
pub mod status_forms;
pub mod strategy;
pub mod vorlage;
pub mod xlsx;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::api::{CheckView, GoalsView, MeasuresView, StrategyView};
use crate::model::Profile;

/// The formats `zukunft export` and the window's „Exportieren…“ write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    /// The strategy as an editable Word document: the PDF's chapters, tables and charts.
    Docx,
    /// Excel workbook: Maßnahmen, Budget je Jahr, Digitalisierungs-Check, Ideen, Zeitplan.
    Xlsx,
    /// Calendar (iCalendar) of the timeline: workshops, council sessions, milestones.
    Ics,
    /// Open Data: the measures as CSV plus DCAT-AP.de metadata, as a folder.
    Opendata,
    /// The council's resolution draft (Beschlussvorlage) as an editable Word document.
    Vorlage,
    /// The same Beschlussvorlage as PDF (PDF/A, like the strategy).
    VorlagePdf,
}

crate::model::choices!(ExportFormat {
    Docx => "Digitalisierungsstrategie (Word)",
    Xlsx => "Excel-Arbeitsmappe (XLSX)",
    Ics => "Kalender (ICS)",
    Opendata => "Open-Data-Paket (CSV + DCAT-AP.de)",
    Vorlage => "Beschlussvorlage für das Gremium (Word)",
    VorlagePdf => "Beschlussvorlage für das Gremium (PDF)",
});

/// What an export reads: the Baustein views as the window shows them.
pub struct ExportData<'a> {
    pub profile: &'a Profile,
    /// Stable across exports of the same project (the project file's id): calendar UIDs and
    /// dataset identifiers are built from it.
    pub project_id: &'a str,
    /// The project's own date for formats that want one (the last change, else the start).
    pub date: NaiveDate,
    pub goals: &'a GoalsView,
    pub check: &'a CheckView,
    pub measures: &'a MeasuresView,
    pub strategy: &'a StrategyView,
    /// Selected life areas, as the progress and the strategy's texts count them.
    pub areas_selected: usize,
    /// During a Fortschreibung, the strategy in force it replaces (the Beschlussvorlage's).
    pub in_force: Option<vorlage::StrategyInForce>,
}

/// Euros from cents, for cells and CSV columns that hold numbers (never text).
pub(crate) fn euros(cents: i64) -> f64 {
    cents as f64 / 100.0
}
