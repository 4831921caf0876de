//! Baustein 5 – Entwurf der Digitalisierungsstrategie: editable report sections, the report
//! settings and the record of generated drafts.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::{check_date, check_required, entity};

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
    /// The municipality's logo on the cover (the image itself is stored once in the file).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<LogoRef>,
}

entity!(ReportSettings, ReportSettings, |r| {
    check_date("Das Datum des Berichts", r.date)
});

/// A reference to an image stored in the project file (by its SHA-256).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct LogoRef {
    pub hash: String,
    pub format: ImageFormat,
    /// The name of the file it was taken from (shown in the settings).
    pub file_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImageFormat {
    #[default]
    Png,
    Jpg,
    Svg,
}

impl ImageFormat {
    /// Recognises PNG, JPEG and SVG by their first bytes.
    pub fn detect(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Some(ImageFormat::Png);
        }
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Some(ImageFormat::Jpg);
        }
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]);
        let head = head.trim_start_matches('\u{feff}').trim_start();
        (head.starts_with("<svg") || (head.starts_with("<?xml") && head.contains("<svg")))
            .then_some(ImageFormat::Svg)
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpg => "jpg",
            ImageFormat::Svg => "svg",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpg => "image/jpeg",
            ImageFormat::Svg => "image/svg+xml",
        }
    }
}

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
