//! Baustein 5 – Entwurf der Digitalisierungsstrategie: editable report sections, the report
//! settings and the record of generated drafts.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{check_required, entity};

/// The fixed id of the single report-settings row.
pub const REPORT_SETTINGS_ID: Uuid = Uuid::from_u128(2);

/// A chapter text of the strategy. `key` ties it to the template chapter (e.g. "einleitung").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Section {
    pub id: Uuid,
    pub key: String,
    pub title: String,
    pub body: String,
    pub included: bool,
    /// Abgestimmt: the consultant marked the text as final; drives Baustein 5 progress.
    pub approved: bool,
    pub order: i32,
}

entity!(Section, Section, |s| {
    check_required("Der Titel des Abschnitts", &s.title)
});

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ReportSettings {
    pub id: Uuid,
    pub title: String,
    pub subtitle: String,
    pub version_label: String,
    pub date: Option<NaiveDate>,
    pub author: String,
    /// Print the diagonal "ENTWURF".
    pub watermark: bool,
}

entity!(ReportSettings, ReportSettings);

/// A generated report: label, time and SHA-256 of the PDF.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Draft {
    pub id: Uuid,
    pub label: String,
    pub generated_at: Option<DateTime<Utc>>,
    pub hash: String,
    pub file_name: String,
}

entity!(Draft, Draft, |d| {
    check_required("Die Bezeichnung des Entwurfs", &d.label)
});
